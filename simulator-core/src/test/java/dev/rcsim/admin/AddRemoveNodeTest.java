package dev.rcsim.admin;

import static dev.rcsim.testing.Nodes.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ClusterAdmin#addNode} / {@link ClusterAdmin#removeNode}: redis-cli's add-node and del-node from Java. */
class AddRemoveNodeTest {
    @Test
    void spareJoinsAsMasterAndReplicaTakesSlotsGivesThemBackAndLeaves() {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).spares(2).seed(7)
                .clock(SimClock.simulated()).start()) {
            List<String> keys = RedisCliClusterAdminTest.writeKeys(sim, 300);
            SimNode m0 = sim.masters().get(0);
            SimNode s0 = sim.spares().get(0);
            SimNode s1 = sim.spares().get(1);
            ClusterAdmin admin = sim.admin();

            assertThat(admin.addNode(s0.address(), m0.address())).isEqualTo(s0.id());
            for (SimNode n : List.of(m0, sim.masters().get(1), sim.masters().get(2), s0)) {
                assertThat(call(n, "CLUSTER", "INFO")).contains("cluster_known_nodes:4\r\n");
            }
            assertThat(s0.isMaster()).isTrue();
            assertThat(admin.addNode(s1.address(), m0.address(), s0.id())).isEqualTo(s1.id());
            assertThat(s1.masterId()).isEqualTo(s0.id());
            assertThat(call(m0, "CLUSTER", "NODES")).containsPattern(s1.id() + " \\S+ slave " + s0.id());
            assertThatThrownBy(() -> admin.addNode(s1.address(), m0.address()))
                    .isInstanceOf(AdminException.class).hasMessageContaining("is not empty");
            assertThatThrownBy(() -> admin.addNode("127.0.0.1:" + s1.port(), m0.address(), "0000"))
                    .isInstanceOf(AdminException.class).hasMessage("No such master ID 0000");

            admin.reshard(List.of("all"), s0.id(), 600);
            assertThat(s0.slots()).isNotEmpty();
            // the replica of s0 learns the new owners by gossip
            sim.awaitCondition("every node agreeing", () -> admin.check().ok(), java.time.Duration.ofSeconds(30));
            RedisCliClusterAdminTest.assertReadable(sim, keys);
            assertThatThrownBy(() -> admin.removeNode(s0.id())).isInstanceOf(AdminException.class)
                    .hasMessage("Node " + s0.address() + " is not empty! Reshard data away and try again.");

            admin.reshard(List.of(s0.id()), m0.id(), 600);
            assertThat(s0.slots()).isEmpty();
            admin.removeNode(s1.id());
            admin.removeNode(s0.id());
            for (SimNode m : sim.masters()) {
                String nodes = call(m, "CLUSTER", "NODES");
                assertThat(nodes).doesNotContain(s0.id()).doesNotContain(s1.id());
            }
            assertThat(call(s0, "CLUSTER", "INFO")).contains("cluster_known_nodes:1\r\n");
            assertThat(call(s1, "CLUSTER", "INFO")).contains("cluster_known_nodes:1\r\n");
            assertThatThrownBy(() -> admin.removeNode(s0.id())).hasMessage("No such node ID " + s0.id());
            CheckReport r = admin.check();
            assertThat(r.ok()).as(r.lines().toString()).isTrue();
            sim.awaitHealthy();
            RedisCliClusterAdminTest.assertReadable(sim, keys);
        }
    }
}
