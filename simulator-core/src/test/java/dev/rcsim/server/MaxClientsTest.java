package dev.rcsim.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** maxclients: each node's own limit, its default share of the process's descriptors, refusals as Redis. */
class MaxClientsTest {
    private static final String REFUSED = "-ERR max number of clients reached\r\n";

    /** What a fresh connection receives before the server closes it (or nothing within 2 s). */
    private static String greeting(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    sb.append((char) b);
                }
                return sb + "<closed>";
            } catch (java.net.SocketTimeoutException open) {
                return sb + "<open>";
            }
        }
    }

    @Test
    void sixthConnectionGetsMaxClientsReachedAndTheOthersKeepWorking() throws Exception {
        try (TestNode n = TestNode.start("maxclients", "5")) {
            List<RawClient> five = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    RawClient c = n.raw();
                    five.add(c);
                    assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
                }
                assertThat(greeting(n.port())).isEqualTo(REFUSED + "<closed>");
                for (RawClient c : five) {
                    assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
                }
                assertThat(five.get(0).call("INFO", "stats")).contains("rejected_connections:1\r\n");
                five.remove(4).close();
                long deadline = System.nanoTime() + 5_000_000_000L; // the node sees the close asynchronously
                while (n.node.call(() -> n.node.clients().size()) > 4 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                try (RawClient again = n.raw()) {
                    assertThat(again.call("PING")).isEqualTo("+PONG\r\n");
                }
            } finally {
                for (RawClient c : five) {
                    c.close();
                }
            }
        }
    }

    /** A client that got +PONG: redis-server may still count the probe connection of its start for a moment. */
    private static RawClient served(int port) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            RawClient c = new RawClient(port);
            try {
                if (c.call("PING").equals("+PONG\r\n") || System.nanoTime() > deadline) {
                    return c;
                }
            } catch (IOException closed) {
                // refused and closed: try again
            }
            c.close();
        }
    }

    @Test
    void theRefusalIsByteForByteRealRedis() throws Exception {
        try (RealRedis real = RealRedis.start("--maxclients", "1"); RawClient first = served(real.port());
                TestNode n = TestNode.start("maxclients", "1"); RawClient mine = served(n.port())) {
            assertThat(first.call("PING")).isEqualTo(mine.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(greeting(n.port())).isEqualTo(greeting(real.port())).isEqualTo(REFUSED + "<closed>");
        }
    }

    @Test
    void defaultMaxclientsIsEachNodesShareOfTheProcessDescriptorLimit() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start()) {
            long limit = DescriptorBudget.processLimit();
            long share = DescriptorBudget.share();
            assertThat(limit).isPositive();
            assertThat(share).isLessThanOrEqualTo(Math.min(10000, (limit - DescriptorBudget.REDIS_RESERVED) / 6));
            for (SimNode node : sim.nodes()) {
                try (RawClient c = new RawClient(node.port())) {
                    String v = String.valueOf(share);
                    assertThat(c.call("CONFIG", "GET", "maxclients"))
                            .isEqualTo("*2\r\n$10\r\nmaxclients\r\n$" + v.length() + "\r\n" + v + "\r\n");
                    assertThat(c.call("INFO", "clients")).contains("maxclients:" + share + "\r\n");
                }
            }
        }
    }

    @Test
    void configSetMaxclientsBeyondTheShareIsRefusedLikeRedisAtItsDescriptorLimit() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            long share = DescriptorBudget.share();
            assertThat(c.call("CONFIG", "SET", "maxclients", String.valueOf(share + 1))).isEqualTo(
                    "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - The operating system is not able "
                            + "to handle the specified number of clients, try with " + share + "\r\n");
            assertThat(c.call("CONFIG", "SET", "maxclients", "7")).isEqualTo("+OK\r\n");
            assertThat(c.call("CONFIG", "GET", "maxclients")).isEqualTo("*2\r\n$10\r\nmaxclients\r\n$1\r\n7\r\n");
            assertThat(c.call("CONFIG", "SET", "maxclients", String.valueOf(share))).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void acceptFailuresAreReportedOnceNotPerConnection() {
        AtomicLong now = new AtomicLong();
        AcceptFailures failures = new AcceptFailures("127.0.0.1:7000", now::get);
        EmbeddedChannel listening = new EmbeddedChannel(failures);
        for (int i = 0; i < 100; i++) {
            listening.pipeline().fireExceptionCaught(new IOException("Too many open files"));
        }
        assertThat(failures.failures()).isEqualTo(100);
        assertThat(failures.reports()).isEqualTo(1);
        assertThat(listening.config().isAutoRead()).isFalse(); // accepting pauses, then resumes
        now.addAndGet(AcceptFailures.REPORT_EVERY_NANOS);
        listening.pipeline().fireExceptionCaught(new IOException("Too many open files"));
        assertThat(failures.reports()).isEqualTo(2);
        listening.finishAndReleaseAll();
    }
}
