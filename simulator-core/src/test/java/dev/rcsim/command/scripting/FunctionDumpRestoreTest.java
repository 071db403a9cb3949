package dev.rcsim.command.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * FUNCTION DUMP / RESTORE across a real redis-server and an rcsim node: a payload made by Redis
 * (LZF-compressed RDB strings) restores on rcsim with every policy and the same replies, and an
 * rcsim payload restores on Redis.
 */
class FunctionDumpRestoreTest {
    static final String LIB = "#!lua name=dumped\n"
            + "redis.register_function{function_name='dumpedfn', flags={'no-writes'}, description='reads a key',\n"
            + "  callback=function(keys, args) return redis.call('GET', keys[1]) or 'none' end}";
    static final String OTHER = "#!lua name=other\nredis.register_function('dumpedfn', function() return 2 end)";

    private static byte[] bulk(byte[] reply) {
        String head = new String(reply, 0, Math.min(reply.length, 20), StandardCharsets.ISO_8859_1);
        assertThat(head).startsWith("$");
        int crlf = head.indexOf("\r\n");
        int n = Integer.parseInt(head.substring(1, crlf));
        return Arrays.copyOfRange(reply, crlf + 2, crlf + 2 + n);
    }

    private static String call(RawClient c, byte[]... args) throws Exception {
        return new String(c.callBytes(args), StandardCharsets.ISO_8859_1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void redisPayloadsRestoreOnRcsimAndRcsimPayloadsOnRedis() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start(); RawClient r = real.raw(); RawClient s = sim.raw()) {
            assertThat(r.call("FUNCTION", "LOAD", LIB)).isEqualTo("$6\r\ndumped\r\n");
            byte[] payload = bulk(r.callBytes(b("FUNCTION"), b("DUMP")));
            byte[][][] steps = {
                {b("FUNCTION"), b("RESTORE"), payload},
                {b("FCALL"), b("dumpedfn"), b("1"), b("k")},
                {b("FUNCTION"), b("RESTORE"), payload},
                {b("FUNCTION"), b("RESTORE"), payload, b("APPEND")},
                {b("FUNCTION"), b("RESTORE"), payload, b("REPLACE")},
                {b("FUNCTION"), b("RESTORE"), payload, b("FLUSH")},
                {b("FUNCTION"), b("RESTORE"), payload, b("BOGUS")},
                {b("FUNCTION"), b("RESTORE"), payload, b("FLUSH"), b("X")},
                {b("FUNCTION"), b("RESTORE"), b("not a payload")},
                {b("FUNCTION"), b("RESTORE"), Arrays.copyOf(payload, payload.length - 1)},
                {b("FUNCTION"), b("LIST"), b("WITHCODE")},
                {b("FUNCTION"), b("DELETE"), b("dumped")},
                {b("FUNCTION"), b("LOAD"), b(OTHER)},
                {b("FUNCTION"), b("RESTORE"), payload, b("REPLACE")},
                {b("FUNCTION"), b("DELETE"), b("other")},
                {b("FUNCTION"), b("RESTORE"), payload, b("REPLACE")},
                {b("FCALL_RO"), b("dumpedfn"), b("1"), b("k")},
            };
            // the real server already has the library; give rcsim the same starting state
            assertThat(s.call("FUNCTION", "LOAD", LIB)).isEqualTo("$6\r\ndumped\r\n");
            for (byte[][] step : steps) {
                assertThat(call(s, step)).as(new String(step[0]) + " " + new String(step[1])).isEqualTo(call(r, step));
            }
            byte[] ours = bulk(s.callBytes(b("FUNCTION"), b("DUMP")));
            assertThat(call(r, b("FUNCTION"), b("RESTORE"), ours, b("FLUSH"))).isEqualTo("+OK\r\n");
            assertThat(r.call("FUNCTION", "LIST", "WITHCODE")).isEqualTo(s.call("FUNCTION", "LIST", "WITHCODE"));
            assertThat(r.call("FCALL", "dumpedfn", "1", "k")).isEqualTo("$4\r\nnone\r\n");
        }
    }
}
