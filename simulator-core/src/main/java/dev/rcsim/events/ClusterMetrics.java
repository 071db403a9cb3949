package dev.rcsim.events;

import java.util.List;

/**
 * A snapshot of every node's {@link NodeMetrics}, in the simulator's node order ({@code cluster.metrics()}).
 * Each node's numbers come from its own view, so during a partition two nodes may disagree: that is the
 * point. Not atomic across nodes. Real Redis has no cluster-wide snapshot: a monitoring tool asks each
 * node for CLUSTER INFO and INFO, one after another, as this does on each node's loop.
 */
public record ClusterMetrics(List<NodeMetrics> nodes) {

    /** The metrics of the node at {@code host:port}, or null. */
    public NodeMetrics node(String address) {
        for (NodeMetrics m : nodes) {
            if (m.address().equals(address)) {
                return m;
            }
        }
        return null;
    }

    /** Redirects of {@code kind} served by all nodes together. */
    public long redirects(String kind) {
        long n = 0;
        for (NodeMetrics m : nodes) {
            n += m.redirects(kind);
        }
        return n;
    }

    /** The largest replication lag in milliseconds over all replicas. */
    public long maxReplicationLagMs() {
        long max = 0;
        for (NodeMetrics m : nodes) {
            max = Math.max(max, m.replicationLagMs());
        }
        return max;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (NodeMetrics m : nodes) {
            sb.append(m).append('\n');
        }
        return sb.toString();
    }
}
