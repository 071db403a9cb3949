package dev.rcsim;

import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The nodes of a simulated cluster as formed at start: every node in creation order (masters, then
 * replicas, then spares), who replicates whom at formation, and the lookups by id, port, address or
 * symbolic name. This is the simulator's bookkeeping, not any node's view: nodes route by their own.
 */
final class Topology {
    final List<SimNode> nodes = new CopyOnWriteArrayList<>();
    final List<SimNode> masters = new ArrayList<>();
    final List<SimNode> replicas = new ArrayList<>();
    final List<SimNode> spares = new ArrayList<>();
    final Map<SimNode, List<SimNode>> replicasOf = new LinkedHashMap<>();
    private final Map<String, SimNode> byId = new LinkedHashMap<>();

    /** Adds the {@code i}-th created node: master, replica or spare by its position. */
    void add(int i, SimNode s, int masterCount, int replicasPerMaster) {
        nodes.add(s);
        byId.put(s.id(), s);
        if (i < masterCount) {
            masters.add(s);
            replicasOf.put(s, new ArrayList<>());
        } else if (i < masterCount * (1 + replicasPerMaster)) {
            replicas.add(s);
            replicasOf.get(masters.get((i - masterCount) / replicasPerMaster)).add(s);
        } else {
            spares.add(s);
        }
    }

    /** The members of the formed cluster: masters, then replicas. */
    List<SimNode> members() {
        List<SimNode> out = new ArrayList<>(masters);
        out.addAll(replicas);
        return out;
    }

    List<SimNode> replicasOf(SimNode master) {
        return replicasOf.getOrDefault(master, List.of());
    }

    /** The handle of a node, also after a restart gave it a new server. */
    SimNode simNodeOf(RedisNode n) {
        for (SimNode s : nodes) {
            if (s.redisNode() == n) {
                return s;
            }
        }
        throw new IllegalArgumentException(n + " is not a node of this cluster");
    }

    SimNode byId(String id) {
        return byId.get(id);
    }

    SimNode byPort(int port) {
        for (SimNode n : nodes) {
            if (n.port() == port) {
                return n;
            }
        }
        return null;
    }

    /** The master that, in its own view, owns the slot of {@code key}; null if none does. */
    SimNode masterFor(String key) {
        int slot = HashSlots.slot(key);
        for (SimNode m : nodes) {
            if (m.isRunning() && m.ownsSlot(slot)) {
                return m;
            }
        }
        return null;
    }

    /** A node by id, {@code host:port}, {@code :port}, port or symbolic name ({@link NodeNames}); null if none. */
    RedisNode resolveOrNull(String ref) {
        SimNode s = byId.get(ref);
        if (s == null) {
            for (SimNode n : nodes) {
                if (n.address().equals(ref) || (":" + n.port()).equals(ref) || String.valueOf(n.port()).equals(ref)) {
                    s = n;
                    break;
                }
            }
        }
        if (s == null) {
            s = NodeNames.resolve(ref, masters, this::replicasOf, spares);
        }
        return s == null ? null : s.redisNode();
    }
}
