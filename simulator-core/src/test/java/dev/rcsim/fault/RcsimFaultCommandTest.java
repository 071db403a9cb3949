package dev.rcsim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import org.junit.jupiter.api.Test;

/** RCSIM FAULT over RESP: refused unless enabled, then the same faults as the Java API. */
class RcsimFaultCommandTest {
    @Test
    void refusedUnlessTheNodeEnablesIt() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("RCSIM", "FAULT", "LATENCY", "10"))
                    .isEqualTo("-ERR RCSIM commands are disabled on this node (start it with 'rcsim-faults yes')\r\n");
            assertThat(c.call("COMMAND", "INFO", "rcsim")).isEqualTo(c.call("COMMAND", "INFO", "nosuchcommand"));
        }
    }

    @Test
    void faultsSetOverRespShowInTheJavaApiAndHeal() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1)
                .config("rcsim-faults", "yes").start()) {
            SimNode m = sim.masters().get(0);
            SimNode r = sim.replicasOf(m).get(0);
            try (RawClient c = new RawClient(m.port()); RawClient rc = new RawClient(r.port())) {
                assertThat(c.call("rcsim", "fault", "latency", "60")).isEqualTo("+OK\r\n");
                assertThat(c.call("RCSIM", "FAULT", "SLOW", "1")).isEqualTo("+OK\r\n");
                assertThat(rc.call("RCSIM", "FAULT", "HOLD-REPLICATION")).isEqualTo("+OK\r\n");
                long t0 = System.nanoTime();
                assertThat(c.call("RCSIM", "FAULT", "LIST")).isEqualTo(
                        "*2\r\n$" + ("latency " + m.address() + " 60ms").length() + "\r\nlatency " + m.address() + " 60ms\r\n$"
                                + ("slow " + m.address() + " 1ms").length() + "\r\nslow " + m.address() + " 1ms\r\n");
                assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(55);
                assertThat(sim.faults().active()).extracting(Fault::kind).containsExactly("latency", "slow", "hold-replication");
                assertThat(sim.events().matching(e -> e.type().equals("FAULT"))).hasSize(3);
                assertThat(c.call("RCSIM", "FAULT", "HEAL")).isEqualTo("+OK\r\n");
                assertThat(sim.faults().active()).extracting(Fault::kind).containsExactly("hold-replication");
                assertThat(c.call("RCSIM", "FAULT", "LIST")).isEqualTo("*0\r\n");
                assertThat(rc.call("RCSIM", "FAULT", "SLOW-REPLICATION", "x"))
                        .isEqualTo("-ERR value is not an integer or out of range\r\n");
                assertThat(c.call("RCSIM", "FAULT", "HOLD-REPLICATION"))
                        .isEqualTo("-ERR " + m.address() + " is not a replica\r\n");
                assertThat(c.call("RCSIM", "FAULT", "PAUSE")).isEqualTo("-ERR wrong number of arguments for 'rcsim fault pause'\r\n");
                assertThat(c.call("RCSIM", "NOPE")).startsWith("-ERR usage: RCSIM FAULT");
                assertThat(c.call("RCSIM", "FAULT", "RESET-CONNECTIONS")).isEqualTo("+OK\r\n");
                assertThat(c.isClosedByServer()).isTrue();
            }
        }
    }

    @Test
    void timedPauseOverRespHealsItself() throws Exception {
        try (TestNode n = TestNode.start("rcsim-faults", "yes"); RawClient c = n.raw(); RawClient other = n.raw()) {
            assertThat(c.call("RCSIM", "FAULT", "PAUSE", "100")).isEqualTo("+OK\r\n");
            long t0 = System.nanoTime();
            assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(80);
        }
    }
}
