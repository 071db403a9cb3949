package dev.rcsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.FaultScript;
import dev.rcsim.junit5.Master;
import dev.rcsim.junit5.RedisClusterTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * A fault script in text form, run on simulated time: ten seconds of faults in a few milliseconds. The
 * script may come from the annotation, naming nodes by their place in the formed cluster.
 */
@RedisClusterTest(masters = 3, replicasPerMaster = 1, seed = 2024)
class FaultScriptExampleTest {
    @Test
    void aReplicaThatFellBehindCatchesUpWhenItsLinkHeals(RedisClusterSimulator cluster) {
        SimNode master = cluster.masters().get(0);
        SimNode replica = cluster.replicasOf(master).get(0);
        long start = cluster.clock().millis();

        cluster.faults().parse("""
                at 1s hold-replication %s
                at 10s heal all
                """.formatted(replica.address())).run();

        assertThat(cluster.clock().millis() - start).isEqualTo(10_000);
        assertThat(cluster.faults().history()).containsExactly(
                "at 1s hold-replication " + replica.address(),
                "at 10s heal " + replica.address() + " hold-replication");
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            jedis.set("{x}1", "v");
            assertThat(jedis.get("{x}1")).isEqualTo("v");
        }
        cluster.clock().advance(Duration.ofSeconds(1));
    }

    @Test
    @RedisClusterTest(masters = 3, replicasPerMaster = 1, seed = 2024, config = {"cluster-node-timeout 5000"},
            faultScript = {"at 1s kill master:0", "at 30s heal all"})
    void jedisCarriesOnWhenTheAnnotationScriptKillsMaster0(FaultScript script, RedisClusterSimulator cluster,
            @Master(0) SimNode master0) {
        SimNode replica = cluster.replicasOf(master0).get(0);
        String key = "order:0";
        for (int i = 1; cluster.masterFor(key) != master0; i++) {
            key = "order:" + i;
        }
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            jedis.set(key, "paid");
            cluster.awaitCondition("the replica has the write", () -> replica.replicationLag() == 0, Duration.ofSeconds(5));

            script.run(); // 1s: master 0 dies, its replica is elected; 30s: it comes back as a replica
            cluster.awaitHealthy();

            assertThat(jedis.get(key)).isEqualTo("paid");
            jedis.set(key, "shipped"); // JedisCluster found the new master by itself
            assertThat(cluster.masterFor(key)).isSameAs(replica);
            assertThat(master0.isMaster()).isFalse();
        }
    }
}
