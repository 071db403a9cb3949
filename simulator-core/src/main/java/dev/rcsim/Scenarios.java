package dev.rcsim;

import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.admin.NodeClient;
import dev.rcsim.events.NodeMetrics;
import dev.rcsim.fault.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Named troubleshooting scenarios ({@code cluster.scenarios()}): each stages a problem users meet with
 * Redis Cluster through the fault API and ordinary commands, waits (advancing a simulated clock) until a
 * client would see it, and returns the {@link Fault} whose {@code heal()} undoes it. After a heal, call
 * {@code cluster.awaitHealthy()} to let the cluster converge. Nothing in a scenario is faked: the errors a
 * client gets (CLUSTERDOWN, MOVED loops, TRYAGAIN) come from the nodes' own views, as on real Redis.
 */
public final class Scenarios {
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private final RedisClusterSimulator cluster;

    /** Scenarios on {@code cluster}; use {@code cluster.scenarios()}. */
    public Scenarios(RedisClusterSimulator cluster) {
        this.cluster = cluster;
    }

    /**
     * {@code CLUSTERDOWN The cluster is down} from a master with no replica: kills {@code master} and
     * waits until every other node has flagged it FAIL and reports {@code cluster_state:fail} (its slots
     * have no live owner and none can be promoted). Heal restarts it (empty dataset).
     */
    public Fault masterDownWithoutReplica(SimNode master) {
        if (!cluster.replicasOf(master).isEmpty()) {
            throw new IllegalArgumentException(master.address() + " has replicas; this scenario needs a master without one");
        }
        Fault kill = cluster.faults().kill(master);
        cluster.awaitCondition("cluster_state:fail on every running node", () -> allRunning("fail"), LIMIT);
        return kill;
    }

    /**
     * {@code CLUSTERDOWN The cluster is down} on the minority side of a partition: cuts the bus between
     * {@code node} and every other node and waits until {@code node} reports {@code cluster_state:fail}
     * (after the node timeout it sees the majority of masters PFAIL). If {@code node} is a master with a
     * replica, the majority fails it over meanwhile and keeps serving its slots. Heal restores the links.
     */
    public Fault minorityPartition(SimNode node) {
        List<SimNode> rest = new ArrayList<>(cluster.nodes());
        rest.remove(node);
        rest.removeAll(cluster.spares());
        Fault cut = cluster.faults().partition(List.of(node), rest);
        cluster.awaitCondition(node.address() + " reporting cluster_state:fail", () -> "fail".equals(state(node)), LIMIT);
        return cut;
    }

    /**
     * {@code CLUSTERDOWN The cluster is down} from lost quorum: kills a majority of the masters (the
     * first {@code masters/2 + 1}), so the survivors can neither mark them FAIL (failure reports need a
     * majority of masters) nor elect a replica (votes need one too); waits until every running node
     * reports {@code cluster_state:fail}. Heal restarts the killed masters.
     */
    public Fault lostQuorum() {
        List<SimNode> masters = cluster.masters();
        if (masters.size() < 2) {
            throw new IllegalStateException("lost quorum needs at least 2 masters");
        }
        List<Fault> kills = new ArrayList<>();
        for (int i = 0; i < masters.size() / 2 + 1; i++) {
            kills.add(cluster.faults().kill(masters.get(i)));
        }
        cluster.awaitCondition("cluster_state:fail on every running node", () -> allRunning("fail"), LIMIT);
        return Fault.group("lost-quorum", "cluster", kills);
    }

    /**
     * A stale view that redirects to the old owner: cuts {@code observer} off the bus, then sends
     * {@code CLUSTER FAILOVER} to {@code master}'s replica and waits until the replica serves the slots
     * and {@code master} has become its replica. Until the node timeout makes it fail, {@code observer}
     * still believes {@code master} owns them and answers {@code MOVED <slot> <old master>}, where the
     * client gets a second {@code MOVED} to the new master. Act within the node timeout; heal restores
     * the links and the observer learns the new owner.
     */
    public Fault staleTopology(SimNode observer, SimNode master) {
        List<SimNode> replicas = cluster.replicasOf(master);
        if (replicas.isEmpty() || observer == master || replicas.contains(observer)) {
            throw new IllegalArgumentException("needs a master with a replica and an observer that is neither");
        }
        SimNode replica = replicas.get(0);
        List<SimNode> rest = new ArrayList<>(cluster.nodes());
        rest.remove(observer);
        rest.removeAll(cluster.spares());
        Fault cut = cluster.faults().partition(List.of(observer), rest);
        String reply = call(replica, "CLUSTER", "FAILOVER");
        if (!reply.equals("+OK")) {
            cut.heal();
            throw new IllegalStateException("CLUSTER FAILOVER answered " + reply);
        }
        int slot = master.slots().get(0).start();
        cluster.awaitCondition("the manual failover of " + master.address(),
                () -> replica.ownsSlot(slot) && !master.isMaster(), Duration.ofSeconds(10));
        return cut;
    }

    /**
     * A MOVED loop between two masters whose views point at each other, as a resharding tool that died
     * after {@code CLUSTER SETSLOT <slot> NODE <target>} on the source and before the target leaves it:
     * sends {@code CLUSTER SETSLOT <slot> NODE <B>} to the slot's owner A only, with B the running master
     * after A in {@link RedisClusterSimulator#nodes()} order. A then answers {@code MOVED <slot> B}; B, which
     * never heard of it, still answers {@code MOVED <slot> A}, and so does every other node. Gossip
     * repairs nothing, as in Redis 7.0: A no longer claims the slot, nobody claims it for B, and a node
     * that stops claiming a slot is not forgotten by the others. {@code redis-cli --cluster check} reports
     * the nodes disagree and the slot uncovered (every node's own line counts). Heal: {@code CLUSTER
     * SETSLOT <slot> NODE <A>} on A, which claims the slot again (what the others still believe); {@code
     * cluster.admin().fix()} repairs it too, by covering the slot (a heal after that does nothing).
     *
     * <p>The slot must hold no key: Redis refuses to hand away a slot while its owner holds keys in it
     * ({@code ERR Can't assign hashslot <slot> to a different node while I still hold keys for this hash
     * slot.}), and this method throws {@link IllegalArgumentException} with that reply instead. Takes
     * effect at once; nothing to wait for.
     */
    public Fault movedLoop(int slot) {
        SimNode owner = ownerOf(slot);
        List<SimNode> masters = new ArrayList<>();
        for (SimNode n : cluster.nodes()) {
            if (n.isRunning() && n.isMaster() && !cluster.spares().contains(n)) {
                masters.add(n);
            }
        }
        if (masters.size() < 2) {
            throw new IllegalStateException("a MOVED loop needs at least 2 masters");
        }
        return movedLoop(slot, masters.get((masters.indexOf(owner) + 1) % masters.size()));
    }

    /** {@link #movedLoop(int)} between the slot's owner and the master {@code to}. */
    public Fault movedLoop(int slot, SimNode to) {
        SimNode owner = ownerOf(slot);
        if (to == owner || !to.isMaster() || !to.isRunning()) {
            throw new IllegalArgumentException(to.address() + " must be another running master");
        }
        String s = String.valueOf(slot);
        String r = call(owner, "CLUSTER", "SETSLOT", s, "NODE", to.id());
        if (r.startsWith("-ERR Can't assign hashslot")) {
            throw new IllegalArgumentException("slot " + slot + " holds keys on " + owner.address() + ": " + r.substring(1));
        }
        if (!r.equals("+OK")) {
            throw new IllegalStateException("CLUSTER SETSLOT " + s + " NODE on " + owner.address() + " answered " + r);
        }
        return Fault.scenario("moved-loop", owner.address(), s + " " + to.address(), () -> {
            var rn = owner.redisNode();
            boolean stillLoops = rn.call(() -> {
                var o = NodeCluster.of(rn).view().owner(slot);
                return o != null && o.id().equals(to.id());
            });
            if (stillLoops) { // not if something else (admin().fix()) gave the slot an owner meanwhile
                expectOk(owner, "CLUSTER", "SETSLOT", s, "NODE", owner.id());
            }
        });
    }

    private SimNode ownerOf(int slot) {
        if (slot < 0 || slot >= dev.rcsim.keyspace.HashSlots.SLOTS) {
            throw new IllegalArgumentException("bad slot " + slot);
        }
        for (SimNode m : cluster.nodes()) {
            if (m.isRunning() && m.isMaster() && m.ownsSlot(slot)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no running master owns slot " + slot);
    }

    /**
     * Uncovered slots: {@code CLUSTER DELSLOTS} of every slot {@code master} owns, on that master first
     * and then on every other running node (as an operator clearing a slot must: a node that stops
     * claiming a slot is not forgotten by the others). With {@code cluster-require-full-coverage yes}
     * (the default) every node then reports {@code cluster_state:fail} and answers {@code CLUSTERDOWN
     * The cluster is down}; with {@code no}, only keys of those slots get {@code CLUSTERDOWN Hash slot
     * not served}. Waits until no running node has an owner for them (and, with full coverage, until
     * every running node reports fail). Heal gives them back with {@code CLUSTER ADDSLOTS} on their
     * owner; gossip spreads the claim. Keys of those slots stay on the master meanwhile.
     */
    public Fault uncoveredSlots(SimNode master) {
        List<dev.rcsim.SlotRange> ranges = master.slots();
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException(master.address() + " owns no slot");
        }
        return uncover(ranges.get(0).start(), ranges.get(ranges.size() - 1).end());
    }

    /** {@link #uncoveredSlots(SimNode)} for the slots {@code first..last} (inclusive), whoever owns them. */
    public Fault uncoveredSlots(int first, int last) {
        if (first < 0 || last >= dev.rcsim.keyspace.HashSlots.SLOTS || first > last) {
            throw new IllegalArgumentException("bad slot range " + first + "-" + last);
        }
        return uncover(first, last);
    }

    private Fault uncover(int first, int last) {
        java.util.Map<SimNode, List<String>> owned = new java.util.LinkedHashMap<>();
        for (SimNode m : cluster.nodes()) {
            if (!m.isRunning()) {
                continue;
            }
            List<String> slots = new ArrayList<>();
            for (int s = first; s <= last; s++) {
                if (m.ownsSlot(s)) {
                    slots.add(String.valueOf(s));
                }
            }
            if (!slots.isEmpty()) {
                owned.put(m, slots);
            }
        }
        if (owned.isEmpty()) {
            throw new IllegalArgumentException("no running master owns any of slots " + first + "-" + last);
        }
        List<SimNode> order = new ArrayList<>(owned.keySet());
        for (SimNode n : cluster.nodes()) {
            if (n.isRunning() && !order.contains(n) && !cluster.spares().contains(n)) {
                order.add(n);
            }
        }
        for (SimNode n : order) {
            delslots(n, first, last);
        }
        boolean full = !"no".equals(order.get(0).redisNode().config().get("cluster-require-full-coverage"));
        cluster.awaitCondition("slots " + first + "-" + last + " unassigned on every node", () -> {
            for (SimNode n : order) {
                if (n.isRunning() && ownerOf(n, first, last)) {
                    delslots(n, first, last); // a claim gossiped before the owner let go came back
                    return false;
                }
            }
            return !full || allRunning("fail");
        }, LIMIT);
        String target = first + "-" + last;
        return Fault.scenario("uncovered-slots", target, "", () -> {
            for (java.util.Map.Entry<SimNode, List<String>> e : owned.entrySet()) {
                List<String> argv = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                argv.addAll(e.getValue());
                String r = call(e.getKey(), argv.toArray(new String[0]));
                if (!r.equals("+OK")) {
                    throw new IllegalStateException("CLUSTER ADDSLOTS on " + e.getKey().address() + " answered " + r);
                }
            }
        });
    }

    private static void delslots(SimNode n, int first, int last) {
        List<String> argv = new ArrayList<>(List.of("CLUSTER", "DELSLOTS"));
        var rn = n.redisNode();
        for (int s = first; s <= last; s++) {
            int slot = s;
            if (rn.call(() -> NodeCluster.of(rn).view().owner(slot) != null)) {
                argv.add(String.valueOf(s));
            }
        }
        if (argv.size() > 2) {
            String r = call(n, argv.toArray(new String[0]));
            if (!r.equals("+OK")) {
                throw new IllegalStateException("CLUSTER DELSLOTS on " + n.address() + " answered " + r);
            }
        }
    }

    private static boolean ownerOf(SimNode n, int first, int last) {
        var rn = n.redisNode();
        return rn.call(() -> {
            for (int s = first; s <= last; s++) {
                if (NodeCluster.of(rn).view().owner(s) != null) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * A resharding stuck half way, as a {@code redis-cli --cluster reshard} killed mid-slot leaves it:
     * {@code CLUSTER SETSLOT <slot> IMPORTING <from>} on {@code to}, {@code SETSLOT <slot> MIGRATING <to>}
     * on {@code from}, then {@code MIGRATE} of the first half of the slot's keys (by CLUSTER
     * GETKEYSINSLOT order), and nothing more. {@code from} answers {@code ASK <slot> <to>} for keys it no
     * longer has and {@code TRYAGAIN} to a multi-key command over present and moved keys; {@code to}
     * serves the moved keys only after {@code ASKING}, and answers {@code MOVED} to {@code from}
     * otherwise. Heal finishes the move as {@code redis-cli --cluster fix} does ({@code
     * cluster.admin().fix()}: the remaining keys migrate and {@code to} owns the slot); the other way
     * out, {@code CLUSTER SETSLOT <slot> STABLE} on both nodes, strands the moved keys on {@code to}.
     */
    public Fault stuckResharding(int slot, SimNode from, SimNode to) {
        if (!from.ownsSlot(slot) || !to.isMaster() || from == to) {
            throw new IllegalArgumentException("needs " + from.address() + " owning slot " + slot + " and another master");
        }
        String s = String.valueOf(slot);
        expectOk(to, "CLUSTER", "SETSLOT", s, "IMPORTING", from.id());
        expectOk(from, "CLUSTER", "SETSLOT", s, "MIGRATING", to.id());
        List<String> keys = bulkLines(from, "CLUSTER", "GETKEYSINSLOT", s, "1000000");
        List<String> argv = new ArrayList<>(List.of("MIGRATE", to.host(), String.valueOf(to.port()), "", "0", "5000", "KEYS"));
        argv.addAll(keys.subList(0, keys.size() / 2));
        if (argv.size() > 7) {
            expectOk(from, argv.toArray(new String[0]));
        }
        return Fault.scenario("stuck-resharding", from.address(), s + " -> " + to.address(), () -> {
            // the nodes learn the fixed owner by gossip: on a simulated clock the wait advances it
            if (!cluster.admin().fix().ok()) {
                cluster.awaitCondition("the fix of slot " + slot + " agreed by every node", () -> cluster.admin().check().ok(), LIMIT);
            }
        });
    }

    private static void expectOk(SimNode n, String... args) {
        String r = call(n, args);
        if (!r.equals("+OK")) {
            throw new IllegalStateException(String.join(" ", args) + " on " + n.address() + " answered " + r);
        }
    }

    /** A command whose reply is an array of bulk strings (GETKEYSINSLOT), as a list. */
    private static List<String> bulkLines(SimNode n, String... args) {
        Object r = NodeClient.callOnce(n.host(), n.port(), (Object[]) args);
        if (!(r instanceof List<?> items)) {
            throw new IllegalStateException(String.join(" ", args) + " answered " + r);
        }
        List<String> out = new ArrayList<>(items.size());
        items.forEach(item -> out.add(String.valueOf(item)));
        return out;
    }

    private boolean allRunning(String state) {
        for (NodeMetrics m : cluster.metrics().nodes()) {
            if (m.running() && !cluster.spares().contains(cluster.node(m.id())) && !state.equals(m.clusterState())) {
                return false;
            }
        }
        return true;
    }

    private String state(SimNode n) {
        return cluster.metrics(n).clusterState();
    }

    /** Sends one command as a client: {@code +OK}, or {@code -<error>}, or {@code +} and the reply. */
    private static String call(SimNode n, String... args) {
        Object r = NodeClient.callOnce(n.host(), n.port(), (Object[]) args);
        return r instanceof NodeClient.Error e ? "-" + e.message() : "+" + r;
    }
}
