package dev.rcsim.cluster;

/**
 * When a node may apply a newly computed cluster_state (the delays of Redis's
 * {@code clusterUpdateState}): a master starting without a formed view stays fail for the writable
 * delay (2 s), and one that was among the minority waits the rejoin delay (node timeout, 0.5 to 5 s)
 * before it turns ok again. Installed as the view's {@link ClusterView#stateGate}.
 */
final class ClusterStateGate {
    private final ClusterBus bus;
    /** When the node's bus started (Redis's {@code first_call_time}); set back by the writable delay for a formed view. */
    long firstCallTime;
    private long amongMinorityTime;

    ClusterStateGate(ClusterBus bus) {
        this.bus = bus;
    }

    boolean gate(boolean wantOk, boolean isOk) {
        ClusterView v = NodeCluster.of(bus.node).view();
        long now = bus.now();
        boolean master = v.myself().master;
        recordMinority(v, now);
        if (master && !isOk && now - firstCallTime < ClusterBus.WRITABLE_DELAY) {
            return false;
        }
        if (wantOk == isOk) {
            return true;
        }
        if (wantOk && master && now - amongMinorityTime < rejoinDelay()) {
            return false;
        }
        bus.event("STATE", wantOk ? "ok" : "fail");
        return true;
    }

    /** Remembers when this node last saw fewer than size/2+1 reachable slot-owning masters. */
    void recordMinority(ClusterView v, long now) {
        if (!v.reachableMajority()) {
            amongMinorityTime = now;
        }
    }

    long rejoinDelay() {
        return Math.max(500, Math.min(5000, bus.nodeTimeout()));
    }
}
