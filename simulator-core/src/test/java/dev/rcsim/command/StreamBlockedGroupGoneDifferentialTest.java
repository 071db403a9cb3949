package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client blocked in XREADGROUP (or XREAD) whose group is destroyed, or whose stream key is deleted
 * or overwritten, or flushed or swapped away, compared byte for byte with a real redis-server: -NOGROUP
 * for a destroyed group, -UNBLOCKED for a deleted/overwritten/flushed key, still blocked otherwise
 * (then served by a later XADD).
 */
class StreamBlockedGroupGoneDifferentialTest {

    private static final String[][] SCENARIOS = {
        {"XREADGROUP GROUP g c BLOCK 0 STREAMS s >", "XGROUP DESTROY s g"},
        {"XREADGROUP GROUP g c BLOCK 0 STREAMS s >", "DEL s"},
        {"XREADGROUP GROUP g c BLOCK 0 STREAMS s >", "SET s x"},
        {"XREADGROUP GROUP g c BLOCK 0 STREAMS s >", "XGROUP DESTROY s other", "XADD s 9-1 f v"},
        {"XREADGROUP GROUP g c BLOCK 0 STREAMS s s2 > >", "XGROUP DESTROY s2 g"},
        {"XREADGROUP GROUP g c BLOCK 0 STREAMS s2 s > >", "DEL s2"},
        {"XREADGROUP GROUP g c BLOCK 0 STREAMS s2 s > >", "XGROUP DESTROY s2 other", "XADD s 9-1 f v"},
        {"XREAD BLOCK 0 STREAMS s $", "SET s x", "DEL s", "XADD s 2-1 f v"},
        {"XREAD BLOCK 0 STREAMS s $", "DEL s", "XADD s 3-1 f v"},
        {"XREADGROUP GROUP g c BLOCK 0 STREAMS s >", "FLUSHALL"},
        {"XREADGROUP GROUP g c BLOCK 0 STREAMS s >", "FLUSHDB"},
        {"XREADGROUP GROUP g c BLOCK 0 STREAMS s >", "SWAPDB 0 1"},
        {"XREAD BLOCK 0 STREAMS s $", "FLUSHALL", "XADD s 4-1 f v"},
    };

    private static String[] args(String line) {
        return line.split(" ");
    }

    private static void awaitBlocked(RawClient probe) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!probe.call("INFO", "clients").contains("blocked_clients:1")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not blocked within 5 s: " + probe.call("INFO", "clients"));
            }
            Thread.onSpinWait();
        }
    }

    private static List<String> run(int port, boolean resp3) throws Exception {
        List<String> out = new ArrayList<>();
        for (String[] sc : SCENARIOS) {
            try (RawClient p = new RawClient(port); RawClient a = new RawClient(port)) {
                p.call("FLUSHALL");
                p.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
                p.call("XGROUP", "CREATE", "s", "other", "$");
                p.call("XGROUP", "CREATE", "s2", "g", "$", "MKSTREAM");
                p.call("XGROUP", "CREATE", "s2", "other", "$");
                p.call("XADD", "s", "1-1", "old", "1");
                p.call("XGROUP", "SETID", "s", "g", "$");
                p.call("XGROUP", "SETID", "s", "other", "$");
                if (resp3) {
                    a.call("HELLO", "3");
                }
                a.send(toBytes(args(sc[0])));
                try {
                    awaitBlocked(p);
                } catch (AssertionError e) {
                    throw new AssertionError(String.join(" | ", sc) + " got " + a.readReplyString(), e);
                }
                StringBuilder line = new StringBuilder(String.join(" | ", sc)).append(" ->");
                for (int i = 1; i < sc.length; i++) {
                    line.append(' ').append(p.call(args(sc[i])).replace("\r\n", "\\r\\n"));
                }
                line.append(" => ").append(a.readReplyString().replace("\r\n", "\\r\\n"));
                out.add(line.toString());
            }
        }
        return out;
    }

    private static byte[][] toBytes(String[] a) {
        byte[][] out = new byte[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].getBytes();
        }
        return out;
    }

    @Test
    void blockedXreadgroupFailsLikeRealRedisWhenItsGroupOrKeyGoes() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start()) {
            for (boolean resp3 : new boolean[] {false, true}) {
                assertThat(run(sim.port(), resp3)).containsExactlyElementsOf(run(real.port(), resp3));
            }
        }
    }
}
