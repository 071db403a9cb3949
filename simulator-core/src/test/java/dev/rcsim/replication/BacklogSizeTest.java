package dev.rcsim.replication;

import static dev.rcsim.testing.Nodes.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.internal.Internals;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** repl-backlog-size bounds the backlog in bytes: no command, however big, stays in it beyond that. */
class BacklogSizeTest {

    @Test
    void commandBiggerThanTheBacklogDoesNotPinIt() {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(1).replicasPerMaster(1).seed(23)
                .clock(SimClock.simulated()).start()) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            assertThat(call(master, "CONFIG", "SET", "repl-backlog-size", "16384")).isEqualTo("+OK\r\n");
            call(master, "SET", "small", "1");
            sim.awaitCondition("replica in sync", () -> replica.replicationLag() == 0 && Replication.of(Internals.node(replica)).linkUp(),
                    Duration.ofSeconds(10));
            Internals.network(sim).partition(Set.of(master.address()), Set.of(replica.address()));
            call(master, "SET", "big", "x".repeat(100_000));
            Map<String, String> m = PartialResyncTest.info(master);
            assertThat(Long.parseLong(m.get("repl_backlog_histlen"))).isLessThanOrEqualTo(16384L);
            call(master, "SET", "after", "2");
            m = PartialResyncTest.info(master);
            long histlen = Long.parseLong(m.get("repl_backlog_histlen"));
            assertThat(histlen).isBetween(1L, 100L); // only the command after the big one
            assertThat(Long.parseLong(m.get("repl_backlog_first_byte_offset")) + histlen - 1)
                    .isEqualTo(Long.parseLong(m.get("master_repl_offset")));
            // the replica missed the big command, which the backlog no longer has: it full-syncs and gets it
            Internals.network(sim).healAll();
            sim.awaitCondition("replica synced again", () -> replica.replicationLag() == 0
                    && Replication.of(Internals.node(replica)).linkUp() && !Replication.of(Internals.node(replica)).syncing()
                    && Internals.node(replica).call(() -> Internals.node(replica).db(0).size()) == 3, Duration.ofSeconds(120));
            assertThat(PartialResyncTest.syncs(master)).isEqualTo("full=2 ok=0 err=2");
        }
    }
}
