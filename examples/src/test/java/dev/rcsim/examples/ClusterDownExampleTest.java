package dev.rcsim.examples;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.Fault;
import dev.rcsim.junit5.RedisClusterTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The three other roads to "CLUSTERDOWN The cluster is down" (lost quorum is in
 * TroubleshootingExampleTest): slots nobody serves, a dead master with no replica, and a node cut off
 * from the majority.
 */
@RedisClusterTest(masters = 3, replicasPerMaster = 0, seed = 3, config = {"cluster-node-timeout 5000"})
class ClusterDownExampleTest {

    @Test
    void uncoveredSlotsTakeTheWholeClusterDown(RedisClusterSimulator cluster) {
        SimNode master = cluster.masterFor("user:42");
        SimNode other = cluster.masters().get(master == cluster.masters().get(0) ? 1 : 0);
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            jedis.set("user:42", "alice");
        }

        Fault uncovered = cluster.scenarios().uncoveredSlots(master); // CLUSTER DELSLOTS of all its slots, everywhere

        try (Jedis jedis = new Jedis(other.host(), other.port())) {
            assertThat(jedis.clusterInfo()).contains("cluster_state:fail");
            assertThatThrownBy(() -> jedis.get("order:7")) // every key, whichever slot it is in
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("CLUSTERDOWN The cluster is down");
        }
        assertThat(cluster.admin().check().uncovered()).contains(RedisClusterSimulator.slotOf("user:42"));

        uncovered.heal(); // CLUSTER ADDSLOTS on the master; gossip spreads the claim
        cluster.awaitHealthy();
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            assertThat(jedis.get("user:42")).isEqualTo("alice"); // the keys never left the master
        }
    }

    @Test
    void aMasterWithoutReplicaTakesTheWholeClusterDown(RedisClusterSimulator cluster) {
        SimNode master = cluster.masterFor("user:42");
        String elsewhere = keyNotOn(cluster, master); // a key a live master owns
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            jedis.set("user:42", "alice");

            Fault dead = cluster.scenarios().masterDownWithoutReplica(master); // kill, wait for FAIL everywhere

            assertThatThrownBy(() -> jedis.set(elsewhere, "paid"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("CLUSTERDOWN The cluster is down");

            dead.heal(); // the master restarts: same id and slots, but an empty dataset (no persistence)
            cluster.awaitHealthy();
            assertThat(jedis.set(elsewhere, "paid")).isEqualTo("OK");
            assertThat(jedis.get("user:42")).isNull(); // gone with the process
        }
    }

    @Test
    @RedisClusterTest(masters = 3, replicasPerMaster = 1, seed = 3, config = {"cluster-node-timeout 5000"})
    void aNodeCutOffFromTheMajorityStopsServing(RedisClusterSimulator cluster) {
        SimNode master = cluster.masterFor("user:42");
        SimNode replica = cluster.replicasOf(master).get(0);
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            jedis.set("user:42", "alice");
        }

        Fault partition = cluster.scenarios().minorityPartition(master); // waits for cluster_state:fail on it

        try (Jedis isolated = new Jedis(master.host(), master.port())) {
            assertThatThrownBy(() -> isolated.get("user:42"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("CLUSTERDOWN The cluster is down");
        }
        assertThat(cluster.awaitFailover(master)).isEqualTo(replica); // meanwhile the majority fails it over
        try (Jedis promoted = new Jedis(replica.host(), replica.port())) {
            assertThat(promoted.get("user:42")).isEqualTo("alice");
        }

        partition.heal(); // the old master rejoins as a replica of the promoted one
        cluster.awaitHealthy();
        assertThat(cluster).hasMaster(replica).hasAllSlotsCovered().hasNoFailedNodes();
    }

    private static String keyNotOn(RedisClusterSimulator cluster, SimNode node) {
        for (int i = 0; ; i++) {
            if (cluster.masterFor("order:" + i) != node) {
                return "order:" + i;
            }
        }
    }
}
