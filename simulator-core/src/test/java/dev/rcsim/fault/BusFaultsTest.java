package dev.rcsim.fault;

import static dev.rcsim.testing.Nodes.flagsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults on the cluster bus links: one-way cuts, delay and loss, each a noun with a heal. */
class BusFaultsTest {
    private RedisClusterSimulator sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    private void start() {
        sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(11)
                .clock(SimClock.simulated()).config("cluster-node-timeout", "5000").start();
    }

    @Test
    void oneWayCutMakesOnlyTheDeafNodeSuspectTheSender() throws Exception {
        start();
        SimNode a = sim.masters().get(0);
        SimNode b = sim.masters().get(1);
        SimNode c = sim.masters().get(2);
        Fault cut = sim.faults().cut(a, b);

        sim.clock().advance(Duration.ofSeconds(12));

        assertThat(flagsOf(b, a)).isEqualTo("master,fail?"); // b no longer hears a: PFAIL
        assertThat(flagsOf(c, a)).as("c about a").isEqualTo("master"); // everyone else does
        // (a may or may not suspect b: b's pings reach a only when b resets its link, as in Redis)
        assertThat(sim.isHealthy()).isFalse(); // b flags a running node
        assertThat(sim.events().matching(e -> e.type().equals("FAIL"))).isEmpty(); // one report is no quorum

        cut.heal();
        sim.awaitHealthy();
        assertThat(flagsOf(b, a)).isEqualTo("master");
        assertThat(sim.events().matching(e -> e.type().equals("FAULT")).get(0).detail())
                .isEqualTo("cut " + a.address() + " > " + b.address());
    }

    @Test
    void busDelayAndLossAreScriptableAndHealed() {
        start();
        SimNode a = sim.masters().get(0);
        SimNode b = sim.masters().get(1);
        FaultScript script = sim.faults().parse("at 0s bus-delay " + a.address() + " > " + b.address() + " 2s\n"
                + "at 1s bus-loss " + b.address() + " > " + a.address() + " 0.5\n"
                + "at 20s heal all\n");
        assertThat(script.text()).contains("bus-delay " + a.address() + " > " + b.address() + " 2s")
                .contains("bus-loss " + b.address() + " > " + a.address() + " 0.5");
        script.run();
        assertThat(sim.faults().active()).isEmpty();
        sim.awaitHealthy(); // a 2 s delay and 50% loss stay below the 5 s node timeout's reach
        assertThatThrownBy(() -> sim.faults().parse("at 0s bus-loss " + a.address() + " > " + b.address() + " 1.5").run())
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> sim.faults().parse("at 0s cut " + a.address() + " " + b.address()))
                .hasMessageContaining("expected 'cut <node> > <node>'");
    }
}
