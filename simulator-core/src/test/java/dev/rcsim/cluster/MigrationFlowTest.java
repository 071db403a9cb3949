package dev.rcsim.cluster;

import dev.rcsim.keyspace.HashSlots;
import static dev.rcsim.cluster.ClusterTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A slot moved by hand with the exact commands redis-cli sends (SETSLOT IMPORTING / MIGRATING,
 * MIGRATE, SETSLOT NODE), checking the redirections clients see at each step against the replies
 * captured from Redis 7.0.15, and MIGRATE's own replies and errors.
 */
class MigrationFlowTest {
    static RedisClusterSimulator sim;
    static SimNode m0;
    static SimNode m1;
    static SimNode m2;

    @BeforeAll
    static void start() {
        sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(7).start();
        m0 = sim.masters().get(0);
        m1 = sim.masters().get(1);
        m2 = sim.masters().get(2);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static String expected(String name) {
        return sample(name, m0, m1, m2);
    }

    static String myselfLine(RawClient c) throws Exception {
        for (String l : c.call("CLUSTER", "NODES").split("\n")) {
            if (l.contains("myself")) {
                return l;
            }
        }
        throw new AssertionError("no myself line");
    }

    @Test
    void movingASlotStepByStepGivesTheRedirectionsRedisGives() throws Exception {
        int slot = HashSlots.slot("{ask}");
        String s = String.valueOf(slot);
        try (RawClient src = new RawClient(m2.port()); RawClient dst = new RawClient(m0.port());
                RawClient other = new RawClient(m1.port())) {
            assertThat(src.call("SET", "{ask}present", "here")).isEqualTo("+OK\r\n");
            assertThat(src.call("RPUSH", "{ask}list", "a", "b")).isEqualTo(":2\r\n");
            // 1. target: importing
            assertThat(dst.call("CLUSTER", "SETSLOT", s, "importing", m2.id())).isEqualTo("+OK\r\n");
            assertThat(myselfLine(dst)).endsWith(" 0-5460 [" + slot + "-<-" + m2.id() + "]");
            assertThat(dst.call("GET", "{ask}absent")).isEqualTo(expected("importing.get_no_asking"));
            // 2. source: migrating
            assertThat(src.call("CLUSTER", "SETSLOT", s, "migrating", m0.id())).isEqualTo("+OK\r\n");
            assertThat(myselfLine(src)).endsWith(" 10923-16383 [" + slot + "->-" + m0.id() + "]");
            assertThat(src.call("GET", "{ask}absent")).isEqualTo(expected("ask.get_missing"));
            assertThat(src.call("GET", "{ask}present")).isEqualTo(expected("ask.get_present"));
            assertThat(src.call("SET", "{ask}absent", "x")).isEqualTo(expected("ask.set_missing"));
            assertThat(src.call("MGET", "{ask}present", "{ask}absent")).isEqualTo(expected("tryagain.mget"));
            assertThat(src.call("MGET", "{ask}absent1", "{ask}absent2")).isEqualTo(expected("ask.mget_all_missing"));
            assertThat(dst.call("ASKING")).isEqualTo(expected("asking.ok"));
            assertThat(dst.call("GET", "{ask}absent")).isEqualTo(expected("importing.get_asking"));
            assertThat(dst.call("ASKING")).isEqualTo("+OK\r\n");
            assertThat(dst.call("MGET", "{ask}absent1", "{ask}absent2")).isEqualTo(expected("importing.mget_asking"));
            // 3. keys move: GETKEYSINSLOT + MIGRATE ... KEYS
            assertThat(src.call("CLUSTER", "COUNTKEYSINSLOT", s)).isEqualTo(":2\r\n");
            assertThat(src.call("MIGRATE", m0.host(), String.valueOf(m0.port()), "", "0", "5000", "KEYS", "{ask}present"))
                    .isEqualTo("+OK\r\n");
            assertThat(src.call("GET", "{ask}present")).isEqualTo("-ASK " + slot + " " + m0.address() + "\r\n");
            assertThat(src.call("MGET", "{ask}present", "{ask}list")).isEqualTo(expected("tryagain.mget"));
            assertThat(dst.call("ASKING")).isEqualTo("+OK\r\n");
            assertThat(dst.call("GET", "{ask}present")).isEqualTo("$4\r\nhere\r\n");
            assertThat(src.call("CLUSTER", "SETSLOT", s, "node", m0.id())).isEqualTo("-ERR Can't assign hashslot " + slot
                    + " to a different node while I still hold keys for this hash slot.\r\n");
            assertThat(src.call("MIGRATE", m0.host(), String.valueOf(m0.port()), "{ask}list", "0", "5000")).isEqualTo("+OK\r\n");
            assertThat(src.call("MIGRATE", m0.host(), String.valueOf(m0.port()), "{ask}list", "0", "5000")).isEqualTo("+NOKEY\r\n");
            assertThat(src.call("CLUSTER", "GETKEYSINSLOT", s, "10")).isEqualTo("*0\r\n");
            // 4-6. SETSLOT NODE on target, source, then every other master
            long epochBefore = Long.parseLong(myselfLine(dst).split(" ")[6]);
            assertThat(dst.call("CLUSTER", "SETSLOT", s, "node", m0.id())).isEqualTo("+OK\r\n");
            assertThat(myselfLine(dst)).contains(" 0-5460 " + slot).doesNotContain("[");
            // 6 nodes formed like redis-cli create: configEpochs 1..6, currentEpoch 6; the bump takes 7
            assertThat(Long.parseLong(myselfLine(dst).split(" ")[6])).isEqualTo(7).isGreaterThan(epochBefore);
            assertThat(dst.call("CLUSTER", "INFO")).contains("cluster_current_epoch:7\r\n").contains("cluster_my_epoch:7\r\n");
            assertThat(dst.call("LRANGE", "{ask}list", "0", "-1")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
            assertThat(src.call("CLUSTER", "SETSLOT", s, "node", m0.id())).isEqualTo("+OK\r\n");
            assertThat(myselfLine(src)).contains(" 10923-" + (slot - 1) + " " + (slot + 1) + "-16383").doesNotContain("[");
            assertThat(other.call("CLUSTER", "SETSLOT", s, "node", m0.id())).isEqualTo("+OK\r\n");
            assertThat(src.call("GET", "{ask}present")).isEqualTo("-MOVED " + slot + " " + m0.address() + "\r\n");
            assertThat(other.call("GET", "{ask}present")).isEqualTo("-MOVED " + slot + " " + m0.address() + "\r\n");
            assertThat(dst.call("GET", "{ask}present")).isEqualTo("$4\r\nhere\r\n");
            // m0 broadcast a PONG after its bump, as Redis does: m2 learns currentEpoch 7 at once
            sim.awaitCondition("m2 learns m0's configEpoch", () -> Internals.node(m2).call(() -> NodeCluster.of(Internals.node(m2)).view().currentEpoch()) == 7,
                    java.time.Duration.ofSeconds(10));
            // and back, so that other tests see the usual layout
            assertThat(dst.call("CLUSTER", "COUNTKEYSINSLOT", s)).isEqualTo(":2\r\n");
            assertThat(src.call("CLUSTER", "SETSLOT", s, "importing", m0.id())).isEqualTo("+OK\r\n");
            assertThat(dst.call("CLUSTER", "SETSLOT", s, "migrating", m2.id())).isEqualTo("+OK\r\n");
            assertThat(dst.call("MIGRATE", m2.host(), String.valueOf(m2.port()), "", "0", "5000", "KEYS", "{ask}present",
                    "{ask}list")).isEqualTo("+OK\r\n");
            for (RawClient c : new RawClient[] {src, dst, other}) {
                assertThat(c.call("CLUSTER", "SETSLOT", s, "node", m2.id())).isEqualTo("+OK\r\n");
            }
            assertThat(src.call("GET", "{ask}present")).isEqualTo("$4\r\nhere\r\n");
            // m2 knew currentEpoch 7 from m0's PONG: its bump takes 8
            assertThat(myselfLine(src).split(" ")[6]).isEqualTo("8");
        }
    }

    @Test
    void migrateRepliesAndErrorsAsRedis() throws Exception {
        try (RawClient c = new RawClient(m0.port()); RawClient t = new RawClient(m1.port())) {
            String host = m1.host();
            String port = String.valueOf(m1.port());
            assertThat(c.call("SET", "{b}a", "1")).isEqualTo("+OK\r\n");
            assertThat(c.call("MIGRATE", host, port, "{b}a", "0", "1000", "keys", "{b}a"))
                    .isEqualTo("-ERR When using MIGRATE KEYS option, the key argument must be set to the empty string\r\n");
            assertThat(c.call("MIGRATE", host, port, "{b}a", "0", "1000", "bogus")).isEqualTo("-ERR syntax error\r\n");
            assertThat(c.call("MIGRATE", host, port, "{b}a", "0", "1000", "auth")).isEqualTo("-ERR syntax error\r\n");
            assertThat(c.call("MIGRATE", host, port, "{b}a", "0", "abc")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(c.call("MIGRATE", host, port, "{b}a", "x", "100")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(c.call("MIGRATE", host, port, "{b}nokey", "0", "1000")).isEqualTo("+NOKEY\r\n");
            assertThat(c.call("MIGRATE", host, port, "", "0", "1000", "keys", "{b}a", "x"))
                    .isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
            int closed;
            try (ServerSocket ss = new ServerSocket(0)) {
                closed = ss.getLocalPort();
            }
            assertThat(c.call("MIGRATE", "127.0.0.1", String.valueOf(closed), "{b}a", "0", "1000"))
                    .isEqualTo("-IOERR error or timeout writing to target instance\r\n");
            assertThat(c.call("MIGRATE", "nosuchhost.invalid", "1", "{b}a", "0", "300"))
                    .isEqualTo("-IOERR error or timeout connecting to the client\r\n");
            // the target node does not own the slot: RESTORE-ASKING without importing gets MOVED
            assertThat(c.call("MIGRATE", host, port, "{b}a", "0", "1000")).isEqualTo("-ERR Target instance replied with error: MOVED "
                    + HashSlots.slot("{b}a") + " " + m0.address() + "\r\n");
            int slot = HashSlots.slot("{b}a");
            assertThat(t.call("CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", m0.id())).isEqualTo("+OK\r\n");
            try {
                assertThat(t.call("ASKING")).isEqualTo("+OK\r\n");
                assertThat(t.call("SET", "{b}a", "other")).isEqualTo("+OK\r\n");
                assertThat(c.call("MIGRATE", host, port, "{b}a", "16", "1000", "replace"))
                        .isEqualTo("-ERR Target instance replied with error: ERR SELECT is not allowed in cluster mode\r\n");
                assertThat(c.call("MIGRATE", host, port, "{b}a", "0", "1000"))
                        .isEqualTo("-ERR Target instance replied with error: BUSYKEY Target key name already exists.\r\n");
                assertThat(c.call("MIGRATE", host, port, "{b}a", "0", "1000", "AUTH", "pw"))
                        .startsWith("-ERR Target instance replied with error: ERR AUTH <password> called without any password");
                assertThat(c.call("EXISTS", "{b}a")).isEqualTo(":1\r\n");
                assertThat(c.call("PEXPIRE", "{b}a", "100000")).isEqualTo(":1\r\n");
                assertThat(c.call("SET", "{b}b", "2")).isEqualTo("+OK\r\n");
                assertThat(c.call("MIGRATE", host, port, "", "0", "1000", "copy", "replace", "keys", "{b}a", "{b}b", "{b}zz"))
                        .isEqualTo("+OK\r\n");
                assertThat(c.call("MGET", "{b}a", "{b}b")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
                assertThat(t.call("ASKING")).isEqualTo("+OK\r\n");
                assertThat(t.call("MGET", "{b}a", "{b}b")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
                assertThat(t.call("ASKING")).isEqualTo("+OK\r\n");
                String pttl = t.call("PTTL", "{b}a");
                assertThat(Long.parseLong(pttl.substring(1).trim())).isBetween(1L, 100000L);
                assertThat(c.call("MIGRATE", host, port, "", "0", "1000", "replace", "keys", "{b}a", "{b}b")).isEqualTo("+OK\r\n");
                assertThat(c.call("EXISTS", "{b}a", "{b}b")).isEqualTo(":0\r\n");
            } finally {
                t.call("CLUSTER", "SETSLOT", String.valueOf(slot), "STABLE");
                t.call("DEL", "{b}a", "{b}b");
            }
        }
    }

    @Test
    void everyValueTypeMigratesAndDumpRoundTrips() throws Exception {
        try (RawClient c = new RawClient(m0.port()); RawClient t = new RawClient(m1.port())) {
            assertThat(c.call("HSET", "{k2}h", "f", "v", "g", "w")).isEqualTo(":2\r\n");
            assertThat(c.call("RPUSH", "{k2}l", "1", "2", "3")).isEqualTo(":3\r\n");
            assertThat(c.call("SADD", "{k2}s", "x", "y")).isEqualTo(":2\r\n");
            assertThat(c.call("SADD", "{k2}i", "5", "1")).isEqualTo(":2\r\n");
            assertThat(c.call("ZADD", "{k2}z", "1.5", "a", "-2", "b")).isEqualTo(":2\r\n");
            assertThat(c.call("SET", "{k2}str", "v")).isEqualTo("+OK\r\n");
            for (String k : new String[] {"{k2}h", "{k2}l", "{k2}s", "{k2}i", "{k2}z", "{k2}str"}) {
                byte[] dump = c.callBytes("DUMP".getBytes(), k.getBytes());
                String head = new String(dump, 0, 1);
                assertThat(head).as(k).isEqualTo("$");
                c.call("RENAME", k, k + "2");
                // RESTORE of the DUMP gives the same value back
                int nl = new String(dump, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\r\n");
                byte[] payload = java.util.Arrays.copyOfRange(dump, nl + 2, dump.length - 2);
                assertThat(new String(c.callBytes("RESTORE".getBytes(), k.getBytes(), "0".getBytes(), payload)))
                        .isEqualTo("+OK\r\n");
                assertThat(c.call("DEL", k + "2")).isEqualTo(":1\r\n");
            }
            int slot = HashSlots.slot("{k2}");
            String s = String.valueOf(slot);
            assertThat(t.call("CLUSTER", "SETSLOT", s, "IMPORTING", m0.id())).isEqualTo("+OK\r\n");
            assertThat(c.call("CLUSTER", "SETSLOT", s, "MIGRATING", m1.id())).isEqualTo("+OK\r\n");
            assertThat(c.call("MIGRATE", m1.host(), String.valueOf(m1.port()), "", "0", "1000", "KEYS",
                    "{k2}h", "{k2}l", "{k2}s", "{k2}i", "{k2}z", "{k2}str")).isEqualTo("+OK\r\n");
            for (RawClient n : new RawClient[] {c, t}) {
                assertThat(n.call("CLUSTER", "SETSLOT", s, "NODE", m1.id())).isEqualTo("+OK\r\n");
            }
            assertThat(t.call("HGETALL", "{k2}h")).isEqualTo("*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\ng\r\n$1\r\nw\r\n");
            assertThat(t.call("LRANGE", "{k2}l", "0", "-1")).isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
            assertThat(t.call("SMEMBERS", "{k2}i")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n5\r\n");
            assertThat(t.call("OBJECT", "ENCODING", "{k2}i")).isEqualTo("$6\r\nintset\r\n");
            assertThat(t.call("SCARD", "{k2}s")).isEqualTo(":2\r\n");
            assertThat(t.call("ZRANGE", "{k2}z", "0", "-1", "WITHSCORES")).isEqualTo("*4\r\n$1\r\nb\r\n$2\r\n-2\r\n$1\r\na\r\n$3\r\n1.5\r\n");
            assertThat(t.call("GET", "{k2}str")).isEqualTo("$1\r\nv\r\n");
            assertThat(c.call("DBSIZE")).isEqualTo(":0\r\n");
            // give it back
            assertThat(c.call("CLUSTER", "SETSLOT", s, "IMPORTING", m1.id())).isEqualTo("+OK\r\n");
            assertThat(t.call("CLUSTER", "SETSLOT", s, "MIGRATING", m0.id())).isEqualTo("+OK\r\n");
            assertThat(t.call("MIGRATE", m0.host(), String.valueOf(m0.port()), "", "0", "1000", "KEYS",
                    "{k2}h", "{k2}l", "{k2}s", "{k2}i", "{k2}z", "{k2}str")).isEqualTo("+OK\r\n");
            for (RawClient n : new RawClient[] {c, t}) {
                assertThat(n.call("CLUSTER", "SETSLOT", s, "NODE", m0.id())).isEqualTo("+OK\r\n");
            }
            try (RawClient o = new RawClient(m2.port())) {
                o.call("CLUSTER", "SETSLOT", s, "NODE", m0.id());
            }
            assertThat(c.call("DEL", "{k2}h", "{k2}l", "{k2}s", "{k2}i", "{k2}z", "{k2}str")).isEqualTo(":6\r\n");
        }
    }
}
