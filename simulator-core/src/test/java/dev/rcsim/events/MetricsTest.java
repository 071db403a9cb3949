package dev.rcsim.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.fault.Fault;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** cluster.metrics(): state, slots, nodes ok, replication lag and redirects, each from the node's own view. */
class MetricsTest {

    private static RedisClusterSimulator cluster() {
        return RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(5)
                .clock(SimClock.simulated()).config("cluster-node-timeout", "5000").start();
    }

    @Test
    void aFormedClusterReportsOkAllSlotsAndAllNodesOk() {
        try (RedisClusterSimulator sim = cluster()) {
            ClusterMetrics m = sim.metrics();
            assertThat(m.nodes()).hasSize(6);
            for (NodeMetrics n : m.nodes()) {
                assertThat(n.clusterState()).isEqualTo("ok");
                assertThat(n.slotsAssigned()).isEqualTo(16384);
                assertThat(n.knownNodes()).isEqualTo(6);
                assertThat(n.nodesOk()).isEqualTo(6);
                assertThat(n.replicationLagMs()).isZero();
            }
            assertThat(m.redirects("MOVED")).isZero();
        }
    }

    @Test
    void aKilledMasterLowersNodesOkInTheOthersViews() {
        try (RedisClusterSimulator sim = cluster()) {
            SimNode dead = sim.masters().get(0);
            sim.faults().kill(dead);
            sim.clock().advance(Duration.ofSeconds(8));
            NodeMetrics other = sim.metrics(sim.masters().get(1));
            assertThat(other.nodesOk()).isEqualTo(5);
            assertThat(sim.metrics(dead).running()).isFalse();
        }
    }

    @Test
    void replicationLagGrowsWithSimulatedTimeWhileTheStreamIsHeld() throws Exception {
        try (RedisClusterSimulator sim = cluster()) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            Fault hold = sim.faults().holdReplication(replica);
            sim.clock().advance(Duration.ofSeconds(1));
            try (Jedis j = new Jedis(master.host(), master.port())) {
                j.set(keyOf(master), "v");
            }
            sim.clock().advance(Duration.ofSeconds(3));
            NodeMetrics r = sim.metrics(replica);
            assertThat(r.replicationLagBytes()).isPositive();
            assertThat(r.replicationLagMs()).isGreaterThanOrEqualTo(3000);
            hold.heal();
            sim.awaitCondition("replica caught up", () -> sim.metrics(replica).replicationLagBytes() == 0, Duration.ofSeconds(5));
            assertThat(sim.metrics(replica).replicationLagMs()).isZero();
        }
    }

    @Test
    void movedRepliesAreCountedPerNodeAndSlotAndRecordedAsEvents() {
        try (RedisClusterSimulator sim = cluster()) {
            SimNode owner = sim.masters().get(0);
            SimNode other = sim.masters().get(1);
            String key = keyOf(owner);
            int slot = HashSlots.slot(key);
            try (Jedis j = new Jedis(other.host(), other.port())) {
                for (int i = 0; i < 2; i++) {
                    try {
                        j.get(key);
                    } catch (JedisDataException e) {
                        assertThat(e.getMessage()).isEqualTo("MOVED " + slot + " " + owner.address());
                    }
                }
            }
            assertThat(sim.metrics(other).redirects("MOVED")).isEqualTo(2);
            assertThat(sim.events().redirects().served(other.address(), "MOVED", slot)).isEqualTo(2);
            assertThat(sim.events().matching(e -> e.type().equals("MOVED")))
                    .extracting(ClusterEvent::node, ClusterEvent::detail)
                    .containsOnly(org.assertj.core.groups.Tuple.tuple(other.address(), "slot " + slot + " to " + owner.address()));
        }
    }

    private static String keyOf(SimNode n) {
        for (int i = 0; ; i++) {
            if (n.ownsSlot(HashSlots.slot("k" + i))) {
                return "k" + i;
            }
        }
    }
}
