package dev.rcsim.fault;

import static dev.rcsim.testing.Nodes.keyOwnedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.events.ClusterEvent;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;

/** A forced TRYAGAIN for one slot: what raw RESP, Jedis and Lettuce see, and how it is counted. */
class TryAgainFaultTest {
    private static final String TRYAGAIN = "-TRYAGAIN Multiple keys request during rehashing of slot\r\n";
    private RedisClusterSimulator sim;
    private SimNode m;
    private String key;
    private int slot;

    @BeforeEach
    void start() {
        sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(7)
                .config("rcsim-faults", "yes").start();
        m = sim.masters().get(0);
        key = keyOwnedBy(m, "t");
        slot = HashSlots.slot(key);
    }

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void keysOfTheSlotServedHereGetTheRedisTryagainErrorUntilHealed() throws Exception {
        SimNode replica = sim.replicasOf(m).get(0);
        SimNode other = sim.masters().get(1);
        String otherSlotKey = keyOwnedBy(m, "u");
        while (HashSlots.slot(otherSlotKey) == slot) {
            otherSlotKey = otherSlotKey + "x";
        }
        try (RawClient c = new RawClient(m.port()); RawClient r = new RawClient(replica.port());
                RawClient o = new RawClient(other.port())) {
            assertThat(c.call("SET", key, "v")).isEqualTo("+OK\r\n");
            Fault f = sim.faults().tryAgain(m, slot);
            assertThat(f.toString()).isEqualTo("tryagain " + m.address() + " " + slot);
            assertThat(c.call("GET", key)).isEqualTo(TRYAGAIN);
            assertThat(c.call("SET", key, "w")).isEqualTo(TRYAGAIN);
            assertThat(c.call("MGET", key, key)).isEqualTo(TRYAGAIN);
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n"); // keyless: untouched
            assertThat(c.call("EXISTS", otherSlotKey)).isEqualTo(":0\r\n"); // another slot of the same node
            assertThat(c.call("HELLO", "3")).startsWith("%7\r\n");
            assertThat(c.call("GET", key)).isEqualTo(TRYAGAIN); // the same line in RESP3
            // a command the faulted node would redirect keeps its redirect
            assertThat(r.call("GET", key)).isEqualTo("-MOVED " + slot + " " + m.address() + "\r\n");
            sim.faults().tryAgain(other, slot);
            assertThat(o.call("GET", key)).isEqualTo("-MOVED " + slot + " " + m.address() + "\r\n");
            // the replica serves READONLY reads itself: then it is faulted too
            sim.faults().tryAgain(replica, slot);
            assertThat(r.call("READONLY")).isEqualTo("+OK\r\n");
            assertThat(r.call("GET", key)).isEqualTo(TRYAGAIN);

            assertThat(sim.events().redirects().served(m.address(), "TRYAGAIN", slot)).isEqualTo(4);
            assertThat(sim.events().redirects().served(replica.address(), "TRYAGAIN", slot)).isEqualTo(1);
            assertThat(sim.events().redirects().served(other.address(), "MOVED")).isEqualTo(1);
            assertThat(sim.metrics(m).redirects()).containsEntry("TRYAGAIN", 4L);
            assertThat(sim.events().matching(e -> e.type().equals("TRYAGAIN") && e.node().equals(m.address())))
                    .extracting(ClusterEvent::detail)
                    .first().isEqualTo("slot " + slot + " Multiple keys request during rehashing of slot");

            f.heal();
            assertThat(c.call("GET", key)).isEqualTo("$1\r\nv\r\n");
            assertThat(sim.events().matching(e -> e.type().equals("HEAL"))).extracting(ClusterEvent::detail)
                    .containsExactly("tryagain " + m.address() + " " + slot);
        }
    }

    @Test
    void jedisClusterThrowsTheTryagainErrorAtOnceAndWorksAfterHeal() {
        try (JedisCluster jc = new JedisCluster(sim.seeds(HostAndPort::new))) {
            jc.set(key, "v");
            Fault f = sim.faults().tryAgain(m, slot);
            // Jedis 5.2 does not know TRYAGAIN: no retry, the error surfaces as a plain data exception
            assertThatThrownBy(() -> jc.get(key)).isExactlyInstanceOf(JedisDataException.class)
                    .hasMessage("TRYAGAIN Multiple keys request during rehashing of slot");
            assertThat(sim.events().redirects().served(m.address(), "TRYAGAIN", slot)).isEqualTo(1);
            f.heal();
            assertThat(jc.get(key)).isEqualTo("v");
        }
    }

    @Test
    void lettuceClusterClientSurfacesTryagainAsACommandExecutionException() {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("redis://" + m.address()));
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            conn.setTimeout(Duration.ofSeconds(5));
            conn.sync().set(key, "v");
            Fault f = sim.faults().tryAgain(m, slot);
            assertThatThrownBy(() -> conn.sync().get(key)).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("TRYAGAIN Multiple keys request during rehashing of slot");
            f.heal();
            assertThat(conn.sync().get(key)).isEqualTo("v");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void tryAgainIsScriptableAndReachableOverResp() throws Exception {
        FaultScript s = sim.faults().parse("at 0s tryagain " + m.port() + " " + slot);
        assertThat(s.text()).isEqualTo("at 0s tryagain " + m.address() + " " + slot + "\n");
        assertThat(sim.faults().script().tryAgain(m, slot).text()).isEqualTo(s.text());
        assertThatThrownBy(() -> sim.faults().parse("at 0s tryagain " + m.address() + " 16384"))
                .hasMessageContaining("bad slot '16384'");
        s.run();
        assertThat(Internals.node(m).gate().forcesTryAgain(slot)).isTrue();
        sim.faults().healAll();
        assertThat(Internals.node(m).gate().forcesTryAgain(slot)).isFalse();

        try (RawClient c = new RawClient(m.port())) {
            assertThat(c.call("RCSIM", "FAULT", "TRYAGAIN", String.valueOf(slot))).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", key)).isEqualTo(TRYAGAIN);
            String line = "tryagain " + m.address() + " " + slot;
            assertThat(c.call("RCSIM", "FAULT", "LIST")).isEqualTo("*1\r\n$" + line.length() + "\r\n" + line + "\r\n");
            assertThat(c.call("RCSIM", "FAULT", "TRYAGAIN", "16384")).isEqualTo("-ERR Invalid or out of range slot\r\n");
            assertThat(c.call("RCSIM", "FAULT", "TRYAGAIN", "x")).isEqualTo("-ERR Invalid or out of range slot\r\n");
            assertThat(c.call("RCSIM", "FAULT", "TRYAGAIN")).isEqualTo("-ERR wrong number of arguments for 'rcsim fault tryagain'\r\n");
            assertThat(c.call("RCSIM", "FAULT", "HEAL")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", key)).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void aForcedTryagainOutlivesAKillAndRestartAndItsHealActsOnTheRestartedNode() throws Exception {
        // a real-time cluster: the restarted master comes back as a master (nothing failed it over yet)
        Fault f = sim.faults().tryAgain(m, slot);
        sim.kill(m);
        sim.restart(m);
        // a restarted master answers CLUSTERDOWN until it is back in the cluster (Redis's rejoin delay)
        sim.awaitHealthy();
        try (RawClient c = new RawClient(m.port())) {
            assertThat(c.call("GET", key)).isEqualTo(TRYAGAIN);
            f.heal();
            assertThat(c.call("GET", key)).isEqualTo("$-1\r\n");
        }
        assertThat(sim.faults().active()).isEmpty();
    }
}
