package dev.rcsim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealCluster;
import dev.rcsim.time.SimClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * PSYNC differential: a real 7.0 shard of one master and two replicas next to an rcsim one. The same
 * writes, then CLUSTER FAILOVER on the first replica; on every node the INFO stats sync counters and
 * the relations between the replication ids and offsets (which id each node has, whether master_replid2
 * is the old master's id and second_repl_offset the failover offset + 1, whether the backlog ends at
 * the offset) must match. Raw ids and offsets are not compared: they are random, and rcsim's stream
 * has different PINGs.
 */
class ReplicationIdsDifferentialTest {

    private interface Side {
        String call(int node, String... args);

        void await(String what, BooleanSupplier condition);
    }

    private static Map<String, String> info(Side s, int node) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : (s.call(node, "INFO", "replication") + s.call(node, "INFO", "stats")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("$")) {
                out.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    private static boolean inSync(Side s, int master) {
        long off = Long.parseLong(info(s, master).get("master_repl_offset"));
        for (int i = 0; i < 3; i++) {
            Map<String, String> in = info(s, i);
            if (i != master && (!"up".equals(in.get("master_link_status"))
                    || Long.parseLong(in.get("master_repl_offset")) != off)) {
                return false;
            }
        }
        return true;
    }

    /** What the two sides must agree on, node by node, as readable lines. */
    private static List<String> describe(Side s, String oldId, long failoverOffset) {
        List<String> out = new ArrayList<>();
        Map<String, String> newMaster = info(s, 1);
        for (int i = 0; i < 3; i++) {
            Map<String, String> in = info(s, i);
            long off = Long.parseLong(in.get("master_repl_offset"));
            out.add("node " + i + ": role=" + in.get("role")
                    + " sync_full=" + in.get("sync_full") + " sync_partial_ok=" + in.get("sync_partial_ok")
                    + " sync_partial_err=" + in.get("sync_partial_err")
                    + " replid=" + (in.get("master_replid").equals(oldId) ? "old" : in.get("master_replid")
                            .equals(newMaster.get("master_replid")) ? "new-master's" : "other")
                    + " replid2=" + (in.get("master_replid2").equals(oldId) ? "old" : in.get("master_replid2"))
                    + " second_repl_offset=" + (failoverOffset < 0 ? in.get("second_repl_offset")
                            : Long.parseLong(in.get("second_repl_offset")) == failoverOffset + 1 ? "failover+1"
                                    : in.get("second_repl_offset"))
                    + " backlog_active=" + in.get("repl_backlog_active")
                    + " backlog_ends_at_offset=" + (Long.parseLong(in.get("repl_backlog_first_byte_offset"))
                            + Long.parseLong(in.get("repl_backlog_histlen")) - 1 == off));
        }
        return out;
    }

    private static List<List<String>> scenario(Side s) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            assertThat(s.call(0, "SET", "{k}" + i, "v" + i)).isEqualTo("+OK\r\n");
        }
        s.await("replicas in sync", () -> inSync(s, 0));
        String oldId = info(s, 0).get("master_replid");
        out.add(describe(s, oldId, -1));
        long failoverOffset = Long.parseLong(info(s, 0).get("master_repl_offset"));
        assertThat(s.call(1, "CLUSTER", "FAILOVER")).isEqualTo("+OK\r\n");
        s.await("failover done and replicas in sync", () -> info(s, 1).get("role").equals("master")
                && info(s, 0).get("role").equals("slave") && inSync(s, 1));
        assertThat(s.call(1, "SET", "{k}9", "v9")).isEqualTo("+OK\r\n");
        s.await("replicas in sync again", () -> inSync(s, 1));
        out.add(describe(s, oldId, failoverOffset));
        return out;
    }

    private static String call(int port, String... args) {
        try (RawClient c = new RawClient(port)) {
            return c.call(args);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void clusterFailoverInAOneMasterTwoReplicaShardLeavesTheSameSyncCountersAndIdsAsRedis() {
        List<List<String>> real;
        try (RealCluster rc = RealCluster.start(1, 2)) {
            real = scenario(new Side() {
                @Override
                public String call(int node, String... args) {
                    return ReplicationIdsDifferentialTest.call(rc.port(node), args);
                }

                @Override
                public void await(String what, BooleanSupplier condition) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!condition.getAsBoolean()) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("real cluster: timed out waiting for " + what);
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                    }
                }
            });
        }
        List<List<String>> sim;
        try (RedisClusterSimulator rs = RedisClusterSimulator.builder().masters(1).replicasPerMaster(2).seed(7)
                .clock(SimClock.simulated()).start()) {
            sim = scenario(new Side() {
                @Override
                public String call(int node, String... args) {
                    return ReplicationIdsDifferentialTest.call(rs.nodes().get(node).port(), args);
                }

                @Override
                public void await(String what, BooleanSupplier condition) {
                    rs.awaitCondition(what, condition, Duration.ofSeconds(30));
                }
            });
        }
        System.out.println("real: " + real + "\nsim:  " + sim);
        assertThat(sim).isEqualTo(real);
    }
}
