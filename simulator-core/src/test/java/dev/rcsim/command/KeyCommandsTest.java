package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class KeyCommandsTest {

    @Test
    void scanReturnsEveryKeyPresentThroughoutDespiteConcurrentInsertsAndDeletes() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                j.set("stable:" + i, "v");
                stable.add("stable:" + i);
                j.set("gone:" + i, "v");
            }
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            int round = 0;
            do {
                ScanResult<String> r = j.scan(cursor, new ScanParams().count(7));
                seen.addAll(r.getResult());
                cursor = r.getCursor();
                // churn between calls: add new keys, delete others
                for (int k = 0; k < 5; k++) {
                    j.set("new:" + round + ":" + k, "v");
                    j.del("gone:" + (round * 5 + k) % 500);
                }
                round++;
            } while (!cursor.equals("0"));
            assertThat(seen).containsAll(stable);
        }
    }

    @Test
    void scanHonoursMatchAndType() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("MSET", "user:1", "a", "user:2", "b", "other", "c");
            assertThat(c.call("SCAN", "0", "MATCH", "user:*", "COUNT", "100"))
                    .startsWith("*2\r\n$1\r\n0\r\n*2\r\n").contains("user:1").contains("user:2").doesNotContain("other");
            assertThat(c.call("SCAN", "0", "TYPE", "hash", "COUNT", "100")).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
            assertThat(c.call("SCAN", "x")).isEqualTo("-ERR invalid cursor\r\n");
        }
    }

    @Test
    void keysMatchesGlobPatterns() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            j.mset("h1llo", "1", "hallo", "2", "hxllo", "3", "other", "4");
            assertThat(j.keys("h[ae]llo")).containsExactly("hallo");
            assertThat(j.keys("h?llo")).containsExactlyInAnyOrder("h1llo", "hallo", "hxllo");
            assertThat(j.keys("*")).hasSize(4);
        }
    }

    @Test
    void randomkeyReturnsAnExistingKeyOrNull() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            assertThat(j.randomKey()).isNull();
            j.mset("a", "1", "b", "2");
            assertThat(j.randomKey()).isIn("a", "b");
        }
    }

    @Test
    void renameMovesValueAndTtl() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "a", "v", "EX", "100");
            assertThat(c.call("RENAME", "a", "b")).isEqualTo("+OK\r\n");
            assertThat(c.call("TTL", "b")).isEqualTo(":100\r\n");
            assertThat(c.call("RENAME", "a", "c")).isEqualTo("-ERR no such key\r\n");
            c.call("SET", "c", "w");
            assertThat(c.call("RENAMENX", "b", "c")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void copyAndMoveAcrossDatabases() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "a", "v");
            assertThat(c.call("COPY", "a", "a", "DB", "3")).isEqualTo(":1\r\n");
            assertThat(c.call("COPY", "a", "a", "DB", "3")).isEqualTo(":0\r\n");
            assertThat(c.call("COPY", "a", "a", "DB", "3", "REPLACE")).isEqualTo(":1\r\n");
            assertThat(c.call("MOVE", "a", "3")).isEqualTo(":0\r\n");
            assertThat(c.call("MOVE", "a", "4")).isEqualTo(":1\r\n");
            assertThat(c.call("EXISTS", "a")).isEqualTo(":0\r\n");
            c.call("SELECT", "4");
            assertThat(c.call("GET", "a")).isEqualTo("$1\r\nv\r\n");
        }
    }

    @Test
    void dumpAndRestoreRoundTripWithTtlAndReplace() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            byte[] value = {1, 2, 0, (byte) 0xfe};
            c.callBytes(b("SET"), b("k"), value);
            byte[] reply = c.callBytes(b("DUMP"), b("k"));
            byte[] payload = bulkBody(reply);
            assertThat(new String(c.callBytes(b("RESTORE"), b("k"), b("0"), payload)))
                    .isEqualTo("-BUSYKEY Target key name already exists.\r\n");
            assertThat(new String(c.callBytes(b("RESTORE"), b("k2"), b("100000"), payload))).isEqualTo("+OK\r\n");
            assertThat(c.call("PTTL", "k2")).matches(":(99\\d\\d\\d|100000)\r\n");
            assertThat(c.callBytes(b("GET"), b("k2"))).isEqualTo(c.callBytes(b("GET"), b("k")));
            c.call("SET", "k", "other");
            assertThat(new String(c.callBytes(b("RESTORE"), b("k"), b("0"), payload, b("REPLACE")))).isEqualTo("+OK\r\n");
            assertThat(c.callBytes(b("GET"), b("k"))).isEqualTo(c.callBytes(b("GET"), b("k2")));
            assertThat(new String(c.callBytes(b("RESTORE-ASKING"), b("k3"), b("1"), payload, b("ABSTTL"))))
                    .isEqualTo("+OK\r\n");
            assertThat(c.call("EXISTS", "k3")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void restoreRefusesACorruptedPayload() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "k", "hello");
            byte[] payload = bulkBody(c.callBytes(b("DUMP"), b("k")));
            payload[2] ^= 1;
            assertThat(new String(c.callBytes(b("RESTORE"), b("x"), b("0"), payload)))
                    .isEqualTo("-ERR DUMP payload version or checksum are wrong\r\n");
        }
    }

    @Test
    void objectIdletimeAndRestoreIdletimeFollowTheClock() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            c.call("SET", "k", "v");
            clock.advance(Duration.ofSeconds(30));
            assertThat(c.call("OBJECT", "IDLETIME", "k")).isEqualTo(":30\r\n");
            c.call("GET", "k");
            assertThat(c.call("OBJECT", "IDLETIME", "k")).isEqualTo(":0\r\n");
            byte[] payload = bulkBody(c.callBytes(b("DUMP"), b("k")));
            c.callBytes(b("RESTORE"), b("r"), b("0"), payload, b("IDLETIME"), b("500"));
            assertThat(c.call("OBJECT", "IDLETIME", "r")).isEqualTo(":500\r\n");
        }
    }

    @Test
    void objectFreqWorksOnlyUnderAnLfuPolicy() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "k", "v");
            assertThat(c.call("OBJECT", "FREQ", "k")).startsWith("-ERR An LFU maxmemory policy is not selected");
        }
        try (TestNode n = TestNode.start("maxmemory-policy", "allkeys-lfu"); RawClient c = n.raw()) {
            c.call("SET", "k", "v");
            assertThat(c.call("OBJECT", "FREQ", "k")).isEqualTo(":5\r\n");
            for (int i = 0; i < 100; i++) {
                c.call("GET", "k");
            }
            assertThat(c.call("OBJECT", "FREQ", "k")).isNotEqualTo(":5\r\n");
            assertThat(c.call("OBJECT", "IDLETIME", "k")).startsWith("-ERR An LFU maxmemory policy is selected");
        }
    }

    @Test
    void delUnlinkExistsTouchAndType() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("MSET", "a", "1", "b", "2");
            assertThat(c.call("EXISTS", "a", "a", "zz")).isEqualTo(":2\r\n");
            assertThat(c.call("TOUCH", "a", "b", "zz")).isEqualTo(":2\r\n");
            assertThat(c.call("TYPE", "a")).isEqualTo("+string\r\n");
            assertThat(c.call("DEL", "a", "zz")).isEqualTo(":1\r\n");
            assertThat(c.call("UNLINK", "b")).isEqualTo(":1\r\n");
            assertThat(c.call("TYPE", "a")).isEqualTo("+none\r\n");
        }
    }

    static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The body of a bulk reply {@code $n\r\n<body>\r\n}. */
    static byte[] bulkBody(byte[] reply) {
        int i = 0;
        while (reply[i] != '\r') {
            i++;
        }
        int len = Integer.parseInt(new String(reply, 1, i - 1));
        return java.util.Arrays.copyOfRange(reply, i + 2, i + 2 + len);
    }
}
