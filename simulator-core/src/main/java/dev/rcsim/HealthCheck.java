package dev.rcsim;

import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.cluster.ClusterNode;
import dev.rcsim.cluster.ClusterView;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.server.RedisNode;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a simulated cluster is healthy, judged from every running node's own view, as {@code
 * redis-cli --cluster check} would from outside: each running member has cluster_state ok, flags no
 * running node as failing, sees all 16384 slots served, and agrees with the others on every slot's
 * owner; and every owner is a running master.
 */
final class HealthCheck {
    private HealthCheck() {}

    /**
     * What one node's own view says, read on its event loop.
     *
     * @param member   the view knows another node (a spare alone in its view is no member)
     * @param good     cluster_state ok, no running node flagged PFAIL/FAIL, and every slot has an owner
     * @param slotMap  the slot owners as {@code "start=id "} runs (compared between nodes); empty unless good
     * @param owners   the ids owning slots, in slot order
     * @param isMaster the node is a master in its own view
     */
    record NodeHealth(boolean member, boolean good, String slotMap, Set<String> owners, boolean isMaster) {}

    /** True when the running nodes of {@code nodes}, {@code ignored} left out (may be null), are healthy. */
    static boolean isHealthy(List<SimNode> nodes, SimNode ignored) {
        Set<String> runningIds = new HashSet<>();
        for (SimNode n : nodes) {
            if (n.isRunning() && n != ignored) {
                runningIds.add(n.id());
            }
        }
        String reference = null;
        Set<String> owners = new LinkedHashSet<>();
        Set<String> masters = new HashSet<>();
        for (SimNode n : nodes) {
            if (!n.isRunning() || n == ignored) {
                continue;
            }
            RedisNode rn = n.redisNode();
            NodeHealth h = rn.call(() -> of(NodeCluster.of(rn).view(), runningIds));
            if (h == null) {
                continue;
            }
            if (h.isMaster()) {
                masters.add(n.id());
            }
            if (!h.member()) {
                continue;
            }
            if (!h.good()) {
                return false;
            }
            if (reference == null) {
                reference = h.slotMap();
                owners.addAll(h.owners());
            } else if (!reference.equals(h.slotMap())) {
                return false;
            }
        }
        for (String id : owners) {
            if (!runningIds.contains(id) || !masters.contains(id)) {
                return false;
            }
        }
        return reference != null;
    }

    /** One view's health (null without a view); call on the node's event loop. */
    static NodeHealth of(ClusterView v, Set<String> runningIds) {
        if (v == null) {
            return null;
        }
        boolean member = v.knownNodes() > 1;
        boolean good = v.isOk();
        for (ClusterNode o : v.nodes()) { // the cheap checks first: failing flags
            if ((o.isFailed() || o.isPfail()) && runningIds.contains(o.id())) {
                good = false;
            }
        }
        StringBuilder map = new StringBuilder();
        Set<String> ids = new LinkedHashSet<>();
        ClusterNode cur = null;
        for (int i = 0; i < HashSlots.SLOTS && good && member; i++) {
            ClusterNode o = v.owner(i);
            if (o == null || !runningIds.contains(o.id())) {
                good = false; // an owner that is not running fails the check below anyway: stop here
            } else if (o != cur) {
                cur = o;
                map.append(i).append('=').append(o.id()).append(' ');
                ids.add(o.id());
            }
        }
        return new NodeHealth(member, good, map.toString(), ids, v.myself().isMaster());
    }
}
