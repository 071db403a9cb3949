package dev.rcsim.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.FaultScript;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** @RedisClusterTest(faultScript / faultScriptResource): parsed against each test's cluster and injected. */
@RedisClusterTest(masters = 3, replicasPerMaster = 1, seed = 21, config = {"cluster-node-timeout 2000"},
        faultScript = {"at 1s kill master:0", "at 20s heal all  # restarts it"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultScriptInjectionTest {
    static String firstMaster0;
    FaultScript fromBeforeEach;

    @BeforeEach
    void lifecycleMethodsGetItToo(FaultScript script) {
        fromBeforeEach = script;
    }

    @Test
    @Order(1)
    void classScriptIsParsedAgainstTheClusterAndRunOnItsClock(FaultScript script, RedisClusterSimulator cluster,
            @Master(0) SimNode master0) {
        firstMaster0 = master0.address();
        assertThat(script).isSameAs(fromBeforeEach);
        assertThat(script.text()).isEqualTo("at 1s kill " + master0.address() + "\nat 20s heal all\n");
        assertThat(cluster.faults().history()).isEmpty(); // injected, not run
        long start = cluster.clock().millis();
        script.run();
        assertThat(cluster.clock().millis() - start).isEqualTo(20_000);
        assertThat(cluster.faults().history()).first().isEqualTo("at 1s kill " + master0.address());
        cluster.awaitHealthy();
        assertThat(master0.isMaster()).isFalse(); // its replica took over while it was down
    }

    @Test
    @Order(2)
    void aRebuiltClassClusterGetsTheScriptParsedAgain(FaultScript script, @Master(0) SimNode master0) {
        // the kill above made the reset rebuild the cluster from the seed: same ids, new ports
        assertThat(master0.address()).isNotEqualTo(firstMaster0);
        assertThat(script.text()).startsWith("at 1s kill " + master0.address() + "\n");
    }

    @Test
    @Order(3)
    @RedisClusterTest(masters = 2, replicasPerMaster = 1, seed = 3, faultScriptResource = "/faults/pause-replica.txt")
    void methodScriptWinsOverTheClassOne(FaultScript script, RedisClusterSimulator cluster, @ReplicaOf(1) SimNode replica) {
        assertThat(cluster.masters()).hasSize(2);
        assertThat(script.text()).isEqualTo("at 500ms hold-replication " + replica.address() + "\nat 2s heal all\n");
        script.run();
        assertThat(cluster.faults().history()).containsExactly("at 500ms hold-replication " + replica.address(),
                "at 2s heal " + replica.address() + " hold-replication");
    }

    @Test
    @Order(4)
    @RedisClusterTest(masters = 1, replicasPerMaster = 2, faultScript = """
            at 1s pause replica:0.1 for 2s
            at 1s latency replica:0 10ms
            """)
    void oneStringMayHoldSeveralLines(FaultScript script, @ReplicaOf(value = 0, index = 0) SimNode r0,
            @ReplicaOf(value = 0, index = 1) SimNode r1) {
        assertThat(script.text()).isEqualTo("at 1s pause " + r1.address() + " for 2s\nat 1s latency " + r0.address() + " 10ms\n");
    }

    // ------------------------------------------------------- errors (what beforeEach throws, failing the test)

    @Test
    @Order(5)
    void aBadLineFailsWithTheAttributeTheTestAndTheLine(RedisClusterSimulator cluster) {
        ClusterSpec lines = spec(List.of("at 1s kill master:0", "at 2s explode master:1"), "");
        assertThatThrownBy(() -> RedisClusterExtension.parseScript(lines, cluster, getClass(), "OrdersTest.write"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rcsim: bad fault script in @RedisClusterTest(faultScript) of OrdersTest.write:"
                        + " fault script line 2 'at 2s explode master:1': unknown fault 'explode'");
        ClusterSpec resource = spec(List.of(), "bad-fault-script.txt"); // next to this class
        assertThatThrownBy(() -> RedisClusterExtension.parseScript(resource, cluster, getClass(), "OrdersTest"))
                .hasMessage("rcsim: bad fault script in @RedisClusterTest(faultScriptResource bad-fault-script.txt) of OrdersTest:"
                        + " fault script line 3 'at 2s pause master:7': no node master:7 in this cluster (it was formed with 3 masters)");
        ClusterSpec missing = spec(List.of(), "/faults/none.txt");
        assertThatThrownBy(() -> RedisClusterExtension.parseScript(missing, cluster, getClass(), "OrdersTest"))
                .hasMessage("rcsim: bad fault script in @RedisClusterTest(faultScriptResource /faults/none.txt) of OrdersTest:"
                        + " fault script resource /faults/none.txt not found on the classpath (looked up from "
                        + getClass().getName() + ")");
        assertThatThrownBy(() -> spec(List.of("at 1s kill master:0"), "/faults/pause-replica.txt"))
                .hasMessage("rcsim: give faultScript or faultScriptResource, not both");
    }

    private static ClusterSpec spec(List<String> lines, String resource) {
        return new ClusterSpec(3, 1, 0, 1, ClockMode.SIMULATED, Map.of(), lines, resource);
    }
}
