package dev.rcsim.cluster;

import dev.rcsim.keyspace.Bytes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One node's slot configuration rules (Redis's {@code clusterUpdateSlotsConfigWith},
 * {@code clusterSetNodeAsMaster}, {@code clusterHandleConfigEpochCollision},
 * {@code clusterBumpConfigEpochWithoutConsensus}): who owns a slot is decided by the highest
 * configEpoch claiming it; a node that lost all its slots follows the winner. Changes only this node's
 * own {@link ClusterView}, on its event loop.
 */
final class SlotConfig {
    private final ClusterBus bus;

    SlotConfig(ClusterBus bus) {
        this.bus = bus;
    }

    void setNodeAsMaster(ClusterView v, ClusterNode n) {
        if (n.master) {
            return;
        }
        ClusterNode old = n.replicaOf;
        if (old != null && !n.myself) {
            n.migrateTo = true; // a replica that took over from its master is a replica migration target
        }
        n.master = true;
        n.replicaOf = null;
        if (old != null && v.replicasOf(old).isEmpty()) {
            old.migrateTo = false;
        }
        bus.todoUpdateState();
    }

    /**
     * Redis's clusterUpdateSlotsConfigWith: {@code sender} claims {@code claimed} with
     * {@code senderEpoch}; it takes every slot that is unassigned or owned with a lower configEpoch. If
     * this node's master (or this node) lost all its slots, this node follows the sender as a replica.
     */
    void updateSlotsConfigWith(ClusterView v, ClusterNode sender, long senderEpoch, BitSet claimed) {
        if (sender.myself) {
            return;
        }
        ClusterNode me = v.myself();
        ClusterNode curMaster = me.master ? me : me.replicaOf;
        ClusterNode newMaster = null;
        List<Integer> dirty = new ArrayList<>();
        int migratedOurs = 0;
        boolean changed = false;
        for (int s = claimed.nextSetBit(0); s >= 0; s = claimed.nextSetBit(s + 1)) {
            ClusterNode owner = v.slots[s];
            if (owner == sender || v.importingFrom[s] != null) {
                continue;
            }
            if (owner == null || owner.configEpoch < senderEpoch) {
                if (owner == me && bus.node.db(0).countKeysInSlot(s) > 0) {
                    dirty.add(s);
                }
                if (owner != null && owner == curMaster) {
                    newMaster = sender;
                    migratedOurs++;
                }
                v.setOwner(s, sender);
                changed = true;
            }
        }
        if (changed) {
            bus.todoUpdateState();
            v.updateState();
        }
        if (newMaster != null && curMaster != null && !v.hasSlots(curMaster)
                && (bus.node.config().yes("cluster-allow-replica-migration") || claimed.cardinality() == migratedOurs)) {
            bus.event("CONFIG_CHANGE", "reconfiguring as a replica of " + sender.id);
            bus.becomeReplicaOf(v, sender);
        } else if (!dirty.isEmpty()) {
            for (int s : dirty) {
                for (Bytes k : new ArrayList<>(bus.node.db(0).slotKeys(s))) {
                    bus.node.db(0).remove(k);
                    bus.node.effects().changed();
                }
            }
        }
    }

    /** Redis's clusterHandleConfigEpochCollision: the lower id takes a new configEpoch. */
    void handleEpochCollision(ClusterView v, ClusterNode sender) {
        ClusterNode me = v.myself();
        if (sender.configEpoch != me.configEpoch || sender.id.compareTo(me.id) <= 0) {
            return;
        }
        v.setCurrentEpoch(v.currentEpoch() + 1);
        me.configEpoch = v.currentEpoch();
        bus.event("EPOCH_COLLISION", "with " + sender.id + ", configEpoch now " + me.configEpoch);
    }

    /** Bump without consensus (BUMPEPOCH, FAILOVER TAKEOVER): true if the epoch changed. */
    boolean bumpEpochWithoutConsensus(ClusterView v) {
        long max = 0;
        for (ClusterNode n : v.nodes()) {
            max = Math.max(max, n.configEpoch);
        }
        ClusterNode me = v.myself();
        boolean uniqueMax = me.configEpoch == max;
        if (uniqueMax) {
            for (ClusterNode n : v.nodes()) {
                if (n != me && n.configEpoch == max) {
                    uniqueMax = false;
                }
            }
        }
        if (me.configEpoch == 0 || !uniqueMax) {
            v.setCurrentEpoch(v.currentEpoch() + 1);
            me.configEpoch = v.currentEpoch();
            bus.event("CONFIG_EPOCH", "bumped to " + me.configEpoch + " without consensus");
            return true;
        }
        return false;
    }
}
