package dev.rcsim.examples;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.Fault;
import dev.rcsim.junit5.RedisClusterTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** Named scenarios: what "CLUSTERDOWN The cluster is down" looks like, and how the cluster recovers. */
@RedisClusterTest(masters = 3, replicasPerMaster = 1, config = {"cluster-node-timeout 5000"})
class TroubleshootingExampleTest {

    @Test
    void lostQuorumTakesTheWholeClusterDown(RedisClusterSimulator cluster) {
        SimNode survivor = cluster.masters().get(2);
        String key = "user:42"; // any key: with no quorum every node is down for every slot

        Fault outage = cluster.scenarios().lostQuorum(); // kills 2 of 3 masters, waits for cluster_state:fail

        try (Jedis jedis = new Jedis(survivor.host(), survivor.port())) {
            assertThat(jedis.clusterInfo()).contains("cluster_state:fail");
            assertThatThrownBy(() -> jedis.get(key))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("CLUSTERDOWN The cluster is down");
        }
        assertThat(cluster.metrics(survivor).nodesOk()).isEqualTo(4); // it sees 2 of 6 nodes failing

        outage.heal(); // the masters restart (empty) and the cluster comes back
        cluster.awaitHealthy();
        assertThat(cluster).isHealthy().hasAllSlotsCovered().agreesOnTopology();
    }
}
