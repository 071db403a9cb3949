package dev.rcsim.bus;

import static dev.rcsim.testing.Nodes.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.events.ClusterEvent;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Masters with the same configEpoch resolve it as Redis 7.0's clusterHandleConfigEpochCollision does:
 * on a PING/PONG/MEET from a master with its own configEpoch, the node with the lexicographically
 * smaller node id takes currentEpoch + 1. Checked against real 7.0.15 nodes (three fresh nodes, each
 * given SET-CONFIG-EPOCH 5, then met: the largest id keeps 5, the two others end with 6 and 7, and
 * every node's currentEpoch is 7).
 */
class ConfigEpochCollisionTest {

    /** The configEpoch of {@code id} in {@code viewer}'s CLUSTER NODES, or -1 when not (yet) known as a master. */
    private static long epochIn(SimNode viewer, String id) {
        Matcher m = Pattern.compile("(?m)^" + id + " \\S+ (myself,)?master - \\d+ \\d+ (\\d+) connected")
                .matcher(call(viewer, "CLUSTER", "NODES"));
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    private static List<ClusterEvent> collisions(RedisClusterSimulator sim) {
        return sim.events().all().stream().filter(e -> e.type().equals("EPOCH_COLLISION")).toList();
    }

    private static RedisClusterSimulator met(int n, long seed) {
        RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(0).replicasPerMaster(0).spares(n).seed(seed)
                .clock(SimClock.simulated()).start();
        for (SimNode s : sim.spares()) {
            assertThat(call(s, "CLUSTER", "SET-CONFIG-EPOCH", "5")).isEqualTo("+OK\r\n");
        }
        for (int i = 1; i < n; i++) {
            assertThat(call(sim.spares().get(0), "CLUSTER", "MEET", "127.0.0.1", String.valueOf(sim.spares().get(i).port())))
                    .isEqualTo("+OK\r\n");
        }
        return sim;
    }

    private static void awaitUniqueAgreedEpochs(RedisClusterSimulator sim) {
        sim.awaitCondition("unique configEpochs that every node agrees on", () -> {
            Set<Long> epochs = new HashSet<>();
            for (SimNode about : sim.spares()) {
                long e = epochIn(about, about.id());
                for (SimNode viewer : sim.spares()) {
                    if (epochIn(viewer, about.id()) != e) {
                        return false;
                    }
                }
                epochs.add(e);
            }
            return epochs.size() == sim.spares().size();
        }, Duration.ofSeconds(30));
    }

    @Test
    void twoMastersWithTheSameConfigEpochLeaveItToTheLargerIdAndTheSmallerTakesCurrentEpochPlusOne() {
        try (RedisClusterSimulator sim = met(2, 41)) {
            awaitUniqueAgreedEpochs(sim);
            List<SimNode> byId = sim.spares().stream().sorted(Comparator.comparing(SimNode::id)).toList();
            SimNode smaller = byId.get(0);
            SimNode larger = byId.get(1);
            for (SimNode viewer : sim.spares()) {
                assertThat(epochIn(viewer, larger.id())).isEqualTo(5);
                assertThat(epochIn(viewer, smaller.id())).isEqualTo(6);
                assertThat(call(viewer, "CLUSTER", "INFO")).contains("cluster_current_epoch:6\r\n");
            }
            assertThat(call(smaller, "CLUSTER", "INFO")).contains("cluster_my_epoch:6\r\n");
            assertThat(call(larger, "CLUSTER", "INFO")).contains("cluster_my_epoch:5\r\n");
            List<ClusterEvent> events = collisions(sim);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).node()).isEqualTo(smaller.address());
            assertThat(events.get(0).detail()).isEqualTo("with " + larger.id() + ", configEpoch now 6");
        }
    }

    @Test
    void threeMastersWithTheSameConfigEpochEndWithUniqueEpochsTheLargestIdKeepingItsOwn() {
        try (RedisClusterSimulator sim = met(3, 43)) {
            awaitUniqueAgreedEpochs(sim);
            List<SimNode> byId = sim.spares().stream().sorted(Comparator.comparing(SimNode::id)).toList();
            SimNode largest = byId.get(2);
            assertThat(epochIn(largest, largest.id())).isEqualTo(5);
            assertThat(Set.of(epochIn(largest, byId.get(0).id()), epochIn(largest, byId.get(1).id())))
                    .containsExactlyInAnyOrder(6L, 7L);
            sim.awaitCondition("currentEpoch 7 everywhere", () -> sim.spares().stream()
                    .allMatch(s -> call(s, "CLUSTER", "INFO").contains("cluster_current_epoch:7\r\n")), Duration.ofSeconds(10));
            Set<String> bumped = new HashSet<>();
            for (ClusterEvent e : collisions(sim)) {
                bumped.add(e.node());
            }
            assertThat(bumped).containsExactlyInAnyOrder(byId.get(0).address(), byId.get(1).address());
            assertThat(collisions(sim)).hasSize(2);
        }
    }
}
