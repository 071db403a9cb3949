package dev.rcsim.cluster;

import dev.rcsim.bus.BusMessage;
import dev.rcsim.bus.MessageType;
import dev.rcsim.server.ClientPause;
import java.util.List;

/**
 * Replica failover for one node (Redis's {@code clusterHandleSlaveFailover},
 * {@code clusterSendFailoverAuthIfNeeded}, the manual failover state machine and
 * {@code clusterHandleSlaveMigration}): as a replica of a FAIL master it waits 500 ms + random(0..499)
 * + rank x 1000 ms, bumps currentEpoch, asks the masters for votes and, with a majority of the
 * slot-owning masters, takes its master's slots with configEpoch = the election epoch. As a master it
 * grants at most one vote per epoch, and none for a replica of the same master within 2 x node_timeout.
 */
final class Election {
    /** Redis's CLUSTER_SLAVE_MIGRATION_DELAY: how long a master must stay orphaned before a replica moves. */
    static final long MIGRATION_DELAY = 5000;
    private final ClusterBus bus;
    // replica side
    private long authTime;
    private int authCount;
    private boolean authSent;
    private int rank;
    private long authEpoch;
    private long mfEnd;
    private boolean mfCanStart;
    private long mfMasterOffset = -1;
    // master side
    private ClusterNode mfReplica;

    Election(ClusterBus bus) {
        this.bus = bus;
    }

    private ClusterView view() {
        return bus.view();
    }

    /** Header processing: a paused master's offset for a manual failover in progress. */
    void onHeader(ClusterNode sender, BusMessage m) {
        ClusterNode me = view().myself();
        if (mfEnd != 0 && !me.master && me.replicaOf == sender && (m.mflags & BusMessage.MF_PAUSED) != 0
                && mfMasterOffset == -1) {
            mfMasterOffset = m.replOffset;
            bus.event("MANUAL_FAILOVER", "master paused, waiting for its replication offset");
        }
    }

    boolean isManualFailoverReplica(ClusterNode n) {
        return mfEnd != 0 && mfReplica == n && view().myself().master;
    }

    /** Redis's {@code mf_end != 0}: a master flags its messages PAUSED meanwhile. */
    boolean manualFailoverInProgress() {
        return mfEnd != 0;
    }

    void resetManualFailover() {
        if (mfReplica != null) {
            // we were a master failing over, so we paused clients: unpause whatever the outcome
            bus.node.pause().unpause(ClientPause.Purpose.FAILOVER);
        }
        mfEnd = 0;
        mfCanStart = false;
        mfMasterOffset = -1;
        mfReplica = null;
    }

    /** CLUSTER FAILOVER on a replica: default (coordinated with the master) or FORCE. */
    void startManual(boolean force, long now) {
        resetManualFailover();
        mfEnd = now + ClusterBus.MF_TIMEOUT;
        ClusterNode master = view().myself().replicaOf;
        if (force) {
            mfCanStart = true;
            bus.event("MANUAL_FAILOVER", "forced, no master agreement");
        } else {
            bus.event("MANUAL_FAILOVER", "requested to master " + master.id);
            bus.send(master, bus.header(MessageType.MFSTART, List.of(), null, 0, null, null, null, 0));
        }
    }

    /** MFSTART from one of this master's replicas: pause writes and ping it with the offset. */
    void onMfStart(ClusterNode replica, long now) {
        resetManualFailover();
        mfEnd = now + ClusterBus.MF_TIMEOUT;
        mfReplica = replica;
        bus.node.pause().pause(ClientPause.Purpose.FAILOVER, now + ClusterBus.MF_TIMEOUT * 2, ClientPause.Type.WRITE);
        bus.event("MANUAL_FAILOVER", "accepted from " + replica.id + ", writes paused");
        bus.sendPing(replica, MessageType.PING);
    }

    void cron(long now) {
        if (mfEnd != 0 && mfEnd < now) {
            bus.event("MANUAL_FAILOVER", "timed out");
            resetManualFailover();
        }
        ClusterNode me = view().myself();
        if (me.master) {
            return;
        }
        if (mfEnd != 0 && !mfCanStart && mfMasterOffset != -1 && mfMasterOffset == NodeCluster.of(bus.node).replication().offset()) {
            mfCanStart = true;
            bus.event("MANUAL_FAILOVER", "replication caught up, election can start");
        }
        handleReplicaFailover(now);
        handleReplicaMigration(now);
    }

    private int computeRank(ClusterView v) {
        ClusterNode me = v.myself();
        long mine = NodeCluster.of(bus.node).replication().offset();
        int r = 0;
        for (ClusterNode s : v.replicasOf(me.replicaOf)) {
            if (s != me && !s.nofailover && s.replOffset > mine) {
                r++;
            }
        }
        return r;
    }

    private void handleReplicaFailover(long now) {
        ClusterView v = view();
        ClusterNode me = v.myself();
        ClusterNode master = me.replicaOf;
        boolean manual = mfEnd != 0 && mfCanStart;
        long timeout = bus.nodeTimeout();
        if (me.master || master == null || (!master.fail && !manual)
                || (bus.node.config().yes("cluster-replica-no-failover") && !manual) || !v.hasSlots(master)) {
            return;
        }
        long authTimeout = Math.max(timeout * 2, 2000);
        long authRetry = authTimeout * 2;
        long dataAge = now - NodeCluster.of(bus.node).replication().lastIoMillis();
        if (dataAge > timeout) {
            dataAge -= timeout;
        }
        long factor = bus.node.config().longValue("cluster-replica-validity-factor");
        long pingPeriod = bus.node.config().longValue("repl-ping-replica-period");
        if (factor > 0 && dataAge > pingPeriod * 1000 + timeout * factor && !manual) {
            return; // data too old to be a good replacement
        }
        if (now - authTime > authRetry) {
            authTime = now + 500 + bus.electionRandom.nextInt(500);
            authCount = 0;
            authSent = false;
            rank = computeRank(v);
            authTime += rank * 1000L;
            if (manual) {
                authTime = now;
                rank = 0;
            }
            bus.event("ELECTION_SCHEDULED", "in " + (authTime - now) + " ms, rank " + rank);
            bus.broadcastPong(true);
            return;
        }
        if (!authSent && !manual) {
            int newRank = computeRank(v);
            if (newRank > rank) {
                authTime += (newRank - rank) * 1000L;
                rank = newRank;
            }
        }
        if (now < authTime || now - authTime > authTimeout) {
            return;
        }
        if (!authSent) {
            v.setCurrentEpoch(v.currentEpoch() + 1);
            authEpoch = v.currentEpoch();
            bus.event("ELECTION", "epoch " + authEpoch + (manual ? " (manual)" : ""));
            bus.broadcast(bus.header(MessageType.FAILOVER_AUTH_REQUEST, List.of(), null, 0, null, null, null,
                    manual ? BusMessage.MF_FORCEACK : 0));
            authSent = true;
            return;
        }
        int needed = v.size() / 2 + 1;
        if (authCount >= needed) {
            if (me.configEpoch < authEpoch) {
                me.configEpoch = authEpoch;
            }
            bus.event("ELECTION_WON", "epoch " + authEpoch + " with " + authCount + "/" + needed + " votes");
            authTime = 0;
            bus.replaceMaster(v);
        }
    }

    /** A master's vote (clusterSendFailoverAuthIfNeeded). */
    void maybeVote(ClusterNode requester, BusMessage m, long now) {
        ClusterView v = view();
        ClusterNode me = v.myself();
        if (!me.master || !v.hasSlots(me)) {
            return;
        }
        if (m.currentEpoch < v.currentEpoch() || v.lastVoteEpoch() == v.currentEpoch()) {
            return;
        }
        ClusterNode master = requester.replicaOf;
        boolean force = (m.mflags & BusMessage.MF_FORCEACK) != 0;
        if (requester.master || master == null || (!master.fail && !force)) {
            return;
        }
        if (now - master.votedTime < bus.nodeTimeout() * 2) {
            return;
        }
        for (int s = m.slots.nextSetBit(0); s >= 0; s = m.slots.nextSetBit(s + 1)) {
            ClusterNode owner = v.slots[s];
            if (owner != null && owner.configEpoch > m.configEpoch) {
                return;
            }
        }
        v.setLastVoteEpoch(v.currentEpoch());
        master.votedTime = now;
        bus.event("VOTE", "for " + requester.id + " in epoch " + v.currentEpoch());
        bus.send(requester, bus.header(MessageType.FAILOVER_AUTH_ACK, List.of(), null, 0, null, null, null, 0));
    }

    void onAck(ClusterNode voter, BusMessage m) {
        ClusterView v = view();
        if (voter.master && v.hasSlots(voter) && m.currentEpoch >= authEpoch && authSent) {
            authCount++;
            handleReplicaFailover(bus.now());
        }
    }

    /**
     * clusterCron's pre-check, then clusterHandleSlaveMigration: only when some working master serving
     * slots and flagged as a migration target has no working (non-FAIL) replica, the best-served
     * working master has at least two, and this replica's master is one of those, does it consider
     * moving. Then, if the cluster is ok and its master keeps more than cluster-migration-barrier
     * replicas that are neither FAIL nor PFAIL, the replica with the smallest node id among the
     * masters with that most working replicas moves to the first orphaned master, once it has been
     * orphaned for more than 5 s.
     */
    private void handleReplicaMigration(long now) {
        ClusterView v = view();
        ClusterNode me = v.myself();
        ClusterNode mine = me.replicaOf;
        if (mine == null || !bus.node.config().yes("cluster-allow-replica-migration")) {
            return;
        }
        int orphanedMasters = 0;
        int max = 0;
        int mineOk = 0;
        countWorkingReplicas(v);
        for (ClusterNode n : v.table()) {
            if (n.myself || n.noaddr || n.handshake || !n.master || n.fail) {
                continue;
            }
            int ok = n.scratch;
            if (ok == 0 && v.hasSlots(n) && n.migrateTo) {
                orphanedMasters++;
            }
            max = Math.max(max, ok);
            if (n == mine) {
                mineOk = ok;
            }
        }
        if (orphanedMasters == 0 || max < 2 || mineOk != max) {
            return;
        }
        if (!v.isOk()) {
            return;
        }
        int myOk = 0;
        for (ClusterNode r : v.replicasOf(mine)) {
            if (!r.fail && !r.pfail) {
                myOk++;
            }
        }
        if (myOk <= bus.node.config().longValue("cluster-migration-barrier")) {
            return;
        }
        ClusterNode target = null;
        ClusterNode candidate = me;
        for (ClusterNode n : v.table()) {
            int ok = n.master ? n.scratch : 0;
            boolean orphaned = n.master && !n.fail && n.migrateTo && ok == 0;
            if (orphaned) {
                if (target == null && v.hasSlots(n)) {
                    target = n;
                }
                if (n.orphanedTime == 0) {
                    n.orphanedTime = now;
                }
            } else {
                n.orphanedTime = 0;
            }
            if (ok == max) {
                for (ClusterNode r : v.replicasOf(n)) {
                    if (r.id.compareTo(candidate.id) < 0) {
                        candidate = r;
                    }
                }
            }
        }
        if (target != null && candidate == me && now - target.orphanedTime > MIGRATION_DELAY) {
            bus.event("REPLICA_MIGRATION", "to orphaned master " + target.id);
            bus.becomeReplicaOf(v, target);
        }
    }

    /**
     * Leaves in each node's {@code scratch} how many of its replicas are not FAIL in this view (one pass
     * over the table instead of one per master).
     */
    private static void countWorkingReplicas(ClusterView v) {
        java.util.List<ClusterNode> table = v.table();
        for (int i = 0; i < table.size(); i++) {
            table.get(i).scratch = 0;
        }
        for (int i = 0; i < table.size(); i++) {
            ClusterNode r = table.get(i);
            if (!r.master && r.replicaOf != null && !r.fail) {
                r.replicaOf.scratch++;
            }
        }
    }
}
