package dev.rcsim.fault;

import static dev.rcsim.testing.Nodes.keyOwnedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** Each troubleshooting scenario, seen through a real client. */
class ScenariosTest {

    private static RedisClusterSimulator cluster(int masters, int replicas) {
        return RedisClusterSimulator.builder().masters(masters).replicasPerMaster(replicas).seed(11)
                .clock(SimClock.simulated()).config("cluster-node-timeout", "5000").start();
    }

    @Test
    void masterDownWithoutReplicaMakesTheOthersAnswerClusterdown() {
        try (RedisClusterSimulator sim = cluster(3, 0)) {
            SimNode dead = sim.masters().get(0);
            SimNode live = sim.masters().get(1);
            String liveKey = keyOwnedBy(live, "k");
            Fault f = sim.scenarios().masterDownWithoutReplica(dead);
            try (Jedis j = new Jedis(live.host(), live.port())) {
                assertThat(j.clusterInfo()).contains("cluster_state:fail");
                assertThatThrownBy(() -> j.get(liveKey)).isInstanceOf(JedisDataException.class)
                        .hasMessage("CLUSTERDOWN The cluster is down");
            }
            assertThat(sim.metrics(live).redirects("CLUSTERDOWN")).isEqualTo(1);
            f.heal();
            sim.awaitHealthy();
            try (Jedis j = new Jedis(live.host(), live.port())) {
                assertThat(j.get(liveKey)).isNull();
            }
        }
    }

    @Test
    void minorityPartitionMakesTheIsolatedMasterAnswerClusterdownWhileTheMajorityFailsOver() {
        try (RedisClusterSimulator sim = cluster(3, 1)) {
            SimNode isolated = sim.masters().get(0);
            String key = keyOwnedBy(isolated, "k");
            Fault f = sim.scenarios().minorityPartition(isolated);
            try (Jedis j = new Jedis(isolated.host(), isolated.port())) {
                assertThatThrownBy(() -> j.get(key)).isInstanceOf(JedisDataException.class)
                        .hasMessage("CLUSTERDOWN The cluster is down");
            }
            SimNode promoted = sim.awaitFailover(isolated);
            assertThat(promoted).isEqualTo(sim.replicasOf(isolated).get(0));
            f.heal();
            sim.awaitHealthy();
            assertThat(isolated.isMaster()).isFalse();
        }
    }

    @Test
    void lostQuorumLeavesTheClusterDownWithNoFailover() {
        try (RedisClusterSimulator sim = cluster(3, 1)) {
            SimNode survivor = sim.masters().get(2);
            String key = keyOwnedBy(survivor, "k");
            Fault f = sim.scenarios().lostQuorum();
            sim.clock().advance(Duration.ofSeconds(30)); // replicas cannot win an election without a majority of masters
            assertThat(sim.events().matching(e -> e.type().equals("PROMOTED") || e.type().equals("ELECTION_WON"))).isEmpty();
            try (Jedis j = new Jedis(survivor.host(), survivor.port())) {
                assertThat(j.clusterInfo()).contains("cluster_state:fail");
                assertThatThrownBy(() -> j.get(key)).isInstanceOf(JedisDataException.class)
                        .hasMessage("CLUSTERDOWN The cluster is down");
            }
            for (SimNode r : sim.replicas()) {
                assertThat(r.isMaster()).isFalse();
            }
            f.heal();
            assertThat(f.isActive()).isFalse();
            sim.awaitHealthy();
        }
    }

    @Test
    void crossslotIsAnsweredBeforeAnyRedirect() {
        try (RedisClusterSimulator sim = cluster(3, 0)) {
            SimNode m = sim.masters().get(0);
            try (Jedis j = new Jedis(m.host(), m.port())) {
                assertThatThrownBy(() -> j.mset("a", "1", "b", "2")).isInstanceOf(JedisDataException.class)
                        .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
            }
            assertThat(sim.events().matching(e -> e.type().equals("CROSSSLOT"))).hasSize(1);
            assertThat(sim.metrics().redirects("CROSSSLOT")).isEqualTo(1);
        }
    }

    @Test
    void staleTopologyRedirectsToTheOldOwnerThenTheNewOne() {
        try (RedisClusterSimulator sim = cluster(3, 1)) {
            SimNode old = sim.masters().get(0);
            SimNode replica = sim.replicasOf(old).get(0);
            SimNode observer = sim.masters().get(1);
            String key = keyOwnedBy(old, "k");
            int slot = HashSlots.slot(key);
            Fault f = sim.scenarios().staleTopology(observer, old);
            try (Jedis j = new Jedis(observer.host(), observer.port())) {
                assertThatThrownBy(() -> j.get(key)).isInstanceOf(JedisDataException.class)
                        .hasMessage("MOVED " + slot + " " + old.address());
            }
            try (Jedis j = new Jedis(old.host(), old.port())) {
                assertThatThrownBy(() -> j.get(key)).isInstanceOf(JedisDataException.class)
                        .hasMessage("MOVED " + slot + " " + replica.address());
            }
            assertThat(sim.events().redirects().served(observer.address(), "MOVED", slot)).isEqualTo(1);
            f.heal();
            sim.awaitHealthy();
            try (Jedis j = new Jedis(observer.host(), observer.port())) {
                assertThatThrownBy(() -> j.get(key)).hasMessage("MOVED " + slot + " " + replica.address());
            }
        }
    }
}
