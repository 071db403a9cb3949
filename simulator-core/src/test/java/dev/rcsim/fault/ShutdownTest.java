package dev.rcsim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.time.SimClock;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** SHUTDOWN sent to a simulated cluster's node stops it like a kill (the launcher's failover walk-through). */
class ShutdownTest {
    @Test
    void shutdownNosaveClosesTheNodeAndItsReplicaTakesOver() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(3)
                .clock(SimClock.simulated()).config("cluster-node-timeout", "5000").start()) {
            SimNode master = sim.masters().get(2);
            try (Jedis j = new Jedis(master.host(), master.port(), 2000)) {
                try {
                    j.shutdown();
                } catch (RuntimeException closedByTheServer) {
                    // Redis closes the connection instead of replying
                }
            }
            sim.awaitCondition("the node stopped", () -> !master.isRunning(), Duration.ofSeconds(5));
            long deadline = System.nanoTime() + 5_000_000_000L; // the port closes on the node's own thread
            while (portOpen(master) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            assertThat(portOpen(master)).isFalse();
            assertThat(sim.awaitFailover(master)).isEqualTo(sim.replicasOf(master).get(0));
        }
    }

    private static boolean portOpen(SimNode n) {
        try (Socket s = new Socket(n.host(), n.port())) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
