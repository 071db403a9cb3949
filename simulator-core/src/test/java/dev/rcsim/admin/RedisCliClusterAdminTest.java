package dev.rcsim.admin;

import dev.rcsim.cluster.NodeCluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.command.CommandTable;
import dev.rcsim.protocol.Replies;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * The real {@code redis-cli --cluster} (7.0.15) resharding, rebalancing, checking and fixing a
 * simulated cluster, with every key written before still readable through JedisCluster afterwards.
 * Clusters here have no replicas: without the cluster bus, replicas would keep their old slot map and
 * redis-cli's agreement check would fail.
 */
class RedisCliClusterAdminTest {
    static final String CLI = "/usr/bin/redis-cli";

    @BeforeAll
    static void needsRedisCli() {
        Assumptions.assumeTrue(new File(CLI).canExecute(), "redis-cli not installed");
        // redis-cli fix covers a slot with MULTI / DELSLOTS / ADDSLOTS / BUMPEPOCH / EXEC; BUMPEPOCH
        // belongs to the bus family: a stand-in only where this branch lacks it
        CommandTable t = dev.rcsim.node.StandardNode.commandTable();
        var cluster = t.lookup("cluster");
        if (CommandTable.subcommand(cluster, "bumpepoch".getBytes(StandardCharsets.US_ASCII)) == null) {
            cluster.sub("bumpepoch", 2, "admin stale no_async_loading", 0, 0, 0).acl("@admin @slow @dangerous")
                    .run((c, a) -> NodeCluster.of(c.node()).view().bumpConfigEpochWithoutConsensus()
                            ? Replies.simple("BUMPED " + NodeCluster.of(c.node()).view().currentEpoch())
                            : Replies.simple("STILL " + NodeCluster.of(c.node()).view().currentEpoch()));
        }
    }

    static String run(int expectedExit, String... cmd) throws Exception {
        File log = File.createTempFile("redis-cli", ".txt");
        // fix asks before covering slots even with --cluster-yes: answer on stdin (from a file: a command
        // that never reads stdin may exit before a pipe to it could be written)
        File answers = File.createTempFile("redis-cli-answers", ".txt");
        try {
            java.nio.file.Files.writeString(answers.toPath(), "yes\n");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).redirectInput(answers).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("redis-cli finished").isTrue();
            String out = java.nio.file.Files.readString(log.toPath(), StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;]*m", "");
            if (expectedExit >= 0) {
                assertThat(p.exitValue()).as(out).isEqualTo(expectedExit);
            }
            return out;
        } finally {
            log.delete();
            answers.delete();
        }
    }

    static List<String> writeKeys(RedisClusterSimulator sim, int n) {
        List<String> keys = new ArrayList<>();
        try (JedisCluster j = new JedisCluster(sim.seeds(HostAndPort::new))) {
            for (int i = 0; i < n; i++) {
                j.set("key:" + i, "v" + i);
                keys.add("key:" + i);
            }
        }
        return keys;
    }

    static void assertReadable(RedisClusterSimulator sim, List<String> keys) {
        try (JedisCluster j = new JedisCluster(sim.seeds(HostAndPort::new))) {
            for (String k : keys) {
                assertThat(j.get(k)).as(k).isEqualTo("v" + k.substring(4));
            }
        }
    }

    @Test
    void reshardOfAThousandSlotsWithKeysThenCheckIsClean() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).start()) {
            List<String> keys = writeKeys(sim, 2000);
            SimNode m0 = sim.masters().get(0);
            SimNode m1 = sim.masters().get(1);
            String out = run(0, CLI, "--cluster", "reshard", m0.address(), "--cluster-from", m0.id(), "--cluster-to", m1.id(),
                    "--cluster-slots", "1000", "--cluster-yes");
            assertThat(out).contains("Moving slot 999 from " + m0.address() + " to " + m1.address());
            String check = run(0, CLI, "--cluster", "check", m0.address());
            assertThat(check).contains("[OK] All nodes agree about slots configuration.")
                    .contains("[OK] All 16384 slots covered.").contains("slots:[1000-5460] (4461 slots) master")
                    .contains("slots:[0-999],[5461-10922] (6462 slots) master").contains("[OK] 2000 keys in 3 masters.");
            assertReadable(sim, keys);
            String call = run(0, CLI, "--cluster", "call", m0.address(), "DBSIZE");
            assertThat(call).contains(m0.address() + ": ").contains(m1.address() + ": ");
        }
    }

    @Test
    void rebalanceOntoAnEmptiedMasterAndFixOfOpenAndUncoveredSlots() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(4).replicasPerMaster(0).start()) {
            List<String> keys = writeKeys(sim, 1000);
            SimNode m0 = sim.masters().get(0);
            SimNode m1 = sim.masters().get(1);
            SimNode m3 = sim.masters().get(3);
            // Redis 7.0 (checked on 7.0.15): a master emptied by a reshard learns the new owner from the PONG the
            // importing node broadcasts and, with the default cluster-allow-replica-migration yes, becomes its replica
            try (dev.rcsim.testing.RawClient c = new dev.rcsim.testing.RawClient(m3.port())) {
                assertThat(c.call("CONFIG", "SET", "cluster-allow-replica-migration", "no")).isEqualTo("+OK\r\n");
            }
            run(0, CLI, "--cluster", "reshard", m0.address(), "--cluster-from", m3.id(), "--cluster-to", m0.id(),
                    "--cluster-slots", "4096", "--cluster-yes");
            assertThat(run(0, CLI, "--cluster", "check", m0.address())).contains(m3.address() + " (" + m3.id().substring(0, 8)
                    + "...) -> 0 keys | 0 slots | 0 slaves.");
            String rebalance = run(0, CLI, "--cluster", "rebalance", m0.address(), "--cluster-use-empty-masters");
            assertThat(rebalance).contains("Moving 4096 slots from " + m0.address() + " to " + m3.address());
            String check = run(0, CLI, "--cluster", "check", m0.address());
            assertThat(check).contains("[OK] All nodes agree about slots configuration.").contains("[OK] All 16384 slots covered.");
            for (SimNode m : sim.masters()) {
                assertThat(check).contains(m.address() + " (" + m.id().substring(0, 8) + "...) -> ").contains("| 4096 slots | 0 slaves.");
            }
            assertReadable(sim, keys);

            // a slot left MIGRATING with no importing side: fix closes it (case 4)
            int slot = m0.slots().get(0).start();
            try (var c = new dev.rcsim.testing.RawClient(m0.port())) {
                assertThat(c.call("CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", m1.id())).isEqualTo("+OK\r\n");
            }
            assertThat(run(1, CLI, "--cluster", "check", m0.address()))
                    .contains("[WARNING] Node " + m0.address() + " has slots in migrating state " + slot + ".");
            String fix = run(-1, CLI, "--cluster", "fix", m0.address(), "--cluster-yes");
            assertThat(fix).contains(">>> Case 4: Closing slot " + slot + " on " + m0.address());
            assertThat(run(0, CLI, "--cluster", "check", m0.address())).doesNotContain("WARNING").contains("[OK] All 16384 slots covered.");

            // slots unassigned everywhere: fix gives them to a master
            for (SimNode m : sim.masters()) {
                try (var c = new dev.rcsim.testing.RawClient(m.port())) {
                    assertThat(c.call("CLUSTER", "DELSLOTS", "100", "101")).isEqualTo("+OK\r\n");
                }
            }
            assertThat(run(1, CLI, "--cluster", "check", m0.address())).contains("[ERR] Not all 16384 slots are covered by nodes.");
            String fix2 = run(-1, CLI, "--cluster", "fix", m0.address(), "--cluster-yes");
            assertThat(fix2).contains("The following uncovered slots have no keys across the cluster:").contains("[100-101]")
                    .contains(">>> Covering slot 100 with ").contains(">>> Covering slot 101 with ");
            assertThat(run(-1, CLI, "--cluster", "check", m0.address())).contains("[OK] All 16384 slots covered.");
            SimNode owner = null;
            int owners = 0;
            for (SimNode m : sim.masters()) {
                if (m.ownsSlot(100) && m.ownsSlot(101)) {
                    owners++;
                    owner = m;
                }
            }
            // only the chosen master knows until a cluster bus spreads its claim: tell the others by hand
            assertThat(owners).isEqualTo(1);
            for (SimNode m : sim.masters()) {
                try (var c = new dev.rcsim.testing.RawClient(m.port())) {
                    assertThat(c.call("CLUSTER", "SETSLOT", "100", "NODE", owner.id())).isEqualTo("+OK\r\n");
                    assertThat(c.call("CLUSTER", "SETSLOT", "101", "NODE", owner.id())).isEqualTo("+OK\r\n");
                }
            }
            assertThat(run(0, CLI, "--cluster", "check", m0.address())).contains("[OK] All nodes agree about slots configuration.");
            assertReadable(sim, keys);
        }
    }
}
