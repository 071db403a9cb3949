package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CLIENT PAUSE / UNPAUSE against real redis-server 7.0: argument errors and replies byte for byte, and
 * what a postponed client looks like (CLIENT LIST flags and cmd, INFO blocked_clients, the reply it gets
 * once unpaused). Replies are compared, not timings: both servers pause in real time.
 */
class ClientPauseDifferentialTest {

    private static final String[][] EXACT = {
        {"client", "pause", "100", "WRITE"}, {"client", "pause", "abc"}, {"client", "pause", "-1"},
        {"client", "pause", "100", "foo"}, {"client", "pause", "abc", "foo"}, {"client", "pause"},
        {"client", "pause", "1", "WRITE", "x"}, {"client", "pause", "1.5"}, {"client", "pause", " 5"},
        {"client", "pause", "0"}, {"client", "pause", "9223372036854775807"}, {"client", "pause", "10", "all"},
        {"client", "unpause", "x"}, {"client", "unpause"},
        {"command", "info", "client|pause", "client|unpause"},
        {"command", "getkeys", "client", "pause", "1"},
    };

    @Test
    void argumentErrorsAndRepliesMatchRealRedis() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start();
             RawClient r = real.raw(); RawClient s = sim.raw()) {
            List<String> diffs = new ArrayList<>();
            for (String[] cmd : EXACT) {
                String a = r.call(cmd);
                String b = s.call(cmd);
                if (!a.equals(b)) {
                    diffs.add(String.join(" ", cmd) + "\n  real: " + a + "\n  sim:  " + b);
                }
            }
            r.call("client", "unpause");
            s.call("client", "unpause");
            assertThat(diffs).isEmpty();
        }
    }

    /** Runs the same postponed-write scenario on one server and returns what the clients saw. */
    private static List<String> postponedWriteScenario(int port) throws Exception {
        List<String> seen = new ArrayList<>();
        try (RawClient admin = new RawClient(port); RawClient writer = new RawClient(port); RawClient tx = new RawClient(port)) {
            admin.call("flushall");
            admin.call("set", "k", "v");
            admin.call("set", "gone", "v", "px", "30");
            String writerId = writer.call("client", "id").substring(1).trim();
            String txId = tx.call("client", "id").substring(1).trim();
            seen.add(admin.call("client", "pause", "60000", "write"));
            awaitMissing(admin, "gone");
            seen.add(admin.call("dbsize"));
            writer.send("set".getBytes(), "k".getBytes(), "w".getBytes());
            seen.add(tx.call("multi"));
            seen.add(tx.call("get", "k"));
            tx.send("incr".getBytes(), "n".getBytes());
            awaitBlocked(admin, 2);
            seen.add(admin.call("get", "k"));
            seen.add("writer " + fields(admin.call("client", "list", "id", writerId)));
            seen.add("tx " + fields(admin.call("client", "list", "id", txId)));
            seen.add(admin.call("client", "unpause"));
            seen.add(writer.readReplyString());
            seen.add(tx.readReplyString());
            seen.add(tx.call("exec"));
            seen.add(admin.call("get", "k"));
        }
        return seen;
    }

    private static String fields(String clientList) {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[] {"flags", "multi", "cmd"}) {
            Matcher m = Pattern.compile(" " + f + "=(\\S*)").matcher(clientList);
            sb.append(f).append('=').append(m.find() ? m.group(1) : "?").append(' ');
        }
        return sb.toString();
    }

    private static void awaitMissing(RawClient c, String key) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!c.call("exists", key).equals(":0\r\n")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("key did not expire");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    private static void awaitBlocked(RawClient c, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!c.call("info", "clients").contains("blocked_clients:" + n + "\r\n")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("clients not postponed");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
    }

    @Test
    void postponedClientsLookAndEndAsOnRealRedis() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start()) {
            List<String> expected = postponedWriteScenario(real.port());
            assertThat(postponedWriteScenario(sim.port())).isEqualTo(expected);
            assertThat(expected).contains("writer flags=b multi=-1 cmd=set ", "tx flags=xb multi=1 cmd=incr ");
        }
    }
}
