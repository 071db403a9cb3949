package dev.rcsim.command.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A script that writes first and then runs long: against a real redis-server 7.0.15 (lua-time-limit
 * 100, real time) and rcsim (busy-reply-threshold 100, simulated clock), other clients get the same
 * replies byte for byte once the threshold has passed (-BUSY, UNKILLABLE for SCRIPT KILL and FUNCTION
 * KILL, the allow_busy commands served, SHUTDOWN without NOSAVE refused), and SHUTDOWN NOSAVE stops the
 * server, closing every connection. On rcsim the script then runs on the node's script thread, so the
 * node's event loop and the other nodes sharing it keep serving.
 */
class BusyWritingScriptTest {
    static final String WRITE_THEN_SPIN = "redis.call('SET', 'w', '1') redis.call('INCR', 'x') while true do end";
    static final String LIB = "#!lua name=busy\nredis.register_function('spin', function()"
            + " redis.call('SET', 'w', '1') redis.call('INCR', 'x') while true do end end)";

    /** What other clients send while the script spins; each reply compared. */
    static final String[][] WHILE_BUSY = {
        {"GET", "w"},
        {"SCRIPT", "KILL"},
        {"FUNCTION", "KILL"},
        {"FUNCTION", "STATS"},
        {"PING"},
        {"ECHO", "x"},
        {"CLIENT", "LIST"},
        {"COMMAND", "COUNT"},
        {"WATCH", "w"},
        {"UNWATCH"},
        {"MULTI"},
        {"SET", "q", "1"},
        {"EXEC"},
        {"DISCARD"},
        {"SHUTDOWN"},
        {"SHUTDOWN", "SAVE"},
        {"SCRIPT", "KILL"},
    };

    /** One server under test: how to reach it and how to let the threshold pass once the script runs. */
    interface Side extends AutoCloseable {
        RawClient raw();

        /** Sends PING while the script runs and returns its reply, given once the threshold passed. */
        String pingPastThreshold(RawClient k) throws IOException;

        @Override
        void close();
    }

    static final class Real implements Side {
        final RealRedis redis = RealRedis.start("--lua-time-limit", "100");

        @Override
        public RawClient raw() {
            return redis.raw();
        }

        @Override
        public String pingPastThreshold(RawClient k) throws IOException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String r;
            do { // +PONG while the script has not started yet; the reply waits until the threshold
                r = k.call("PING");
            } while (!r.startsWith("-BUSY") && System.nanoTime() < deadline);
            return r;
        }

        @Override
        public void close() {
            redis.close();
        }
    }

    static final class Sim implements Side {
        final SimClock clock = SimClock.simulated();
        final TestNode node = TestNode.start(clock, "busy-reply-threshold", "100");

        @Override
        public RawClient raw() {
            return node.raw();
        }

        @Override
        public String pingPastThreshold(RawClient k) throws IOException {
            BusyScriptTest.await("the script to run on the script thread", () -> {
                ScriptRun run = Scripting.of(node.node).current;
                return run != null && run.detached && run.writeDirty;
            });
            k.send(b("PING"));
            clock.advance(Duration.ofMillis(100));
            return k.readReplyString();
        }

        @Override
        public void close() {
            node.close();
        }
    }

    /** The replies of one side to the whole scenario, the script sent by {@code a}. */
    static List<String> scenario(Side side, String... script) throws IOException {
        List<String> out = new ArrayList<>();
        try (RawClient a = side.raw(); RawClient k = side.raw()) {
            out.add(k.call("SET", "x", "1"));
            if (script[0].equals("FCALL")) {
                out.add(k.call("FUNCTION", "LOAD", LIB));
            }
            byte[][] argv = new byte[script.length][];
            for (int i = 0; i < script.length; i++) {
                argv[i] = b(script[i]);
            }
            a.send(argv);
            out.add("PING -> " + side.pingPastThreshold(k));
            for (String[] cmd : WHILE_BUSY) {
                // the running script's duration_ms in FUNCTION STATS is real time on one side, simulated on the other
                out.add(String.join(" ", cmd) + " -> " + k.call(cmd).replaceAll("duration_ms\r\n:\\d+", "duration_ms\r\n:N"));
            }
            k.send(b("SHUTDOWN"), b("NOSAVE"));
            out.add("SHUTDOWN NOSAVE closes the client: " + k.isClosedByServer());
            out.add("and the script's caller: " + a.isClosedByServer());
        }
        return out;
    }

    @Test
    void evalThatWroteThenSpinsGetsRedisRepliesAndStopsOnShutdownNosave() throws Exception {
        List<String> real;
        try (Real r = new Real()) {
            real = scenario(r, "EVAL", WRITE_THEN_SPIN, "0");
        }
        List<String> sim;
        try (Sim s = new Sim()) {
            sim = scenario(s, "EVAL", WRITE_THEN_SPIN, "0");
            assertThat(s.node.node.isRunning()).isFalse();
        }
        assertThat(sim).containsExactlyElementsOf(real);
        assertThat(real).contains("SCRIPT KILL -> -UNKILLABLE Sorry the script already executed write commands against the dataset."
                + " You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n");
    }

    @Test
    void functionThatWroteThenSpinsGetsRedisRepliesAndStopsOnShutdownNosave() throws Exception {
        List<String> real;
        try (Real r = new Real()) {
            real = scenario(r, "FCALL", "spin", "0");
        }
        List<String> sim;
        try (Sim s = new Sim()) {
            sim = scenario(s, "FCALL", "spin", "0");
        }
        assertThat(sim).containsExactlyElementsOf(real);
        assertThat(real).contains("PING -> " + BusyScriptTest.BUSY_FN);
    }

    @Test
    void nodeSharingTheEventLoopKeepsServingWhileAScriptThatWroteSpins() throws Exception {
        SimClock clock = SimClock.simulated(); // one simulated clock: both nodes on one event loop
        try (TestNode busy = TestNode.start(clock, "busy-reply-threshold", "100"); TestNode other = TestNode.start(clock);
                RawClient a = busy.raw(); RawClient k = busy.raw(); RawClient o = other.raw()) {
            assertThat(busy.node.loop()).isSameAs(other.node.loop());
            a.send(b("EVAL"), b(WRITE_THEN_SPIN), b("0"));
            BusyScriptTest.await("the script to write", () -> Scripting.of(busy.node).current != null
                    && Scripting.of(busy.node).current.writeDirty);
            assertThat(o.call("SET", "y", "1")).isEqualTo("+OK\r\n"); // before the threshold
            k.send(b("GET"), b("w"));
            clock.advance(Duration.ofMillis(100));
            assertThat(k.readReplyString()).isEqualTo(BusyScriptTest.BUSY_EVAL);
            assertThat(o.call("GET", "y")).isEqualTo("$1\r\n1\r\n"); // after it
            assertThat(k.call("SCRIPT", "KILL")).startsWith("-UNKILLABLE ");
            Scripting.of(busy.node).current.killed = true; // as SHUTDOWN NOSAVE would: stop the spinning thread
            assertThat(a.readReplyString()).startsWith("-ERR Script killed by user with SCRIPT KILL...");
            assertThat(k.call("GET", "w")).isEqualTo("$1\r\n1\r\n"); // what it wrote stays
            assertThat(k.call("GET", "x")).isEqualTo("$1\r\n1\r\n");
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
