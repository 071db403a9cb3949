package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Blocking list commands against a node: wake-up by another client's push, FIFO order of blocked
 * clients, multi-key blocking, timeouts on a simulated clock, requests pipelined behind a blocked
 * command, and the Redis 7.0 rules checked on a real server (served from the key that became ready,
 * WRONGTYPE destination, key turned into a string).
 */
class BlockingListTest {

    private static void await(BooleanSupplier cond) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    private static void awaitBlocked(TestNode n, int count) {
        await(() -> n.node.call(n.node::blockedClients) == count);
    }

    @Test
    void blpopWaitsUntilAnotherClientPushes() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient p = n.raw()) {
            a.send("BLPOP".getBytes(), "k".getBytes(), "0".getBytes());
            awaitBlocked(n, 1);
            assertThat(p.call("RPUSH", "k", "v")).isEqualTo(":1\r\n");
            assertThat(a.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
            assertThat(p.call("LLEN", "k")).isEqualTo(":0\r\n");
            assertThat(n.node.call(n.node::blockingKeys)).isZero();
        }
    }

    @Test
    void clientsBlockedOnOneKeyAreServedInTheOrderTheyBlocked() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient b = n.raw(); RawClient p = n.raw()) {
            a.send("BRPOP".getBytes(), "k".getBytes(), "0".getBytes());
            awaitBlocked(n, 1);
            b.send("BRPOP".getBytes(), "k".getBytes(), "0".getBytes());
            awaitBlocked(n, 2);
            p.call("RPUSH", "k", "first");
            assertThat(a.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$5\r\nfirst\r\n");
            awaitBlocked(n, 1);
            p.call("RPUSH", "k", "second");
            assertThat(b.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$6\r\nsecond\r\n");
        }
    }

    @Test
    void onePushServesAsManyBlockedClientsAsItHasElements() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient b = n.raw(); RawClient p = n.raw()) {
            a.send("BLPOP".getBytes(), "k".getBytes(), "0".getBytes());
            awaitBlocked(n, 1);
            b.send("BLPOP".getBytes(), "k".getBytes(), "0".getBytes());
            awaitBlocked(n, 2);
            assertThat(p.call("RPUSH", "k", "x", "y")).isEqualTo(":2\r\n");
            assertThat(a.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nx\r\n");
            assertThat(b.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\ny\r\n");
        }
    }

    @Test
    void clientBlockedOnSeveralKeysIsServedByTheFirstKeyThatGetsData() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient p = n.raw()) {
            a.send("BLPOP".getBytes(), "k1".getBytes(), "k2".getBytes(), "k3".getBytes(), "0".getBytes());
            awaitBlocked(n, 1);
            p.call("LPUSH", "k3", "v3");
            assertThat(a.readReplyString()).isEqualTo("*2\r\n$2\r\nk3\r\n$2\r\nv3\r\n");
            assertThat(n.node.call(n.node::blockingKeys)).isZero();
        }
    }

    @Test
    void pushesInOneTransactionServeFromTheKeyWrittenFirstAsRedis70() throws Exception {
        // real redis 7.0.15: MULTI; RPUSH k2 a; RPUSH k1 b; EXEC wakes "BLPOP k1 k2" with k2's element
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient p = n.raw()) {
            a.send("BLPOP".getBytes(), "k1".getBytes(), "k2".getBytes(), "0".getBytes());
            awaitBlocked(n, 1);
            p.call("MULTI");
            p.call("RPUSH", "k2", "a");
            p.call("RPUSH", "k1", "b");
            assertThat(p.call("EXEC")).isEqualTo("*2\r\n:1\r\n:1\r\n");
            assertThat(a.readReplyString()).isEqualTo("*2\r\n$2\r\nk2\r\n$1\r\na\r\n");
        }
    }

    @Test
    void timeoutRepliesNullArrayInResp2AndNullInResp3OnTheSimulatedClock() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient a = n.raw(); RawClient b = n.raw()) {
            b.call("HELLO", "3");
            a.send("BLPOP".getBytes(), "k".getBytes(), "5".getBytes());
            b.send("BLMOVE".getBytes(), "k".getBytes(), "d".getBytes(), "LEFT".getBytes(), "LEFT".getBytes(), "2.5".getBytes());
            awaitBlocked(n, 2);
            clock.advance(Duration.ofMillis(2499));
            assertThat(n.node.call(n.node::blockedClients)).isEqualTo(2);
            clock.advance(Duration.ofMillis(1));
            assertThat(b.readReplyString()).isEqualTo("_\r\n");
            clock.advance(Duration.ofMillis(2499));
            assertThat(n.node.call(n.node::blockedClients)).isEqualTo(1);
            clock.advance(Duration.ofMillis(1));
            assertThat(a.readReplyString()).isEqualTo("*-1\r\n");
            assertThat(n.node.call(n.node::blockingKeys)).isZero();
        }
    }

    @Test
    void zeroTimeoutWaitsForever() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient a = n.raw(); RawClient p = n.raw()) {
            a.send("BRPOPLPUSH".getBytes(), "k".getBytes(), "d".getBytes(), "0".getBytes());
            awaitBlocked(n, 1);
            clock.advance(Duration.ofMinutes(10));
            assertThat(n.node.call(n.node::blockedClients)).isEqualTo(1);
            p.call("RPUSH", "k", "v");
            assertThat(a.readReplyString()).isEqualTo("$1\r\nv\r\n");
            assertThat(p.call("LRANGE", "d", "0", "-1")).isEqualTo("*1\r\n$1\r\nv\r\n");
        }
    }

    @Test
    void shortRealTimeTimeoutExpires() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw()) {
            assertThat(a.call("BLMPOP", "0.05", "2", "k1", "k2", "LEFT")).isEqualTo("*-1\r\n");
            assertThat(a.call("BRPOP", "k1", "0.0001")).isEqualTo("*-1\r\n");
            assertThat(n.node.call(n.node::blockedClients)).isZero();
        }
    }

    @Test
    void requestsPipelinedBehindABlockedCommandWaitForIt() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient p = n.raw()) {
            a.sendRaw("*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nLLEN\r\n$1\r\nk\r\n");
            awaitBlocked(n, 1);
            p.call("RPUSH", "k", "v", "w");
            assertThat(a.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
            assertThat(a.readReplyString()).isEqualTo("+PONG\r\n");
            assertThat(a.readReplyString()).isEqualTo(":1\r\n");
        }
    }

    @Test
    void pipelinedPushOfAServedClientRunsAfterOtherBlockedClientsWereConsidered() throws Exception {
        // real redis: A "BLPOP k 0; RPUSH k fromA", B "BLPOP k 0", then RPUSH k 1 -> A gets 1, B gets fromA
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient b = n.raw(); RawClient p = n.raw()) {
            a.sendRaw("*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n*3\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$5\r\nfromA\r\n");
            awaitBlocked(n, 1);
            b.send("BLPOP".getBytes(), "k".getBytes(), "0".getBytes());
            awaitBlocked(n, 2);
            p.call("RPUSH", "k", "1");
            assertThat(a.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\n1\r\n");
            assertThat(a.readReplyString()).isEqualTo(":1\r\n");
            assertThat(b.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$5\r\nfromA\r\n");
        }
    }

    @Test
    void blmoveServedLaterPushesToTheDestinationAndWakesItsWaiters() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient b = n.raw(); RawClient p = n.raw()) {
            a.send("BLMOVE".getBytes(), "src".getBytes(), "dst".getBytes(), "RIGHT".getBytes(), "LEFT".getBytes(), "0".getBytes());
            awaitBlocked(n, 1);
            b.send("BLPOP".getBytes(), "dst".getBytes(), "0".getBytes());
            awaitBlocked(n, 2);
            p.call("RPUSH", "src", "x", "y");
            assertThat(a.readReplyString()).isEqualTo("$1\r\ny\r\n");
            assertThat(b.readReplyString()).isEqualTo("*2\r\n$3\r\ndst\r\n$1\r\ny\r\n");
            assertThat(p.call("LRANGE", "src", "0", "-1")).isEqualTo("*1\r\n$1\r\nx\r\n");
            assertThat(p.call("LLEN", "dst")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void blmoveToAStringDestinationRepliesWrongtypeWhenServedAndKeepsTheElement() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient p = n.raw()) {
            p.call("SET", "dst", "str");
            a.send("BLMOVE".getBytes(), "k".getBytes(), "dst".getBytes(), "LEFT".getBytes(), "LEFT".getBytes(), "0".getBytes());
            awaitBlocked(n, 1);
            p.call("RPUSH", "k", "x");
            assertThat(a.readReplyString()).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
            assertThat(p.call("LRANGE", "k", "0", "-1")).isEqualTo("*1\r\n$1\r\nx\r\n");
            assertThat(n.node.call(n.node::blockedClients)).isZero();
        }
    }

    @Test
    void keyBecomingAStringLeavesTheClientBlocked() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient p = n.raw()) {
            a.send("BLPOP".getBytes(), "k".getBytes(), "0".getBytes());
            awaitBlocked(n, 1);
            p.call("SET", "k", "str");
            assertThat(n.node.call(n.node::blockedClients)).isEqualTo(1);
            n.node.call(() -> n.node.db(0).remove(Bytes.of("k")));
            p.call("RPUSH", "k", "z");
            assertThat(a.readReplyString()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nz\r\n");
        }
    }

    @Test
    void blmpopServedLaterPopsUpToCountFromTheReadyKey() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient p = n.raw()) {
            a.send("BLMPOP".getBytes(), "0".getBytes(), "2".getBytes(), "k1".getBytes(), "k2".getBytes(),
                    "RIGHT".getBytes(), "COUNT".getBytes(), "2".getBytes());
            awaitBlocked(n, 1);
            p.call("RPUSH", "k2", "a", "b", "c");
            assertThat(a.readReplyString()).isEqualTo("*2\r\n$2\r\nk2\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n");
        }
    }

    @Test
    void blockingCommandsInsideMultiDoNotBlock() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw()) {
            a.call("MULTI");
            a.call("BLPOP", "k", "0");
            a.call("BLMOVE", "k", "d", "LEFT", "LEFT", "0");
            assertThat(a.call("EXEC")).isEqualTo("*2\r\n*-1\r\n$-1\r\n");
            assertThat(n.node.call(n.node::blockedClients)).isZero();
        }
    }

    @Test
    void disconnectedBlockedClientIsForgotten() throws Exception {
        try (TestNode n = TestNode.start(); RawClient p = n.raw()) {
            RawClient a = n.raw();
            a.send("BLPOP".getBytes(), "k".getBytes(), "0".getBytes());
            awaitBlocked(n, 1);
            a.close();
            awaitBlocked(n, 0);
            assertThat(p.call("RPUSH", "k", "v")).isEqualTo(":1\r\n");
            assertThat(p.call("LLEN", "k")).isEqualTo(":1\r\n");
        }
    }
}
