package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** XREAD / XREADGROUP with BLOCK: parked on the node's blocking machinery and woken by XADD. */
class StreamBlockingTest {

    private static void awaitBlocked(TestNode n, int count) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        BooleanSupplier cond = () -> n.node.call(n.node::blockedClients) == count;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not blocked within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    private static byte[][] args(String line) {
        String[] p = line.split(" ");
        byte[][] out = new byte[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i].getBytes();
        }
        return out;
    }

    @Test
    void xreadBlockWithDollarIsWokenByTheNextXaddOnly() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient p = n.raw()) {
            p.call("XADD", "s", "1-1", "old", "1");
            a.send(args("XREAD BLOCK 0 STREAMS other s 0 $"));
            awaitBlocked(n, 1);
            p.call("XADD", "s", "2-1", "new", "2");
            assertThat(a.readReplyString()).isEqualTo(
                    "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$3\r\nnew\r\n$1\r\n2\r\n");
            assertThat(n.node.call(n.node::blockingKeys)).isZero();
        }
    }

    @Test
    void xreadgroupBlockIsServedNewEntriesAndRecordsThemAsPending() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient p = n.raw()) {
            p.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            a.call("HELLO", "3");
            a.send(args("XREADGROUP GROUP g alice BLOCK 0 STREAMS s >"));
            awaitBlocked(n, 1);
            p.call("XADD", "s", "5-1", "f", "v");
            assertThat(a.readReplyString()).isEqualTo(
                    "%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
            assertThat(p.call("XPENDING", "s", "g")).isEqualTo(
                    "*4\r\n:1\r\n$3\r\n5-1\r\n$3\r\n5-1\r\n*1\r\n*2\r\n$5\r\nalice\r\n$1\r\n1\r\n");
        }
    }

    @Test
    void xreadBlockTimesOutWithANullReply() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw()) {
            assertThat(a.call("XREAD", "BLOCK", "20", "STREAMS", "s", "$")).isEqualTo("*-1\r\n");
            a.call("HELLO", "3");
            assertThat(a.call("XREAD", "BLOCK", "20", "STREAMS", "s", "$")).isEqualTo("_\r\n");
        }
    }

    @Test
    void xreadBlockInsideMultiDoesNotBlock() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw()) {
            a.call("MULTI");
            a.call("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            assertThat(a.call("EXEC")).isEqualTo("*1\r\n*-1\r\n");
        }
    }
}
