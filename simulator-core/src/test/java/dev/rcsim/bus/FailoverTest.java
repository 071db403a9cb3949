package dev.rcsim.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.events.ClusterEvent;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/** Automatic failover driven by the simulated cluster bus: PFAIL, FAIL, election, promotion. */
class FailoverTest {

    static String keyOwnedBy(SimNode n, String prefix) {
        for (int i = 0; ; i++) {
            String k = prefix + i;
            if (n.ownsSlot(dev.rcsim.cluster.HashSlots.slot(k))) {
                return k;
            }
        }
    }

    @Test
    void killedMasterIsReplacedByItsReplicaInSimulatedTimeWhileJedisClusterKeepsWorking() throws Exception {
        long t0 = System.nanoTime();
        SimClock clock = SimClock.simulated();
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(7)
                .clock(clock).start();
                JedisCluster jedis = new JedisCluster(sim.seeds(HostAndPort::new))) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            String key = keyOwnedBy(master, "k");
            jedis.set(key, "before");
            try (RawClient m = new RawClient(master.port())) {
                assertThat(m.call("WAIT", "1", "0")).isEqualTo(":1\r\n");
            }
            long killedAt = clock.millis();
            sim.kill(master);
            SimNode promoted = sim.awaitFailover(master);
            long took = clock.millis() - killedAt;
            assertThat(promoted).isEqualTo(replica);
            assertThat(replica.isMaster()).isTrue();
            assertThat(jedis.get(key)).isEqualTo("before");
            jedis.set(key, "after");
            assertThat(jedis.get(key)).isEqualTo("after");
            List<String> types = sim.events().all().stream().map(ClusterEvent::type).toList();
            assertThat(types).contains("PFAIL", "FAIL", "ELECTION", "VOTE", "ELECTION_WON", "PROMOTED");
            // 15 s node timeout: PFAIL after ~15 s, FAIL soon after, promotion within ~2 s of FAIL
            assertThat(took).isBetween(15_000L, 22_000L);
            System.out.println("simulated failover took " + took + " ms of cluster time, "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms wall");
            sim.events().all().forEach(e -> System.out.println("  " + e));
        }
    }
}
