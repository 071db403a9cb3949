package dev.rcsim.admin;

import static dev.rcsim.testing.Nodes.call;
import static dev.rcsim.admin.RedisCliClusterAdminTest.CLI;
import static dev.rcsim.admin.RedisCliClusterAdminTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import java.io.File;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@code redis-cli --cluster add-node} (as master, then as replica with
 * {@code --cluster-slave --cluster-master-id}) and {@code del-node} (7.0.15) against simulated nodes:
 * a spare joins, takes slots holding keys, gives them back and leaves, and every key stays readable.
 */
class RedisCliAddDelNodeTest {
    @BeforeAll
    static void needsRedisCli() {
        Assumptions.assumeTrue(new File(CLI).canExecute(), "redis-cli not installed");
    }

    /** Every node of {@code all} knows {@code count} nodes with state ok, and redis-cli's check is clean. */
    static void awaitJoined(RedisClusterSimulator sim, List<SimNode> all, int count) {
        sim.awaitCondition(count + " nodes agreeing", () -> {
            for (SimNode n : all) {
                if (call(n, "CLUSTER", "NODES").contains("handshake")
                        || !call(n, "CLUSTER", "INFO").contains("cluster_known_nodes:" + count + "\r\n")
                        // a joining master serves (and accepts MIGRATE) only once its state is ok: as on
                        // Redis, after the rejoin delay that follows leaving the minority (alone)
                        || !call(n, "CLUSTER", "INFO").contains("cluster_state:ok\r\n")) {
                    return false;
                }
            }
            return sim.admin().check().ok();
        }, Duration.ofSeconds(60));
    }

    @Test
    void addNodeReshardOntoItReshardBackAndDelNode() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).spares(2)
                .config("cluster-node-timeout", "2000").start()) {
            List<String> keys = RedisCliClusterAdminTest.writeKeys(sim, 1000);
            SimNode m0 = sim.masters().get(0);
            SimNode s0 = sim.spares().get(0);
            SimNode s1 = sim.spares().get(1);
            List<SimNode> all = List.of(m0, sim.masters().get(1), sim.masters().get(2), s0, s1);

            String add = run(0, CLI, "--cluster", "add-node", s0.address(), m0.address());
            assertThat(add).contains(">>> Send CLUSTER MEET to node " + s0.address() + " to make it join the cluster.")
                    .contains("[OK] New node added correctly.");
            awaitJoined(sim, all.subList(0, 4), 4);
            String addReplica = run(0, CLI, "--cluster", "add-node", s1.address(), m0.address(), "--cluster-slave",
                    "--cluster-master-id", s0.id());
            assertThat(addReplica).contains("[OK] New node added correctly.");
            awaitJoined(sim, all, 5);
            assertThat(s1.masterId()).isEqualTo(s0.id());

            String reshard = run(0, CLI, "--cluster", "reshard", m0.address(), "--cluster-from", "all", "--cluster-to", s0.id(),
                    "--cluster-slots", "1200", "--cluster-yes");
            assertThat(reshard).contains("Moving slot 5461 from " + sim.masters().get(1).address() + " to " + s0.address());
            awaitJoined(sim, all, 5);
            assertThat(run(0, CLI, "--cluster", "check", m0.address())).contains("[OK] All 16384 slots covered.")
                    .contains(s0.address() + " (" + s0.id().substring(0, 8) + "...) -> ").contains("| 1199 slots | 1 slaves."); // redis-cli's float shares: 1199 of 1200
            RedisCliClusterAdminTest.assertReadable(sim, keys);
            assertThat(run(1, CLI, "--cluster", "del-node", m0.address(), s0.id()))
                    .contains("[ERR] Node " + s0.address() + " is not empty! Reshard data away and try again.");

            run(0, CLI, "--cluster", "reshard", m0.address(), "--cluster-from", s0.id(), "--cluster-to", m0.id(),
                    "--cluster-slots", "1199", "--cluster-yes");
            awaitJoined(sim, all, 5);
            assertThat(s0.slots()).isEmpty();
            String delReplica = run(0, CLI, "--cluster", "del-node", m0.address(), s1.id());
            assertThat(delReplica).contains(">>> Sending CLUSTER FORGET messages to the cluster...")
                    .contains(">>> Sending CLUSTER RESET SOFT to the deleted node.");
            // redis-cli finds the id case-insensitively but sends it as typed: Redis 7.0.15 then answers
            // "ERR Unknown node <ID>" to the upper-case FORGET (checked), and so does rcsim
            assertThat(run(1, CLI, "--cluster", "del-node", m0.address(), s0.id().toUpperCase(java.util.Locale.ROOT)))
                    .contains("ERR Unknown node " + s0.id().toUpperCase(java.util.Locale.ROOT));
            run(0, CLI, "--cluster", "del-node", m0.address(), s0.id());
            assertThat(call(s0, "CLUSTER", "INFO")).contains("cluster_known_nodes:1\r\n");
            assertThat(call(s1, "CLUSTER", "INFO")).contains("cluster_known_nodes:1\r\n");
            awaitJoined(sim, all.subList(0, 3), 3);
            String check = run(0, CLI, "--cluster", "check", m0.address());
            assertThat(check).contains("[OK] All nodes agree about slots configuration.").contains("[OK] All 16384 slots covered.")
                    .contains("[OK] 1000 keys in 3 masters.").doesNotContain(s0.id().substring(0, 8));
            sim.awaitHealthy();
            RedisCliClusterAdminTest.assertReadable(sim, keys);
        }
    }
}
