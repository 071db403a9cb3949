package dev.rcsim.cluster;

import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.server.NodeConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One node's belief about the cluster (Redis's {@code clusterState}): the node table, the owner of each
 * of the 16384 slots, the slots this node is migrating or importing, currentEpoch and the derived
 * cluster state. It changes only through the node's own actions, CLUSTER commands sent to it and
 * (later) gossip it receives; nothing reads another node's view. Touched only on the node's event loop.
 */
public final class ClusterView {
    private final NodeConfig config;
    private final ClusterNode myself;
    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    /** The node table in CLUSTER NODES order (the map's values, indexable for the gossip's random picks). */
    private final List<ClusterNode> table = new ArrayList<>();
    private int nextSeq;
    /** Masters owning at least one slot, in no particular order (cluster_size, cluster_state). */
    private final List<ClusterNode> owners = new ArrayList<>();
    private int unassigned = HashSlots.SLOTS;
    /** The PFAIL nodes in table order. */
    private final List<ClusterNode> pfailNodes = new ArrayList<>();
    final ClusterNode[] slots = new ClusterNode[HashSlots.SLOTS];
    final ClusterNode[] migratingTo = new ClusterNode[HashSlots.SLOTS];
    final ClusterNode[] importingFrom = new ClusterNode[HashSlots.SLOTS];
    private int openSlots;
    private long currentEpoch;
    private long lastVoteEpoch;
    private boolean ok;
    /** Ids forgotten by CLUSTER FORGET, with the time they may be re-learned (Redis's 60 s blacklist). */
    final Map<String, Long> blacklist = new LinkedHashMap<>();
    /**
     * Decides whether a computed state may be applied (the bus's writable and rejoin delays):
     * called with (wanted ok, current ok); null applies it at once.
     */
    public java.util.function.BiPredicate<Boolean, Boolean> stateGate;
    private final LongSupplier ownOffset;

    /**
     * A view that knows only itself, as a fresh cluster-enabled node: a slotless master with epoch 0.
     * {@code ownOffset} reads the node's replication offset (for its own CLUSTER SHARDS entry).
     */
    public ClusterView(NodeConfig config, String myId, String ip, int port, LongSupplier ownOffset) {
        this.config = config;
        this.ownOffset = ownOffset;
        this.myself = new ClusterNode(myId, ip, port, port + 10000);
        myself.myself = true;
        myself.master = true;
        nodes.put(myId, myself);
        myself.seq = nextSeq++;
        table.add(myself);
        updateState();
    }

    public ClusterNode myself() {
        return myself;
    }

    public NodeConfig config() {
        return config;
    }

    /** Adds (or returns) a known node; new entries are masters without slots, link connected. */
    public ClusterNode addNode(String id, String ip, int port) {
        return nodes.computeIfAbsent(id, k -> {
            ClusterNode n = new ClusterNode(id, ip, port, port + 10000);
            n.master = true;
            n.seq = nextSeq++;
            table.add(n);
            return n;
        });
    }

    /** The node table in CLUSTER NODES order, indexable; read-only for callers. */
    List<ClusterNode> table() {
        return table;
    }

    /** The PFAIL nodes in table order; read-only for callers. */
    List<ClusterNode> pfailNodes() {
        return pfailNodes;
    }

    /** Sets or clears PFAIL ({@code fail?}) on {@code n}. */
    void setPfail(ClusterNode n, boolean pfail) {
        if (n.pfail == pfail) {
            return;
        }
        n.pfail = pfail;
        if (pfail) {
            int i = pfailNodes.size();
            while (i > 0 && pfailNodes.get(i - 1).seq > n.seq) {
                i--;
            }
            pfailNodes.add(i, n);
        } else {
            pfailNodes.remove(n);
        }
    }

    public ClusterNode node(String id) {
        return nodes.get(id);
    }

    /** Nodes in table order (CLUSTER NODES order). */
    public Collection<ClusterNode> nodes() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    public int knownNodes() {
        return nodes.size();
    }

    /**
     * Makes {@code replica} a replica of {@code master} in this view. As Redis's
     * clusterNodeAddSlave/clusterNodeRemoveSlave, a master with a replica is flagged as a replica
     * migration target, and a previous master left without replicas loses the flag.
     */
    public void setReplicaOf(ClusterNode replica, ClusterNode master) {
        ClusterNode old = replica.replicaOf;
        replica.master = false;
        replica.replicaOf = master;
        if (old != null && old != master && replicasOf(old).isEmpty()) {
            old.migrateTo = false;
        }
        if (master != null) {
            master.migrateTo = true;
        }
    }

    public void setConfigEpoch(ClusterNode n, long epoch) {
        n.configEpoch = epoch;
        if (epoch > currentEpoch) {
            currentEpoch = epoch;
        }
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public void setCurrentEpoch(long epoch) {
        this.currentEpoch = epoch;
    }

    /** The last epoch in which this node (as a master) voted for a replica's failover. */
    public long lastVoteEpoch() {
        return lastVoteEpoch;
    }

    public void setLastVoteEpoch(long epoch) {
        this.lastVoteEpoch = epoch;
    }

    /** Removes a node: its slots become unassigned and its replicas lose their master (Redis's clusterDelNode). */
    public void removeNode(ClusterNode n) {
        if (n.myself) {
            return;
        }
        nodes.remove(n.id);
        table.remove(n);
        setPfail(n, false);
        for (int s = 0; s < HashSlots.SLOTS; s++) {
            if (slots[s] == n) {
                setOwner(s, null);
            }
            if (migratingTo[s] == n) {
                migratingTo[s] = null;
            }
            if (importingFrom[s] == n) {
                importingFrom[s] = null;
            }
        }
        recountOpen();
        for (ClusterNode o : nodes.values()) {
            if (o.replicaOf == n) {
                o.replicaOf = null;
            }
            if (!o.reports.isEmpty()) {
                o.reports.removeIf(r -> r.sender() == n);
            }
        }
        updateState();
    }

    /** Sets one slot's owner without re-deriving the state (call {@link #updateState()} after a batch). */
    public void setOwner(int slot, ClusterNode owner) {
        ClusterNode old = slots[slot];
        if (old == owner) {
            return;
        }
        slots[slot] = owner;
        if (old == null) {
            unassigned--;
        } else {
            old.slotBitsCache = null;
            old.agreedClaim = null;
            if (--old.slotCount == 0) {
                owners.remove(old);
            }
        }
        if (owner == null) {
            unassigned++;
        } else {
            owner.slotBitsCache = null;
            owner.agreedClaim = null;
            if (owner.slotCount++ == 0) {
                owners.add(owner);
            }
        }
    }

    /** The slots {@code n} owns, as a new bitmap the caller may change. */
    public java.util.BitSet slotBits(ClusterNode n) {
        return (java.util.BitSet) sharedSlotBits(n).clone();
    }

    /**
     * The slots {@code n} owns, as a bitmap shared until they change (then a new one is built): for
     * bus messages, which never change it. Callers must not modify it.
     */
    java.util.BitSet sharedSlotBits(ClusterNode n) {
        java.util.BitSet cached = n.slotBitsCache;
        if (cached != null) {
            return cached;
        }
        java.util.BitSet b = new java.util.BitSet(HashSlots.SLOTS);
        int s = 0;
        while (s < HashSlots.SLOTS) {
            if (slots[s] != n) {
                s++;
                continue;
            }
            int from = s;
            while (s < HashSlots.SLOTS && slots[s] == n) {
                s++;
            }
            b.set(from, s);
        }
        n.slotBitsCache = b;
        return b;
    }

    /**
     * True when {@code n} owns exactly the slots set in {@code bits} (no bitmap built: the count, then
     * each claimed slot; a bitmap once found equal is remembered by identity until n's slots change).
     */
    public boolean ownsExactly(ClusterNode n, java.util.BitSet bits) {
        if (bits == n.agreedClaim) {
            return true; // the sender's unchanged bitmap, already compared
        }
        if (bits.cardinality() != n.slotCount) {
            return false;
        }
        for (int s = bits.nextSetBit(0); s >= 0; s = bits.nextSetBit(s + 1)) {
            if (slots[s] != n) {
                return false;
            }
        }
        n.agreedClaim = bits;
        return true;
    }

    /** True when {@code n} owns at least one slot. */
    public boolean hasSlots(ClusterNode n) {
        return n.slotCount > 0 && nodes.get(n.id) == n;
    }

    /** How many slots {@code n} owns. */
    public int slotCount(ClusterNode n) {
        return hasSlots(n) ? n.slotCount : 0;
    }

    /** Records the replication offset heard of for a node (from the replication link or gossip). */
    public void noteOffset(String id, long offset) {
        ClusterNode n = nodes.get(id);
        if (n != null) {
            n.replOffset = offset;
        }
    }

    /** The replication offset this view knows for {@code n} (its own, read live). */
    public long offsetOf(ClusterNode n) {
        return n.myself ? ownOffset.getAsLong() : n.replOffset;
    }

    /** Assigns a range of slots to {@code owner} (null unassigns) and re-derives the state. */
    public void assign(int from, int to, ClusterNode owner) {
        for (int s = from; s <= to; s++) {
            setOwner(s, owner);
        }
        updateState();
    }

    public ClusterNode owner(int slot) {
        return slots[slot];
    }

    /** The master this node follows in its own view, or null. */
    public ClusterNode myMaster() {
        return myself.replicaOf;
    }

    public ClusterNode migratingTo(int slot) {
        return openSlots == 0 ? null : migratingTo[slot];
    }

    public ClusterNode importingFrom(int slot) {
        return openSlots == 0 ? null : importingFrom[slot];
    }

    public void setMigrating(int slot, ClusterNode target) {
        migratingTo[slot] = target;
        recountOpen();
    }

    public void setImporting(int slot, ClusterNode source) {
        importingFrom[slot] = source;
        recountOpen();
    }

    private void recountOpen() {
        int n = 0;
        for (int i = 0; i < HashSlots.SLOTS; i++) {
            if (migratingTo[i] != null || importingFrom[i] != null) {
                n++;
            }
        }
        openSlots = n;
    }

    /** The slots {@code n} owns, as ascending runs. */
    public List<SlotRanges.Range> slotsOf(ClusterNode n) {
        return SlotRanges.of(slots, n);
    }

    /** Replicas of {@code master} in this view, in table order. */
    public List<ClusterNode> replicasOf(ClusterNode master) {
        List<ClusterNode> out = new ArrayList<>();
        for (ClusterNode n : nodes.values()) {
            if (n.replicaOf == master && !n.master) {
                out.add(n);
            }
        }
        return out;
    }

    /** cluster_state: ok unless a slot is unbound or served by a FAIL node while full coverage is required. */
    public boolean isOk() {
        return ok;
    }

    /**
     * Re-derives cluster_state (Redis's clusterUpdateState): fail when full coverage is required and a
     * slot is unassigned or served by a FAIL node, or when fewer than size/2+1 slot-owning masters are
     * reachable (neither PFAIL nor FAIL) in this view. The {@link #stateGate} may hold the change back.
     */
    public void updateState() {
        boolean full = !"no".equals(config.get("cluster-require-full-coverage"));
        boolean good = true;
        if (full) {
            if (unassigned > 0) {
                good = false;
            } else {
                for (ClusterNode n : owners) {
                    if (n.fail) {
                        good = false;
                        break;
                    }
                }
            }
        }
        if (good && !reachableMajority()) {
            good = false;
        }
        if (stateGate == null || stateGate.test(good, ok)) {
            ok = good;
        }
    }

    // ---------------------------------------------------------------- slot assignment (resharding)

    /**
     * Called after this node changed a slot owner or its own configEpoch on its own initiative (ADDSLOTS,
     * DELSLOTS, SETSLOT NODE, FLUSHSLOTS...). Redis 7.0 lets the next heartbeat carry such a change
     * (each PING/PONG header has the sender's slots and configEpoch), and so does the cluster bus, which
     * leaves this hook unset; a test or tool may install one to observe changes.
     */
    private Runnable onSlotConfigChange;

    /** Installs the hook run by {@link #slotConfigChanged()} (the bus's broadcast). */
    public void onSlotConfigChange(Runnable hook) {
        this.onSlotConfigChange = hook;
    }

    /** Re-derives the state and runs the broadcast hook: call after a slot owner or epoch change. */
    public void slotConfigChanged() {
        updateState();
        Runnable h = onSlotConfigChange;
        if (h != null) {
            h.run();
        }
    }

    /** The largest configEpoch known, or currentEpoch if larger (Redis's clusterGetMaxEpoch). */
    public long maxEpoch() {
        long max = 0;
        for (ClusterNode n : nodes.values()) {
            max = Math.max(max, n.configEpoch);
        }
        return Math.max(max, currentEpoch);
    }

    /**
     * Redis's clusterBumpConfigEpochWithoutConsensus: when this node's configEpoch is 0 or not the
     * largest known, currentEpoch is incremented and becomes this node's configEpoch. True if bumped.
     */
    public boolean bumpConfigEpochWithoutConsensus() {
        long max = maxEpoch();
        if (myself.configEpoch == 0 || myself.configEpoch != max) {
            currentEpoch++;
            myself.configEpoch = currentEpoch;
            return true;
        }
        return false;
    }

    /** The host clients are sent to in MOVED/ASK, per cluster-preferred-endpoint-type. */
    public String endpoint(ClusterNode n) {
        String type = config.get("cluster-preferred-endpoint-type");
        if ("hostname".equals(type)) {
            return "?";
        }
        if ("unknown-endpoint".equals(type)) {
            return "";
        }
        return n.ip;
    }

    /** Masters that own at least one slot (cluster_size). */
    public int size() {
        return owners.size();
    }

    /** True when at least size/2+1 of the slot-owning masters are neither PFAIL nor FAIL in this view. */
    boolean reachableMajority() {
        int reachable = 0;
        for (ClusterNode n : owners) {
            if (!n.pfail && !n.fail) {
                reachable++;
            }
        }
        return reachable >= owners.size() / 2 + 1;
    }
}
