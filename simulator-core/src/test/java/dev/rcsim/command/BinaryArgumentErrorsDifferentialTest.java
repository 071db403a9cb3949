package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Error replies that echo an argument: Redis copies the argument's bytes into the error as they are
 * (its {@code %s}), so an argument that is not UTF-8 comes back byte for byte, not as U+FFFD. Each case
 * is sent to a real redis-server and to rcsim with high bytes (and a NUL, where Redis's {@code %s}
 * stops) in the echoed argument, in RESP2 and RESP3, and the reply bytes must be identical.
 */
class BinaryArgumentErrorsDifferentialTest {
    private static final byte[] HIGH = {(byte) 0xe9, (byte) 0xff, (byte) 0x80, 'z'};
    private static final byte[] WITH_NUL = {'a', (byte) 0xe9, 0, 'b'};

    private static byte[][] cmd(Object... parts) {
        byte[][] argv = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            argv[i] = parts[i] instanceof byte[] b ? b : parts[i].toString().getBytes(StandardCharsets.US_ASCII);
        }
        return argv;
    }

    private static List<byte[][]> standaloneCases() {
        List<byte[][]> cases = new ArrayList<>();
        cases.add(cmd("XADD", "s", "1-1", "f", "v")); // setup: a stream with a group
        cases.add(cmd("XGROUP", "CREATE", "s", "g", "0"));
        for (byte[] odd : new byte[][] {HIGH, WITH_NUL}) {
            cases.add(cmd("CLIENT", "KILL", "TYPE", odd));
            cases.add(cmd("CLIENT", "LIST", "TYPE", odd));
            cases.add(cmd("HELLO", "2", odd));
            cases.add(cmd("HELLO", "2", "SETNAME", "x", odd));
            cases.add(cmd("XCLAIM", "s", "g", "c", "0", "1-1", odd));
            cases.add(cmd("XREADGROUP", "GROUP", odd, "c", "STREAMS", "s", ">"));
            cases.add(cmd("XREADGROUP", "GROUP", "g", "c", "STREAMS", odd, ">"));
            cases.add(cmd("XPENDING", "s", odd));
            cases.add(cmd("XPENDING", odd, "g"));
            cases.add(cmd("XCLAIM", "s", odd, "c", "0", "1-1"));
            cases.add(cmd("XAUTOCLAIM", "s", odd, "c", "0", "0"));
            cases.add(cmd("XINFO", "CONSUMERS", "s", odd));
            cases.add(cmd("XGROUP", "SETID", "s", odd, "0"));
            cases.add(cmd("XGROUP", "DELCONSUMER", "s", odd, "c"));
            cases.add(cmd("XGROUP", "CREATECONSUMER", "s", odd, "c"));
        }
        return cases;
    }

    private static List<byte[][]> clusterCases() {
        List<byte[][]> cases = new ArrayList<>();
        for (byte[] odd : new byte[][] {HIGH, WITH_NUL}) {
            cases.add(cmd("CLUSTER", "SETSLOT", "1", "NODE", odd));
            cases.add(cmd("CLUSTER", "FORGET", odd));
            cases.add(cmd("CLUSTER", "REPLICATE", odd));
            cases.add(cmd("CLUSTER", "COUNT-FAILURE-REPORTS", odd));
            cases.add(cmd("CLUSTER", "REPLICAS", odd));
            cases.add(cmd("CLUSTER", "SLAVES", odd));
        }
        return cases;
    }

    private static List<String> run(RawClient c, boolean resp3, List<byte[][]> cases) throws Exception {
        if (resp3) {
            c.call("HELLO", "3");
        }
        List<String> out = new ArrayList<>();
        for (byte[][] argv : cases) {
            List<String> words = new ArrayList<>();
            for (byte[] a : argv) {
                words.add(escape(a));
            }
            out.add(String.join(" ", words) + " -> " + escape(c.callBytes(argv)));
        }
        return out;
    }

    /** Bytes outside printable ASCII as \xNN, so that a difference reads plainly. */
    private static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int v = x & 0xff;
            sb.append(v >= 0x20 && v < 0x7f && v != '\\' ? String.valueOf((char) v) : String.format("\\x%02x", v));
        }
        return sb.toString();
    }

    /** Runs {@code cases} on a fresh real redis-server (with {@code realArgs}) and on {@code sim}, per protocol. */
    private static void assertSame(String[] realArgs, int simPort, List<byte[][]> cases) throws Exception {
        for (boolean resp3 : new boolean[] {false, true}) {
            try (RealRedis real = RealRedis.start(realArgs); RawClient r = real.raw(); RawClient s = new RawClient(simPort)) {
                List<String> want = run(r, resp3, cases);
                s.call("FLUSHALL");
                List<String> got = run(s, resp3, cases);
                assertThat(got).as(resp3 ? "RESP3" : "RESP2").containsExactlyElementsOf(want);
                assertThat(want).as("a reply echoes the high bytes").anyMatch(
                        l -> l.substring(l.indexOf(" -> ")).contains(escape(HIGH)));
            }
        }
    }

    @Test
    void clientHelloAndStreamErrorsEchoTheArgumentsRawBytesAsRedisDoes() throws Exception {
        RealRedis.assumeAvailable();
        try (TestNode sim = TestNode.start()) {
            assertSame(new String[0], sim.port(), standaloneCases());
        }
    }

    @Test
    void clusterUnknownNodeErrorsEchoTheArgumentsRawBytesAsRedisDoes() throws Exception {
        RealRedis.assumeAvailable();
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(1).replicasPerMaster(0).seed(3).start()) {
            assertSame(new String[] {"--cluster-enabled", "yes"}, sim.masters().get(0).port(), clusterCases());
        }
    }
}
