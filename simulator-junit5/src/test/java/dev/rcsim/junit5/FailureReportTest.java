package dev.rcsim.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a failed test prints, and that a seed reproduces the cluster. */
class FailureReportTest {
    @Test
    void reportShowsSeedFaultScriptAndLastEvents() {
        ClusterResource r = new ClusterResource(new ClusterSpec(3, 1, 0, 99, ClockMode.SIMULATED, Map.of()), false);
        try {
            var sim = r.simulator();
            for (int i = 0; i < 40; i++) {
                sim.events().record("cluster", "TEST", "event " + i);
            }
            sim.clock().advance(Duration.ofSeconds(1));
            sim.faults().pause(sim.masters().get(0)).heal();
            String report = r.report();
            assertThat(report).startsWith("rcsim: cluster seed 99 (repeat with -Drcsim.seed=99 or @RedisClusterTest(seed = 99L))\n"
                    + "rcsim: fault script that ran:\n  at 1s pause " + sim.masters().get(0).address() + "\n  at 1s heal "
                    + sim.masters().get(0).address() + " pause\nrcsim: last 30 events:\n");
            assertThat(report).doesNotContain("event 11\n").contains("event 12\n").contains("FAULT pause");
            assertThat(report.lines().filter(l -> l.startsWith("  17")).count()).isEqualTo(30);
        } finally {
            r.close();
        }
    }

    @Test
    void theSameSeedGivesTheSameClusterAndTheSystemPropertyWins() {
        ClusterSpec spec = new ClusterSpec(3, 1, 0, 5, ClockMode.SIMULATED, Map.of());
        String before = System.getProperty(ClusterSpec.SEED_PROPERTY);
        try {
            ClusterResource a = new ClusterResource(spec, false);
            ClusterResource b = new ClusterResource(spec, false);
            System.setProperty(ClusterSpec.SEED_PROPERTY, "6");
            ClusterResource c = new ClusterResource(spec, false);
            try {
                assertThat(a.simulator().nodes().get(0).id()).isEqualTo(b.simulator().nodes().get(0).id());
                assertThat(c.seed()).isEqualTo(6);
                assertThat(c.simulator().nodes().get(0).id()).isNotEqualTo(a.simulator().nodes().get(0).id());
            } finally {
                a.close();
                b.close();
                c.close();
            }
        } finally {
            if (before == null) {
                System.clearProperty(ClusterSpec.SEED_PROPERTY);
            } else {
                System.setProperty(ClusterSpec.SEED_PROPERTY, before);
            }
        }
    }
}
