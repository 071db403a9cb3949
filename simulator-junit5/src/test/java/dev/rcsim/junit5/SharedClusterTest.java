package dev.rcsim.junit5;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.admin.NodeClient;
import dev.rcsim.events.EventLog;
import dev.rcsim.fault.Faults;
import dev.rcsim.time.SimClock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/** A class-level @RedisClusterTest: one cluster for every test, reset in between. */
@RedisClusterTest(masters = 3, replicasPerMaster = 1, seed = 7, config = {"cluster-node-timeout 5000"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedClusterTest {
    static RedisClusterSimulator first;
    static final Set<String> firstIds = new HashSet<>();

    @Test
    @Order(1)
    void injectsTheClusterAndItsParts(RedisClusterSimulator cluster, Faults faults, EventLog events, SimClock clock,
            @Master(1) SimNode master1, @ReplicaOf(1) SimNode replica1) {
        first = cluster;
        cluster.nodes().forEach(n -> firstIds.add(n.id()));
        assertThat(cluster.seed()).isEqualTo(7);
        assertThat(faults).isSameAs(cluster.faults());
        org.assertj.core.api.Assertions.assertThat((Object) events).isSameAs(cluster.events());
        assertThat(clock.isSimulated()).isTrue();
        assertThat(master1).isSameAs(cluster.masters().get(1));
        assertThat(replica1.masterId()).isEqualTo(master1.id());
        assertThat(NodeClient.callOnce(master1.host(), master1.port(), "CONFIG", "GET", "cluster-node-timeout"))
                .isEqualTo(List.of("cluster-node-timeout", "5000"));
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            jedis.set("{user:1}:name", "ada");
        }
        faults.holdReplication(replica1);
        assertThat(cluster).isHealthy().hasAllSlotsCovered().hasNoFailedNodes().agreesOnTopology().hasMaster(master1);
        assertThat(cluster).hasEvents("FAULT").count(1);
    }

    @Test
    @Order(2)
    void nextTestGetsTheSameClusterFlushedWithFaultsHealed(RedisClusterSimulator cluster) {
        assertThat(cluster).isSameAs(first);
        assertThat(cluster.faults().active()).isEmpty();
        assertThat(cluster.faults().history()).isEmpty();
        assertThat(cluster).hasNoEvents("FAULT");
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            assertThat(jedis.get("{user:1}:name")).isNull();
        }
        for (SimNode r : cluster.replicas()) {
            assertThat(NodeClient.callOnce(r.host(), r.port(), "DBSIZE")).isEqualTo(0L);
        }
        cluster.faults().kill(cluster.masters().get(0));
    }

    @Test
    @Order(3)
    void aKilledNodeIsRepairedByRebuildingFromTheSameSeed(RedisClusterSimulator cluster) {
        assertThat(cluster).isNotSameAs(first);
        Set<String> ids = new HashSet<>();
        cluster.nodes().forEach(n -> ids.add(n.id()));
        assertThat(ids).isEqualTo(firstIds);
        assertThat(cluster.nodes()).allMatch(SimNode::isRunning);
        assertThat(cluster).isHealthy().agreesOnTopology();
    }

    @Test
    @Order(4)
    @RedisClusterTest(masters = 1, replicasPerMaster = 0, clock = ClockMode.SYSTEM)
    void aMethodAnnotationGetsItsOwnCluster(RedisClusterSimulator cluster) {
        assertThat(cluster.nodes()).hasSize(1);
        assertThat(cluster.clock().isSimulated()).isFalse();
        assertThat(cluster).isHealthy().hasAllSlotsCovered();
    }
}
