package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    @Test
    void keyWithTtlDisappearsOnceTheClockPassesIt() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            c.call("SET", "k", "v", "PX", "1500");
            assertThat(c.call("PTTL", "k")).isEqualTo(":1500\r\n");
            assertThat(c.call("TTL", "k")).isEqualTo(":2\r\n");
            clock.advance(Duration.ofMillis(1499));
            assertThat(c.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            clock.advance(Duration.ofMillis(1));
            assertThat(c.call("GET", "k")).isEqualTo("$-1\r\n");
            assertThat(c.call("TTL", "k")).isEqualTo(":-2\r\n");
        }
    }

    @Test
    void expireWithNegativeOrZeroDeletesAndPropagatesDel() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            List<String> prop = n.capturePropagation();
            c.call("SET", "k", "v");
            assertThat(c.call("EXPIRE", "k", "-5")).isEqualTo(":1\r\n");
            assertThat(c.call("EXISTS", "k")).isEqualTo(":0\r\n");
            c.call("SET", "k", "v");
            assertThat(c.call("EXPIRE", "k", "0")).isEqualTo(":1\r\n");
            assertThat(c.call("EXPIRE", "k", "0")).isEqualTo(":0\r\n");
            assertThat(prop).containsExactly("SET k v", "DEL k", "SET k v", "DEL k");
        }
    }

    @Test
    void relativeExpiresPropagateAsAbsolutePexpireat() throws Exception {
        SimClock clock = SimClock.simulated(1_000_000);
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            List<String> prop = n.capturePropagation();
            c.call("SET", "k", "v");
            c.call("EXPIRE", "k", "10");
            c.call("PEXPIRE", "k", "500", "LT");
            c.call("SET", "s", "v", "EX", "5");
            c.call("GETEX", "s", "PERSIST");
            assertThat(prop).containsExactly("SET k v", "PEXPIREAT k 1010000", "PEXPIREAT k 1000500 LT",
                    "SET s v PXAT 1005000", "PERSIST s");
        }
    }

    @Test
    void nxXxGtLtFollowRedisRules() throws Exception {
        SimClock clock = SimClock.simulated(1_000_000);
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            c.call("SET", "k", "v");
            assertThat(c.call("EXPIRE", "k", "100", "XX")).isEqualTo(":0\r\n");
            assertThat(c.call("EXPIRE", "k", "100", "GT")).isEqualTo(":0\r\n");
            assertThat(c.call("EXPIRE", "k", "100", "LT")).isEqualTo(":1\r\n");
            assertThat(c.call("EXPIRE", "k", "50", "NX")).isEqualTo(":0\r\n");
            assertThat(c.call("EXPIRE", "k", "200", "GT")).isEqualTo(":1\r\n");
            assertThat(c.call("EXPIRE", "k", "300", "LT")).isEqualTo(":0\r\n");
            assertThat(c.call("EXPIRETIME", "k")).isEqualTo(":1200\r\n");
            assertThat(c.call("PEXPIRETIME", "k")).isEqualTo(":1200000\r\n");
            assertThat(c.call("EXPIRE", "k", "1", "NX", "GT"))
                    .isEqualTo("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
            assertThat(c.call("EXPIRE", "k", "1", "GT", "LT"))
                    .isEqualTo("-ERR GT and LT options at the same time are not compatible\r\n");
        }
    }

    @Test
    void getexSetsAndClearsTtlAndPastExatDeletes() throws Exception {
        SimClock clock = SimClock.simulated(5_000_000);
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            c.call("SET", "k", "v");
            assertThat(c.call("GETEX", "k", "EX", "10")).isEqualTo("$1\r\nv\r\n");
            assertThat(c.call("TTL", "k")).isEqualTo(":10\r\n");
            assertThat(c.call("GETEX", "k", "PERSIST")).isEqualTo("$1\r\nv\r\n");
            assertThat(c.call("TTL", "k")).isEqualTo(":-1\r\n");
            assertThat(c.call("GETEX", "k", "EXAT", "1")).isEqualTo("$1\r\nv\r\n");
            assertThat(c.call("EXISTS", "k")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void activeExpiryRemovesKeysNobodyReads() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            for (int i = 0; i < 50; i++) {
                c.call("SET", "k" + i, "v", "PX", "100");
            }
            c.call("SET", "keep", "v");
            clock.advance(Duration.ofSeconds(2));
            long deadline = System.nanoTime() + 5_000_000_000L;
            int size;
            do {
                size = n.node.call(() -> n.node.db(0).size());
            } while (size != 1 && System.nanoTime() < deadline);
            assertThat(size).isEqualTo(1);
        }
    }

    @Test
    void persistRemovesTheTtlOnce() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            c.call("SET", "k", "v", "EX", "10");
            assertThat(c.call("PERSIST", "k")).isEqualTo(":1\r\n");
            assertThat(c.call("PERSIST", "k")).isEqualTo(":0\r\n");
            clock.advance(Duration.ofSeconds(20));
            assertThat(c.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
        }
    }

    @Test
    void restoreWithAPastAbsoluteTtlStoresNothing() throws Exception {
        SimClock clock = SimClock.simulated(10_000_000);
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            c.call("SET", "k", "v");
            byte[] payload = KeyCommandsTest.bulkBody(c.callBytes(KeyCommandsTest.b("DUMP"), KeyCommandsTest.b("k")));
            c.callBytes(KeyCommandsTest.b("RESTORE"), KeyCommandsTest.b("r"), KeyCommandsTest.b("5"), payload,
                    KeyCommandsTest.b("ABSTTL"));
            assertThat(c.call("EXISTS", "r")).isEqualTo(":0\r\n");
            c.callBytes(KeyCommandsTest.b("RESTORE"), KeyCommandsTest.b("r"), KeyCommandsTest.b("5000"), payload);
            assertThat(c.call("PEXPIRETIME", "r")).isEqualTo(":10005000\r\n");
        }
    }
}
