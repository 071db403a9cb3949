package dev.rcsim.keyspace;

import static dev.rcsim.keyspace.ActiveExpiryTest.infoField;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * maxmemory and maxmemory-policy as Redis 7.0's performEvictions: keys are evicted before a command
 * runs while used_memory is over the limit; with nothing to evict denyoom commands get -OOM (byte
 * for byte as redis-server), other commands still run.
 */
class MaxMemoryTest {
    private static final String OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

    private static void fill(RawClient c, String prefix, int n, int valueSize) throws IOException {
        String v = "x".repeat(valueSize);
        for (int i = 0; i < n; i++) {
            c.send("set".getBytes(), (prefix + i).getBytes(), v.getBytes());
        }
        for (int i = 0; i < n; i++) {
            assertThat(c.readReplyString()).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void allkeysLruKeepsWritesSucceedingUnderTheLimitAndCountsEvictions() throws Exception {
        try (TestNode n = TestNode.start("maxmemory", "2mb", "maxmemory-policy", "allkeys-lru"); RawClient c = n.raw()) {
            long limit = 2L * 1024 * 1024;
            for (int round = 0; round < 10; round++) {
                fill(c, "r" + round + ":", 1000, 1000);
                assertThat(infoField(c, "memory", "used_memory")).isLessThanOrEqualTo(limit + 2048);
            }
            assertThat(infoField(c, "stats", "evicted_keys")).isGreaterThan(5000);
            long keys = Long.parseLong(c.call("dbsize").substring(1).trim());
            assertThat(keys).isBetween(100L, 2000L);
            assertThat(c.call("info", "memory")).contains("maxmemory:2097152\r\n", "maxmemory_policy:allkeys-lru\r\n");
        }
    }

    @Test
    void allkeysLruEvictsTheKeysNotReadRecently() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock, "maxmemory-policy", "allkeys-lru", "maxmemory-samples", "10");
             RawClient c = n.raw()) {
            fill(c, "cold:", 1000, 500);
            clock.advance(Duration.ofSeconds(10));
            for (int i = 0; i < 100; i++) {
                c.call("get", "cold:" + i); // the first hundred become hot
            }
            long used = infoField(c, "memory", "used_memory");
            c.call("config", "set", "maxmemory", String.valueOf(used));
            clock.advance(Duration.ofSeconds(10));
            fill(c, "new:", 500, 500);
            int hotLeft = 0;
            for (int i = 0; i < 100; i++) {
                hotLeft += c.call("exists", "cold:" + i).equals(":1\r\n") ? 1 : 0;
            }
            int coldLeft = 0;
            for (int i = 100; i < 1000; i++) {
                coldLeft += c.call("exists", "cold:" + i).equals(":1\r\n") ? 1 : 0;
            }
            assertThat(hotLeft).isGreaterThanOrEqualTo(90);
            assertThat(coldLeft).isLessThan(600);
        }
    }

    @Test
    void allkeysLfuEvictsTheKeysReadLeastOften() throws Exception {
        try (TestNode n = TestNode.start("maxmemory-policy", "allkeys-lfu", "maxmemory-samples", "10"); RawClient c = n.raw()) {
            fill(c, "k:", 1000, 500);
            for (int r = 0; r < 20; r++) {
                for (int i = 0; i < 100; i++) {
                    c.call("get", "k:" + i);
                }
            }
            assertThat(c.call("object", "freq", "k:0")).isNotEqualTo(":5\r\n");
            assertThat(c.call("object", "freq", "k:500")).isEqualTo(":5\r\n");
            c.call("config", "set", "maxmemory", String.valueOf(infoField(c, "memory", "used_memory")));
            fill(c, "new:", 500, 500);
            int hotLeft = 0;
            for (int i = 0; i < 100; i++) {
                hotLeft += c.call("exists", "k:" + i).equals(":1\r\n") ? 1 : 0;
            }
            assertThat(hotLeft).isGreaterThanOrEqualTo(90);
            assertThat(infoField(c, "stats", "evicted_keys")).isGreaterThan(300);
        }
    }

    @Test
    void volatileTtlEvictsTheShortestTtlFirstAndNeverAKeyWithoutTtl() throws Exception {
        try (TestNode n = TestNode.start("maxmemory-policy", "volatile-ttl", "maxmemory-samples", "10"); RawClient c = n.raw()) {
            fill(c, "persistent:", 200, 500);
            for (int i = 0; i < 400; i++) {
                c.call("set", "v:" + i, "x".repeat(500), "EX", String.valueOf(1000 + i));
            }
            c.call("config", "set", "maxmemory", String.valueOf(infoField(c, "memory", "used_memory")));
            for (int i = 0; i < 100; i++) {
                assertThat(c.call("set", "new:" + i, "x".repeat(500))).isEqualTo("+OK\r\n");
            }
            assertThat(c.call("dbsize")).isNotEqualTo(":700\r\n");
            for (int i = 0; i < 200; i++) {
                assertThat(c.call("exists", "persistent:" + i)).isEqualTo(":1\r\n");
            }
            int shortLeft = 0;
            int longLeft = 0;
            for (int i = 0; i < 50; i++) {
                shortLeft += c.call("exists", "v:" + i).equals(":1\r\n") ? 1 : 0;
                longLeft += c.call("exists", "v:" + (350 + i)).equals(":1\r\n") ? 1 : 0;
            }
            assertThat(longLeft).isEqualTo(50); // the longest TTLs stay
            assertThat(shortLeft).isLessThan(25);
            // when every volatile key is gone, writes are refused
            c.call("config", "set", "maxmemory", "1");
            String reply = "";
            int allowed = 0;
            // an eviction that runs out of time (maxmemory-eviction-tenacity) lets the command run, as Redis's EVICT_RUNNING
            for (; allowed < 1000 && !(reply = c.call("set", "more:" + allowed, "x")).equals(OOM); allowed++) {
                assertThat(reply).isEqualTo("+OK\r\n");
            }
            assertThat(reply).isEqualTo(OOM);
            assertThat(c.call("info", "keyspace")).contains(",expires=0,");
            assertThat(c.call("dbsize")).isEqualTo(":" + (300 + allowed) + "\r\n"); // only keys without TTL left
        }
    }

    @Test
    void randomPoliciesEvictUntilUnderTheLimit() throws Exception {
        for (String policy : new String[] {"allkeys-random", "volatile-random", "volatile-lru", "volatile-lfu"}) {
            try (TestNode n = TestNode.start("maxmemory-policy", policy); RawClient c = n.raw()) {
                for (int i = 0; i < 500; i++) {
                    c.call("set", "k:" + i, "x".repeat(500), "EX", "100");
                }
                long used = infoField(c, "memory", "used_memory");
                c.call("config", "set", "maxmemory", String.valueOf(used - 50_000));
                assertThat(c.call("set", "one-more", "x")).as(policy).isEqualTo("+OK\r\n");
                assertThat(infoField(c, "memory", "used_memory")).as(policy).isLessThanOrEqualTo(used - 50_000 + 100);
                assertThat(infoField(c, "stats", "evicted_keys")).as(policy).isGreaterThan(50);
            }
        }
    }

    @Test
    void noevictionRepliesOomExactlyAsRedis() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start(); RawClient r = real.raw(); RawClient s = sim.raw()) {
            String[][] script = {
                {"set", "a", "1"}, {"config", "set", "maxmemory", "1"}, {"set", "b", "2"}, {"get", "a"},
                {"incr", "a"}, {"lpush", "l", "x"}, {"del", "a"}, {"ping"}, {"multi"}, {"get", "a"}, {"exec"},
                {"config", "set", "maxmemory", "0"}, {"multi"}, {"set", "c", "1"}, {"config", "set", "maxmemory", "1"},
                {"exec"}, {"config", "set", "maxmemory", "0"}, {"set", "d", "1"}, {"config", "set", "maxmemory-policy", "allkeys-lfu"},
                {"set", "e", "hello"}, {"object", "freq", "e"}, {"object", "idletime", "e"}, {"config", "set", "maxmemory-policy", "noeviction"},
                {"object", "freq", "d"}, {"config", "set", "maxmemory-samples", "0"}, {"config", "set", "lfu-log-factor", "-1"},
                {"config", "set", "lfu-decay-time", "x"}, {"config", "set", "maxmemory-eviction-tenacity", "101"},
                {"config", "set", "replica-ignore-maxmemory", "maybe"}, {"config", "set", "maxmemory", "-1"},
                {"config", "get", "maxmemory-samples"}, {"config", "get", "lfu-log-factor"}, {"config", "get", "lfu-decay-time"}, {"config", "get", "maxmemory-eviction-tenacity"},
                {"config", "get", "replica-ignore-maxmemory"},
            };
            for (String[] req : script) {
                assertThat(s.call(req)).as(String.join(" ", req)).isEqualTo(r.call(req));
            }
            s.call("config", "set", "maxmemory", "1");
            assertThat(s.call("set", "x", "y")).isEqualTo(OOM);
            assertThat(s.call("info", "stats")).contains("evicted_keys:0\r\n");
        }
    }
}
