package dev.rcsim.command.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import org.junit.jupiter.api.Test;

/** EVAL inside MULTI/EXEC and a script's writes invalidating another client's WATCH, as in Redis. */
class ScriptInTransactionTest {
    @Test
    void evalQueuedInMultiRunsAtExecAndItsWritesBreakOtherClientsWatch() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient b = n.raw()) {
            assertThat(a.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(a.call("EVAL", "return redis.call('INCRBY', KEYS[1], ARGV[1])", "1", "ctr", "5")).isEqualTo("+QUEUED\r\n");
            assertThat(a.call("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0")).isEqualTo("+QUEUED\r\n");
            assertThat(a.call("EXEC")).isEqualTo("*2\r\n:5\r\n-NOSCRIPT No matching script. Please use EVAL.\r\n");
            assertThat(b.call("WATCH", "ctr")).isEqualTo("+OK\r\n");
            assertThat(b.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(b.call("GET", "ctr")).isEqualTo("+QUEUED\r\n");
            assertThat(a.call("EVAL", "return redis.call('INCR', KEYS[1])", "1", "ctr")).isEqualTo(":6\r\n");
            assertThat(b.call("EXEC")).isEqualTo("*-1\r\n");
            assertThat(a.call("SET", "after", "1")).isEqualTo("+OK\r\n");
        }
    }
}
