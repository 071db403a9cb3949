package dev.rcsim.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** client-output-buffer-limit: a subscriber that stops reading is dropped at its limit; the publisher goes on. */
class OutputBufferLimitsTest {
    private static final byte[] PAYLOAD = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);

    /** A subscriber over a real socket with a 4 KB receive buffer that never reads after SUBSCRIBE. */
    private static Socket stalledSubscriber(int port, String channel) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.getOutputStream().write(("SUBSCRIBE " + channel + "\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** Publishes batches of 16 KB messages until {@code done} or the deadline; returns the bytes published. */
    private static long publishUntil(RawClient pub, String channel, BooleanSupplier done, long maxBytes) throws IOException {
        long published = 0;
        while (!done.getAsBoolean() && published < maxBytes) {
            for (int i = 0; i < 64; i++) {
                pub.send("PUBLISH".getBytes(), channel.getBytes(), PAYLOAD);
            }
            for (int i = 0; i < 64; i++) {
                pub.readReply();
            }
            published += 64L * PAYLOAD.length;
        }
        return published;
    }

    private static long field(String clientList, String name, String field) {
        for (String line : clientList.split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                Matcher m = Pattern.compile(" " + field + "=(\\d+)").matcher(line);
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
        }
        return -1;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void stalledSubscriberIsDroppedAtTheDefaultPubsubHardLimitAndThePublisherKeepsWorking() throws Exception {
        try (TestNode n = TestNode.start(); RawClient pub = n.raw(); Socket sub = stalledSubscriber(n.port(), "news")) {
            await(() -> n.node.call(() -> n.node.pubsub().channels().size()) == 1, "the subscription");
            long t0 = System.nanoTime();
            long published = publishUntil(pub, "news", () -> n.node.call(() -> n.node.pubsub().channels().isEmpty()),
                    200L * 1024 * 1024);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(n.node.call(() -> n.node.pubsub().channels().isEmpty())).as("dropped after %d bytes", published).isTrue();
            // 32 MB in the node's buffer, plus what the kernel's socket buffers took (at most a few MB)
            assertThat(published).isGreaterThanOrEqualTo(32L * 1024 * 1024).isLessThan(48L * 1024 * 1024);
            assertThat(millis).isLessThan(10_000);
            assertThat(pub.call("PUBLISH", "news", "after")).isEqualTo(":0\r\n");
            assertThat(pub.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(n.node.call(() -> n.node.stats().outputBufferLimitDisconnections)).isEqualTo(1);
            InputStream in = sub.getInputStream(); // the subscriber finds its connection closed after what was sent
            byte[] buf = new byte[1 << 16];
            sub.setSoTimeout(10_000);
            int r;
            long got = 0;
            while ((r = in.read(buf)) >= 0) {
                got += r;
            }
            assertThat(got).isLessThan(published);
            System.out.printf("slow subscriber dropped after %d MB published in %d ms%n", published >> 20, millis);
        }
    }

    @Test
    void omemShowsWhatIsQueuedForAClientAndReturnsToZeroOnceItReads() throws Exception {
        try (TestNode n = TestNode.start("client-output-buffer-limit", "pubsub 0 0 0"); RawClient pub = n.raw();
                Socket sub = stalledSubscriber(n.port(), "ch")) {
            await(() -> n.node.call(() -> n.node.pubsub().channels().size()) == 1, "the subscription");
            pub.call("CLIENT", "SETNAME", "publisher");
            long subId = n.node.call(() -> n.node.clients().all().stream().filter(c -> c.subscriptionCount() > 0)
                    .findFirst().orElseThrow().id());
            n.node.call(() -> {
                n.node.clients().byId(subId).setName("subscriber");
                return null;
            });
            long published = publishUntil(pub, "ch", () -> false, 16L * 1024 * 1024);
            String list = pub.call("CLIENT", "LIST");
            long omem = field(list, "subscriber", "omem");
            assertThat(omem).isPositive().isLessThanOrEqualTo(published);
            assertThat(omem).as("the kernel takes at most its socket buffers").isGreaterThan(published - 8L * 1024 * 1024);
            assertThat(field(list, "subscriber", "tot-mem")).isEqualTo(1024 + omem);
            assertThat(field(list, "publisher", "omem")).isZero();
            InputStream in = sub.getInputStream();
            byte[] buf = new byte[1 << 16];
            long expect = published; // drain what was published (each message carries its framing too)
            long got = 0;
            while (got < expect) {
                got += in.read(buf);
            }
            await(() -> n.node.call(() -> n.node.clients().byId(subId).outputBufferBytes()) == 0, "omem back to 0");
        }
    }

    @Test
    void softLimitDropsAClientThatStaysOverItLongerThanItsSeconds() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock, "client-output-buffer-limit", "pubsub 0 1mb 2"); RawClient pub = n.raw();
                Socket sub = stalledSubscriber(n.port(), "ch")) {
            await(() -> n.node.call(() -> n.node.pubsub().channels().size()) == 1, "the subscription");
            publishUntil(pub, "ch", () -> false, 12L * 1024 * 1024); // well over 1 MB queued
            assertThat(n.node.call(() -> n.node.pubsub().channels().size())).isEqualTo(1); // over, but not for 2 s yet
            clock.advance(Duration.ofSeconds(1));
            assertThat(pub.call("PUBLISH", "ch", "x")).isEqualTo(":1\r\n");
            clock.advance(Duration.ofMillis(2100)); // the cron notices, as clientsCron does, with no more output
            await(() -> n.node.call(() -> n.node.pubsub().channels().isEmpty()), "the soft-limit drop");
            assertThat(n.node.call(() -> n.node.stats().outputBufferLimitDisconnections)).isEqualTo(1);
        }
    }

    @Test
    void normalClassHardLimitClosesAClientWhoseReplyIsTooBig() throws Exception {
        try (TestNode n = TestNode.start("client-output-buffer-limit", "normal 1mb 0 0"); RawClient c = n.raw();
                RawClient other = n.raw()) {
            String big = "y".repeat(512 * 1024);
            assertThat(c.call("SET", "k", big)).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "k")).hasSize(big.length() + 11); // one reply of 512 KB fits
            // 8 pipelined GETs queue 4 MB at once: over the 1 MB hard limit as soon as the kernel stops taking them
            Socket s = new Socket();
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", n.port()));
            for (int i = 0; i < 64; i++) {
                s.getOutputStream().write("GET k\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            s.getOutputStream().flush();
            await(() -> n.node.call(() -> n.node.stats().outputBufferLimitDisconnections) == 1, "the drop");
            assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
            s.close();
        }
    }

    @Test
    void configGetAndSetAreRedisByteForByte() throws Exception {
        String[][] exchanges = {
            {"CONFIG", "GET", "client-output-buffer-limit"},
            {"CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb 5"},
            {"CONFIG", "GET", "client-output-buffer-limit"},
            {"CONFIG", "SET", "client-output-buffer-limit", ""},
            {"CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 2"},
            {"CONFIG", "SET", "client-output-buffer-limit", "master 1 2 3"},
            {"CONFIG", "SET", "client-output-buffer-limit", "foo 1 2 3"},
            {"CONFIG", "SET", "client-output-buffer-limit", "pubsub -1 2 3"},
            {"CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 2 x"},
            {"CONFIG", "SET", "client-output-buffer-limit", "pubsub 1kb 2 1kb"},
            {"CONFIG", "SET", "client-output-buffer-limit", "pubsub 1.5mb 2 3"},
            {"CONFIG", "SET", "client-output-buffer-limit", "  pubsub  1 2 3  "},
            {"CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 2 99999999999999999999"},
            {"CONFIG", "SET", "client-output-buffer-limit", "REPLICA 1 2 +3"},
            {"CONFIG", "GET", "client-output-buffer-limit"},
            {"CONFIG", "SET", "client-output-buffer-limit", "normal 1 1 1 normal 2gb 2 007"},
            {"CONFIG", "SET", "client-output-buffer-limit", "pubsub 18446744073709551615 2 3"},
            {"CONFIG", "GET", "client-output-buffer-limit"},
            {"CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 2 3", "client-output-buffer-limit", "pubsub 1 2 3"},
            {"CONFIG", "SET", "client-output-buffer-limit", OutputBufferLimits.DEFAULT},
            {"CONFIG", "GET", "client-output-buffer-*"},
        };
        try (RealRedis real = RealRedis.start(); RawClient r = real.raw(); TestNode n = TestNode.start(); RawClient c = n.raw()) {
            for (String[] e : exchanges) {
                assertThat(c.call(e)).as(String.join(" ", e)).isEqualTo(r.call(e));
            }
        }
    }
}
