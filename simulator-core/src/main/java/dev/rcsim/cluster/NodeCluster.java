package dev.rcsim.cluster;

import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.Redirector;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.ClusterHooks;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;
import java.util.List;

/**
 * One node's cluster layer (Redis's {@code server.cluster} and the cluster half of processCommand):
 * the node's own {@link ClusterView} (null outside cluster mode or before the cluster is formed), the
 * router that checks each command against it, and the cron of its {@link ClusterBus} once attached.
 * Made once per node by the node assembly; the node sees it as {@link ClusterHooks}, its command
 * layer as the {@link Redirector}.
 */
public final class NodeCluster implements ClusterHooks, Redirector {
    /** This node's own view in cluster mode, else null (replaced by a restart's nodes.conf or CLUSTER RESET). */
    private ClusterView view;
    /** The check in effect: a {@link Router} on the view, then the bus's (which re-attaches a replaced view). */
    Redirector redirector;
    /** Redis's clusterCron (set by the bus). */
    Runnable cron;

    private final ReplicationControl replication;

    /** The cluster part of a node whose replication is {@code replication}. */
    public NodeCluster(ReplicationControl replication) {
        this.replication = replication;
    }

    /** The node's replication, as the cluster layer drives it. */
    public ReplicationControl replication() {
        return replication;
    }

    /** The cluster layer of {@code node}. */
    public static NodeCluster of(RedisNode node) {
        return (NodeCluster) node.clusterPart();
    }

    /** This node's own view, or null outside cluster mode and before the cluster is formed. Read on the node's loop. */
    public ClusterView view() {
        return view;
    }

    /**
     * Replaces the view without touching the routing (a restart loading nodes.conf before the bus attaches,
     * CLUSTER RESET through the bus, which re-attaches the new view itself).
     */
    public void replaceView(ClusterView v) {
        view = v;
    }

    /** Gives the node its view and routes by it (cluster formation; the bus takes routing over when it attaches). */
    public void attach(ClusterView v) {
        view = v;
        redirector = new Router(v);
    }

    @Override
    public boolean active() {
        return redirector != null;
    }

    @Override
    public RespValue check(Connection c, CommandSpec spec, byte[][] argv, List<byte[][]> queued) {
        return redirector.check(c, spec, argv, queued);
    }

    @Override
    public boolean hasCron() {
        return cron != null;
    }

    @Override
    public void cron() {
        cron.run();
    }

    @Override
    public boolean hasView() {
        return view != null;
    }

    @Override
    public int busLinks() {
        ClusterView v = view;
        return v == null ? 0 : Math.max(0, v.nodes().size() - 1) * 2;
    }
}
