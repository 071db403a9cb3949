package dev.rcsim;

import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.replication.Replication;
import dev.rcsim.cluster.ClusterNode;
import dev.rcsim.cluster.ClusterView;
import dev.rcsim.cluster.SlotRanges;
import dev.rcsim.server.RedisNode;
import java.util.List;

/**
 * A handle on one simulated node: its id, address and role as the node itself believes them. Reads
 * go through the node's event loop, so they see a consistent state.
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

    public String host() {
        return node.host();
    }

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
            ClusterView v = NodeCluster.of(node).view;
            return v == null ? !node.replica : v.myself().isMaster();
        });
    }

    /** The slots this node believes it owns, as ascending runs. */
    public List<SlotRanges.Range> slots() {
        return node.call(() -> {
            ClusterView v = NodeCluster.of(node).view;
            return v == null ? List.<SlotRanges.Range>of() : v.slotsOf(v.myself());
        });
    }

    /** Whether this node owns {@code slot} in its own view. */
    public boolean ownsSlot(int slot) {
        return node.call(() -> {
            ClusterView v = NodeCluster.of(node).view;
            return v != null && v.owner(slot) == v.myself();
        });
    }

    /** The id of the master this node replicates, in its own view, or null. */
    public String masterId() {
        return node.call(() -> {
            ClusterView v = NodeCluster.of(node).view;
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

    /** The underlying node, for white-box tests. */
    public RedisNode redisNode() {
        return node;
    }

    @Override
    public String toString() {
        return address() + " " + id;
    }
}
