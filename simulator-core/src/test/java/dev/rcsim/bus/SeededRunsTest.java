package dev.rcsim.bus;

import dev.rcsim.internal.Internals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.events.ClusterEvent;
import dev.rcsim.time.SimClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One seed repeats a run (DESIGN invariant 3), and the seed's sub-streams are named per subsystem and
 * node: restarting or adding a node does not shift another node's draws.
 */
class SeededRunsTest {

    private static RedisClusterSimulator cluster(long seed, int spares) {
        return RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).spares(spares).seed(seed)
                .clock(SimClock.simulated()).start();
    }

    private static List<String> ids(RedisClusterSimulator sim) {
        return sim.nodes().stream().map(SimNode::id).toList();
    }

    private static String runId(SimNode n) {
        return Internals.node(n).runId();
    }

    /** The events of a failover of master 0, with each address replaced by its node's index. */
    private static List<String> failoverEvents(long seed) {
        try (RedisClusterSimulator sim = cluster(seed, 0)) {
            long t0 = sim.clock().millis();
            sim.kill(sim.masters().get(0));
            sim.awaitFailover(sim.masters().get(0));
            List<String> out = new ArrayList<>();
            for (ClusterEvent e : sim.events().all()) {
                String node = e.node();
                for (int i = 0; i < sim.nodes().size(); i++) {
                    node = node.replace(sim.nodes().get(i).address(), "node" + i);
                }
                out.add((e.timeMillis() - t0) + " " + node + " " + e.type() + " " + e.detail());
            }
            return out;
        }
    }

    @Test
    void sameSeedGivesTheSameNodeIdsAndRunIds() {
        List<String> ids;
        List<String> runIds;
        try (RedisClusterSimulator a = cluster(42, 0)) {
            ids = ids(a);
            runIds = a.nodes().stream().map(SeededRunsTest::runId).toList();
        }
        try (RedisClusterSimulator b = cluster(42, 0)) {
            assertThat(ids(b)).isEqualTo(ids);
            assertThat(b.nodes().stream().map(SeededRunsTest::runId).toList()).isEqualTo(runIds);
        }
        try (RedisClusterSimulator c = cluster(43, 0)) {
            assertThat(ids(c)).doesNotContainAnyElementsOf(ids);
        }
    }

    @Test
    void sameSeedMakesTheSameElectionAndGossipDecisions() {
        List<String> first = failoverEvents(5);
        assertThat(first).anyMatch(e -> e.contains("ELECTION_SCHEDULED in "));
        assertThat(first).anyMatch(e -> e.contains(" PFAIL "));
        assertThat(failoverEvents(5)).isEqualTo(first);
    }

    @Test
    void addingANodeDoesNotShiftTheDrawsOfTheOthers() {
        try (RedisClusterSimulator a = cluster(9, 0); RedisClusterSimulator b = cluster(9, 2)) {
            assertThat(ids(b).subList(0, 6)).isEqualTo(ids(a));
            for (int i = 0; i < 6; i++) {
                SimNode x = a.nodes().get(i);
                SimNode y = b.nodes().get(i);
                assertThat(runId(y)).isEqualTo(runId(x));
                for (String stream : List.of("election", "gossip", "commands")) {
                    assertThat(Internals.node(y).random(stream).nextLong()).as(stream).isEqualTo(Internals.node(x).random(stream).nextLong());
                }
            }
        }
    }

    @Test
    void restartingOneNodeDoesNotChangeTheNextRunOfAnother() {
        String restartedAlone;
        long electionAlone;
        try (RedisClusterSimulator a = cluster(11, 0)) {
            SimNode b = a.replicas().get(1);
            a.restart(b);
            restartedAlone = runId(b);
            electionAlone = Internals.node(b).random("election").nextLong();
        }
        try (RedisClusterSimulator a = cluster(11, 0)) {
            SimNode first = a.replicas().get(0);
            SimNode b = a.replicas().get(1);
            String before = runId(first);
            a.restart(first);
            assertThat(runId(first)).isNotEqualTo(before); // a restarted redis-server has a new run id
            a.restart(b);
            assertThat(runId(b)).isEqualTo(restartedAlone);
            assertThat(Internals.node(b).random("election").nextLong()).isEqualTo(electionAlone);
        }
    }
}
