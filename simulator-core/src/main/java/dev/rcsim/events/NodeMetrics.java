package dev.rcsim.events;

import java.util.Map;

/**
 * One node's numbers as the node itself sees them, taken on its event loop: the fields of its
 * {@code CLUSTER INFO} ({@code cluster_state}, {@code cluster_slots_assigned}), how many known nodes it
 * flags neither PFAIL, FAIL nor handshake ({@code nodesOk}; Redis prints no such field), its replication
 * offset and lag, and the redirects it served by kind. A node that is not running reports only its
 * address, id and redirect counts. Taken from {@code cluster.metrics()}; the node computes nothing for it
 * until asked (Redis's INFO and CLUSTER INFO are likewise computed on request).
 *
 * @param address {@code host:port}
 * @param id the cluster node id
 * @param running false for a killed node
 * @param clusterState {@code ok} or {@code fail} (empty when not running or not in cluster mode)
 * @param slotsAssigned slots with an owner in this node's view
 * @param knownNodes nodes in this node's table, itself included
 * @param nodesOk known nodes not flagged {@code fail?}, {@code fail} or {@code handshake}, itself included
 * @param master whether the node believes it is a master
 * @param replicationOffset master_repl_offset
 * @param replicationLagBytes on a replica, stream bytes its master produced that it has not applied
 * @param replicationLagMs on a replica that is behind, cluster-clock milliseconds since it last applied
 *     anything from its master (0 when caught up, and on a master)
 * @param redirects redirects and routing errors served, by kind (MOVED, ASK, TRYAGAIN, CROSSSLOT, CLUSTERDOWN)
 */
public record NodeMetrics(String address, String id, boolean running, String clusterState, int slotsAssigned,
        int knownNodes, int nodesOk, boolean master, long replicationOffset, long replicationLagBytes,
        long replicationLagMs, Map<String, Long> redirects) {

    /** Redirects of {@code kind} this node served. */
    public long redirects(String kind) {
        return redirects.getOrDefault(kind, 0L);
    }
}
