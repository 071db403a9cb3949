package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * CLIENT PAUSE / UNPAUSE on a node with a simulated clock: what is postponed (writes and may-replicate
 * commands under WRITE, everything under ALL), when it runs (pause end, UNPAUSE, in arrival order), and
 * expiry held while paused — the behaviour observed on redis-server 7.0.15.
 */
class ClientPauseTest {

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
    }

    private static int postponed(TestNode n) {
        return n.node.call(() -> n.node.pause().postponedCount());
    }

    /** The CLIENT LIST line of the client named {@code name}. */
    private static String clientLine(RawClient admin, String name) throws Exception {
        for (String line : admin.call("CLIENT", "LIST").split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                return line;
            }
        }
        throw new AssertionError("no client " + name);
    }

    private static String field(String line, String name) {
        Matcher m = Pattern.compile(" " + name + "=(\\S*)").matcher(line);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void writePauseAnswersReadsAtOnceAndRunsWritesWhenThePauseEnds() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient admin = n.raw(); RawClient writer = n.raw()) {
            admin.call("SET", "k", "v");
            writer.call("CLIENT", "SETNAME", "writer");
            assertThat(admin.call("CLIENT", "PAUSE", "1000", "WRITE")).isEqualTo("+OK\r\n");
            writer.send("SET".getBytes(), "k".getBytes(), "w".getBytes());
            await("SET postponed", () -> postponed(n) == 1);
            assertThat(admin.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            String line = clientLine(admin, "writer");
            assertThat(field(line, "flags")).isEqualTo("b");
            assertThat(field(line, "cmd")).isEqualTo("set");
            assertThat(admin.call("INFO", "clients")).contains("blocked_clients:1\r\n");
            clock.advance(Duration.ofMillis(1000));
            assertThat(postponed(n)).isEqualTo(1); // Redis ends the pause once the clock is past its end
            clock.advance(Duration.ofMillis(1));
            assertThat(writer.readReplyString()).isEqualTo("+OK\r\n");
            assertThat(admin.call("GET", "k")).isEqualTo("$1\r\nw\r\n");
            assertThat(admin.call("INFO", "clients")).contains("blocked_clients:0\r\n");
        }
    }

    @Test
    void postponedClientsRunInArrivalOrderOnUnpause() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient admin = n.raw();
             RawClient a = n.raw(); RawClient b = n.raw(); RawClient c = n.raw()) {
            admin.call("CLIENT", "PAUSE", "60000", "WRITE");
            RawClient[] clients = {a, b, c};
            for (int i = 0; i < clients.length; i++) {
                clients[i].send("RPUSH".getBytes(), "l".getBytes(), ("v" + i).getBytes());
                clients[i].send("GET".getBytes(), "l".getBytes()); // pipelined behind the postponed write
                int expected = i + 1;
                await("client " + i + " postponed", () -> postponed(n) == expected);
            }
            assertThat(admin.call("LLEN", "l")).isEqualTo(":0\r\n");
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
            for (int i = 0; i < clients.length; i++) {
                assertThat(clients[i].readReplyString()).isEqualTo(":" + (i + 1) + "\r\n");
                assertThat(clients[i].readReplyString()).startsWith("-WRONGTYPE");
            }
            assertThat(admin.call("LRANGE", "l", "0", "-1")).isEqualTo("*3\r\n$2\r\nv0\r\n$2\r\nv1\r\n$2\r\nv2\r\n");
        }
    }

    @Test
    void allPauseHoldsReadsAndEvenUnpauseUntilItEnds() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient admin = n.raw(); RawClient reader = n.raw(); RawClient other = n.raw()) {
            admin.call("SET", "k", "v");
            assertThat(admin.call("CLIENT", "PAUSE", "500", "ALL")).isEqualTo("+OK\r\n");
            reader.send("GET".getBytes(), "k".getBytes());
            await("GET postponed", () -> postponed(n) == 1);
            other.send("CLIENT".getBytes(), "UNPAUSE".getBytes());
            await("UNPAUSE postponed too", () -> postponed(n) == 2);
            clock.advance(Duration.ofMillis(501));
            assertThat(reader.readReplyString()).isEqualTo("$1\r\nv\r\n");
            assertThat(other.readReplyString()).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void aSecondPauseKeepsTheLaterEndAndTheStricterMode() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient admin = n.raw(); RawClient reader = n.raw()) {
            admin.call("CLIENT", "PAUSE", "5000", "WRITE");
            admin.call("CLIENT", "PAUSE", "100", "ALL"); // ALL until 5000, not WRITE after 100
            clock.advance(Duration.ofMillis(200));
            reader.send("GET".getBytes(), "k".getBytes());
            await("GET postponed", () -> postponed(n) == 1);
            clock.advance(Duration.ofMillis(4801));
            assertThat(reader.readReplyString()).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void zeroAndOverflowingTimeoutsPauseNothing() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient c = n.raw()) {
            assertThat(c.call("CLIENT", "PAUSE", "0", "ALL")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "a", "1")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLIENT", "PAUSE", "9223372036854775807")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "a", "2")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void expiredKeysReadAsMissingButAreNotDeletedWhilePaused() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            c.call("SET", "k", "v", "PX", "100");
            c.call("CLIENT", "PAUSE", "5000", "WRITE");
            clock.advance(Duration.ofMillis(300));
            assertThat(c.call("GET", "k")).isEqualTo("$-1\r\n");
            assertThat(c.call("EXISTS", "k")).isEqualTo(":0\r\n");
            assertThat(c.call("PTTL", "k")).isEqualTo(":-2\r\n");
            assertThat(c.call("KEYS", "*")).isEqualTo("*0\r\n");
            assertThat(c.call("DBSIZE")).isEqualTo(":1\r\n");
            assertThat(c.call("INFO", "stats")).contains("expired_keys:0\r\n");
            c.call("CLIENT", "UNPAUSE");
            assertThat(c.call("DBSIZE")).isEqualTo(":1\r\n");
            clock.advance(Duration.ofMillis(200)); // active expiry runs again
            assertThat(c.call("DBSIZE")).isEqualTo(":0\r\n");
            assertThat(c.call("INFO", "stats")).contains("expired_keys:1\r\n");
        }
    }

    @Test
    void writesInsideMultiArePostponedNotQueuedAndReadOnlyExecRuns() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient admin = n.raw();
             RawClient tx = n.raw(); RawClient ro = n.raw()) {
            tx.call("CLIENT", "SETNAME", "tx");
            admin.call("CLIENT", "PAUSE", "60000", "WRITE");
            assertThat(tx.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(tx.call("GET", "x")).isEqualTo("+QUEUED\r\n");
            tx.send("SET".getBytes(), "x".getBytes(), "1".getBytes());
            await("SET postponed", () -> postponed(n) == 1);
            assertThat(field(clientLine(admin, "tx"), "flags")).isEqualTo("xb");
            assertThat(ro.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(ro.call("GET", "x")).isEqualTo("+QUEUED\r\n");
            assertThat(ro.call("EXEC")).isEqualTo("*1\r\n$-1\r\n");
            admin.call("CLIENT", "UNPAUSE");
            assertThat(tx.readReplyString()).isEqualTo("+QUEUED\r\n");
            // an EXEC holding a write is postponed as a whole
            admin.call("CLIENT", "PAUSE", "60000", "WRITE");
            tx.send("EXEC".getBytes());
            await("EXEC postponed", () -> postponed(n) == 1);
            assertThat(field(clientLine(admin, "tx"), "cmd")).isEqualTo("exec");
            admin.call("CLIENT", "UNPAUSE");
            assertThat(tx.readReplyString()).isEqualTo("*2\r\n$-1\r\n+OK\r\n");
        }
    }

    @Test
    void publishIsPostponedByAWritePauseButPingIsNot() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient admin = n.raw(); RawClient pub = n.raw()) {
            admin.call("CLIENT", "PAUSE", "60000", "WRITE");
            assertThat(pub.call("PING")).isEqualTo("+PONG\r\n");
            pub.send("PUBLISH".getBytes(), "ch".getBytes(), "m".getBytes());
            await("PUBLISH postponed", () -> postponed(n) == 1);
            admin.call("CLIENT", "UNPAUSE");
            assertThat(pub.readReplyString()).isEqualTo(":0\r\n");
        }
    }

    @Test
    void blpopWaitsForThePauseBeforeItsTimeoutStarts() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient admin = n.raw(); RawClient b = n.raw()) {
            admin.call("CLIENT", "PAUSE", "5000", "WRITE");
            b.send("BLPOP".getBytes(), "l".getBytes(), "1".getBytes());
            await("BLPOP postponed", () -> postponed(n) == 1);
            clock.advance(Duration.ofMillis(5001));
            await("BLPOP blocked on its key", () -> n.node.call(() -> n.node.blockingKeys()) == 1);
            admin.call("RPUSH", "l", "x");
            assertThat(b.readReplyString()).isEqualTo("*2\r\n$1\r\nl\r\n$1\r\nx\r\n");
        }
    }

    @Test
    void clientUnblockErrorRepliesAndPostponesTheCommandAgain() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient admin = n.raw(); RawClient w = n.raw()) {
            String id = w.call("CLIENT", "ID").substring(1).trim();
            admin.call("CLIENT", "PAUSE", "60000", "WRITE");
            w.send("SET".getBytes(), "z".getBytes(), "1".getBytes());
            await("SET postponed", () -> postponed(n) == 1);
            assertThat(admin.call("CLIENT", "UNBLOCK", id, "ERROR")).isEqualTo(":1\r\n");
            assertThat(w.readReplyString()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
            await("SET postponed again", () -> postponed(n) == 1);
            admin.call("CLIENT", "UNPAUSE");
            assertThat(w.readReplyString()).isEqualTo("+OK\r\n");
            assertThat(admin.call("GET", "z")).isEqualTo("$1\r\n1\r\n");
        }
    }

    @Test
    void jedisWriteWaitsForARealTimePauseWhileReadsGoOn() throws Exception {
        try (TestNode n = TestNode.start(); Jedis admin = new Jedis("127.0.0.1", n.port());
             Jedis writer = new Jedis("127.0.0.1", n.port())) {
            admin.set("k", "v");
            assertThat(admin.clientPause(300, ClientPauseMode.WRITE)).isEqualTo("OK");
            long start = System.nanoTime();
            java.util.concurrent.CompletableFuture<String> set =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> writer.set("k", "w"));
            await("SET postponed", () -> postponed(n) == 1);
            assertThat(admin.get("k")).isEqualTo("v");
            assertThat(set.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("OK");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(250).toNanos());
            assertThat(admin.get("k")).isEqualTo("w");
        }
    }
}
