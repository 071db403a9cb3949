package dev.rcsim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/** {@code scenarios().movedLoop(slot)}: two masters whose views send clients to each other, and the way out. */
class MovedLoopScenarioTest {
    private static final String KEY = "b"; // slot 3300, on the first master (0-5460)
    private static final int SLOT = 3300;

    private static RedisClusterSimulator cluster() {
        return RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).seed(11).clock(SimClock.simulated())
                .config("cluster-node-timeout", "5000").start();
    }

    @Test
    void rawClientsAreSentBackAndForthBetweenTheOwnerAndTheTarget() throws IOException {
        try (RedisClusterSimulator sim = cluster()) {
            SimNode a = sim.masters().get(0);
            SimNode b = sim.masters().get(1);
            SimNode c = sim.masters().get(2);
            assertThat(HashSlots.slot(KEY)).isEqualTo(SLOT);
            Fault loop = sim.scenarios().movedLoop(SLOT);
            assertThat(loop.toString()).isEqualTo("moved-loop " + a.address() + " " + SLOT + " " + b.address());
            try (RawClient ra = new RawClient(a.port()); RawClient rb = new RawClient(b.port());
                    RawClient rc = new RawClient(c.port())) {
                for (int hop = 0; hop < 3; hop++) {
                    assertThat(ra.call("GET", KEY)).isEqualTo("-MOVED 3300 " + b.address() + "\r\n");
                    assertThat(rb.call("GET", KEY)).isEqualTo("-MOVED 3300 " + a.address() + "\r\n");
                }
                assertThat(rc.call("SET", KEY, "v")).isEqualTo("-MOVED 3300 " + a.address() + "\r\n");
            }
            // gossip repairs nothing: a minute of pings later the loop is still there
            sim.clock().advance(Duration.ofSeconds(60));
            try (Jedis ja = new Jedis(a.host(), a.port()); Jedis jb = new Jedis(b.host(), b.port())) {
                assertThatThrownBy(() -> ja.get(KEY)).isInstanceOf(JedisMovedDataException.class)
                        .hasMessage("MOVED 3300 " + b.address());
                assertThatThrownBy(() -> jb.get(KEY)).isInstanceOf(JedisMovedDataException.class)
                        .hasMessage("MOVED 3300 " + a.address());
                assertThat(ja.clusterInfo()).contains("cluster_state:ok");
            }
            assertThat(a.ownsSlot(SLOT)).isFalse();
            assertThat(b.ownsSlot(SLOT)).isFalse();
            var check = sim.admin().check();
            assertThat(check.agree()).isFalse();
            assertThat(check.uncovered()).containsExactly(SLOT);

            loop.heal();
            try (Jedis ja = new Jedis(a.host(), a.port())) {
                assertThat(ja.set(KEY, "v")).isEqualTo("OK");
            }
            assertThat(sim.admin().check().ok()).isTrue();
        }
    }

    @Test
    void jedisClusterGivesUpAfterItsAttemptsAndWorksAfterTheHeal() {
        try (RedisClusterSimulator sim = cluster()) {
            Fault loop = sim.scenarios().movedLoop(SLOT);
            try (JedisCluster jc = new JedisCluster(sim.seeds(HostAndPort::new))) {
                assertThatThrownBy(() -> jc.get(KEY)).isInstanceOf(JedisClusterOperationException.class)
                        .hasMessage("No more cluster attempts left.")
                        .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty()
                                .allMatch(s -> s instanceof JedisMovedDataException
                                        && s.getMessage().startsWith("MOVED 3300 ")));
                loop.heal();
                assertThat(jc.set(KEY, "v")).isEqualTo("OK");
                assertThat(jc.get(KEY)).isEqualTo("v");
            }
        }
    }

    @Test
    void lettuceRunsOutOfRedirectsAndReportsTheLastMoved() {
        try (RedisClusterSimulator sim = cluster()) {
            SimNode a = sim.masters().get(0);
            Fault loop = sim.scenarios().movedLoop(SLOT);
            RedisClusterClient client = RedisClusterClient.create(RedisURI.create(a.host(), a.port()));
            try (var conn = client.connect()) {
                assertThatThrownBy(() -> conn.sync().get(KEY)).isInstanceOf(RedisCommandExecutionException.class)
                        .hasMessageStartingWith("MOVED 3300 ");
                loop.heal();
                assertThat(conn.sync().set(KEY, "v")).isEqualTo("OK");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void adminFixCoversTheSlotAndEndsTheLoop() {
        try (RedisClusterSimulator sim = cluster()) {
            Fault loop = sim.scenarios().movedLoop(SLOT, sim.masters().get(2));
            assertThat(sim.admin().fix().ok()).isTrue();
            sim.awaitHealthy();
            try (JedisCluster jc = new JedisCluster(sim.seeds(HostAndPort::new))) {
                assertThat(jc.set(KEY, "v")).isEqualTo("OK");
            }
            loop.heal(); // the owner claims it again: harmless once fixed
            assertThat(sim.admin().check().ok()).isTrue();
        }
    }

    @Test
    void aSlotWithKeysIsRefusedAsRedisRefusesIt() {
        try (RedisClusterSimulator sim = cluster()) {
            try (JedisCluster jc = new JedisCluster(sim.seeds(HostAndPort::new))) {
                jc.set(KEY, "v");
            }
            assertThatThrownBy(() -> sim.scenarios().movedLoop(SLOT)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("slot 3300 holds keys on " + sim.masters().get(0).address() + ": ERR Can't assign "
                            + "hashslot 3300 to a different node while I still hold keys for this hash slot.");
            assertThat(sim.admin().check().ok()).isTrue();
        }
    }
}
