package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sends the same HyperLogLog commands to a real redis-server and to rcsim, in RESP2 (db 0) and RESP3
 * (db 1), and compares the reply bytes, including GET of the raw HLL strings across the sparse and
 * dense encodings, the promotion threshold, corrupted and foreign strings, and hll-sparse-max-bytes.
 */
class HyperLogLogDifferentialTest {

    /** A step {@code #COPY src dst} copies src's bytes (GET) into dst (SET) on the same server. */
    private static final String COPY = "#COPY";

    private static byte[][] cmd(Object... parts) {
        byte[][] out = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parts[i] instanceof byte[] b ? b : String.valueOf(parts[i]).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static byte[] hllHeader(int encoding, boolean cacheValid, long card) {
        byte[] h = new byte[16];
        h[0] = 'H';
        h[1] = 'Y';
        h[2] = 'L';
        h[3] = 'L';
        h[4] = (byte) encoding;
        for (int i = 0; i < 8; i++) {
            h[8 + i] = (byte) (card >>> (8 * i));
        }
        if (!cacheValid) {
            h[15] |= (byte) 0x80;
        }
        return h;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] repeat(int times, int... bytes) {
        byte[] out = new byte[times * bytes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) bytes[i % bytes.length];
        }
        return out;
    }

    private static void inspect(List<byte[][]> s, String key) {
        s.add(cmd("GET", key));
        s.add(cmd("STRLEN", key));
        s.add(cmd("PFDEBUG", "ENCODING", key));
        s.add(cmd("PFCOUNT", key));
        s.add(cmd("GET", key));
        s.add(cmd("PFCOUNT", key));
        s.add(cmd("OBJECT", "ENCODING", key));
        s.add(cmd("GETRANGE", key, 0, 40));
    }

    private static void addMany(List<byte[][]> s, String key, String prefix, int n) {
        for (int i = 0; i < n; i += 500) {
            List<Object> parts = new ArrayList<>(List.of("PFADD", key));
            for (int j = i; j < Math.min(n, i + 500); j++) {
                parts.add(prefix + j);
            }
            s.add(cmd(parts.toArray()));
        }
    }

    static List<byte[][]> script() {
        List<byte[][]> s = new ArrayList<>();
        s.add(cmd("PFADD", "{h}empty"));
        s.add(cmd("PFADD", "{h}empty"));
        inspect(s, "{h}empty");
        s.add(cmd("PFDEBUG", "DECODE", "{h}empty"));
        s.add(cmd("PFADD", "{h}one", "a"));
        s.add(cmd("PFADD", "{h}one", "a"));
        inspect(s, "{h}one");
        for (int n : new int[] {100, 1000, 50000}) {
            String key = "{h}n" + n;
            addMany(s, key, "e" + n + "-", n);
            inspect(s, key);
            s.add(cmd("PFDEBUG", "DECODE", key));
        }
        // binary elements, including the empty one and lengths around the 8-byte hash blocks
        Random rnd = new Random(42);
        List<Object> bin = new ArrayList<>(List.of("PFADD", "{h}bin"));
        for (int i = 0; i < 300; i++) {
            byte[] e = new byte[rnd.nextInt(20)];
            rnd.nextBytes(e);
            bin.add(e);
        }
        s.add(cmd(bin.toArray()));
        inspect(s, "{h}bin");
        // promotion threshold: one element at a time across the sparse -> dense switch
        for (int i = 0; i < 1700; i++) {
            s.add(cmd("PFADD", "{h}thr", "t" + i));
            if (i >= 1600) {
                s.add(cmd("PFDEBUG", "ENCODING", "{h}thr"));
            }
        }
        inspect(s, "{h}thr");
        // multi-key PFCOUNT (no cache written) and PFMERGE
        s.add(cmd("PFCOUNT", "{h}one", "{h}n100", "{h}n1000"));
        s.add(cmd("PFCOUNT", "{h}one", "{h}nokey", "{h}n50000"));
        s.add(cmd("PFCOUNT", "{h}nokey", "{h}nokey2"));
        s.add(cmd("PFMERGE", "{h}m1", "{h}one", "{h}n100", "{h}bin"));
        inspect(s, "{h}m1");
        s.add(cmd("PFMERGE", "{h}m2", "{h}n100", "{h}n50000"));
        inspect(s, "{h}m2");
        s.add(cmd("PFMERGE", "{h}m3"));
        inspect(s, "{h}m3");
        s.add(cmd("PFMERGE", "{h}m1", "{h}n1000"));
        inspect(s, "{h}m1");
        // PFDEBUG
        s.add(cmd("PFDEBUG", "GETREG", "{h}n100"));
        s.add(cmd("GET", "{h}n100"));
        s.add(cmd("PFDEBUG", "TODENSE", "{h}one"));
        s.add(cmd("PFDEBUG", "TODENSE", "{h}one"));
        s.add(cmd("PFDEBUG", "DECODE", "{h}one"));
        s.add(cmd("PFDEBUG", "encoding", "{h}one"));
        s.add(cmd("PFDEBUG", "FOO", "{h}one"));
        s.add(cmd("PFDEBUG", "FOO", "{h}nokey"));
        s.add(cmd("PFDEBUG", "ENCODING", "{h}nokey"));
        // wrong types, foreign and corrupted strings
        s.add(cmd("SET", "{h}str", "hello"));
        s.add(cmd("SET", "{h}int", "12345678901234567"));
        s.add(cmd("SET", "{h}longstr", "HYLLxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        s.add(cmd("RPUSH", "{h}list", "a"));
        for (String k : new String[] {"{h}str", "{h}int", "{h}longstr", "{h}list"}) {
            s.add(cmd("PFADD", k, "a"));
            s.add(cmd("PFCOUNT", k));
            s.add(cmd("PFCOUNT", "{h}one", k));
            s.add(cmd("PFMERGE", k, "{h}one"));
            s.add(cmd("PFMERGE", "{h}m4", "{h}one", k));
            s.add(cmd("PFDEBUG", "ENCODING", k));
        }
        s.add(cmd("EXISTS", "{h}m4"));
        byte[][] corrupted = {
            hllHeader(1, false, 0),                                                  // no opcodes
            hllHeader(1, true, 5),                                                   // no opcodes, cached 5
            concat(hllHeader(1, false, 0), new byte[] {0x7f, (byte) 0xfe}),          // covers 16383 registers
            concat(hllHeader(1, false, 0), new byte[] {0x7f, (byte) 0xff, (byte) 0x80}), // 16385
            concat(hllHeader(1, false, 0), repeat(257, 0x3f)),                       // 16448 registers as ZEROs
            concat(hllHeader(0, false, 0), new byte[100]),                           // dense, wrong length
            concat(hllHeader(2, false, 0), new byte[2]),                             // unknown encoding
            Arrays.copyOf(hllHeader(1, false, 0), 15),                               // short header
        };
        for (int i = 0; i < corrupted.length; i++) {
            String k = "{h}c" + i;
            s.add(cmd("SET", k, corrupted[i]));
            s.add(cmd("PFCOUNT", k));
            s.add(cmd("PFADD", k, "x", "y", "z"));
            s.add(cmd("GET", k));
            s.add(cmd("PFCOUNT", k, "{h}one"));
            s.add(cmd("PFMERGE", "{h}m5", k));
            s.add(cmd("PFDEBUG", "DECODE", k));
            s.add(cmd("PFDEBUG", "GETREG", k));
        }
        s.add(cmd("EXISTS", "{h}m5"));
        // valid but unusual sparse strings: ZERO runs only, XZERO of length 1, long VAL runs, unused header bytes
        byte[] unused = concat(hllHeader(1, false, 0), new byte[] {0x7f, (byte) 0xff});
        unused[5] = 7;
        byte[][] odd = {
            concat(hllHeader(1, false, 0), repeat(256, 0x3f)),
            concat(hllHeader(1, false, 0), new byte[] {0x40, 0x00, 0x7f, (byte) 0xfe}),
            concat(hllHeader(1, false, 0), repeat(4096, 0x83)),
            unused,
        };
        for (int i = 0; i < odd.length; i++) {
            String k = "{h}o" + i;
            s.add(cmd("SET", k, odd[i]));
            s.add(cmd("OBJECT", "ENCODING", k));
            s.add(cmd("PFCOUNT", k));
            s.add(cmd("OBJECT", "ENCODING", k));
            s.add(cmd("PFADD", k, "x", "y", "z", "w"));
            addMany(s, k, "o" + i + "-", 200);
            s.add(cmd("GET", k));
            s.add(cmd("PFCOUNT", k, "{h}one"));
            s.add(cmd("PFDEBUG", "TODENSE", k));
            s.add(cmd("GET", k));
        }
        // values copied through GET/SET stay HLLs
        s.add(cmd(COPY, "{h}n1000", "{h}copy"));
        s.add(cmd(COPY, "{h}n50000", "{h}copyd"));
        s.add(cmd("OBJECT", "ENCODING", "{h}copy"));
        s.add(cmd("PFADD", "{h}copy", "more"));
        s.add(cmd("PFADD", "{h}copyd", "more"));
        inspect(s, "{h}copy");
        inspect(s, "{h}copyd");
        s.add(cmd("SETRANGE", "{h}copy", 4, "\u0000"));
        s.add(cmd("PFCOUNT", "{h}copy"));
        s.add(cmd("APPEND", "{h}copyd", "x"));
        s.add(cmd("PFCOUNT", "{h}copyd"));
        // hll-sparse-max-bytes
        s.add(cmd("CONFIG", "SET", "hll-sparse-max-bytes", "100"));
        s.add(cmd("CONFIG", "GET", "hll-sparse-max-bytes"));
        addMany(s, "{h}small", "s", 60);
        inspect(s, "{h}small");
        s.add(cmd("CONFIG", "SET", "hll-sparse-max-bytes", "0"));
        s.add(cmd("PFADD", "{h}zero", "a"));
        s.add(cmd("PFADD", "{h}zero", "b", "c"));
        inspect(s, "{h}zero");
        s.add(cmd("CONFIG", "SET", "hll-sparse-max-bytes", "-1"));
        s.add(cmd("CONFIG", "SET", "hll-sparse-max-bytes", "1kb"));
        s.add(cmd("CONFIG", "GET", "hll-sparse-max-bytes"));
        s.add(cmd("CONFIG", "SET", "hll-sparse-max-bytes", "3000"));
        // arity, transactions, introspection
        s.add(cmd("PFADD"));
        s.add(cmd("PFCOUNT"));
        s.add(cmd("PFMERGE"));
        s.add(cmd("PFDEBUG", "ENCODING"));
        s.add(cmd("PFDEBUG", "ENCODING", "{h}one", "x"));
        s.add(cmd("MULTI"));
        s.add(cmd("PFADD", "{h}tx", "a", "b"));
        s.add(cmd("PFCOUNT", "{h}tx"));
        s.add(cmd("PFMERGE", "{h}tx", "{h}one"));
        s.add(cmd("EXEC"));
        s.add(cmd("COMMAND", "INFO", "pfadd", "pfcount", "pfmerge", "pfdebug"));
        s.add(cmd("COMMAND", "GETKEYS", "PFMERGE", "a", "b", "c"));
        s.add(cmd("COMMAND", "GETKEYS", "PFDEBUG", "GETREG", "k"));
        return s;
    }

    private static List<String> run(RawClient c, List<byte[][]> script, int db, boolean resp3) throws IOException {
        List<String> out = new ArrayList<>();
        c.call("SELECT", String.valueOf(db));
        if (resp3) {
            c.call("HELLO", "3");
        }
        for (byte[][] argv : script) {
            String name = new String(argv[0], StandardCharsets.ISO_8859_1);
            byte[] reply;
            if (name.equals(COPY)) {
                byte[] got = c.callBytes(cmd("GET", argv[1]));
                reply = c.callBytes(cmd("SET", argv[2], bulkBody(got)));
            } else {
                reply = c.callBytes(argv);
            }
            out.add(describe(argv) + " -> " + new String(reply, StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n"));
        }
        return out;
    }

    private static byte[] bulkBody(byte[] reply) {
        int crlf = 0;
        while (reply[crlf] != '\r') {
            crlf++;
        }
        return Arrays.copyOfRange(reply, crlf + 2, reply.length - 2);
    }

    private static String describe(byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(argv.length, 4); i++) {
            String a = new String(argv[i], StandardCharsets.ISO_8859_1);
            sb.append(a.length() > 30 ? a.substring(0, 30) + "..." : a).append(' ');
        }
        if (argv.length > 4) {
            sb.append("(").append(argv.length).append(" args)");
        }
        return sb.toString();
    }

    @Test
    void hyperLogLogCommandsAndTheirBytesMatchRealRedisInResp2AndResp3() throws Exception {
        List<byte[][]> script = script();
        dev.rcsim.testing.ReplyCorpus.assertSameAsRealRedis(script.size(), (c, db, resp3) -> run(c, script, db, resp3));
    }

    @Test
    void hllBytesWrittenByRealRedisAreUsableInRcsimAndBack() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start();
                RawClient r = real.raw(); RawClient s = sim.raw()) {
            for (int n : new int[] {3, 2000}) {
                List<byte[]> elements = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    elements.add(("x" + i).getBytes(StandardCharsets.US_ASCII));
                }
                byte[][] add = new byte[n + 2][];
                add[0] = "PFADD".getBytes(StandardCharsets.US_ASCII);
                add[1] = "k".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < n; i++) {
                    add[i + 2] = elements.get(i);
                }
                r.callBytes(add);
                byte[] fromReal = bulkBody(r.callBytes(cmd("GET", "k")));
                s.callBytes(cmd("SET", "k", fromReal));
                assertThat(s.call("PFCOUNT", "k")).isEqualTo(r.call("PFCOUNT", "k"));
                assertThat(s.call("PFADD", "k", "y1", "y2")).isEqualTo(r.call("PFADD", "k", "y1", "y2"));
                assertThat(s.callBytes(cmd("GET", "k"))).isEqualTo(r.callBytes(cmd("GET", "k")));
                byte[] fromSim = bulkBody(s.callBytes(cmd("GET", "k")));
                r.callBytes(cmd("SET", "k2", fromSim));
                s.callBytes(cmd("SET", "k2", fromSim));
                assertThat(s.call("PFCOUNT", "k2", "k")).isEqualTo(r.call("PFCOUNT", "k2", "k"));
                r.call("DEL", "k", "k2");
                s.call("DEL", "k", "k2");
            }
        }
    }

    @Test
    void pfcountCacheWriteIsPropagatedToTheReplica() throws Exception {
        try (RedisClusterSimulator cluster = RedisClusterSimulator.builder().masters(1).replicasPerMaster(1).seed(3).start()) {
            SimNode master = cluster.masters().get(0);
            SimNode replica = cluster.replicasOf(master).get(0);
            try (RawClient m = new RawClient(master.host(), master.port());
                    RawClient r = new RawClient(replica.host(), replica.port())) {
                assertThat(m.call("PFADD", "k", "a", "b", "c")).isEqualTo(":1\r\n");
                assertThat(m.call("PFCOUNT", "k")).isEqualTo(":3\r\n");
                byte[] want = m.callBytes(cmd("GET", "k"));
                assertThat(bulkBody(want)[15] & 0x80).as("cache valid on the master").isZero();
                r.call("READONLY");
                cluster.awaitCondition("replica holds the cached cardinality", () -> {
                    try {
                        return Arrays.equals(r.callBytes(cmd("GET", "k")), want);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, Duration.ofSeconds(10));
            }
        }
    }
}
