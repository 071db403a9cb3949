package dev.rcsim.junit5;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.admin.NodeClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cluster assertions read each node's answers; a node whose view differs makes them fail. */
@RedisClusterTest(masters = 3, replicasPerMaster = 1, seed = 3)
class AssertionsTest {
    @Test
    void aFormedClusterPassesEveryCheck(RedisClusterSimulator cluster) {
        assertThat(cluster).isHealthy().hasAllSlotsCovered().hasNoFailedNodes().agreesOnTopology()
                .hasMaster(cluster.masters().get(2)).hasMaster(cluster.masters().get(0).port());
        assertThatThrownBy(() -> assertThat(cluster).hasMaster(cluster.replicas().get(0)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("to be a master");
    }

    @Test
    void aNodeWithAnUnassignedSlotIsNotHealthyAndDisagrees(RedisClusterSimulator cluster) {
        SimNode n = cluster.replicas().get(2);
        // as an operator would: CLUSTER DELSLOTS on that one node; the others keep the slot
        assertThat(NodeClient.callOnce(n.host(), n.port(), "CLUSTER", "DELSLOTS", "100")).isEqualTo("OK");
        assertThatThrownBy(() -> assertThat(cluster).isHealthy()).isInstanceOf(AssertionError.class)
                .hasMessageContaining(n.address() + " reports cluster_state:fail");
        assertThatThrownBy(() -> assertThat(cluster).hasAllSlotsCovered()).hasMessageContaining("cluster_slots_assigned:16383");
        assertThatThrownBy(() -> assertThat(cluster).agreesOnTopology()).hasMessageContaining("for slot 100");
    }

    @Test
    void theNextTestSeesTheFormedTopologyAgain(RedisClusterSimulator cluster) {
        // whichever test ran first, a changed view made the extension rebuild the cluster
        assertThat(cluster).isHealthy().agreesOnTopology();
    }

    @Test
    void eventAssertionsCountByType(RedisClusterSimulator cluster) {
        SimNode m = cluster.masters().get(0);
        cluster.faults().pause(m).heal();
        cluster.faults().latency(m, Duration.ofMillis(1));
        assertThat(cluster).hasEvents("FAULT").count(2);
        assertThat(cluster).hasEvents("HEAL").count(1).withDetailContaining("pause").count(1);
        assertThat(cluster).hasEvents("FAULT").on(m.address()).count(2);
        assertThat(cluster.events()).count(3);
        assertThatThrownBy(() -> assertThat(cluster).hasEvents("FAIL")).hasMessageContaining("events of type FAIL");
        assertThatThrownBy(() -> assertThat(cluster).hasEvents("FAULT").count(5)).hasMessageContaining("Expecting 5 events of type FAULT but found 2");
    }
}
