package dev.rcsim.admin;

import static dev.rcsim.admin.RedisCliClusterAdminTest.CLI;
import static dev.rcsim.admin.RedisCliClusterAdminTest.run;
import static dev.rcsim.testing.Nodes.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Adding a master copies the cluster's function libraries to it before the MEET, as redis-cli 7.0.15's
 * {@code --cluster add-node} does (FUNCTION DUMP on the entry node, FUNCTION LIST on the new node, then
 * FUNCTION RESTORE): from Java ({@link ClusterAdmin#addNode}) and with the real redis-cli.
 */
class AddNodeFunctionsTest {
    static final String LIB = "#!lua name=mylib\nredis.register_function('myecho', function(keys, args) return args[1] end)";
    static final String LIB2 = "#!lua name=other\nredis.register_function{function_name='ro', callback=function(k, a) return 1 end, flags={'no-writes'}}";

    static RedisClusterSimulator withLibraries() {
        RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).spares(2)
                .config("cluster-node-timeout", "2000").start();
        for (SimNode m : sim.masters()) {
            assertThat(call(m, "FUNCTION", "LOAD", LIB)).isEqualTo("$5\r\nmylib\r\n");
            assertThat(call(m, "FUNCTION", "LOAD", LIB2)).isEqualTo("$5\r\nother\r\n");
        }
        return sim;
    }

    @Test
    void javaAddNodeCopiesFunctionLibrariesToTheNewMaster() {
        try (RedisClusterSimulator sim = withLibraries()) {
            SimNode m0 = sim.masters().get(0);
            SimNode s0 = sim.spares().get(0);
            List<String> progress = new ArrayList<>();
            sim.admin().listener(progress::add).addNode(s0.address(), m0.address());
            assertThat(call(s0, "FUNCTION", "LIST", "WITHCODE")).isEqualTo(call(m0, "FUNCTION", "LIST", "WITHCODE"))
                    .contains("myecho");
            assertThat(call(s0, "FUNCTION", "DUMP")).isEqualTo(call(m0, "FUNCTION", "DUMP"));
            assertThat(progress).containsSubsequence(">>> Getting functions from cluster",
                    ">>> Send FUNCTION LIST to " + s0.address() + " to verify there is no functions in it",
                    ">>> Send FUNCTION RESTORE to " + s0.address(),
                    ">>> Send CLUSTER MEET to node " + s0.address() + " to make it join the cluster.");
        }
    }

    @Test
    void javaAddNodeRefusesANewNodeThatAlreadyHasFunctions() {
        try (RedisClusterSimulator sim = withLibraries()) {
            SimNode s0 = sim.spares().get(0);
            call(s0, "FUNCTION", "LOAD", LIB);
            assertThatThrownBy(() -> sim.admin().addNode(s0.address(), sim.masters().get(0).address()))
                    .isInstanceOf(AdminException.class)
                    .hasMessageContaining("New node already contains functions and can not be added to the cluster. "
                            + "Use FUNCTION FLUSH and try again.");
            assertThat(call(s0, "CLUSTER", "INFO")).contains("cluster_known_nodes:1\r\n");
        }
    }

    @Test
    void redisCliAddNodeCopiesFunctionLibrariesToTheNewMaster() throws Exception {
        Assumptions.assumeTrue(new File(CLI).canExecute(), "redis-cli not installed");
        try (RedisClusterSimulator sim = withLibraries()) {
            SimNode m0 = sim.masters().get(0);
            SimNode s0 = sim.spares().get(0);
            String add = run(0, CLI, "--cluster", "add-node", s0.address(), m0.address());
            assertThat(add).contains(">>> Getting functions from cluster")
                    .contains(">>> Send FUNCTION RESTORE to " + s0.address())
                    .contains("[OK] New node added correctly.");
            assertThat(call(s0, "FUNCTION", "LIST", "WITHCODE")).isEqualTo(call(m0, "FUNCTION", "LIST", "WITHCODE"));
            assertThat(call(s0, "FCALL", "myecho", "0", "hi")).isEqualTo("$2\r\nhi\r\n");
        }
    }
}
