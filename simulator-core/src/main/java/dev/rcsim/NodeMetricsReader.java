package dev.rcsim;

import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.cluster.ClusterNode;
import dev.rcsim.cluster.ClusterView;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.events.NodeMetrics;
import dev.rcsim.events.RedirectCounters;
import dev.rcsim.replication.Replication;
import dev.rcsim.server.RedisNode;
import java.util.Map;

/** Reads one node's {@link NodeMetrics} from its own state, on its event loop. */
final class NodeMetricsReader {
    private NodeMetricsReader() {}

    /** Reads {@code node}'s numbers on its loop. */
    static NodeMetrics of(RedisNode node, String id, RedirectCounters counters) {
        String address = node.host() + ":" + node.port();
        Map<String, Long> served = counters.servedBy(address);
        if (!node.isRunning()) {
            return new NodeMetrics(address, id, false, "", 0, 0, 0, false, 0, 0, 0, served);
        }
        return node.call(() -> {
            ClusterView v = NodeCluster.of(node).view();
            Replication r = Replication.of(node);
            long lagBytes = r.lag();
            long lagMs = lagBytes > 0 ? Math.max(0, node.clock().millis() - r.lastIoMillis()) : 0;
            if (v == null) {
                return new NodeMetrics(address, id, true, "", 0, 1, 1, !r.isReplica(), r.offset(), lagBytes, lagMs, served);
            }
            int assigned = 0;
            for (int i = 0; i < HashSlots.SLOTS; i++) {
                if (v.owner(i) != null) {
                    assigned++;
                }
            }
            int ok = 0;
            for (ClusterNode n : v.nodes()) {
                if (!n.isPfail() && !n.isFailed() && !n.isHandshake()) {
                    ok++;
                }
            }
            return new NodeMetrics(address, id, true, v.isOk() ? "ok" : "fail", assigned, v.knownNodes(), ok,
                    v.myself().isMaster(), r.offset(), lagBytes, lagMs, served);
        });
    }
}
