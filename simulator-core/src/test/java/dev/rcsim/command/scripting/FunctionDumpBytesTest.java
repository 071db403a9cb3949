package dev.rcsim.command.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FUNCTION DUMP is byte-identical to redis-server 7.0.15's for the same library: short code, code
 * Redis stores verbatim because LZF would not save 4 bytes, repetitive code, long matches (more than
 * 264 bytes), code longer than LZF's 8 KiB window, and seeded random code of every compressibility.
 */
class FunctionDumpBytesTest {
    static final long SEED = 0x5eed11L;

    static String lib(String name, String comment) {
        return "#!lua name=" + name + "\n-- " + comment + "\nredis.register_function('f" + name + "', function() return 1 end)";
    }

    static List<String> libraries() {
        List<String> libs = new ArrayList<>();
        libs.add("#!lua name=a\nredis.register_function('a', function() return 1 end)");
        libs.add(lib("rep", "ab".repeat(40)));
        libs.add(lib("long", "x".repeat(5000)));
        libs.add(lib("window", "0123456789abcdef".repeat(1200) + "tail"));
        Random rnd = new Random(SEED);
        for (int i = 0; i < 60; i++) {
            int alphabet = 1 + rnd.nextInt(i % 3 == 0 ? 94 : 6);
            int len = rnd.nextInt(i % 5 == 0 ? 20000 : 200);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < len; j++) {
                sb.append((char) (33 + rnd.nextInt(alphabet)));
            }
            libs.add(lib("r" + i, sb.toString()));
        }
        return libs;
    }

    @Test
    void functionDumpIsByteIdenticalToRedis() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start(); RawClient r = real.raw(); RawClient s = sim.raw()) {
            int compressed = 0;
            for (String code : libraries()) {
                for (RawClient c : List.of(r, s)) {
                    assertThat(c.call("FUNCTION", "FLUSH")).isEqualTo("+OK\r\n");
                    assertThat(c.call("FUNCTION", "LOAD", code)).startsWith("$");
                }
                byte[] theirs = r.callBytes(b("FUNCTION"), b("DUMP"));
                byte[] ours = s.callBytes(b("FUNCTION"), b("DUMP"));
                assertThat(ours).as(code.substring(0, Math.min(40, code.length()))).isEqualTo(theirs);
                if ((theirs[headerLength(theirs) + 1] & 0xff) == 0xC3) { // after the opcode: RDB_ENC_LZF
                    compressed++;
                }
            }
            // both paths (LZF and verbatim) were exercised
            assertThat(compressed).isBetween(1, libraries().size() - 1);
        }
    }

    /** Length of the bulk-reply header {@code $<n>\r\n}. */
    private static int headerLength(byte[] reply) {
        int i = 0;
        while (reply[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
