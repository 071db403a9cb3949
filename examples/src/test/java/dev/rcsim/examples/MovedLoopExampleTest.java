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
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Redirects that do not end where they should: a true MOVED loop, and a stale view's extra hop. */
@RedisClusterTest(masters = 3, replicasPerMaster = 1, seed = 5, config = {"cluster-node-timeout 5000"})
class MovedLoopExampleTest {

    @Test
    void twoNodesPointingAtEachOtherExhaustTheClientsAttempts(RedisClusterSimulator cluster) {
        String key = "session:9"; // an empty slot: Redis refuses to hand away a slot that holds keys
        int slot = RedisClusterSimulator.slotOf(key);
        SimNode owner = cluster.masterFor(key);

        // CLUSTER SETSLOT <slot> NODE <next master> sent to the owner only, as a resharding tool
        // that died between the source and the target leaves it
        Fault loop = cluster.scenarios().movedLoop(slot);
        SimNode target = cluster.masters().get((cluster.masters().indexOf(owner) + 1) % 3);

        try (Jedis a = new Jedis(owner.host(), owner.port()); Jedis b = new Jedis(target.host(), target.port())) {
            assertThatThrownBy(() -> a.get(key)).isInstanceOf(JedisDataException.class)
                    .hasMessage("MOVED " + slot + " " + target.address());
            assertThatThrownBy(() -> b.get(key)).isInstanceOf(JedisDataException.class)
                    .hasMessage("MOVED " + slot + " " + owner.address()); // and back again
        }
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            assertThatThrownBy(() -> jedis.set(key, "v")) // 5 attempts, each answered MOVED
                    .isInstanceOf(JedisClusterOperationException.class)
                    .hasMessage("No more cluster attempts left.");
            assertThat(cluster.admin().check().ok()).isFalse(); // nodes disagree, the slot is uncovered

            loop.heal(); // CLUSTER SETSLOT <slot> NODE <owner> on the owner: it claims the slot again
            assertThat(jedis.set(key, "v")).isEqualTo("OK");
        }
        assertThat(cluster.admin().check().ok()).isTrue();
    }

    @Test
    void aStaleViewAddsAHopButTheClientStillArrives(RedisClusterSimulator cluster) {
        String key = "user:42";
        int slot = RedisClusterSimulator.slotOf(key);
        SimNode master = cluster.masterFor(key);
        SimNode replica = cluster.replicasOf(master).get(0);
        SimNode observer = cluster.masters().get(master == cluster.masters().get(0) ? 1 : 0);

        // cuts the observer off the bus, then fails the master over by hand
        Fault stale = cluster.scenarios().staleTopology(observer, master);

        try (Jedis jedis = new Jedis(observer.host(), observer.port())) {
            assertThatThrownBy(() -> jedis.get(key)).isInstanceOf(JedisDataException.class)
                    .hasMessage("MOVED " + slot + " " + master.address()); // the old owner...
        }
        try (Jedis jedis = new Jedis(master.host(), master.port())) {
            assertThatThrownBy(() -> jedis.get(key)).isInstanceOf(JedisDataException.class)
                    .hasMessage("MOVED " + slot + " " + replica.address()); // ...sends it to the new one
        }

        stale.heal(); // the observer hears the new configuration
        cluster.awaitHealthy();
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            assertThat(jedis.set(key, "alice")).isEqualTo("OK");
        }
        assertThat(cluster).hasMaster(replica).agreesOnTopology();
    }
}
