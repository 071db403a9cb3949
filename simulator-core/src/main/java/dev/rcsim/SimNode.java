package dev.rcsim;

import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.replication.Replication;
import dev.rcsim.cluster.ClusterNode;
import dev.rcsim.cluster.ClusterReplies;
import dev.rcsim.cluster.ClusterView;
import dev.rcsim.cluster.SlotRanges;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A handle on one simulated node, as a client learns about a Redis node: its id, address and role as
 * the node itself believes them (what CLUSTER NODES / CLUSTER MYID / INFO replication would say on
 * that node), its slots in its own view, and its replication offset. Reads go through the node's event
 * loop, so they see a consistent state, and they never consult another node: a node with a stale view
 * reports the stale view.
 *
 * <p>Differences from a real node: the handle outlives a restart (after {@link
 * RedisClusterSimulator#restart} it points at the new server on the same port and id), and the reads
 * need no connection. The node's internals are not part of the API.
 */
public final class SimNode implements dev.rcsim.fault.FaultTarget {

    private volatile RedisNode node;
    private final String id;

    SimNode(RedisNode node, String id) {
        this.node = node;
        this.id = id;
    }

    /** The 40-hex cluster node id. */
    public String id() {
        return id;
    }

    /** The address the node listens on (its {@code bind}). */
    public String host() {
        return node.host();
    }

    /** The node's client port (its cluster bus is simulated and has no port). */
    public int port() {
        return node.port();
    }

    /** {@code host:port}. */
    @Override
    public String address() {
        return host() + ":" + port();
    }

    /** True when the node believes it is a master. */
    public boolean isMaster() {
        return node.call(() -> {
            ClusterView v = NodeCluster.of(node).view();
            return v == null ? !node.isReplica() : v.myself().isMaster();
        });
    }

    /** The slots this node believes it owns, as ascending runs. */
    public List<SlotRange> slots() {
        List<SlotRanges.Range> runs = node.call(() -> {
            ClusterView v = NodeCluster.of(node).view();
            return v == null ? List.<SlotRanges.Range>of() : v.slotsOf(v.myself());
        });
        List<SlotRange> out = new ArrayList<>(runs.size());
        for (SlotRanges.Range r : runs) {
            out.add(new SlotRange(r.start(), r.end()));
        }
        return List.copyOf(out);
    }

    /** Whether this node owns {@code slot} in its own view. */
    public boolean ownsSlot(int slot) {
        return node.call(() -> {
            ClusterView v = NodeCluster.of(node).view();
            return v != null && v.owner(slot) == v.myself();
        });
    }

    /** The id of the master this node replicates, in its own view, or null. */
    public String masterId() {
        return node.call(() -> {
            ClusterView v = NodeCluster.of(node).view();
            ClusterNode m = v == null ? null : v.myMaster();
            return m == null ? null : m.id();
        });
    }

    /** Replication offset (master_repl_offset). */
    public long replicationOffset() {
        return Replication.of(node).offset();
    }

    /** Bytes of the master's stream this replica has not applied yet (0 on a master). */
    public long replicationLag() {
        return Replication.of(node).lag();
    }

    /**
     * This node's CLUSTER NODES reply, as a client sending it would read it (one line per node it knows,
     * {@code myself} flagged); empty when the node is not cluster-enabled.
     */
    public String clusterNodes() {
        return node.call(() -> {
            ClusterView v = NodeCluster.of(node).view();
            return v == null ? "" : ClusterReplies.nodes(v, node.clock().millis());
        });
    }

    /** False once the node was killed or shut down (its port is closed), until it restarts. */
    public boolean isRunning() {
        return node.isRunning();
    }

    /** Stops the node (a kill): its port closes, its clients are disconnected and its bus falls silent. */
    public void stop() {
        node.stop();
    }

    /** After a restart: the new server behind this handle. */
    void replace(RedisNode n) {
        this.node = n;
    }

    /** The server behind this handle (the simulator's own route; tests reach it by {@code Internals.node}). */
    RedisNode redisNode() {
        return node;
    }

    @Override
    public String toString() {
        return address() + " " + id;
    }
}
