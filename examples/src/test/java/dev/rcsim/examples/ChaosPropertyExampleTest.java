package dev.rcsim.examples;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.Fault;
import dev.rcsim.junit5.jqwik.FaultSchedule;
import dev.rcsim.junit5.jqwik.FaultSchedules;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import redis.clients.jedis.Jedis;

/**
 * Random partitions, kills and pauses on a 3x1 cluster: every write a master acknowledged AND that
 * {@code WAIT 1} confirmed reached its replica survives, and once everything is healed the cluster
 * converges. A failure prints the shrunk schedule (nodes as {@code n0}..{@code n5}, the index in
 * {@code cluster.nodes()}) and the seed: rebuild the cluster with that seed and
 * {@code schedule.script(cluster).run()} replays it.
 */
class ChaosPropertyExampleTest {
    private static final long FAILOVER_MILLIS = 15_000; // node timeout 5 s + election, with margin

    @Provide
    Arbitrary<FaultSchedule> schedules() {
        return FaultSchedules.of(3, 1).filter(s -> s.keepsReplicatedWrites(FAILOVER_MILLIS));
    }

    @Property(tries = 30, shrinking = ShrinkingMode.BOUNDED)
    void replicatedWritesSurviveAndTheClusterConverges(@ForAll("schedules") FaultSchedule schedule, @ForAll long seed) {
        try (RedisClusterSimulator cluster = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1)
                .seed(seed).clock(SimClock.simulated()).config("cluster-node-timeout", "5000").start()) {
            Workload w = new Workload(cluster);
            w.writeSome();
            schedule.run(cluster, w::writeSome);
            cluster.clock().advance(Duration.ofMillis(FAILOVER_MILLIS)); // a kill in the last step can fail over first
            cluster.faults().healAll();
            cluster.awaitHealthy();

            assertThat(cluster).isHealthy().agreesOnTopology();
            for (Map.Entry<String, String> e : w.confirmed.entrySet()) {
                SimNode owner = cluster.masterFor(e.getKey());
                try (Jedis j = new Jedis(owner.host(), owner.port(), 2000)) {
                    assertThat(j.get(e.getKey())).as("%s, confirmed by WAIT 1, on %s", e.getKey(), owner.address())
                            .isEqualTo(e.getValue());
                }
            }
        }
    }

    /** Writes unique keys of three hash tags (one per master) to each tag's current master, then WAIT 1. */
    private static final class Workload {
        final RedisClusterSimulator cluster;
        final List<String> tags = new ArrayList<>();
        final Map<String, String> confirmed = new LinkedHashMap<>();
        int n;

        Workload(RedisClusterSimulator cluster) {
            this.cluster = cluster;
            for (SimNode m : cluster.masters()) {
                for (int i = 0; ; i++) {
                    if (m.ownsSlot(RedisClusterSimulator.slotOf("t" + i))) {
                        tags.add("{t" + i + "}");
                        break;
                    }
                }
            }
        }

        void writeSome() {
            for (String tag : tags) {
                String key = tag + ":" + n++;
                SimNode master = cluster.masterFor(key);
                if (master == null || paused(master)) {
                    continue; // a paused node would hold the request until healed
                }
                try (Jedis j = new Jedis(master.host(), master.port(), 2000)) {
                    if (!"OK".equals(j.set(key, "v" + n))) {
                        continue;
                    }
                    if (waitOne(j) >= 1) {
                        confirmed.put(key, "v" + n);
                    }
                } catch (RuntimeException refusedDownOrMoved) {
                    // not acknowledged: no promise to keep
                }
            }
        }

        /** WAIT 1 100, advancing the simulated clock while it blocks (its timeout is on that clock). */
        long waitOne(Jedis j) {
            CompletableFuture<Long> f = CompletableFuture.supplyAsync(() -> j.waitReplicas(1, 100));
            for (int i = 0; i < 50; i++) {
                try {
                    return f.get(20, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    cluster.clock().advance(Duration.ofMillis(100));
                } catch (Exception e) {
                    return 0;
                }
            }
            return 0;
        }

        boolean paused(SimNode n) {
            for (Fault f : cluster.faults().active()) {
                if (f.kind().equals("pause") && f.target().equals(n.address())) {
                    return true;
                }
            }
            return false;
        }
    }
}
