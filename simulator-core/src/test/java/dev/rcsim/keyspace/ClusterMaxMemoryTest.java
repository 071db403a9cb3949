package dev.rcsim.keyspace;

import static dev.rcsim.keyspace.ActiveExpiryTest.infoField;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.Nodes;
import dev.rcsim.testing.RawClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Each simulated node is its own process for memory: with {@code maxmemory 50mb} on every node,
 * each master accounts its own used_memory against its own limit. Under allkeys-lru writes keep
 * succeeding while every master evicts; under noeviction each master refuses writes with -OOM once
 * its own data passes the limit.
 */
class ClusterMaxMemoryTest {
    private static final long LIMIT = 50L * 1024 * 1024;
    private static final byte[] VALUE = "v".repeat(1000).getBytes(StandardCharsets.US_ASCII);

    /** Pipelines {@code n} SETs of 1000-byte values under a hash tag {@code master} owns; returns the replies seen. */
    private static java.util.Map<String, Integer> write(SimNode master, int n) throws Exception {
        String tag = "{" + Nodes.keyOwnedBy(master, "t") + "}";
        java.util.Map<String, Integer> replies = new java.util.TreeMap<>();
        try (RawClient c = new RawClient(master.port())) {
            int pending = 0;
            for (int i = 0; i < n; i++) {
                c.send("SET".getBytes(StandardCharsets.US_ASCII), (tag + i).getBytes(StandardCharsets.US_ASCII), VALUE);
                if (++pending == 500 || i == n - 1) {
                    for (; pending > 0; pending--) {
                        replies.merge(c.readReplyString(), 1, Integer::sum);
                    }
                }
            }
        }
        return replies;
    }

    @Test
    void allkeysLruOnEveryNodeKeepsWritesSucceedingUnderEachNodesLimit() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).seed(41)
                .config("maxmemory", "50mb").config("maxmemory-policy", "allkeys-lru").start()) {
            for (SimNode m : sim.masters()) {
                assertThat(write(m, 80_000)).containsOnlyKeys("+OK\r\n"); // ~90 MB per node
            }
            for (SimNode m : sim.masters()) {
                try (RawClient c = new RawClient(m.port())) {
                    assertThat(infoField(c, "memory", "used_memory")).isBetween(LIMIT - 2 * 1024 * 1024, LIMIT + 4096);
                    assertThat(infoField(c, "stats", "evicted_keys")).isGreaterThan(20_000);
                }
            }
        }
    }

    @Test
    void noevictionOnEveryNodeRefusesWritesWithOomOncePastItsOwnLimit() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).seed(43)
                .config("maxmemory", "50mb").config("maxmemory-policy", "noeviction").start()) {
            SimNode first = sim.masters().get(0);
            java.util.Map<String, Integer> replies = write(first, 60_000);
            assertThat(replies).containsOnlyKeys("+OK\r\n", "-OOM command not allowed when used memory > 'maxmemory'.\r\n");
            assertThat(replies.get("+OK\r\n")).isBetween(35_000, 50_000);
            try (RawClient c = new RawClient(first.port())) {
                assertThat(infoField(c, "stats", "evicted_keys")).isZero();
                assertThat(c.call("GET", "{" + Nodes.keyOwnedBy(first, "t") + "}0")).startsWith("$1000");
            }
            // the other masters have their own memory: they still take writes
            for (SimNode m : sim.masters().subList(1, 3)) {
                assertThat(write(m, 1000)).containsOnlyKeys("+OK\r\n");
            }
        }
    }

    @Test
    void replicaIgnoresItsLimitAndDeletesWhatItsMasterEvicts() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(1).replicasPerMaster(1).seed(47)
                .config("maxmemory", "5mb").config("maxmemory-policy", "allkeys-random").start()) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            assertThat(write(master, 10_000)).containsOnlyKeys("+OK\r\n");
            long masterKeys = Internals.node(master).call(() -> (long) Internals.node(master).db(0).size());
            assertThat(masterKeys).isLessThan(10_000);
            sim.awaitCondition("replica has the master's keys, no more", () -> replica.replicationLag() == 0
                    && Internals.node(replica).call(() -> (long) Internals.node(replica).db(0).size()) == masterKeys, java.time.Duration.ofSeconds(30));
            try (RawClient c = new RawClient(replica.port())) {
                assertThat(infoField(c, "stats", "evicted_keys")).isZero(); // it only applied the master's DELs
            }
        }
    }
}
