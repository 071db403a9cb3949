package dev.rcsim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.time.SimClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fault scripts name nodes by their place in the cluster as formed: master:N, replica:N[.M], spare:N. */
class SymbolicNodeNamesTest {
    private RedisClusterSimulator sim;

    private RedisClusterSimulator start(int masters, int replicas, int spares) {
        sim = RedisClusterSimulator.builder().masters(masters).replicasPerMaster(replicas).spares(spares).seed(7)
                .clock(SimClock.simulated()).config("cluster-node-timeout", "2000").start();
        return sim;
    }

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void symbolicNamesResolveToTheNodesAsFormed() {
        start(3, 2, 1);
        SimNode m1 = sim.masters().get(1);
        assertThat(sim.resolve("master:0")).isSameAs(sim.masters().get(0));
        assertThat(sim.resolve("master:2")).isSameAs(sim.masters().get(2));
        assertThat(sim.resolve("replica:1")).isSameAs(sim.replicasOf(m1).get(0));
        assertThat(sim.resolve("replica:1.0")).isSameAs(sim.replicasOf(m1).get(0));
        assertThat(sim.resolve("replica:1.1")).isSameAs(sim.replicasOf(m1).get(1));
        assertThat(sim.resolve("spare:0")).isSameAs(sim.spares().get(0));
        assertThat(sim.resolve("MASTER:1")).isSameAs(m1);
        // the other forms still work
        assertThat(sim.resolve(m1.address())).isSameAs(m1);
        assertThat(sim.resolve(String.valueOf(m1.port()))).isSameAs(m1);
        assertThat(sim.resolve(m1.id())).isSameAs(m1);
    }

    @Test
    void scriptStepsWithSymbolicNamesShowRealAddresses() {
        start(3, 2, 1);
        SimNode m0 = sim.masters().get(0);
        SimNode m1 = sim.masters().get(1);
        SimNode m2 = sim.masters().get(2);
        SimNode r1 = sim.replicasOf(m1).get(0);
        SimNode r21 = sim.replicasOf(m2).get(1);
        SimNode spare = sim.spares().get(0);
        FaultScript s = sim.faults().parse("""
                at 1s kill master:0
                at 2s partition master:1 | replica:1,replica:2.1
                at 3s cut master:2 > spare:0
                at 3s bus-delay replica:1 > master:1 50ms
                at 4s latency replica:2.1 20ms GET
                at 5s heal master:1
                at 6s heal all
                """);
        assertThat(s.text()).isEqualTo("""
                at 1s kill %s
                at 2s partition %s | %s,%s
                at 3s cut %s > %s
                at 3s bus-delay %s > %s 50ms
                at 4s latency %s 20ms GET
                at 5s heal %s
                at 6s heal all
                """.formatted(m0.address(), m1.address(), r1.address(), r21.address(), m2.address(), spare.address(),
                r1.address(), m1.address(), r21.address(), m1.address()));
    }

    @Test
    void masterNameStaysTheSameNodeAfterAFailover() {
        start(3, 1, 0);
        SimNode m0 = sim.masters().get(0);
        SimNode r0 = sim.replicasOf(m0).get(0);
        sim.faults().parse("at 1s kill master:0").run();
        assertThat(sim.awaitFailover(m0)).isSameAs(r0);
        sim.faults().parse("at 0s heal all").run();
        sim.awaitHealthy();
        assertThat(m0.isMaster()).isFalse();
        // master:0 is the node formed as master 0 (now a replica of r0), as cluster.masters().get(0) is
        assertThat(sim.resolve("master:0")).isSameAs(m0);
        assertThat(sim.resolve("replica:0")).isSameAs(r0);
        assertThat(sim.faults().parse("at 1s pause master:0").text()).isEqualTo("at 1s pause " + m0.address() + "\n");
        assertThat(sim.faults().history()).first().isEqualTo("at 1s kill " + m0.address());
    }

    @Test
    void unknownSymbolicNamesAreRefusedNamingTheLine() {
        start(3, 1, 0);
        assertThatThrownBy(() -> sim.faults().parse("at 1s kill master:3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fault script line 1 'at 1s kill master:3': no node master:3 in this cluster (it was formed with 3 masters)");
        assertThatThrownBy(() -> sim.faults().parse("# comment\nat 1s pause replica:0.1"))
                .hasMessage("fault script line 2 'at 1s pause replica:0.1': no node replica:0.1 in this cluster"
                        + " (master:0 was formed with 1 replica)");
        assertThatThrownBy(() -> sim.faults().parse("at 1s kill replica:4"))
                .hasMessageContaining("no node replica:4 in this cluster (it was formed with 3 masters)");
        assertThatThrownBy(() -> sim.faults().parse("at 1s kill spare:0"))
                .hasMessageContaining("no node spare:0 in this cluster (it was formed with 0 spares)");
        assertThatThrownBy(() -> sim.faults().parse("at 1s partition master:0 | master:x"))
                .hasMessageContaining("no node master:x in this cluster (expected master:N, replica:N, replica:N.M or spare:N)");
        assertThatThrownBy(() -> sim.faults().parse("at 1s cut master:0 > replica:-1"))
                .hasMessageContaining("no node replica:-1 in this cluster");
        assertThatThrownBy(() -> sim.resolve("master:9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no node master:9 in this cluster");
        assertThatThrownBy(() -> sim.resolve("127.0.0.1:1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no node 127.0.0.1:1 in this cluster");
    }
}
