package dev.rcsim.replication;

import static dev.rcsim.replication.PartialResyncTest.awaitInSync;
import static dev.rcsim.replication.PartialResyncTest.info;
import static dev.rcsim.replication.PartialResyncTest.shard;
import static dev.rcsim.replication.PartialResyncTest.syncs;
import static dev.rcsim.testing.Nodes.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.Fault;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * client-output-buffer-limit's replica class: the stream a master has produced for a replica that the
 * replica has not taken (here held by a hold-replication fault) is that replica's output buffer; over
 * the limit the master drops the link, and the replica reconnects with PSYNC, as Redis 7.0 does.
 */
class ReplicaOutputBufferLimitTest {
    private static final String VALUE = "v".repeat(100_000);

    private static long dropped(SimNode master) {
        return Internals.node(master).call(() -> Internals.node(master).stats().outputBufferLimitDisconnections);
    }

    private static void write(SimNode master, int from, int to) {
        for (int i = from; i < to; i++) {
            assertThat(call(master, "SET", "k" + i, VALUE + i)).isEqualTo("+OK\r\n");
        }
    }

    private static void assertHasAll(SimNode replica, int n) {
        assertThat(Internals.node(replica).call(() -> Internals.node(replica).db(0).size())).isEqualTo(n);
        try (RawClient c = new RawClient(replica.port())) {
            c.call("READONLY");
            for (int i = 0; i < n; i++) {
                String v = VALUE + i;
                assertThat(c.call("GET", "k" + i)).isEqualTo("$" + v.length() + "\r\n" + v + "\r\n");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** After the drop: heals the hold; the replica resyncs as {@code syncs} says and has the {@code n} keys. */
    private static void healAndAssertResynced(RedisClusterSimulator sim, Fault hold, SimNode master, SimNode replica,
            String syncs, int n) {
        hold.heal();
        awaitInSync(sim, master, replica);
        assertThat(syncs(master)).isEqualTo(syncs);
        assertThat(info(master).get("connected_slaves")).isEqualTo("1");
        assertHasAll(replica, n);
        assertThat(dropped(master)).isEqualTo(1);
    }

    @Test
    void replicaOverTheHardLimitIsDroppedAndFullSyncsWhenTheBacklogNoLongerCoversIt() {
        try (RedisClusterSimulator sim = shard(1, 21)) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            assertThat(call(master, "CONFIG", "SET", "client-output-buffer-limit", "replica 1mb 0 0")).isEqualTo("+OK\r\n");
            assertThat(call(master, "CONFIG", "SET", "repl-backlog-size", "16384")).isEqualTo("+OK\r\n");
            awaitInSync(sim, master, replica);
            Fault hold = sim.faults().holdReplication(replica);
            write(master, 0, 10); // ~1,000,700 bytes queued: under 1 MiB
            assertThat(dropped(master)).isZero();
            assertThat(info(master).get("connected_slaves")).isEqualTo("1");
            assertThat(Replication.of(Internals.node(replica)).linkUp()).isTrue();
            write(master, 10, 11); // over 1 MiB
            assertThat(dropped(master)).isEqualTo(1);
            assertThat(info(master).get("connected_slaves")).isEqualTo("0");
            assertThat(Replication.of(Internals.node(replica)).linkUp()).isFalse();
            healAndAssertResynced(sim, hold, master, replica, "full=2 ok=0 err=2", 11);
        }
    }

    @Test
    void replicaOverTheSoftLimitForItsSecondsIsDroppedAndContinuesPartiallyWhenTheBacklogCoversIt() {
        try (RedisClusterSimulator sim = shard(1, 23)) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            assertThat(call(master, "CONFIG", "SET", "client-output-buffer-limit", "slave 0 512kb 10")).isEqualTo("+OK\r\n");
            assertThat(call(master, "CONFIG", "SET", "repl-backlog-size", "10mb")).isEqualTo("+OK\r\n");
            awaitInSync(sim, master, replica);
            Fault hold = sim.faults().holdReplication(replica);
            write(master, 0, 6); // ~600 KB: over the soft limit from now
            long overSince = sim.clock().millis();
            sim.clock().advance(Duration.ofSeconds(5));
            write(master, 6, 7);
            assertThat(dropped(master)).isZero();
            assertThat(Replication.of(Internals.node(replica)).linkUp()).isTrue();
            sim.awaitCondition("replica dropped", () -> dropped(master) == 1, Duration.ofSeconds(20));
            long after = sim.clock().millis() - overSince;
            assertThat(after).isGreaterThan(10_000).isLessThanOrEqualTo(12_000); // soft seconds on whole seconds, cron 100 ms
            healAndAssertResynced(sim, hold, master, replica, "full=1 ok=1 err=1", 7);
        }
    }

    @Test
    void defaultReplicaLimitsLeaveAHeldReplicaWithAFewMegabytesLinked() {
        try (RedisClusterSimulator sim = shard(1, 25)) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            awaitInSync(sim, master, replica);
            Fault hold = sim.faults().holdReplication(replica);
            write(master, 0, 30); // 3 MB: under the default soft limit of 64 MiB
            sim.clock().advance(Duration.ofSeconds(70));
            assertThat(dropped(master)).isZero();
            hold.heal();
            awaitInSync(sim, master, replica);
            assertThat(syncs(master)).isEqualTo("full=1 ok=0 err=1");
            assertHasAll(replica, 30);
        }
    }
}
