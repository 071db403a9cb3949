package dev.rcsim.examples;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.junit5.RedisClusterTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisDataException;

/** JedisCluster against a 3 masters x 1 replica cluster shared by the class (flushed between tests). */
@RedisClusterTest(masters = 3, replicasPerMaster = 1)
class JedisClusterExampleTest {
    JedisCluster jedis;

    @BeforeEach
    void connect(RedisClusterSimulator cluster) {
        jedis = new JedisCluster(cluster.seeds(HostAndPort::new));
    }

    @AfterEach
    void disconnect() {
        jedis.close();
    }

    @Test
    void keysSpreadOverEveryMaster(RedisClusterSimulator cluster) {
        for (int i = 0; i < 300; i++) {
            jedis.set("user:" + i, "u" + i);
        }
        long total = 0;
        for (SimNode master : cluster.masters()) {
            try (Jedis node = new Jedis(master.host(), master.port())) {
                long keys = node.dbSize();
                assertThat(keys).as("keys on %s", master.address()).isGreaterThan(50);
                total += keys;
            }
        }
        assertThat(total).isEqualTo(300);
        assertThat(jedis.get("user:42")).isEqualTo("u42");
        assertThat(cluster).isHealthy().hasAllSlotsCovered();
    }

    @Test
    void hashTagsKeepKeysTogetherForMultiKeyCommands() {
        jedis.set("{cart:7}:items", "3");
        jedis.set("{cart:7}:total", "42.50");
        assertThat(jedis.mget("{cart:7}:items", "{cart:7}:total")).containsExactly("3", "42.50");
    }

    @Test
    void keysInDifferentSlotsAreRefusedWithCrossslot(RedisClusterSimulator cluster) {
        // JedisCluster checks slots itself before sending...
        assertThatThrownBy(() -> jedis.mget("a", "b")).isInstanceOf(JedisClusterOperationException.class)
                .hasMessageContaining("same hashslot");
        // ...a plain connection shows what the node answers
        SimNode owner = cluster.masterFor("a");
        try (Jedis node = new Jedis(owner.host(), owner.port())) {
            assertThatThrownBy(() -> node.mget("a", "b")).isInstanceOf(JedisDataException.class)
                    .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
        }
    }
}
