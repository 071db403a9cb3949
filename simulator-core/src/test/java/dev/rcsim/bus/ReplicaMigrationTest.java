package dev.rcsim.bus;

import dev.rcsim.replication.Replication;
import static dev.rcsim.testing.Nodes.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.events.ClusterEvent;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replica migration to an orphaned master as Redis 7.0's clusterCron and clusterHandleSlaveMigration
 * do it: only when some master serving slots has lost all its working replicas, a master has at least
 * two working replicas, the mover's master keeps more than cluster-migration-barrier, and
 * cluster-allow-replica-migration is yes; the replica with the smallest node id among the masters
 * with the most working replicas moves, once the master has been orphaned for more than 5 s.
 */
class ReplicaMigrationTest {

    private static RedisClusterSimulator cluster(int replicas, String barrier, String allow) {
        return RedisClusterSimulator.builder().masters(3).replicasPerMaster(replicas).seed(31)
                .config("cluster-migration-barrier", barrier).config("cluster-allow-replica-migration", allow)
                .clock(SimClock.simulated()).start();
    }

    private static List<ClusterEvent> migrations(RedisClusterSimulator sim) {
        return sim.events().all().stream().filter(e -> e.type().equals("REPLICA_MIGRATION")).toList();
    }

    /** Kills every replica of {@code orphan} and waits until every running node sees them FAIL. */
    private static long orphan(RedisClusterSimulator sim, SimNode orphan) {
        List<SimNode> gone = sim.replicasOf(orphan);
        for (SimNode r : gone) {
            sim.kill(r);
        }
        sim.awaitCondition("replicas of the orphan FAIL everywhere", () -> {
            for (SimNode n : sim.nodes()) {
                if (!n.isRunning()) {
                    continue;
                }
                String nodes = call(n, "CLUSTER", "NODES");
                for (SimNode r : gone) {
                    if (!java.util.regex.Pattern.compile(r.id() + " \\S+ slave,fail ").matcher(nodes).find()) {
                        return false;
                    }
                }
            }
            return true;
        }, Duration.ofSeconds(60));
        return sim.clock().millis();
    }

    /** The running nodes that replicate from {@code master} now. */
    private static List<SimNode> replicasNow(RedisClusterSimulator sim, SimNode master) {
        return sim.nodes().stream().filter(n -> n.isRunning() && master.id().equals(n.masterId())).toList();
    }

    private static void runFor(RedisClusterSimulator sim, long millis) {
        long until = sim.clock().millis() + millis;
        sim.awaitCondition("time to pass", () -> sim.clock().millis() >= until, Duration.ofMillis(millis + 1000));
    }

    @Test
    void replicaWithTheSmallestIdAmongTheBestServedMastersMovesToTheOrphanedMasterAfterFiveSeconds() {
        try (RedisClusterSimulator sim = cluster(2, "1", "yes")) {
            SimNode b = sim.masters().get(1);
            List<SimNode> candidates = new ArrayList<>();
            candidates.addAll(sim.replicasOf(sim.masters().get(0)));
            candidates.addAll(sim.replicasOf(sim.masters().get(2)));
            SimNode mover = candidates.stream().min(Comparator.comparing(SimNode::id)).orElseThrow();
            SimNode left = sim.masters().get(0).id().equals(mover.masterId()) ? sim.masters().get(0) : sim.masters().get(2);
            long orphanedSeen = orphan(sim, b);
            sim.awaitCondition("a replica migrated", () -> !migrations(sim).isEmpty(), Duration.ofSeconds(30));
            List<ClusterEvent> moved = migrations(sim);
            assertThat(moved).hasSize(1);
            assertThat(moved.get(0).node()).isEqualTo(mover.address());
            assertThat(moved.get(0).detail()).isEqualTo("to orphaned master " + b.id());
            // the orphan is noticed on the first cron after the FAIL, the move comes > 5 s later
            assertThat(moved.get(0).timeMillis() - orphanedSeen).isBetween(5_001L, 5_300L);
            sim.awaitCondition("every view agrees", () -> {
                for (SimNode n : sim.nodes()) {
                    if (n.isRunning() && !java.util.regex.Pattern.compile(mover.id() + " \\S+ (myself,)?slave " + b.id() + " ")
                            .matcher(call(n, "CLUSTER", "NODES")).find()) {
                        return false;
                    }
                }
                return true;
            }, Duration.ofSeconds(30));
            sim.awaitCondition("mover replicates from the orphan", () -> b.id().equals(mover.masterId())
                    && Replication.of(Internals.node(mover)).linkUp() && mover.replicationLag() == 0, Duration.ofSeconds(30));
            assertThat(call(mover, "ROLE")).startsWith("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:" + b.port() + "\r\n");
            assertThat(replicasNow(sim, left)).hasSize(1);
            assertThat(replicasNow(sim, b)).containsExactly(mover);
            runFor(sim, 30_000);
            assertThat(migrations(sim)).hasSize(1); // nobody else moves: the orphan has a working replica again
        }
    }

    @Test
    void noReplicaMigratesWhenItsMasterWouldKeepNoMoreThanTheMigrationBarrier() {
        try (RedisClusterSimulator sim = cluster(2, "2", "yes")) {
            orphan(sim, sim.masters().get(1));
            runFor(sim, 30_000);
            assertThat(migrations(sim)).isEmpty();
            assertThat(replicasNow(sim, sim.masters().get(0))).hasSize(2);
            assertThat(replicasNow(sim, sim.masters().get(2))).hasSize(2);
        }
    }

    @Test
    void noReplicaMigratesWhenClusterAllowReplicaMigrationIsNo() {
        try (RedisClusterSimulator sim = cluster(2, "1", "no")) {
            orphan(sim, sim.masters().get(1));
            runFor(sim, 30_000);
            assertThat(migrations(sim)).isEmpty();
        }
    }

    @Test
    void noReplicaMigratesWhenNoMasterHasTwoWorkingReplicasEvenWithBarrierZero() {
        try (RedisClusterSimulator sim = cluster(1, "0", "yes")) {
            orphan(sim, sim.masters().get(1));
            runFor(sim, 30_000);
            assertThat(migrations(sim)).isEmpty();
            assertThat(replicasNow(sim, sim.masters().get(0))).hasSize(1);
            assertThat(replicasNow(sim, sim.masters().get(2))).hasSize(1);
        }
    }
}
