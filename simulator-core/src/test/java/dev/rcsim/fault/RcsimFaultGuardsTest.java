package dev.rcsim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RCSIM FAULT goes through AUTH and the other checks of any command; its durations are bounded. */
class RcsimFaultGuardsTest {
    private static final String OUT_OF_RANGE = "-ERR milliseconds must be between 0 and 86400000\r\n";

    @Test
    void rcsimFaultWithoutAuthRepliesNoauth() throws Exception {
        try (TestNode n = TestNode.start("rcsim-faults", "yes", "requirepass", "s3cret"); RawClient c = n.raw()) {
            assertThat(c.call("RCSIM", "FAULT", "PAUSE", "100000")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.call("RCSIM", "FAULT", "KILL")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(n.node.isRunning()).isTrue();
            assertThat(n.node.gate().isPaused()).isFalse();
            assertThat(c.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
            assertThat(c.call("RCSIM", "FAULT", "LIST")).isEqualTo("*0\r\n");
        }
    }

    @Test
    void rcsimFaultIsRefusedInsideMultiAndInASubscribedContext() throws Exception {
        try (TestNode n = TestNode.start("rcsim-faults", "yes"); RawClient c = n.raw()) {
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("RCSIM", "FAULT", "LIST")).isEqualTo("-ERR Command not allowed inside a transaction\r\n");
            assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            c.call("SUBSCRIBE", "ch");
            assertThat(c.call("RCSIM", "FAULT", "LIST")).isEqualTo("-ERR Can't execute 'rcsim': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
        }
    }

    @Test
    void pauseLongerThanOneDayIsRefusedAndTheNodeKeepsServing() throws Exception {
        try (TestNode n = TestNode.start("rcsim-faults", "yes"); RawClient c = n.raw()) {
            for (String ms : new String[] {"9223372036854775807", "86400001", "-1"}) {
                assertThat(c.call("RCSIM", "FAULT", "PAUSE", ms)).as(ms).isEqualTo(OUT_OF_RANGE);
                assertThat(c.call("RCSIM", "FAULT", "BLACKHOLE", ms)).as(ms).isEqualTo(OUT_OF_RANGE);
                assertThat(c.call("RCSIM", "FAULT", "LATENCY", ms)).as(ms).isEqualTo(OUT_OF_RANGE);
                assertThat(c.call("RCSIM", "FAULT", "SLOW", ms)).as(ms).isEqualTo(OUT_OF_RANGE);
            }
            assertThat(c.call("RCSIM", "FAULT", "PAUSE", "99999999999999999999")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(c.call("RCSIM", "FAULT", "LIST")).isEqualTo("*0\r\n");
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(n.node.gate().isPaused()).isFalse();
        }
    }

    @Test
    void javaApiRefusesDurationsBeyondOneDay() {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).start()) {
            SimNode m = sim.masters().get(0);
            assertThatThrownBy(() -> sim.faults().pause(m, Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("between 0 and 86400000 ms");
            assertThatThrownBy(() -> sim.faults().latency(m, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
            assertThat(Internals.node(m).gate().isPaused()).isFalse();
            assertThat(sim.faults().active()).isEmpty();
        }
    }

    @Test
    void longestPauseIsHealedFromAnotherNodeAndRestartWorksAfterIt() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0)
                .config("rcsim-faults", "yes").start()) {
            SimNode a = sim.masters().get(0);
            SimNode b = sim.masters().get(1);
            try (RawClient ca = new RawClient(a.port()); RawClient waiting = new RawClient(a.port());
                    RawClient cb = new RawClient(b.port())) {
                assertThat(ca.call("RCSIM", "FAULT", "PAUSE", "86400000")).isEqualTo("+OK\r\n");
                waiting.send("PING".getBytes()); // read by nobody while paused
                assertThat(cb.call("RCSIM", "FAULT", "HEAL", a.address())).isEqualTo("+OK\r\n");
                assertThat(waiting.readReplyString()).isEqualTo("+PONG\r\n");
                assertThat(sim.faults().active()).isEmpty();

                assertThat(ca.call("RCSIM", "FAULT", "PAUSE", "86400000")).isEqualTo("+OK\r\n");
                assertThat(cb.call("RCSIM", "FAULT", "RESTART", a.address())).isEqualTo("+OK\r\n");
                assertThat(ca.isClosedByServer()).isTrue(); // the paused process was killed
            }
            try (RawClient fresh = new RawClient(a.port())) {
                assertThat(fresh.call("PING")).isEqualTo("+PONG\r\n");
            }
            assertThat(sim.faults().active()).isEmpty();
            try (RawClient cb = new RawClient(b.port())) {
                assertThat(cb.call("RCSIM", "FAULT", "RESTART", a.address())).isEqualTo("-ERR " + a.address() + " is running\r\n");
            }
        }
    }

    @Test
    void rcsimFaultsTakesOnlyYesOrNoAsRedisBoolParameters() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("CONFIG", "SET", "rcsim-faults", "banana")).isEqualTo(
                    "-ERR CONFIG SET failed (possibly related to argument 'rcsim-faults') - argument must be 'yes' or 'no'\r\n");
            assertThat(c.call("CONFIG", "GET", "rcsim-faults")).isEqualTo("*2\r\n$12\r\nrcsim-faults\r\n$2\r\nno\r\n");
            assertThat(c.call("CONFIG", "SET", "rcsim-faults", "YES")).isEqualTo("+OK\r\n");
            assertThat(c.call("CONFIG", "GET", "rcsim-faults")).isEqualTo("*2\r\n$12\r\nrcsim-faults\r\n$3\r\nyes\r\n");
            if (RealRedis.available()) { // the same text as a real bool parameter
                try (RealRedis real = RealRedis.start(); RawClient r = real.raw()) {
                    assertThat(r.call("CONFIG", "SET", "appendonly", "banana")).isEqualTo(
                            c.call("CONFIG", "SET", "appendonly", "banana"));
                }
            }
        }
    }
}
