package dev.rcsim.examples;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.Fault;
import dev.rcsim.junit5.RedisClusterTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A master cut off from the rest of the cluster keeps acknowledging writes until it notices it is in
 * the minority (node timeout), while the majority promotes its replica. When the partition heals the
 * old master becomes a replica of the new one and the writes it took alone are gone: Redis Cluster's
 * documented write loss, staged on purpose.
 */
@RedisClusterTest(masters = 3, replicasPerMaster = 1, seed = 7, config = {"cluster-node-timeout 5000"})
class PartitionWriteLossExampleTest {

    @Test
    void writesTakenByAMinorityMasterAreLostAfterTheHeal(RedisClusterSimulator cluster) {
        SimNode master = cluster.masterFor("{acct:1}:balance");
        SimNode replica = cluster.replicasOf(master).get(0);
        List<SimNode> rest = new ArrayList<>(cluster.nodes());
        rest.remove(master);

        try (Jedis direct = new Jedis(master.host(), master.port())) {
            direct.set("{acct:1}:balance", "100");
            assertThat(direct.waitReplicas(1, 1000)).isEqualTo(1); // safely on the replica

            Fault partition = cluster.faults().partition(List.of(master), rest);
            direct.set("{acct:1}:balance", "40"); // acknowledged by the isolated master only

            SimNode promoted = cluster.awaitFailover(master); // advances simulated time
            assertThat(promoted).isEqualTo(replica);
            assertThatThrownBy(() -> direct.get("{acct:1}:balance"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("CLUSTERDOWN The cluster is down"); // the minority side stops serving

            partition.heal();
            cluster.awaitHealthy();
        }

        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            assertThat(jedis.get("{acct:1}:balance")).isEqualTo("100"); // the write to "40" was lost
        }
        assertThat(cluster).hasMaster(replica).hasAllSlotsCovered().hasNoFailedNodes();
    }
}
