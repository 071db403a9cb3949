package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins what a master's commands hand to replication (the node's replication feed, before the
 * stream adds SELECT and encodes): rewritten commands, scripts' effects, transactions, lazy expiry,
 * blocked pops, stream groups. Replicas apply exactly this stream.
 */
class PropagatedStreamTest {

    @Test
    void spopPropagatesAsSremOfThePoppedMembersOrDelOfTheWholeSet() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient c = n.raw()) {
            List<String> prop = n.capturePropagation();
            c.call("SADD", "s", "a");
            assertThat(c.call("SPOP", "s")).isEqualTo("$1\r\na\r\n");
            c.call("SADD", "t", "a", "b");
            c.call("SPOP", "t", "5");
            c.call("SPOP", "missing");
            assertThat(prop).containsExactly("SADD s a", "SREM s a", "SADD t a b", "DEL t");
        }
    }

    @Test
    void incrbyfloatPropagatesAsSetKeepttl() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient c = n.raw()) {
            List<String> prop = n.capturePropagation();
            c.call("SET", "f", "1.5");
            assertThat(c.call("INCRBYFLOAT", "f", "0.25")).isEqualTo("$4\r\n1.75\r\n");
            c.call("HINCRBYFLOAT", "h", "x", "2");
            assertThat(prop).containsExactly("SET f 1.5", "SET f 1.75 KEEPTTL", "HSET h x 2");
        }
    }

    @Test
    void failedWritesPropagateNothing() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient c = n.raw()) {
            List<String> prop = n.capturePropagation();
            c.call("SET", "a", "x");
            assertThat(c.call("INCR", "a")).startsWith("-ERR");
            assertThat(c.call("LPUSH", "a", "x")).startsWith("-WRONGTYPE");
            c.call("DEL", "missing");
            assertThat(prop).containsExactly("SET a x");
        }
    }

    @Test
    void scriptsPropagateTheirEffectsWrappedInMultiExecWhenMoreThanOne() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient c = n.raw()) {
            List<String> prop = n.capturePropagation();
            c.call("EVAL", "redis.call('SET', KEYS[1], 'one') redis.call('INCRBYFLOAT', KEYS[2], '1.5')", "2", "a", "b");
            c.call("EVAL", "redis.call('SET', KEYS[1], 'only')", "1", "a");
            c.call("EVAL", "return redis.call('GET', KEYS[1])", "1", "a");
            c.call("EVAL", "redis.set_repl(redis.REPL_NONE) redis.call('SET', KEYS[1], 'hidden')", "1", "a");
            assertThat(prop).containsExactly("MULTI", "SET a one", "SET b 1.5 KEEPTTL", "EXEC", "SET a only");
        }
    }

    @Test
    void scriptInsideMultiPropagatesItsWrappedEffectsBetweenTheQueuedCommands() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient c = n.raw()) {
            List<String> prop = n.capturePropagation();
            c.call("MULTI");
            c.call("SET", "a", "1");
            c.call("EVAL", "redis.call('SET', KEYS[1], '2') redis.call('SADD', KEYS[2], 'm')", "2", "b", "c");
            c.call("EXPIRE", "a", "10");
            assertThat(c.call("EXEC")).startsWith("*3\r\n");
            assertThat(prop).containsExactly("SET a 1", "MULTI", "SET b 2", "SADD c m", "EXEC", "PEXPIREAT a 1767225610000");
        }
    }

    @Test
    void lazyExpiryOfAScriptsKeyPropagatesBeforeTheScriptsEffects() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            List<String> prop = n.capturePropagation();
            c.call("SET", "x", "v", "PX", "100");
            clock.advance(Duration.ofMillis(200));
            c.call("EVAL", "redis.call('GET', KEYS[1]) redis.call('SET', KEYS[2], '1')", "2", "x", "y");
            c.call("SET", "z", "v", "PX", "100");
            clock.advance(Duration.ofMillis(200));
            assertThat(c.call("GET", "z")).isEqualTo("$-1\r\n");
            // the script's key is looked up (and expired) before the script runs: its DEL is not one of the effects
            assertThat(prop).containsExactly("SET x v PXAT 1767225600100", "DEL x", "SET y 1",
                    "SET z v PXAT 1767225600300", "DEL z");
        }
    }

    @Test
    void blockedPopServedByAPushPropagatesThePushThenThePop() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient c = n.raw(); RawClient waiter = n.raw()) {
            List<String> prop = n.capturePropagation();
            waiter.send("BLPOP".getBytes(), "l".getBytes(), "0".getBytes());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (n.node.call(() -> n.node.blockedClients()) == 0) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.onSpinWait();
            }
            c.call("RPUSH", "l", "a", "b");
            assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$1\r\nl\r\n$1\r\na\r\n");
            assertThat(prop).containsExactly("RPUSH l a b", "LPOP l");
        }
    }

    @Test
    void xreadgroupPropagatesXclaimAndTheGroupsLastId() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient c = n.raw()) {
            c.call("XADD", "s", "1-1", "f", "v");
            c.call("XADD", "s", "1-2", "f", "v");
            c.call("XGROUP", "CREATE", "s", "g", "0");
            List<String> prop = n.capturePropagation();
            c.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
            c.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
            assertThat(prop).containsExactly(
                    "XGROUP CREATECONSUMER s g alice",
                    "XCLAIM s g alice 0 1-1 TIME 1767225600000 RETRYCOUNT 1 FORCE JUSTID LASTID 1-1",
                    "XCLAIM s g alice 0 1-2 TIME 1767225600000 RETRYCOUNT 1 FORCE JUSTID LASTID 1-2",
                    "XGROUP SETID s g 1-2 ENTRIESREAD 2");
        }
    }

    /**
     * A script long enough to finish on the script thread: its effects replicate once it ends, and
     * the caller's next write replicates too (before the one write-effect path, a stale "propagate
     * nothing" left on the caller swallowed it and the replica diverged).
     */
    @Test
    void aScriptFinishedOnTheScriptThreadLeavesTheCallersNextWritePropagated() throws Exception {
        try (TestNode n = TestNode.start(SimClock.simulated()); RawClient c = n.raw()) {
            List<String> prop = n.capturePropagation();
            assertThat(c.call("EVAL", "for i = 1, 300000 do end redis.call('SET', KEYS[1], 'late') return 1", "1", "a"))
                    .isEqualTo(":1\r\n");
            c.call("SET", "b", "next");
            assertThat(prop).containsExactly("SET a late", "SET b next");
        }
    }
}
