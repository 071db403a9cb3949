package dev.rcsim.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Java admin: same layouts as redis-cli for the same request, and check / fix of open and uncovered slots. */
class ClusterAdminTest {
    static String layout(RedisClusterSimulator sim) {
        StringBuilder sb = new StringBuilder();
        for (SimNode m : sim.masters()) {
            sb.append(m.slots()).append('\n');
        }
        return sb.toString();
    }

    static RedisClusterSimulator cluster(int masters) {
        return RedisClusterSimulator.builder().masters(masters).replicasPerMaster(0).seed(42).start();
    }

    @Test
    void reshardAndRebalanceGiveTheLayoutsRedisCliGives() throws Exception {
        Assumptions.assumeTrue(new File(RedisCliClusterAdminTest.CLI).canExecute(), "redis-cli not installed");
        try (RedisClusterSimulator java = cluster(4); RedisClusterSimulator cli = cluster(4)) {
            List<String> keys = RedisCliClusterAdminTest.writeKeys(java, 500);
            RedisCliClusterAdminTest.writeKeys(cli, 500);
            List<String> progress = new ArrayList<>();
            ClusterAdmin admin = java.admin().listener(progress::add);

            // from all masters to the last one
            SimNode jTo = java.masters().get(3);
            SimNode cTo = cli.masters().get(3);
            List<Integer> moved = admin.reshard(List.of("all"), jTo.id(), 1500);
            assertThat(moved).hasSize(1500);
            assertThat(progress).anyMatch(l -> l.startsWith("Moving slot 0 from " + java.masters().get(0).address()));
            RedisCliClusterAdminTest.run(0, RedisCliClusterAdminTest.CLI, "--cluster", "reshard", cli.masters().get(0).address(),
                    "--cluster-from", "all", "--cluster-to", cTo.id(), "--cluster-slots", "1500", "--cluster-yes");
            assertThat(layout(java)).isEqualTo(layout(cli));

            // from two named masters, odd count
            admin.reshard(List.of(java.masters().get(0).id(), java.masters().get(2).id()), java.masters().get(1).id(), 333);
            RedisCliClusterAdminTest.run(0, RedisCliClusterAdminTest.CLI, "--cluster", "reshard", cli.masters().get(0).address(),
                    "--cluster-from", cli.masters().get(0).id() + "," + cli.masters().get(2).id(),
                    "--cluster-to", cli.masters().get(1).id(), "--cluster-slots", "333", "--cluster-yes");
            assertThat(layout(java)).isEqualTo(layout(cli));

            // weighted rebalance
            int n = admin.rebalance(Map.of(java.masters().get(0).id(), 2.0), false, 2);
            assertThat(n).isPositive();
            RedisCliClusterAdminTest.run(0, RedisCliClusterAdminTest.CLI, "--cluster", "rebalance", cli.masters().get(0).address(),
                    "--cluster-weight", cli.masters().get(0).id() + "=2");
            assertThat(layout(java)).isEqualTo(layout(cli));
            assertThat(admin.rebalance(Map.of(java.masters().get(0).id(), 2.0), false, 2)).isZero();
            assertThat(java.admin().check().ok()).isTrue();
            RedisCliClusterAdminTest.assertReadable(java, keys);
        }
    }

    @Test
    void checkReportsOpenAndUncoveredSlotsAndFixRepairsThem() throws Exception {
        try (RedisClusterSimulator sim = cluster(3)) {
            List<String> keys = RedisCliClusterAdminTest.writeKeys(sim, 300);
            SimNode m0 = sim.masters().get(0);
            SimNode m1 = sim.masters().get(1);
            assertThat(sim.admin().check().ok()).isTrue();
            try (RawClient c0 = new RawClient(m0.port()); RawClient c1 = new RawClient(m1.port())) {
                // 10: migrating only; 20 -> m1: both sides open with a key half-way
                assertThat(c0.call("CLUSTER", "SETSLOT", "10", "MIGRATING", m1.id())).isEqualTo("+OK\r\n");
                String key20 = keyInSlot(c0, 20);
                assertThat(c0.call("SET", key20, "x")).isEqualTo("+OK\r\n");
                assertThat(c1.call("CLUSTER", "SETSLOT", "20", "IMPORTING", m0.id())).isEqualTo("+OK\r\n");
                assertThat(c0.call("CLUSTER", "SETSLOT", "20", "MIGRATING", m1.id())).isEqualTo("+OK\r\n");
                for (SimNode m : sim.masters()) {
                    try (RawClient c = new RawClient(m.port())) {
                        assertThat(c.call("CLUSTER", "DELSLOTS", "30")).isEqualTo("+OK\r\n");
                    }
                }
            }
            CheckReport r = sim.admin().check();
            assertThat(r.ok()).isFalse();
            assertThat(r.openSlots()).containsExactly(10, 20);
            assertThat(r.uncovered()).containsExactly(30);
            assertThat(r.migrating()).containsEntry(m0.address(), List.of(10, 20));
            assertThat(r.lines()).contains("[WARNING] The following slots are open: 10,20.",
                    "[ERR] Not all 16384 slots are covered by nodes.");
            List<String> progress = new ArrayList<>();
            CheckReport after = sim.admin().listener(progress::add).fix();
            assertThat(after.ok()).as(after.lines().toString()).isTrue();
            assertThat(progress).contains(">>> Case 4: Closing slot 10 on " + m0.address(),
                    ">>> Case 1: Moving slot 20 from " + m0.address() + " to " + m1.address());
            assertThat(m1.ownsSlot(20)).isTrue();
            assertThat(m0.ownsSlot(30)).isTrue();
            RedisCliClusterAdminTest.assertReadable(sim, keys);
        }
    }

    static String keyInSlot(RawClient c, int slot) throws Exception {
        for (int i = 0; ; i++) {
            String k = "k" + i;
            if (c.call("CLUSTER", "KEYSLOT", k).equals(":" + slot + "\r\n")) {
                return k;
            }
        }
    }
}
