package dev.rcsim.bus;

import static dev.rcsim.testing.Nodes.keyOwnedBy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.internal.Internals;
import dev.rcsim.server.ClientPause;
import dev.rcsim.server.RedisNode;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The master side of CLUSTER FAILOVER pauses its clients for writes (Redis 7.0's
 * {@code pauseClients(PAUSE_DURING_FAILOVER, ..., CLIENT_PAUSE_WRITE)}): keyed and keyless writes and
 * PUBLISH wait, reads go on, and once the master turned replica the postponed commands are processed
 * again from the start (MOVED for a key, READONLY for FLUSHALL, PUBLISH runs on the new replica).
 */
class ManualFailoverPauseTest {

    @Test
    void writesHeldDuringTheManualFailoverPauseAreRedirectedOrRefusedAfterIt() throws Exception {
        SimClock clock = SimClock.simulated();
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(7)
                .clock(clock).start()) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            RedisNode m = Internals.node(master);
            String key = keyOwnedBy(master, "p");
            try (RawClient admin = new RawClient(master.port()); RawClient setter = new RawClient(master.port());
                 RawClient flusher = new RawClient(master.port()); RawClient publisher = new RawClient(master.port());
                 RawClient r = new RawClient(replica.port())) {
                assertThat(admin.call("SET", key, "v")).isEqualTo("+OK\r\n");
                assertThat(r.call("CLUSTER", "FAILOVER")).isEqualTo("+OK\r\n");
                long deadline = clock.millis() + 1000;
                while (!m.call(() -> m.pause().isActive(ClientPause.Purpose.FAILOVER))) {
                    assertThat(clock.millis()).isLessThan(deadline);
                    clock.advance(Duration.ofMillis(1));
                }
                // the clock stands still: the master stays paused while the clients send
                setter.send("SET".getBytes(), key.getBytes(), "w".getBytes());
                flusher.send("FLUSHALL".getBytes());
                publisher.send("PUBLISH".getBytes(), "ch".getBytes(), "m".getBytes());
                long realDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (m.call(() -> m.pause().postponedCount()) < 3) {
                    assertThat(System.nanoTime()).isLessThan(realDeadline);
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
                }
                assertThat(admin.call("GET", key)).isEqualTo("$1\r\nv\r\n");
                assertThat(admin.call("INFO", "clients")).contains("blocked_clients:3\r\n");
                assertThat(sim.awaitFailover(master)).isEqualTo(replica);
                assertThat(setter.readReplyString()).isEqualTo(
                        "-MOVED " + HashSlots.slot(key) + " " + replica.address() + "\r\n");
                assertThat(flusher.readReplyString()).isEqualTo("-READONLY You can't write against a read only replica.\r\n");
                assertThat(publisher.readReplyString()).isEqualTo(":0\r\n");
                assertThat(r.call("GET", key)).isEqualTo("$1\r\nv\r\n");
            }
        }
    }

    @Test
    void aTimedOutManualFailoverUnpausesAndRunsTheHeldWritesOnTheMaster() throws Exception {
        SimClock clock = SimClock.simulated();
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(8)
                .clock(clock).start()) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            RedisNode m = Internals.node(master);
            String key = keyOwnedBy(master, "q");
            // the replica never hears the paused master's offset: the failover cannot start and times out
            Internals.network(sim).cut(master.address(), replica.address());
            try (RawClient flusher = new RawClient(master.port()); RawClient r = new RawClient(replica.port());
                 RawClient admin = new RawClient(master.port())) {
                admin.call("SET", key, "v");
                assertThat(r.call("CLUSTER", "FAILOVER")).isEqualTo("+OK\r\n");
                long deadline = clock.millis() + 1000;
                while (!m.call(() -> m.pause().isActive(ClientPause.Purpose.FAILOVER))) {
                    assertThat(clock.millis()).isLessThan(deadline);
                    clock.advance(Duration.ofMillis(1));
                }
                flusher.send("FLUSHALL".getBytes());
                sim.awaitCondition("FLUSHALL postponed", () -> m.call(() -> m.pause().postponedCount()) == 1,
                        Duration.ofSeconds(1));
                clock.advance(Duration.ofSeconds(6)); // mf_end (5 s) passes: resetManualFailover unpauses
                assertThat(flusher.readReplyString()).isEqualTo("+OK\r\n");
                assertThat(admin.call("DBSIZE")).isEqualTo(":0\r\n");
            }
        }
    }
}
