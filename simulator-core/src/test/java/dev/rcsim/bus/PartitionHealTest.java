package dev.rcsim.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.Fault;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A healed cut leaves no stale PFAIL/FAIL flag: a PING a node sent into the cut (or whose PONG the cut
 * dropped) reaches the peer after the heal, as on Redis's TCP link, even while the peer's own PINGs keep
 * arriving (they refresh data_received, so the stuck-link reconnect never fires). Before the fix most
 * seeds of these scenarios never got healthy.
 */
class PartitionHealTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void clusterGetsHealthyAfterAMasterIsPartitionedAwayFailedOverAndHealed(long seed) {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(seed)
                .clock(SimClock.simulated()).start()) {
            SimNode master = sim.masters().get(1);
            List<SimNode> others = new ArrayList<>(sim.nodes());
            others.remove(master);
            Fault cut = sim.faults().partition(List.of(master), others);
            assertThat(sim.awaitFailover(master)).isEqualTo(sim.replicasOf(master).get(0));
            sim.clock().advance(Duration.ofSeconds(20));
            cut.heal();
            assertThatCode(() -> sim.awaitHealthy(Duration.ofSeconds(60))).as("seed %d", seed).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void clusterGetsHealthyAfterAKillAFailoverAPartitionOfAnotherMasterAHealAndTheRestart(long seed) {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(seed)
                .clock(SimClock.simulated()).start()) {
            SimNode killed = sim.masters().get(2);
            sim.kill(killed);
            sim.awaitFailover(killed);
            SimNode cutOff = sim.masters().get(0);
            List<SimNode> others = new ArrayList<>(sim.nodes());
            others.remove(cutOff);
            Fault cut = sim.faults().partition(List.of(cutOff), others);
            sim.clock().advance(Duration.ofSeconds(40));
            cut.heal();
            assertThatCode(() -> sim.awaitHealthy(Duration.ofSeconds(60))).as("seed %d after the heal", seed)
                    .doesNotThrowAnyException();
            sim.restart(killed);
            assertThatCode(() -> sim.awaitHealthy(Duration.ofSeconds(60))).as("seed %d after the restart", seed)
                    .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void clusterGetsHealthyAfterAOneWayCutBetweenTwoMastersIsHealed(long seed) {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(seed)
                .clock(SimClock.simulated()).start()) {
            Fault cut = sim.faults().cut(sim.masters().get(0), sim.masters().get(1));
            sim.clock().advance(Duration.ofSeconds(30));
            cut.heal();
            assertThatCode(() -> sim.awaitHealthy(Duration.ofSeconds(60))).as("seed %d", seed).doesNotThrowAnyException();
        }
    }
}
