package dev.rcsim.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/** Robustness over real sockets: hostile clients, deep pipelines, binary-safe data. */
class BadInputTest {
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static final List<byte[]> GARBAGE = List.of(
            ascii("*2000000000\r\n$4\r\nPING\r\n"),
            ascii("*1\r\n$536870000\r\nabc"),
            ascii("*x\r\n"),
            ascii("*1\r\n+PING\r\n"),
            ascii("SET \"unbalanced\r\n"),
            ascii("A".repeat(70_000)),
            ascii("*" + "9".repeat(70_000)),
            ascii("\u0000\u00ff\r\n*3\r\n$3\r\nSET\r\n$1\r\nk"));

    @Test
    void aClientSendingGarbageDoesNotDisturbAnotherClientsPipeline() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger garbageConnections = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> vandals = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int seed = t;
                vandals.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    while (!done.get()) {
                        try (Socket s = new Socket("127.0.0.1", node.port())) {
                            byte[] g = r.nextInt(4) == 0 ? randomBytes(r, 2000) : GARBAGE.get(r.nextInt(GARBAGE.size()));
                            s.getOutputStream().write(g);
                            garbageConnections.incrementAndGet();
                        } catch (IOException closedByServer) {
                            garbageConnections.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            try (Jedis j = new Jedis("127.0.0.1", node.port())) {
                for (int round = 0; round < 20; round++) {
                    Pipeline p = j.pipelined();
                    List<Response<String>> gets = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        p.set("bad:" + i, "v" + round + ":" + i);
                        gets.add(p.get("bad:" + i));
                    }
                    p.sync();
                    for (int i = 0; i < 500; i++) {
                        assertThat(gets.get(i).get()).isEqualTo("v" + round + ":" + i);
                    }
                }
                assertThat(j.ping()).isEqualTo("PONG");
            }
            done.set(true);
            for (Future<?> f : vandals) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(garbageConnections.get()).isPositive();
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    @Test
    void tenThousandPipelinedCommandsInOneWriteGetTenThousandRepliesInOrder() throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            String v = Integer.toString(i);
            req.writeBytes(ascii("*2\r\n$4\r\nECHO\r\n$" + v.length() + "\r\n" + v + "\r\n"));
        }
        try (Socket s = new Socket("127.0.0.1", node.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(req.toByteArray());
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (int i = 0; i < 10_000; i++) {
                String v = Integer.toString(i);
                byte[] expected = ascii("$" + v.length() + "\r\n" + v + "\r\n");
                assertThat(in.readNBytes(expected.length)).as("reply %d", i).isEqualTo(expected);
            }
        }
    }

    @Test
    void keysAndValuesWithAllByteValuesRoundTripThroughJedis() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        try (Jedis j = new Jedis("127.0.0.1", node.port())) {
            assertThat(j.set(all, all)).isEqualTo("OK");
            assertThat(j.get(all)).isEqualTo(all);
            for (int i = 0; i < 256; i++) {
                byte[] key = {'b', (byte) i};
                byte[] value = {(byte) i, '\r', '\n', (byte) i, 0};
                j.set(key, value);
            }
            for (int i = 0; i < 256; i++) {
                assertThat(j.get(new byte[] {'b', (byte) i})).isEqualTo(new byte[] {(byte) i, '\r', '\n', (byte) i, 0});
            }
            byte[] big = randomBytes(new Random(7), 1 << 20);
            j.set(ascii("big"), big);
            assertThat(j.get(ascii("big"))).isEqualTo(big);
        }
    }

    @Test
    void binaryValuesComeBackByteExactOverRawResp() throws IOException {
        try (RawClient c = node.raw()) {
            byte[] v = {0, '\r', '\n', '$', '*', (byte) 0xff};
            assertThat(c.callBytes(ascii("SET"), ascii("raw:k"), v)).isEqualTo(ascii("+OK\r\n"));
            byte[] reply = c.callBytes(ascii("GET"), ascii("raw:k"));
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(ascii("$6\r\n"));
            expected.writeBytes(v);
            expected.writeBytes(ascii("\r\n"));
            assertThat(reply).isEqualTo(expected.toByteArray());
        }
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
