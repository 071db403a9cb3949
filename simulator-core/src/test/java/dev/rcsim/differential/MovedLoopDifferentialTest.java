package dev.rcsim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real Redis 7.0 judges a MOVED loop from inconsistent views: on a real 3-master cluster and an rcsim
 * one with the same slot split, {@code CLUSTER SETSLOT 3300 NODE <node 1>} goes to node 0 (the owner)
 * only, as a resharding tool that died between the source and the target would leave it. Node 0 then
 * answers {@code MOVED 3300 <node 1>} and node 1 (and node 2) {@code MOVED 3300 <node 0>}; CLUSTER
 * NODES / SLOTS / SHARDS / INFO on every node, the refusal while the owner holds a key of the slot, and
 * the replies after every node has heard a few pings from every other (gossip repairs nothing: the
 * owner stops claiming the slot, and a node that stops claiming a slot is not forgotten) must match
 * byte for byte. Heal: {@code CLUSTER SETSLOT 3300 NODE <node 0>} on node 0. Last, the real
 * {@code redis-cli --cluster check} must say the same of both clusters, and {@code --cluster fix}
 * (which covers the slot with a random master) must end the loop on both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MovedLoopDifferentialTest {
    private static final String SLOT = "3300"; // key "b"; owned by node 0 on both sides (0-5460)
    private static ClusterPair pair;
    private final Differences differences = new Differences();

    @BeforeAll
    static void start() throws IOException {
        pair = new ClusterPair();
    }

    @AfterAll
    static void stop() throws IOException {
        if (pair != null) {
            pair.close("MOVED loop");
        }
    }

    private void on(int node, String... argv) throws IOException {
        differences.compare("node " + node + " " + List.of(argv), pair.callIds(node, argv));
    }

    private void allNodes(String... argv) throws IOException {
        for (int n = 0; n < pair.size; n++) {
            on(n, argv);
        }
    }

    private void views() throws IOException {
        allNodes("GET", "b");
        allNodes("SET", "b", "1");
        allNodes("CLUSTER", "NODES");
        allNodes("CLUSTER", "SLOTS");
        allNodes("CLUSTER", "SHARDS");
        allNodes("CLUSTER", "INFO");
        allNodes("CLUSTER", "COUNTKEYSINSLOT", SLOT);
    }

    /** Waits until, on both sides, every node has had a pong from every other node after now. */
    private static void awaitGossipRounds() throws IOException {
        for (int side = 0; side < 2; side++) {
            RawClient[] cs = side == 0 ? pair.realClients : pair.simClients;
            long since = -1;
            for (String l : cs[0].call("TIME").split("\r\n")) {
                if (l.matches("\\d{6,}")) {
                    since = Long.parseLong(l) * 1000;
                    break;
                }
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!allPongsAfter(cs, since + 1000)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError((side == 0 ? "real" : "rcsim") + " cluster: no pong round in 30 s");
                }
                LockSupport.parkNanos(20_000_000L);
            }
        }
    }

    private static boolean allPongsAfter(RawClient[] cs, long millis) throws IOException {
        for (RawClient c : cs) {
            for (String l : c.call("CLUSTER", "NODES").split("\n")) {
                String[] f = l.split(" ");
                if (f.length >= 8 && !f[2].contains("myself") && Long.parseLong(f[5]) <= millis) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    @Order(1)
    void setslotNodeOnTheOwnerOnlyLoopsMovedBetweenTwoNodesUntilTheOwnerTakesItBack() throws IOException {
        pair.reset(2);
        // the owner refuses while it holds a key of the slot
        on(0, "SET", "b", "here");
        on(0, "CLUSTER", "SETSLOT", SLOT, "NODE", "ID1");
        on(0, "DEL", "b");
        // the resharding tool's last step on the source, never followed by the target's
        on(0, "CLUSTER", "SETSLOT", SLOT, "NODE", "ID1");
        views();
        awaitGossipRounds();
        views();
        on(1, "ASKING");
        on(1, "GET", "b");
        on(1, "READONLY");
        on(1, "GET", "b");
        on(1, "READWRITE");
        // heal: the owner takes the slot back
        on(0, "CLUSTER", "SETSLOT", SLOT, "NODE", "ID0");
        allNodes("SET", "b", "healed");
        allNodes("GET", "b");
        awaitGossipRounds();
        allNodes("CLUSTER", "NODES");
        allNodes("CLUSTER", "SLOTS");
        allNodes("CLUSTER", "INFO");
        on(0, "DEL", "b");
        differences.assertNone();
    }

    /** redis-cli --cluster check / fix (the real tool) against each side; returns the [OK]/[ERR]/>>> lines. */
    private static List<String> redisCli(int side, String op) throws IOException, InterruptedException {
        int port = side == 0 ? pair.real.port(0) : pair.sim.nodes().get(0).port();
        // fix asks to confirm on stdin; check never reads it (and may exit before a pipe could be written)
        java.nio.file.Path answers = java.nio.file.Files.createTempFile("rcsim-redis-cli", ".txt");
        java.nio.file.Files.writeString(answers, "yes\nyes\nyes\n");
        Process p = new ProcessBuilder("redis-cli", "--cluster", op, "127.0.0.1:" + port, "--cluster-yes")
                .redirectErrorStream(true).redirectInput(answers.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        java.nio.file.Files.deleteIfExists(answers);
        List<String> lines = new ArrayList<>();
        for (String l : out.replaceAll("\u001B\\[[0-9;]*m", "").split("\n")) {
            if (l.startsWith("[OK] All") || l.startsWith("[ERR]") || l.startsWith("[WARNING]") || l.equals("[3300]")) {
                lines.add(l);
            }
        }
        return lines;
    }

    @Test
    @Order(3) // last: redis-cli's fix picks a random master and bumps its epoch
    void redisCliCheckReportsTheLoopAndFixCoversTheSlotOnBothSides() throws Exception {
        Assumptions.assumeTrue(new java.io.File("/usr/bin/redis-cli").canExecute(), "redis-cli not installed");
        pair.reset(2);
        on(0, "CLUSTER", "SETSLOT", SLOT, "NODE", "ID1");
        List<String> realCheck = redisCli(0, "check");
        assertThat(realCheck).containsExactly("[ERR] Nodes don't agree about configuration!",
                "[ERR] Not all 16384 slots are covered by nodes.");
        assertThat(redisCli(1, "check")).isEqualTo(realCheck);
        // fix: redis-cli covers the slot with a random master (DELSLOTS, ADDSLOTS, BUMPEPOCH in a MULTI)
        assertThat(redisCli(0, "fix")).contains("[3300]");
        assertThat(redisCli(1, "fix")).contains("[3300]");
        awaitGossipRounds();
        assertThat(redisCli(0, "check")).containsExactly("[OK] All nodes agree about slots configuration.",
                "[OK] All 16384 slots covered.");
        assertThat(redisCli(1, "check")).containsExactly("[OK] All nodes agree about slots configuration.",
                "[OK] All 16384 slots covered.");
        // whoever got it, every node now sends a client to the same owner, which serves the key
        for (int side = 0; side < 2; side++) {
            RawClient[] cs = side == 0 ? pair.realClients : pair.simClients;
            String owner = null;
            for (RawClient c : cs) {
                String r = c.call("SET", "b", "fixed");
                if (r.startsWith("-MOVED")) {
                    owner = owner == null ? r : owner;
                    assertThat(r).isEqualTo(owner);
                }
            }
            assertThat(owner).as("MOVED replies after fix").isNotNull();
            int port = Integer.parseInt(owner.trim().substring(owner.lastIndexOf(':') + 1));
            try (RawClient c = new RawClient(port)) {
                assertThat(c.call("GET", "b")).isEqualTo("$5\r\nfixed\r\n");
                c.call("DEL", "b");
            }
        }
        // give the slot back to node 0 on both sides, whoever holds it now
        for (int side = 0; side < 2; side++) {
            RawClient[] cs = side == 0 ? pair.realClients : pair.simClients;
            String[] ids = side == 0 ? pair.realIds : pair.simIds;
            for (int n = 0; n < cs.length; n++) {
                String r = cs[n].call("CLUSTER", "SETSLOT", SLOT, "NODE", ids[0]);
                assertThat(r).isEqualTo("+OK\r\n");
            }
        }
        awaitGossipRounds();
    }

    @Test
    @Order(2)
    void resp3RepliesOfTheLoopMatchToo() throws IOException {
        pair.reset(3);
        on(0, "CLUSTER", "SETSLOT", SLOT, "NODE", "ID2");
        views();
        on(0, "CLUSTER", "SETSLOT", SLOT, "NODE", "ID0");
        allNodes("GET", "b");
        awaitGossipRounds();
        allNodes("CLUSTER", "NODES");
        differences.assertNone();
    }
}
