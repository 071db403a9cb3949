package dev.rcsim;

import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.cluster.ClusterNode;
import dev.rcsim.cluster.ClusterView;
import dev.rcsim.events.ClusterEvent;
import dev.rcsim.events.EventLog;
import dev.rcsim.server.RedisNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The waits of a simulated cluster: until a condition holds, until the cluster is healthy, until a
 * master's slots are served by another node. In simulated time a wait advances the clock (in 100 ms
 * steps) instead of sleeping; in real time it polls. A wait that times out fails with the seed and the
 * last cluster events.
 */
final class ClusterWaits {
    private final SimClock clock;
    private final EventLog events;
    private final List<SimNode> nodes;
    private final long seed;

    ClusterWaits(SimClock clock, EventLog events, List<SimNode> nodes, long seed) {
        this.clock = clock;
        this.events = events;
        this.nodes = nodes;
        this.seed = seed;
    }

    /**
     * The wait loop. {@code onEvents}: in simulated time the condition is only a function of the
     * nodes' cluster state, so it is re-checked when a cluster event was recorded (or every second),
     * and, since the nodes of a simulated cluster share one event loop, whole seconds of steps run in
     * one hand-off to that loop (the timers and the checks then run inline, with no thread switch).
     */
    void await(String what, BooleanSupplier condition, Duration timeout, boolean onEvents) {
        if (!clock.isSimulated()) {
            long realDeadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > realDeadline) {
                    throw timeout(what, timeout);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            return;
        }
        SimulatedWait w = new SimulatedWait(condition, clock, timeout.toMillis(), onEvents);
        while (true) {
            RedisNode anchor = onEvents ? sharedLoopNode() : null;
            int r = anchor == null ? w.steps(1) : anchor.call(() -> w.steps(10));
            if (r == SimulatedWait.DONE) {
                return;
            }
            if (r == SimulatedWait.TIMED_OUT) {
                throw timeout(what, timeout);
            }
        }
    }

    /** Waits until another node serves the slots {@code oldMaster} owned and the cluster is healthy; returns it. */
    SimNode awaitFailover(SimNode oldMaster) {
        int slot = -1;
        for (SimNode n : nodes) {
            if (n.isRunning()) {
                RedisNode rn = n.redisNode();
                slot = rn.call(() -> {
                    ClusterView v = NodeCluster.of(rn).view();
                    ClusterNode o = v == null ? null : v.node(oldMaster.id());
                    return o == null || v.slotsOf(o).isEmpty() ? -1 : v.slotsOf(o).get(0).start();
                });
                if (slot >= 0) {
                    break;
                }
            }
        }
        if (slot < 0) {
            throw new IllegalArgumentException(oldMaster + " owns no slots in any running node's view");
        }
        int s = slot;
        SimNode[] out = new SimNode[1];
        await("a failover of " + oldMaster, () -> {
            if (!HealthCheck.isHealthy(nodes, oldMaster)) {
                return false;
            }
            for (SimNode n : nodes) {
                if (n != oldMaster && n.isRunning() && n.ownsSlot(s)) {
                    out[0] = n;
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(120), true);
        return out[0];
    }

    /** A running node whose event loop every running node shares, or null when they are spread out. */
    private RedisNode sharedLoopNode() {
        RedisNode first = null;
        for (SimNode n : nodes) {
            if (n.isRunning()) {
                RedisNode rn = n.redisNode();
                if (first == null) {
                    first = rn;
                } else if (rn.loop() != first.loop()) {
                    return null;
                }
            }
        }
        return first;
    }

    /** The state of one wait in simulated time: 100 ms steps, condition checks, the time limit. */
    private final class SimulatedWait {
        static final int DONE = 0;
        static final int TIMED_OUT = 1;
        static final int MORE = 2;
        private final BooleanSupplier condition;
        private final SimClock clock;
        private final long start;
        private final long limit;
        private final boolean onEvents;
        private long seen = -1;
        private int steps;

        SimulatedWait(BooleanSupplier condition, SimClock clock, long limit, boolean onEvents) {
            this.condition = condition;
            this.clock = clock;
            this.start = clock.millis();
            this.limit = limit;
            this.onEvents = onEvents;
        }

        /** Runs up to {@code max} steps: check (when due), then advance 100 ms. */
        int steps(int max) {
            for (int i = 0; i < max; i++) {
                if (!onEvents || events.count() != seen || steps % 10 == 0) {
                    seen = events.count();
                    if (condition.getAsBoolean()) {
                        return DONE;
                    }
                }
                steps++;
                if (clock.millis() - start >= limit) {
                    return TIMED_OUT;
                }
                clock.advance(Duration.ofMillis(100));
            }
            return MORE;
        }
    }

    private AssertionError timeout(String what, Duration timeout) {
        StringBuilder sb = new StringBuilder("rcsim: timed out after " + timeout.toMillis() + " ms waiting for " + what
                + " (seed=" + seed + "); last events:");
        for (ClusterEvent e : events.last(30)) {
            sb.append("\n  ").append(e);
        }
        return new AssertionError(sb.toString());
    }
}
