package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/** MULTI/EXEC/DISCARD/WATCH with Redis 7.0's replies (checked on redis-server 7.0.15). */
class TransactionTest {

    @Test
    void queuedCommandsRunAtExecWithRuntimeErrorsInTheArray() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "s", "str");
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("LPUSH", "s", "a")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("RPUSH", "l", "a")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("EXEC")).isEqualTo(
                    "*2\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n:1\r\n");
        }
    }

    @Test
    void unknownCommandOrWrongArityAbortsExec() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("MULTI");
            assertThat(c.call("FOO")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: \r\n");
            c.call("SET", "a", "b");
            assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            c.call("MULTI");
            assertThat(c.call("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
            assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            assertThat(c.call("GET", "a")).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void rejectedExecAbortsWithTheReason() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("EXEC", "x")).isEqualTo(
                    "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n");
            c.call("MULTI");
            c.call("SET", "a", "b");
            c.call("EXEC", "x");
            assertThat(c.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
            assertThat(c.call("GET", "a")).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void misuseRepliesRedisErrorsWithoutFlaggingTheTransaction() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
            assertThat(c.call("DISCARD")).isEqualTo("-ERR DISCARD without MULTI\r\n");
            c.call("MULTI");
            assertThat(c.call("MULTI")).isEqualTo("-ERR MULTI calls can not be nested\r\n");
            assertThat(c.call("WATCH", "x")).isEqualTo("-ERR WATCH inside MULTI is not allowed\r\n");
            c.call("SET", "a", "b");
            assertThat(c.call("EXEC")).isEqualTo("*1\r\n+OK\r\n");
        }
    }

    @Test
    void watchedKeyWrittenByAnotherClientMakesExecReturnNull() {
        try (TestNode n = TestNode.start(); Jedis a = new Jedis("127.0.0.1", n.port());
                Jedis b = new Jedis("127.0.0.1", n.port())) {
            a.watch("k");
            b.rpush("k", "x");
            Transaction t = a.multi();
            t.set("other", "v");
            assertThat(t.exec()).isNull();
            assertThat(a.get("other")).isNull();
        }
    }

    @Test
    void watchedKeyTouchedByANoOpLtrimAlsoFailsExec() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient b = n.raw()) {
            a.call("RPUSH", "l", "x");
            a.call("WATCH", "l");
            b.call("LTRIM", "l", "0", "-1");
            a.call("MULTI");
            assertThat(a.call("EXEC")).isEqualTo("*-1\r\n");
        }
    }

    @Test
    void flushOfAWatchedExistingKeyFailsExec() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw()) {
            a.call("SET", "k", "v");
            a.call("WATCH", "k", "absent");
            n.node.call(() -> {
                n.node.touchAllKeys(-1);
                return null;
            });
            a.call("MULTI");
            assertThat(a.call("EXEC")).isEqualTo("*-1\r\n");
        }
    }

    @Test
    void unwatchAndDiscardForgetWatches() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient b = n.raw()) {
            a.call("WATCH", "k");
            a.call("UNWATCH");
            b.call("SET", "k", "1");
            a.call("MULTI");
            assertThat(a.call("EXEC")).isEqualTo("*0\r\n");
            a.call("WATCH", "k");
            a.call("MULTI");
            a.call("DISCARD");
            b.call("SET", "k", "2");
            a.call("MULTI");
            assertThat(a.call("EXEC")).isEqualTo("*0\r\n");
        }
    }

    @Test
    void resp3ExecOfNullRepliesUsesNull() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient b = n.raw()) {
            a.call("HELLO", "3");
            a.call("MULTI");
            a.call("LPOP", "none");
            a.call("LPOP", "none", "2");
            assertThat(a.call("EXEC")).isEqualTo("*2\r\n_\r\n_\r\n");
            a.call("WATCH", "k");
            b.call("SET", "k", "v");
            a.call("MULTI");
            assertThat(a.call("EXEC")).isEqualTo("_\r\n");
        }
    }
}
