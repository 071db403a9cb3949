package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class ServerCommandsTest {
    @Test
    void flushallEmptiesEveryDbAndDbsizeCounts() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "a", "1");
            assertThat(c.call("DBSIZE")).isEqualTo(":1\r\n");
            assertThat(c.call("FLUSHALL", "ASYNC")).isEqualTo("+OK\r\n");
            assertThat(c.call("DBSIZE")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void swapdbExchangesDatabases() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "a", "1");
            assertThat(c.call("SWAPDB", "0", "1")).isEqualTo("+OK\r\n");
            assertThat(c.call("DBSIZE")).isEqualTo(":0\r\n");
            c.call("SELECT", "1");
            assertThat(c.call("GET", "a")).isEqualTo("$1\r\n1\r\n");
        }
    }

    @Test
    void timeComesFromTheSimulatedClock() throws Exception {
        SimClock clock = SimClock.simulated(1_700_000_000_000L);
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            assertThat(c.call("TIME")).startsWith("*2\r\n$10\r\n1700000000\r\n");
        }
    }

    @Test
    void infoIsAVerbatimStringInResp3AndParsesInJedis() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            c.call("HELLO", "3");
            assertThat(c.call("INFO", "server")).startsWith("=").contains("txt:# Server\r\nredis_version:7.0.15\r\n");
            assertThat(j.info()).contains("tcp_port:" + n.port()).contains("cluster_enabled:0");
            j.set("x", "1");
            assertThat(j.info("commandstats")).contains("cmdstat_set:calls=1");
        }
    }

    @Test
    void debugSleepRepliesAfterTheSimulatedDelayWithoutBlockingOtherNodes() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock, "enable-debug-command", "yes"); TestNode other = TestNode.start(clock);
             RawClient c = n.raw(); RawClient o = other.raw()) {
            c.send("DEBUG".getBytes(), "SLEEP".getBytes(), "5".getBytes());
            c.send("PING".getBytes());
            assertThat(o.call("PING")).isEqualTo("+PONG\r\n");
            long deadline = System.nanoTime() + 5_000_000_000L; // DEBUG SLEEP reaches n's loop asynchronously
            while (n.node.call(() -> n.node.blockedClients()) == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(n.node.call(() -> n.node.blockedClients())).isEqualTo(1);
            clock.advance(Duration.ofSeconds(5));
            assertThat(c.readReplyString()).isEqualTo("+OK\r\n");
            assertThat(c.readReplyString()).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void shutdownStopsTheNodeAndClosesTheConnection() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.send("SHUTDOWN".getBytes(), "NOSAVE".getBytes());
            assertThat(c.isClosedByServer()).isTrue();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (n.node.isRunning() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(n.node.isRunning()).isFalse();
        }
    }

    @Test
    void configSetHzClampsAndProtoMaxBulkLenIsApplied() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("CONFIG", "SET", "hz", "1000", "proto-max-bulk-len", "2mb")).isEqualTo("+OK\r\n");
            assertThat(c.call("CONFIG", "GET", "hz")).isEqualTo("*2\r\n$2\r\nhz\r\n$3\r\n500\r\n");
            assertThat(n.node.config().longValue("proto-max-bulk-len")).isEqualTo(2L * 1024 * 1024);
        }
    }

    @Test
    void unknownCommandEchoesRawArgumentBytesCutAtNul() throws Exception {
        // found by the differential harness: Redis prints args with %.*s (raw bytes, stops at NUL)
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            byte[] reply = c.callBytes("NOSUCH".getBytes(), new byte[] {(byte) 0xff, 0, 1});
            assertThat(new String(reply, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .isEqualTo("-ERR unknown command 'NOSUCH', with args beginning with: '\u00ff' \r\n");
            assertThat(c.call("OBJECT", "a\u00e9")).isEqualTo("-ERR unknown subcommand 'a\u00c3\u00a9'. Try OBJECT HELP.\r\n");
        }
    }
}
