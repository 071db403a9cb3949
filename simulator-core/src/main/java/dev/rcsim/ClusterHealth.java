package dev.rcsim;

import dev.rcsim.cluster.ClusterNode;
import dev.rcsim.cluster.ClusterView;
import dev.rcsim.cluster.HashSlots;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What "healthy" means for {@link RedisClusterSimulator#awaitHealthy()}, judged from each running
 * node's own view (never from the simulator's bookkeeping): every running member says
 * {@code cluster_state:ok}, none flags a node {@code fail} or {@code fail?}, all of them name the same
 * master for every slot, and each master they name accepts connections.
 */
final class ClusterHealth {
    private ClusterHealth() {}

    /** Null when healthy, else why not (for the timeout message). */
    static String problem(RedisClusterSimulator sim) {
        String[] reference = null;
        String referenceNode = null;
        for (SimNode s : sim.nodes()) {
            if (!s.isRunning() || sim.spares().contains(s)) {
                continue;
            }
            RedisNode n = s.redisNode();
            String p = n.call(() -> {
                ClusterView v = n.cluster;
                if (v == null) {
                    return "no cluster view";
                }
                if (!v.isOk()) {
                    return "cluster_state:fail";
                }
                for (String line : dev.rcsim.cluster.ClusterReplies.nodes(v, n.clock().millis()).split("\n")) {
                    String[] f = line.split(" ");
                    if (f.length > 2 && (f[2].contains("fail"))) {
                        return "flags " + f[1] + " " + f[2];
                    }
                }
                return null;
            });
            if (p != null) {
                return s.address() + ": " + p;
            }
            String[] owners = n.call(() -> {
                String[] out = new String[HashSlots.SLOTS];
                for (int i = 0; i < out.length; i++) {
                    ClusterNode o = n.cluster.owner(i);
                    out[i] = o == null ? null : o.id();
                }
                return out;
            });
            if (reference == null) {
                reference = owners;
                referenceNode = s.address();
            } else {
                for (int i = 0; i < owners.length; i++) {
                    if (!Objects.equals(owners[i], reference[i])) {
                        return s.address() + " and " + referenceNode + " disagree on the owner of slot " + i;
                    }
                }
            }
        }
        if (reference == null) {
            return "no running node";
        }
        List<String> owners = new ArrayList<>();
        for (String id : reference) {
            if (id != null && !owners.contains(id)) {
                owners.add(id);
            }
        }
        for (String id : owners) {
            SimNode o = sim.node(id);
            if (o == null || !o.isRunning()) {
                return "slots are served by " + id + ", which does not accept connections";
            }
        }
        return null;
    }
}
