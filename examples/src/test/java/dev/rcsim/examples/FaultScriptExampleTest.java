package dev.rcsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.junit5.RedisClusterTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/** A fault script in text form, run on simulated time: ten seconds of faults in a few milliseconds. */
@RedisClusterTest(masters = 3, replicasPerMaster = 1, seed = 2024)
class FaultScriptExampleTest {
    @Test
    void aReplicaThatFellBehindCatchesUpWhenItsLinkHeals(RedisClusterSimulator cluster) {
        SimNode master = cluster.masters().get(0);
        SimNode replica = cluster.replicasOf(master).get(0);
        long start = cluster.clock().millis();

        cluster.faults().parse("""
                at 1s hold-replication %s
                at 10s heal all
                """.formatted(replica.address())).run();

        assertThat(cluster.clock().millis() - start).isEqualTo(10_000);
        assertThat(cluster.faults().history()).containsExactly(
                "at 1s hold-replication " + replica.address(),
                "at 10s heal " + replica.address() + " hold-replication");
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            jedis.set("{x}1", "v");
            assertThat(jedis.get("{x}1")).isEqualTo("v");
        }
        cluster.clock().advance(Duration.ofSeconds(1));
    }
}
