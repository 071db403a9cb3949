package dev.rcsim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.time.SimClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/** The slot-configuration scenarios (uncovered slots, a stuck resharding) seen through Jedis, and their recovery. */
class TroubleshootingScenariosTest {
    private static RedisClusterSimulator cluster(String fullCoverage) {
        return RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).seed(11).clock(SimClock.simulated())
                .config("cluster-node-timeout", "5000").config("cluster-require-full-coverage", fullCoverage).start();
    }

    private static String keyIn(int first, int last, String prefix) {
        for (int i = 0; ; i++) {
            int s = HashSlots.slot(prefix + i);
            if (s >= first && s <= last) {
                return prefix + i;
            }
        }
    }

    @Test
    void uncoveredSlotsOfAMasterBringTheWholeClusterDownUntilAddslots() {
        try (RedisClusterSimulator sim = cluster("yes")) {
            SimNode m0 = sim.masters().get(0);
            SimNode m1 = sim.masters().get(1);
            String lost = keyIn(0, 5460, "k");
            String other = keyIn(5461, 10922, "k");
            try (JedisCluster jc = new JedisCluster(sim.seeds(HostAndPort::new))) {
                jc.set(lost, "a");
                jc.set(other, "b");
            }
            Fault f = sim.scenarios().uncoveredSlots(m0);
            try (Jedis j = new Jedis(m1.host(), m1.port())) {
                assertThat(j.clusterInfo()).contains("cluster_state:fail").contains("cluster_slots_assigned:10923");
                assertThatThrownBy(() -> j.get(other)).isInstanceOf(JedisDataException.class)
                        .hasMessage("CLUSTERDOWN The cluster is down");
            }
            assertThat(sim.admin().check().uncovered()).hasSize(5461);
            f.heal();
            sim.awaitHealthy();
            try (JedisCluster jc = new JedisCluster(sim.seeds(HostAndPort::new))) {
                assertThat(jc.get(lost)).isEqualTo("a");
                assertThat(jc.get(other)).isEqualTo("b");
            }
        }
    }

    @Test
    void uncoveredSlotRangeWithoutFullCoverageAnswersHashSlotNotServedForItsKeysOnly() {
        try (RedisClusterSimulator sim = cluster("no")) {
            SimNode m2 = sim.masters().get(2);
            String lost = keyIn(100, 200, "k");
            String other = keyIn(201, 5460, "k");
            try (JedisCluster jc = new JedisCluster(sim.seeds(HostAndPort::new))) {
                jc.set(lost, "a");
                jc.set(other, "b");
            }
            Fault f = sim.scenarios().uncoveredSlots(100, 200);
            try (Jedis j = new Jedis(m2.host(), m2.port())) {
                assertThat(j.clusterInfo()).contains("cluster_state:ok").contains("cluster_slots_assigned:16283");
                assertThatThrownBy(() -> j.get(lost)).isInstanceOf(JedisDataException.class)
                        .hasMessage("CLUSTERDOWN Hash slot not served");
            }
            try (Jedis j = new Jedis(sim.masters().get(0).host(), sim.masters().get(0).port())) {
                assertThat(j.get(other)).isEqualTo("b");
            }
            // Jedis 5 refuses to start a JedisCluster on a slot map with holes
            assertThatThrownBy(() -> new JedisCluster(sim.seeds(HostAndPort::new)).close())
                    .hasMessage("Could not initialize cluster slots cache.");
            f.heal();
            sim.awaitHealthy();
            try (JedisCluster jc = new JedisCluster(sim.seeds(HostAndPort::new))) {
                assertThat(jc.get(lost)).isEqualTo("a");
            }
        }
    }

    @Test
    void stuckReshardingAnswersAskAndTryagainUntilFixFinishesTheMove() {
        try (RedisClusterSimulator sim = cluster("yes")) {
            SimNode from = sim.masters().get(0);
            SimNode to = sim.masters().get(1);
            String tag = keyIn(0, 5460, "t");
            int slot = HashSlots.slot(tag);
            List<String> keys = new ArrayList<>();
            try (JedisCluster jc = new JedisCluster(sim.seeds(HostAndPort::new))) {
                for (int i = 0; i < 10; i++) {
                    keys.add("{" + tag + "}:" + i);
                    jc.set(keys.get(i), "v" + i);
                }
            }
            Fault f = sim.scenarios().stuckResharding(slot, from, to);
            List<String> moved = new ArrayList<>();
            try (Jedis j = new Jedis(from.host(), from.port()); Jedis t = new Jedis(to.host(), to.port())) {
                for (String k : keys) {
                    try {
                        assertThat(j.get(k)).isEqualTo("v" + k.substring(k.lastIndexOf(':') + 1));
                    } catch (JedisAskDataException e) {
                        assertThat(e.getSlot()).isEqualTo(slot);
                        assertThat(e.getTargetNode().getPort()).isEqualTo(to.port());
                        moved.add(k);
                    }
                }
                assertThat(moved).hasSize(5);
                assertThatThrownBy(() -> j.mget(keys.toArray(new String[0]))).isInstanceOf(JedisDataException.class)
                        .hasMessage("TRYAGAIN Multiple keys request during rehashing of slot");
                assertThatThrownBy(() -> t.get(moved.get(0))).isInstanceOf(JedisMovedDataException.class);
                t.asking();
                assertThat(t.get(moved.get(0))).startsWith("v");
            }
            try (JedisCluster jc = new JedisCluster(sim.seeds(HostAndPort::new))) {
                for (int i = 0; i < keys.size(); i++) {
                    assertThat(jc.get(keys.get(i))).isEqualTo("v" + i); // Jedis follows ASK
                }
            }
            assertThat(sim.admin().check().openSlots()).containsExactly(slot);
            f.heal();
            sim.awaitHealthy();
            assertThat(to.ownsSlot(slot)).isTrue();
            assertThat(sim.admin().check().ok()).isTrue();
            try (JedisCluster jc = new JedisCluster(sim.seeds(HostAndPort::new))) {
                for (int i = 0; i < keys.size(); i++) {
                    assertThat(jc.get(keys.get(i))).isEqualTo("v" + i);
                }
            }
        }
    }
}
