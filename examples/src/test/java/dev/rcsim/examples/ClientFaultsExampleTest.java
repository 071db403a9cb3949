package dev.rcsim.examples;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.Fault;
import dev.rcsim.junit5.ClockMode;
import dev.rcsim.junit5.RedisClusterTest;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisException;

/** What clients see when a node stops answering or answers late, and that they recover once healed. */
@RedisClusterTest(masters = 3, replicasPerMaster = 1, clock = ClockMode.SYSTEM)
class ClientFaultsExampleTest {
    @Test
    void aPausedMasterTimesTheClientOutUntilHealed(RedisClusterSimulator cluster) {
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new), 300, 2)) {
            jedis.set("{order:7}:state", "paid");
            SimNode master = cluster.masterFor("{order:7}:state");

            Fault pause = cluster.faults().pause(master);
            assertThatThrownBy(() -> jedis.get("{order:7}:state")).isInstanceOf(JedisException.class);

            pause.heal();
            assertThat(jedis.get("{order:7}:state")).isEqualTo("paid");
            assertThat(cluster).hasEvents("FAULT").count(1);
            assertThat(cluster).hasEvents("HEAL").count(1);
        }
    }

    @Test
    void latencyBeyondTheClientTimeoutFailsTheCommandThenRecovers(RedisClusterSimulator cluster) {
        RedisClusterClient client = RedisClusterClient.create(List.copyOf(cluster.seeds(
                (h, p) -> RedisURI.builder().withHost(h).withPort(p).withTimeout(Duration.ofMillis(100)).build())));
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            var redis = conn.sync();
            redis.set("session:1", "s");
            SimNode master = cluster.masterFor("session:1");

            try (Fault slowNetwork = cluster.faults().latency(master, Duration.ofMillis(300))) {
                assertThatThrownBy(() -> redis.get("session:1")).isInstanceOf(RedisCommandTimeoutException.class);
            } // closing the fault heals it

            // replies keep their order on a connection: the late reply of the timed-out GET still comes
            // first, then commands are on time again
            awaitAnswer(() -> redis.get("session:1"));
            long t0 = System.nanoTime();
            assertThat(redis.get("session:1")).isEqualTo("s");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(100));
        } finally {
            client.shutdown();
        }
    }

    static void awaitAnswer(Runnable command) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                command.run();
                return;
            } catch (RedisCommandTimeoutException stillLate) {
                if (System.nanoTime() > deadline) {
                    throw stillLate;
                }
            }
        }
    }

    @Test
    void aSmallLatencyOnlySlowsTheClientDown(RedisClusterSimulator cluster) {
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            jedis.set("k", "v");
            cluster.faults().latency(cluster.masterFor("k"), Duration.ofMillis(50));
            long t0 = System.nanoTime();
            assertThat(jedis.get("k")).isEqualTo("v");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        }
    }
}
