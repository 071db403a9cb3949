package dev.rcsim.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing the RESP decoder and the dispatcher against a real redis-server: random and mutated frames
 * (valid multibulk and inline requests, then bytes flipped, inserted, dropped, cut or repeated, or plain
 * protocol-flavoured noise), written to a fresh connection in random fragments, followed by a tail
 * that drives any parser state to a protocol error, so both servers end by closing the connection. The
 * whole reply stream, up to the close, must be the same bytes. A control client checks the node keeps
 * serving others; the same input split at the same points must decode as it does in one piece.
 */
class RespFuzzProperties {
    private static RealRedis real;
    private static TestNode sim;
    private static RawClient control;
    private static final AtomicLong cases = new AtomicLong();
    private static final AtomicLong bytes = new AtomicLong();

    /**
     * Words whose commands block, change the server, reply with server-specific data, or list a set in
     * dict order (a documented difference, docs/compatibility.md): inputs holding one are not generated.
     */
    private static final Pattern UNSAFE = Pattern.compile(
            "shutdown|debug|monitor|subscribe|blpop|brpop|blmove|blmpop|bzpop|bzmpop|brpoplpush|xread|wait|sync|psync|replicaof|slaveof|"
                    + "failover|cluster|save|script|eval|function|fcall|acl|hello|client|config|info|time|lastsave|randomkey|object|"
                    + "memory|latency|slowlog|command|flush|swapdb|move|select|multi|exec|watch|role|lolwut|migrate|restore|dump|"
                    + "readonly|readwrite|asking|rcsim|auth|reset|pfdebug|pfselftest|spop|srandmember|hrandfield|zrandmember|sort|keys|scan|"
                    + "smembers|sinter|sunion|sdiff|smismember|smove");

    @BeforeContainer
    static void start() throws IOException {
        if (!RealRedis.available()) {
            return;
        }
        real = RealRedis.start("--databases", String.valueOf(PARALLEL));
        sim = TestNode.start("databases", String.valueOf(PARALLEL));
        control = sim.raw();
    }

    @AfterContainer
    static void stop() throws IOException {
        if (real == null) {
            return;
        }
        System.out.printf("RESP fuzz: %d inputs (%d bytes) compared with redis-server, reply-or-close, 0 differences%n",
                cases.get(), bytes.get());
        control.close();
        real.close();
        sim.close();
    }

    @AfterTry
    void releaseChannels() {
        DecoderHarness.closeAll();
    }

    // ---------------------------------------------------------------- generators

    private static final List<String> COMMANDS = List.of("PING", "ECHO", "SET", "GET", "DEL", "EXISTS", "INCR", "INCRBY",
            "APPEND", "STRLEN", "GETRANGE", "SETRANGE", "MSET", "MGET", "HSET", "HGET", "HGETALL", "LPUSH", "LRANGE", "RPUSH",
            "SADD", "SCARD", "SISMEMBER", "ZADD", "ZRANGE", "TYPE", "TTL", "EXPIRE", "PERSIST", "GETDEL", "UNLINK", "FOO", "set", "Get");

    private static Arbitrary<byte[]> word() {
        Arbitrary<String> plain = Arbitraries.strings().withChars("abck{}:0123456789-+.xyz").ofMinLength(0).ofMaxLength(8);
        Arbitrary<String> binary = Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(6);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, plain), net.jqwik.api.Tuple.of(1, binary))
                .map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Arbitrary<List<byte[]>> request() {
        Arbitrary<byte[]> name = Arbitraries.of(COMMANDS).map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
        return Combinators.combine(name, word().list().ofMaxSize(4)).as((n, args) -> {
            List<byte[]> r = new ArrayList<>();
            r.add(n);
            r.addAll(args);
            return r;
        });
    }

    private static byte[] multibulk(List<byte[]> argv) {
        return DecoderHarness.encode(argv.toArray(new byte[0][]));
    }

    private static byte[] inline(List<byte[]> argv) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < argv.size(); i++) {
            if (i > 0) {
                b.write(' ');
            }
            byte[] a = argv.get(i);
            boolean quote = a.length == 0 || i % 2 == 1;
            if (quote) {
                b.write('"');
            }
            for (byte x : a) {
                if (quote && (x == '"' || x == '\\')) {
                    b.write('\\');
                }
                b.write(x);
            }
            if (quote) {
                b.write('"');
            }
        }
        b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    private static Arbitrary<byte[]> frames() {
        Arbitrary<byte[]> frame = Arbitraries.oneOf(request().map(RespFuzzProperties::multibulk),
                request().map(RespFuzzProperties::inline));
        return frame.list().ofMinSize(1).ofMaxSize(4).map(l -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            l.forEach(b::writeBytes);
            return b.toByteArray();
        });
    }

    /** One mutation: kind, position seed, byte. */
    private record Mutation(int kind, int at, byte value) {}

    private static byte[] mutate(byte[] in, List<Mutation> ms) {
        byte[] b = in;
        for (Mutation m : ms) {
            int n = b.length;
            int at = n == 0 ? 0 : Math.floorMod(m.at, n);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            switch (m.kind) {
                case 0 -> { // replace a byte
                    if (n == 0) {
                        continue;
                    }
                    b = b.clone();
                    b[at] = m.value;
                    continue;
                }
                case 1 -> { // insert a byte
                    o.write(b, 0, at);
                    o.write(m.value);
                    o.write(b, at, n - at);
                }
                case 2 -> { // drop a byte
                    if (n == 0) {
                        continue;
                    }
                    o.write(b, 0, at);
                    o.write(b, at + 1, n - at - 1);
                }
                case 3 -> o.write(b, 0, at); // cut
                default -> { // repeat a slice
                    int len = Math.min(n - at, 1 + (m.value & 0x0f));
                    o.write(b, 0, at + len);
                    o.write(b, at, n - at);
                }
            }
            b = o.toByteArray();
        }
        return b;
    }

    private static final String PROTOCOL_CHARS = "*$\r\n0123456789-+ \"'\\xAZaz\u0000\t";

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<Byte> interesting = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(PROTOCOL_CHARS.chars().boxed().toList()).map(c -> (byte) (int) c)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes()));
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, Integer.MAX_VALUE), interesting).as(Mutation::new);
        Arbitrary<byte[]> mutated = Combinators.combine(frames(), mutation.list().ofMaxSize(3)).as(RespFuzzProperties::mutate);
        Arbitrary<byte[]> noise = interesting.list().ofMaxSize(40).map(l -> {
            byte[] b = new byte[l.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = l.get(i);
            }
            return b;
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, mutated), net.jqwik.api.Tuple.of(2, frames()),
                net.jqwik.api.Tuple.of(2, noise));
    }

    /** One fuzz case: the input and where it is cut into writes. */
    record Case(byte[] input, List<Integer> cuts) {
        @Override
        public String toString() {
            return printable(input) + " cut at " + cuts;
        }
    }

    private static boolean safe(byte[] input) {
        return !UNSAFE.matcher(new String(input, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)).find()
                && tail(input).length <= 80 * 1024;
    }

    /**
     * {@value #PARALLEL} cases a try, run at once, each on its own connections and its own database (both
     * servers run with that many)
     * (SELECT i first), so they cannot see each other's keys and both servers see the same order per database.
     */
    @Provide
    Arbitrary<List<Case>> batches() {
        Arbitrary<List<Integer>> cuts = Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(4);
        return Combinators.combine(inputs().filter(RespFuzzProperties::safe), cuts).as(Case::new).list().ofSize(PARALLEL);
    }

    static final int PARALLEL = 64;
    private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newFixedThreadPool(
            2 * PARALLEL, r -> {
                Thread t = new Thread(r, "rcsim-fuzz");
                t.setDaemon(true);
                return t;
            });

    // ---------------------------------------------------------------- the property

    private static final Pattern BULK_LENGTH = Pattern.compile("\\$(\\d{1,9})");

    /**
     * What follows the input: a CRLF (ends a pending line), then "*x" lines, enough of them to outlast any
     * declared bulk payload, so every parser state ends in a protocol error and a close; with a NUL in the
     * input (which hides line ends, like Redis's strchr) the tail also passes the 64 KB inline limit.
     */
    private static byte[] tail(byte[] input) {
        long longest = 0;
        Matcher m = BULK_LENGTH.matcher(new String(input, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            longest = Math.max(longest, Long.parseLong(m.group(1)));
        }
        boolean nul = false;
        for (byte x : input) {
            nul |= x == 0;
        }
        int size = (int) Math.max(nul ? 70 * 1024 : 0, longest + 16);
        ByteArrayOutputStream b = new ByteArrayOutputStream(size + 4);
        b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        while (b.size() < size) {
            b.writeBytes("*x\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    /** Everything the server sends on a fresh connection fed {@code parts} then {@code tail}, up to its close. */
    private static String exchange(int port, byte[][] parts, byte[] tail) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            try {
                for (byte[] p : parts) {
                    out.write(p);
                    out.flush();
                }
                out.write(tail);
                out.flush();
            } catch (IOException closedEarly) {
                // the server closed (QUIT, protocol error) while we wrote: what it sent is still readable
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                    got.write(buf, 0, r);
                }
                return got.toString(StandardCharsets.ISO_8859_1) + "<closed>";
            } catch (SocketTimeoutException stillOpen) {
                return got.toString(StandardCharsets.ISO_8859_1) + "<open>";
            } catch (java.net.SocketException reset) {
                return got.toString(StandardCharsets.ISO_8859_1) + "<closed>";
            }
        }
    }

    /** 157 tries of 64: 10,048 inputs a build. */
    @Property(tries = 157, seed = "20261203", shrinking = net.jqwik.api.ShrinkingMode.BOUNDED, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void mutatedFramesGetTheRepliesAndTheCloseRealRedisGives(@ForAll("batches") List<Case> batch) throws Exception {
        RealRedis.assumeAvailable();
        List<java.util.concurrent.Future<String>> expected = new ArrayList<>();
        List<java.util.concurrent.Future<String>> actual = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Case c = batch.get(i);
            byte[][] parts = withSelect(i, RespRoundTripProperties.fragments(c.input(), c.cuts()));
            byte[] tail = tail(c.input());
            expected.add(POOL.submit(() -> exchange(real.port(), parts, tail)));
            actual.add(POOL.submit(() -> exchange(sim.port(), parts, tail)));
        }
        for (int i = 0; i < batch.size(); i++) {
            Case c = batch.get(i);
            cases.incrementAndGet();
            bytes.addAndGet(c.input().length);
            assertThat(actual.get(i).get()).as("input %s", c).isEqualTo(expected.get(i).get());
            // the decoder itself: the same requests whatever the split
            byte[][] parts = RespRoundTripProperties.fragments(c.input(), c.cuts());
            assertThat(DecoderHarness.readable(new DecoderHarness().feed(parts)))
                    .isEqualTo(DecoderHarness.readable(new DecoderHarness().feed(c.input())));
        }
        assertThat(control.call("PING")).isEqualTo("+PONG\r\n"); // the node still serves its other clients
    }

    private static byte[][] withSelect(int db, byte[][] parts) {
        byte[][] out = new byte[parts.length + 1][];
        out[0] = ("SELECT " + db + "\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(parts, 0, out, 1, parts.length);
        return out;
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
    }
}
