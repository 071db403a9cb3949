package dev.rcsim.examples;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.junit5.RedisClusterTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;

/** Redirects a node served, counted per node, kind and slot: cluster.metrics() and the event log. */
@RedisClusterTest(masters = 3, replicasPerMaster = 1)
class RedirectsExampleTest {

    @Test
    void aClientAskingTheWrongNodeGetsOneMoved(RedisClusterSimulator cluster) {
        SimNode owner = cluster.masterFor("user:42");
        SimNode other = cluster.masters().get(owner == cluster.masters().get(0) ? 1 : 0);
        int slot = RedisClusterSimulator.slotOf("user:42");

        try (Jedis wrong = new Jedis(other.host(), other.port())) {
            assertThatThrownBy(() -> wrong.get("user:42"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("MOVED " + slot + " " + owner.address());
        }

        assertThat(cluster).servedRedirects("MOVED").forSlot(slot).on(other).count(1);
        assertThat(cluster.metrics(other).redirects("MOVED")).isEqualTo(1);
    }

    @Test
    void aClusterClientThatKnowsTheTopologyIsNeverRedirected(RedisClusterSimulator cluster) {
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            for (int i = 0; i < 100; i++) {
                jedis.set("key:" + i, "v");
            }
        }
        assertThat(cluster).hasNoEvents("MOVED");
        assertThat(cluster.metrics().redirects("MOVED")).isZero();
    }
}
