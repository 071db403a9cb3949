package dev.rcsim;

import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.cluster.ClusterNode;
import dev.rcsim.cluster.ClusterView;
import dev.rcsim.cluster.Router;
import dev.rcsim.cluster.SlotRanges;
import dev.rcsim.replication.Replication;
import dev.rcsim.server.RedisNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as {@code redis-cli --cluster create} leaves it: every member's view knows every member,
 * slots split the same way, config epochs 1..N in creation order, currentEpoch N, replicas attached and
 * synced. Spares get a view of only themselves. Unlike redis-cli, the views are written directly (not
 * through MEET and gossip), so the cluster is formed at once.
 */
final class ClusterFormation {
    private ClusterFormation() {}

    /** Forms the cluster of {@code created} (the nodes of {@code topology}, in the same order). */
    static void form(List<RedisNode> created, Topology topology, NodeAssembly assembly) {
        List<SimNode> nodes = topology.nodes;
        List<SimNode> masters = topology.masters;
        int formed = masters.size() + topology.replicas.size();
        List<SlotRanges.Range> split = masters.isEmpty() ? List.of() : SlotRanges.split(masters.size());
        String[] hosts = new String[formed]; // read once: host() parses the bind option on each call
        int[] ports = new int[formed];
        for (int j = 0; j < formed; j++) {
            hosts[j] = nodes.get(j).host();
            ports[j] = nodes.get(j).port();
        }
        for (int i = 0; i < created.size(); i++) {
            RedisNode n = created.get(i);
            SimNode me = nodes.get(i);
            boolean member = i < formed;
            n.call(() -> {
                ClusterView v = new ClusterView(n.config(), me.id(), n.host(), n.port(), () -> Replication.of(n).offset());
                if (member) {
                    v.setCurrentEpoch(formed);
                    for (int j = 0; j < formed; j++) {
                        ClusterNode cn = v.addNode(nodes.get(j).id(), hosts[j], ports[j]);
                        v.setConfigEpoch(cn, j + 1);
                    }
                    for (int m = 0; m < masters.size(); m++) {
                        ClusterNode master = v.node(masters.get(m).id());
                        v.assign(split.get(m).start(), split.get(m).end(), master);
                        for (SimNode r : topology.replicasOf(masters.get(m))) {
                            v.setReplicaOf(v.node(r.id()), master);
                        }
                    }
                }
                NodeCluster.of(n).attach(v);
                assembly.onShutdown(n);
                return null;
            });
        }
        for (Map.Entry<SimNode, List<SimNode>> e : topology.replicasOf.entrySet()) {
            for (SimNode r : e.getValue()) {
                Replication.attach(e.getKey().redisNode(), r.redisNode());
            }
        }
        // the initial PING reaches each replica on its loop; wait for it, then let every view start
        // from the offsets the nodes gossip right after formation
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (int i = 0; i < formed; i++) {
            RedisNode n = created.get(i);
            offsets.put(nodes.get(i).id(), n.call(() -> Replication.of(n).offset()));
        }
        for (int i = 0; i < formed; i++) {
            RedisNode n = created.get(i);
            n.call(() -> {
                offsets.forEach((id, off) -> NodeCluster.of(n).view().noteOffset(id, off));
                return null;
            });
        }
    }
}
