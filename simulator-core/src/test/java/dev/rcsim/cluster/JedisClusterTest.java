package dev.rcsim.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.internal.Internals;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisClusterOperationException;

/** Jedis 5's JedisCluster against a formed 3x1 cluster: topology from CLUSTER SLOTS, routing, hash tags. */
class JedisClusterTest {
    static RedisClusterSimulator sim;
    static JedisCluster jedis;

    @BeforeAll
    static void start() {
        sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start();
        jedis = new JedisCluster(sim.seeds(HostAndPort::new));
    }

    @AfterAll
    static void stop() {
        jedis.close();
        sim.close();
    }

    @Test
    void topologyHasThreeMastersAndThreeReplicas() {
        assertThat(jedis.getClusterNodes()).hasSize(6);
        assertThat(jedis.getClusterNodes().keySet()).containsExactlyInAnyOrderElementsOf(sim.seeds());
    }

    @Test
    void keysSpreadOverAllMastersAndReadBack() {
        for (int i = 0; i < 300; i++) {
            jedis.set("key:" + i, "value:" + i);
        }
        for (int i = 0; i < 300; i++) {
            assertThat(jedis.get("key:" + i)).isEqualTo("value:" + i);
        }
        for (SimNode m : sim.masters()) {
            assertThat(Internals.node(m).call(() -> Internals.node(m).db(0).size())).isGreaterThan(50);
        }
        Set<String> owners = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            owners.add(sim.masterFor("key:" + i).id());
        }
        assertThat(owners).hasSize(3);
    }

    @Test
    void hashTaggedKeysLiveOnOneMaster() {
        jedis.set("{user:1}:name", "ada");
        jedis.set("{user:1}:email", "ada@example.com");
        assertThat(sim.masterFor("{user:1}:name")).isSameAs(sim.masterFor("{user:1}:email"));
        SimNode owner = sim.masterFor("{user:1}:name");
        assertThat(Internals.node(owner).call(() -> Internals.node(owner).db(0).size())).isPositive();
        assertThat(jedis.get("{user:1}:email")).isEqualTo("ada@example.com");
    }

    @Test
    void multiKeyCommandsWorkWithinOneTag() {
        ClusterTestSupport.assumeImplemented("mset", "mget");
        jedis.mset("{t}a", "1", "{t}b", "2");
        assertThat(jedis.mget("{t}a", "{t}b")).containsExactly("1", "2");
    }

    @Test
    void crossSlotMultiKeyCommandIsRefused() {
        assertThatThrownBy(() -> jedis.mget("a", "b")).isInstanceOf(JedisClusterOperationException.class);
    }
}
