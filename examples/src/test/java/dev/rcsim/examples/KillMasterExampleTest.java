package dev.rcsim.examples;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.junit5.RedisClusterTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/** The README's first example: a master dies, its replica takes over, the client carries on. */
@RedisClusterTest(masters = 3, replicasPerMaster = 1, config = {"cluster-node-timeout 5000"})
class KillMasterExampleTest {
    @Test
    void paymentSurvivesFailover(RedisClusterSimulator cluster) {
        try (var jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            jedis.set("{order:7}:state", "paid");
            var master = cluster.masterFor("{order:7}:state");
            cluster.faults().kill(master);
            cluster.awaitHealthy(); // advances simulated time: failure detection, election, promotion
            assertThat(jedis.get("{order:7}:state")).isEqualTo("paid");
            assertThat(cluster).hasMaster(cluster.replicasOf(master).get(0)).hasNoFailedNodes();
        }
    }
}
