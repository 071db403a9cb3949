package dev.rcsim.junit5;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.admin.NodeClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** @RegisterExtension: several named clusters per class, and a cluster per test from an instance field. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProgrammaticClustersTest {
    @RegisterExtension
    static RedisClusterExtension orders = RedisClusterExtension.builder().masters(3).replicasPerMaster(0).name("orders")
            .seed(11).build();

    @RegisterExtension
    static RedisClusterExtension sessions = RedisClusterExtension.builder().masters(1).replicasPerMaster(1).name("sessions")
            .clock(ClockMode.SYSTEM).config("cluster-require-full-coverage", "no").build();

    @RegisterExtension
    RedisClusterExtension scratch = RedisClusterExtension.builder().masters(2).replicasPerMaster(0).build();

    static final List<RedisClusterSimulator> scratches = new ArrayList<>();
    static RedisClusterSimulator firstOrders;

    @Test
    @Order(1)
    void namedParametersPickTheirCluster(@ClusterName("orders") RedisClusterSimulator o,
            @ClusterName("sessions") RedisClusterSimulator s, RedisClusterSimulator unnamed) {
        assertThat(o).isSameAs(orders.cluster());
        assertThat(s).isSameAs(sessions.cluster());
        assertThat(o.masters()).hasSize(3);
        assertThat(o.seed()).isEqualTo(11);
        assertThat(s.nodes()).hasSize(2);
        SimNode m = s.masters().get(0);
        assertThat(NodeClient.callOnce(m.host(), m.port(), "CONFIG", "GET", "cluster-require-full-coverage"))
                .isEqualTo(List.of("cluster-require-full-coverage", "no"));
        assertThat(unnamed).isSameAs(scratch.cluster());
        assertThat(unnamed.masters()).hasSize(2);
        assertThat(o).isHealthy().agreesOnTopology();
        scratches.add(unnamed);
        firstOrders = o;
    }

    @Test
    @Order(2)
    void staticFieldsAreSharedAndInstanceFieldsAreFresh(RedisClusterSimulator unnamed) {
        assertThat(orders.cluster()).isSameAs(firstOrders);
        assertThat(scratches).doesNotContain(unnamed);
        assertThat(scratches.get(0).nodes().get(0).isRunning()).isFalse(); // closed by JUnit with its test
    }
}
