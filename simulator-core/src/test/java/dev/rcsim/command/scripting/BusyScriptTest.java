package dev.rcsim.command.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A long-running script, on the simulated clock: other clients' commands wait until
 * busy-reply-threshold has passed since the script started, then get {@code -BUSY} (allow_busy
 * commands run); SCRIPT KILL / FUNCTION KILL stop it and the caller gets Redis's error; a script that
 * has written is UNKILLABLE. Texts as redis-server 7.0.15 gives them (checked by hand with
 * lua-time-limit 100 and the same scripts).
 */
class BusyScriptTest {
    static final String SPIN = "local i = 0\nwhile true do i = i + 1 end";
    static final String BUSY_EVAL = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";
    static final String BUSY_FN = "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n";

    static void await(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void longScriptHoldsOthersThenBusyThenScriptKillStopsIt() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock, "busy-reply-threshold", "5000"); RawClient a = n.raw(); RawClient b = n.raw();
                RawClient k = n.raw()) {
            assertThat(k.call("SET", "x", "1")).isEqualTo("+OK\r\n");
            a.send(b("EVAL"), b(SPIN), b("0"));
            await("the script to start", () -> Scripting.of(n.node).isRunning());
            b.send(b("GET"), b("x"));
            clock.advance(Duration.ofMillis(4999));
            assertThat(Scripting.of(n.node).isRunning()).isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(b.readReplyString()).isEqualTo(BUSY_EVAL); // held until the threshold, then BUSY
            assertThat(k.call("FUNCTION", "KILL")).isEqualTo(BUSY_EVAL);
            assertThat(k.call("PING")).isEqualTo(BUSY_EVAL);
            assertThat(k.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(a.readReplyString()).isEqualTo("-ERR Script killed by user with SCRIPT KILL... script: "
                    + Scripting.sha1hex(b(SPIN)) + ", on @user_script:2.\r\n");
            assertThat(b.call("GET", "x")).isEqualTo("$1\r\n1\r\n");
            assertThat(a.call("EVAL", "return redis.call('INCR', 'x')", "0")).isEqualTo(":2\r\n");
            assertThat(k.call("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
        }
    }

    @Test
    void longFunctionGetsFunctionKillBusyTextAndStopsOnFunctionKill() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock, "busy-reply-threshold", "100"); RawClient a = n.raw(); RawClient k = n.raw()) {
            assertThat(k.call("FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('spin', function()"
                    + " while true do end end)")).isEqualTo("$1\r\nl\r\n");
            a.send(b("FCALL"), b("spin"), b("0"));
            await("the function to start", () -> Scripting.of(n.node).isRunning());
            clock.advance(Duration.ofMillis(100));
            assertThat(k.call("PING")).isEqualTo(BUSY_FN);
            assertThat(k.call("SCRIPT", "KILL")).isEqualTo(BUSY_FN);
            assertThat(k.call("FUNCTION", "KILL")).isEqualTo("+OK\r\n");
            assertThat(a.readReplyString())
                    .isEqualTo("-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.\r\n");
            assertThat(k.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void noKeyExpiresActivelyWhileALongScriptRuns() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock, "busy-reply-threshold", "100"); RawClient a = n.raw(); RawClient k = n.raw()) {
            assertThat(k.call("SET", "e", "v", "PX", "50")).isEqualTo("+OK\r\n");
            a.send(b("EVAL"), b(SPIN), b("0"));
            await("the script to move", () -> Scripting.of(n.node).current != null && Scripting.of(n.node).current.detached);
            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofMillis(100)); // ten cron periods of active expiry
            }
            assertThat(k.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            a.readReply();
            assertThat(k.call("DBSIZE")).isEqualTo(":1\r\n"); // expired, not yet deleted: the cycles waited
            clock.advance(Duration.ofMillis(1000));
            await("active expiry after the script", () -> {
                try {
                    return k.call("DBSIZE").equals(":0\r\n");
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void scriptThatWroteIsUnkillable() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock, "busy-reply-threshold", "100"); RawClient a = n.raw(); RawClient k = n.raw()) {
            // spins past the 100000th instruction first (so it runs on the script thread), then writes
            a.send(b("EVAL"), b("local i = 0 while i < 300000 do i = i + 1 end redis.call('SET', 'w', '1') while true do end"), b("0"));
            await("the script to write", () -> Scripting.of(n.node).isRunning() && Scripting.of(n.node).current.writeDirty);
            clock.advance(Duration.ofMillis(100));
            assertThat(k.call("SCRIPT", "KILL")).isEqualTo("-UNKILLABLE Sorry the script already executed write commands against "
                    + "the dataset. You can either wait the script termination or kill the server in a hard way using the "
                    + "SHUTDOWN NOSAVE command.\r\n");
            assertThat(k.call("MULTI")).isEqualTo("+OK\r\n"); // allow_busy
            Scripting.of(n.node).current.killed = true; // the test's SHUTDOWN NOSAVE: stop the spinning thread
            a.readReply();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
