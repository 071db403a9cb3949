package dev.rcsim.keyspace;

import static dev.rcsim.testing.Nodes.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Active expiry as Redis 7.0's activeExpireCycle: keys with a TTL are sampled at random from the
 * node's cron, so keys nobody reads are reclaimed within seconds of their TTL (real redis-server
 * reclaims 100,000 keys with a 2 s TTL within 5 s; so must rcsim in simulated time), and a replica
 * leaves expiry to its master's DELs.
 */
class ActiveExpiryTest {
    private static final int KEYS = 100_000;

    /** Writes {@code n} keys {@code prefix<i>} with a PX TTL, pipelined, plus a few without TTL. */
    static void writeTtlKeys(RawClient c, String prefix, int n, long ttlMillis) throws IOException {
        int pending = 0;
        byte[] px = "px".getBytes(StandardCharsets.US_ASCII);
        byte[] ttl = String.valueOf(ttlMillis).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            c.send("set".getBytes(StandardCharsets.US_ASCII), (prefix + i).getBytes(StandardCharsets.US_ASCII),
                    "v".getBytes(StandardCharsets.US_ASCII), px, ttl);
            if (++pending == 1000) {
                for (; pending > 0; pending--) {
                    c.readReply();
                }
            }
        }
        for (; pending > 0; pending--) {
            c.readReply();
        }
        for (int i = 0; i < 10; i++) {
            c.call("set", "keep:" + i, "v");
        }
    }

    static long infoField(RawClient c, String section, String field) throws IOException {
        for (String line : c.call("info", section).split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new AssertionError(field + " missing from INFO " + section);
    }

    @Test
    void hundredThousandKeysWithTwoSecondTtlAreReclaimedWithinFiveSimulatedSeconds() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode n = TestNode.start(clock); RawClient c = n.raw()) {
            writeTtlKeys(c, "ttl:", KEYS, 2000);
            assertThat(c.call("dbsize")).isEqualTo(":" + (KEYS + 10) + "\r\n");
            clock.advance(Duration.ofMillis(1900));
            assertThat(c.call("dbsize")).isEqualTo(":" + (KEYS + 10) + "\r\n"); // nothing expired yet
            long reclaimedAt = -1;
            for (int step = 0; step < 50; step++) { // up to 5 s after the TTL, 100 ms at a time
                clock.advance(Duration.ofMillis(100));
                if (c.call("dbsize").equals(":10\r\n")) {
                    reclaimedAt = 2000 + step * 100L;
                    break;
                }
            }
            System.out.println("rcsim: " + KEYS + " keys with a 2000 ms TTL all reclaimed " + reclaimedAt + " ms (simulated) after the writes");
            assertThat(reclaimedAt).as("ms after the writes when only the 10 keys without TTL were left").isPositive()
                    .isLessThanOrEqualTo(3000); // redis-server: about 2.5 s (realRedisReclaimsTheSameKeysWithinFiveSeconds)
            assertThat(infoField(c, "stats", "expired_keys")).isEqualTo(KEYS);
            assertThat(c.call("info", "keyspace")).contains("db0:keys=10,expires=0,");
        }
    }

    @Test
    void realRedisReclaimsTheSameKeysWithinFiveSeconds() throws Exception {
        try (RealRedis real = RealRedis.start(); RawClient c = real.raw()) {
            writeTtlKeys(c, "ttl:", KEYS, 2000);
            long deadline = System.nanoTime() + 7_000_000_000L;
            while (!c.call("dbsize").equals(":10\r\n") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(c.call("dbsize")).isEqualTo(":10\r\n");
            System.out.println("redis-server: " + KEYS + " keys with a 2000 ms TTL all reclaimed "
                    + (7000 - (deadline - System.nanoTime()) / 1_000_000) + " ms after the writes");
            assertThat(infoField(c, "stats", "expired_keys")).isEqualTo(KEYS);
        }
    }

    @Test
    void replicaLeavesExpiryToItsMastersDels() {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(1).replicasPerMaster(1).seed(29)
                .clock(SimClock.simulated()).start()) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            for (int i = 0; i < 200; i++) {
                call(master, "SET", "{t}k" + i, "v", "PX", "1000");
            }
            sim.awaitCondition("replica has the keys", () -> Internals.node(replica).call(() -> Internals.node(replica).db(0).size()) == 200,
                    Duration.ofSeconds(10));
            sim.awaitCondition("master reclaimed them", () -> Internals.node(master).call(() -> Internals.node(master).db(0).size()) == 0,
                    Duration.ofSeconds(10));
            sim.awaitCondition("replica deleted them on the master's DELs",
                    () -> Internals.node(replica).call(() -> Internals.node(replica).db(0).size()) == 0, Duration.ofSeconds(10));
            assertThat(call(master, "INFO", "stats")).contains("expired_keys:200\r\n");
            assertThat(call(replica, "INFO", "stats")).contains("expired_keys:0\r\n");
        }
    }

    @Test
    void replicaReadsAnExpiredKeyAsMissingButKeepsItUntilTheMastersDel() {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(1).replicasPerMaster(1).seed(37)
                .clock(SimClock.simulated()).start()) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            call(master, "SET", "k", "v", "PX", "500");
            sim.awaitCondition("replica has k", () -> Internals.node(replica).call(() -> Internals.node(replica).db(0).size()) == 1,
                    Duration.ofSeconds(10));
            Internals.network(sim).partition(java.util.Set.of(master.address()), java.util.Set.of(replica.address()));
            sim.clock().advance(Duration.ofSeconds(2));
            try (RawClient c = new RawClient(replica.port())) {
                c.call("READONLY");
                assertThat(c.call("GET", "k")).isEqualTo("$-1\r\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            assertThat(Internals.node(replica).call(() -> Internals.node(replica).db(0).size())).isEqualTo(1);
        }
    }
}
