package dev.rcsim.differential;

import dev.rcsim.testing.RawClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real Redis 7.0 judges rcsim's slot migration: on a real 3-master cluster and an rcsim 3-master
 * cluster with the same slot split, slot 11420 ({@code {ask}}) is moved by hand with the commands
 * redis-cli sends (SETSLOT IMPORTING on the target, MIGRATING on the source, MIGRATE ... KEYS, SETSLOT
 * NODE on target, source and the third master), and at every step the redirections clients see (ASK,
 * MOVED, TRYAGAIN, ASKING lasting one command), CLUSTER NODES' migrating / importing markers,
 * COUNTKEYSINSLOT / GETKEYSINSLOT, MIGRATE's replies and errors, the final CLUSTER SLOTS / NODES and
 * SETSLOT's errors must match byte for byte. Ports in ASK / MOVED are normalised to node indexes by
 * {@link ClusterPair}. The slot moves from node 2 to node 0 in RESP2, then back in RESP3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterMigrationDifferentialTest {
    private static final String SLOT = "11420";
    private static ClusterPair pair;
    private final Differences differences = new Differences();

    @BeforeAll
    static void start() throws IOException {
        pair = new ClusterPair();
    }

    @AfterAll
    static void stop() throws IOException {
        if (pair != null) {
            pair.close("cluster slot migration");
        }
    }

    /** Sends argv (ID<k> / PORT<k> stand for node k's id / port on each side) to node i of both. */
    private void on(int node, String... argv) throws IOException {
        differences.compare("node " + node + " " + List.of(argv), pair.callIds(node, argv));
    }

    private void assertNoDifferences() {
        differences.assertNone();
    }

    /** Every node of both clusters sees {@code owner} own the slot with the configEpoch owner gave itself. */
    private static void awaitOwnerEpochKnown(int owner) throws IOException {
        for (int side = 0; side < 2; side++) {
            RawClient[] cs = side == 0 ? pair.realClients : pair.simClients;
            String id = side == 0 ? pair.realIds[owner] : pair.simIds[owner];
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                String epoch = epochOf(cs[owner], id);
                boolean known = true;
                for (RawClient c : cs) {
                    known &= epoch.equals(epochOf(c, id));
                }
                if (known) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    StringBuilder views = new StringBuilder();
                    for (RawClient c : cs) {
                        views.append(c.call("CLUSTER", "NODES")).append('\n');
                    }
                    throw new AssertionError((side == 0 ? "real" : "rcsim") + " cluster did not learn node " + owner
                            + "'s configEpoch in 30 s:\n" + views);
                }
                LockSupport.parkNanos(5_000_000L);
            }
        }
    }

    private static String epochOf(RawClient c, String id) throws IOException {
        for (String l : c.call("CLUSTER", "NODES").split("\n")) {
            if (l.contains(id + " ") && l.split(" ")[0].endsWith(id)) { // RESP3: "=n\r\ntxt:<id> ..." on the first line
                return l.split(" ")[6];
            }
        }
        return "?";
    }

    private void allNodes(String... argv) throws IOException {
        for (int n = 0; n < pair.size; n++) {
            on(n, argv);
        }
    }

    /** Moves slot 11420 from {@code src} to {@code dst} with {@code other} the third master, comparing each step. */
    private void moveSlot(int resp, int src, int dst, int other) throws IOException {
        pair.reset(resp);
        String srcId = "ID" + src;
        String dstId = "ID" + dst;
        on(src, "SET", "{ask}present", "here");
        on(src, "RPUSH", "{ask}list", "a", "b");
        on(src, "SET", "{ask}busy", "mine");
        // bad SETSLOT before the move starts
        on(dst, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", srcId);
        on(src, "CLUSTER", "SETSLOT", SLOT, "IMPORTING", dstId);
        on(src, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", "0000000000000000000000000000000000000000");
        on(dst, "CLUSTER", "SETSLOT", SLOT, "IMPORTING", "nosuchnode");
        on(src, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", srcId);
        on(dst, "CLUSTER", "SETSLOT", SLOT, "IMPORTING", dstId);
        on(src, "CLUSTER", "SETSLOT", SLOT, "NODE", dstId);
        on(src, "CLUSTER", "SETSLOT", SLOT, "NODE", "nosuchnode");
        on(src, "CLUSTER", "SETSLOT", "16384", "NODE", dstId);
        on(src, "CLUSTER", "SETSLOT", "x", "STABLE");
        on(src, "CLUSTER", "SETSLOT", SLOT, "BOGUS");
        on(src, "CLUSTER", "SETSLOT", SLOT, "MIGRATING");
        on(src, "CLUSTER", "SETSLOT", SLOT, "STABLE", "x");
        on(src, "CLUSTER", "SETSLOT", SLOT, "STABLE");
        // 1. target: importing
        on(dst, "CLUSTER", "SETSLOT", SLOT, "IMPORTING", srcId);
        on(dst, "GET", "{ask}absent");
        allNodes("CLUSTER", "NODES");
        // 2. source: migrating
        on(src, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", dstId);
        allNodes("CLUSTER", "NODES");
        on(src, "GET", "{ask}present");
        on(src, "GET", "{ask}absent");
        on(src, "SET", "{ask}absent", "x");
        on(src, "EXISTS", "{ask}absent");
        on(src, "MGET", "{ask}present", "{ask}absent");
        on(src, "MGET", "{ask}absent1", "{ask}absent2");
        on(src, "DEL", "{ask}present", "{ask}absent");
        on(src, "DEL", "{ask}absent");
        on(src, "TYPE", "{ask}list");
        on(other, "GET", "{ask}present");
        on(dst, "GET", "{ask}absent");
        on(dst, "ASKING");
        on(dst, "GET", "{ask}absent");
        on(dst, "GET", "{ask}absent");
        on(dst, "ASKING");
        on(dst, "MGET", "{ask}absent1", "{ask}absent2");
        on(dst, "ASKING");
        on(dst, "SET", "{ask}new", "n");
        on(dst, "GET", "{ask}new");
        on(dst, "ASKING");
        on(dst, "GET", "{ask}new");
        on(dst, "ASKING");
        on(dst, "MGET", "{ask}new", "{ask}absent");
        on(other, "ASKING");
        on(other, "GET", "{ask}absent");
        on(src, "MSET", "{ask}present", "1", "{ask}absent", "2");
        on(src, "EXISTS", "{ask}present", "{ask}absent");
        on(src, "RENAME", "{ask}present", "{ask}absent");
        on(src, "LPUSH", "{ask}list", "c");
        on(src, "LPOP", "{ask}list");
        on(src, "MULTI");
        on(src, "GET", "{ask}present");
        on(src, "GET", "{ask}absent");
        on(src, "EXEC");
        on(dst, "ASKING");
        on(dst, "MULTI");
        on(dst, "GET", "{ask}absent");
        on(dst, "EXEC");
        on(dst, "MULTI");
        on(dst, "ASKING");
        on(dst, "GET", "{ask}absent");
        on(dst, "EXEC");
        on(dst, "READONLY");
        on(dst, "GET", "{ask}absent");
        on(dst, "READWRITE");
        for (int n : new int[] {src, dst}) {
            on(n, "CLUSTER", "COUNTKEYSINSLOT", SLOT);
            on(n, "CLUSTER", "GETKEYSINSLOT", SLOT, "10");
        }
        // 3. keys move
        on(src, "MIGRATE", "127.0.0.1", "PORT" + dst, "", "0", "5000", "KEYS", "{ask}present");
        on(src, "GET", "{ask}present");
        on(src, "EXISTS", "{ask}present");
        on(src, "MGET", "{ask}present", "{ask}list");
        on(dst, "ASKING");
        on(dst, "GET", "{ask}present");
        on(src, "MIGRATE", "127.0.0.1", "PORT" + dst, "{ask}nokey", "0", "5000");
        on(src, "MIGRATE", "127.0.0.1", "PORT" + dst, "", "0", "5000", "KEYS", "{ask}nokey1", "{ask}nokey2");
        on(dst, "ASKING");
        on(dst, "SET", "{ask}busy", "theirs");
        on(src, "MIGRATE", "127.0.0.1", "PORT" + dst, "{ask}busy", "0", "5000");
        on(src, "MIGRATE", "127.0.0.1", "PORT" + dst, "", "0", "5000", "KEYS", "{ask}busy");
        on(src, "GET", "{ask}busy");
        int closed;
        try (ServerSocket ss = new ServerSocket(0)) {
            closed = ss.getLocalPort();
        }
        on(src, "MIGRATE", "127.0.0.1", String.valueOf(closed), "{ask}busy", "0", "1000");
        on(src, "MIGRATE", "127.0.0.1", "PORT" + dst, "{ask}busy", "0", "5000", "REPLACE");
        on(dst, "ASKING");
        on(dst, "GET", "{ask}busy");
        on(src, "CLUSTER", "SETSLOT", SLOT, "NODE", dstId);
        on(src, "MIGRATE", "127.0.0.1", "PORT" + dst, "{ask}list", "0", "5000");
        for (int n : new int[] {src, dst}) {
            on(n, "CLUSTER", "COUNTKEYSINSLOT", SLOT);
            on(n, "CLUSTER", "GETKEYSINSLOT", SLOT, "10");
        }
        // 4-6. SETSLOT NODE on target, source, the third master
        on(dst, "CLUSTER", "SETSLOT", SLOT, "NODE", dstId);
        on(dst, "CLUSTER", "NODES");
        on(dst, "GET", "{ask}present");
        // Redis broadcasts a PONG after that epoch bump: wait until the source has it on both sides
        awaitOwnerEpochKnown(dst);
        on(src, "CLUSTER", "NODES");
        on(src, "GET", "{ask}present");
        on(src, "CLUSTER", "SETSLOT", SLOT, "NODE", dstId);
        on(src, "GET", "{ask}present");
        on(src, "GET", "{ask}absent");
        on(other, "CLUSTER", "SETSLOT", SLOT, "NODE", dstId);
        on(other, "GET", "{ask}present");
        on(dst, "LRANGE", "{ask}list", "0", "-1");
        on(dst, "MGET", "{ask}present", "{ask}busy", "{ask}absent");
        on(dst, "CLUSTER", "COUNTKEYSINSLOT", SLOT);
        on(src, "CLUSTER", "COUNTKEYSINSLOT", SLOT);
        // after the move: errors of SETSLOT against the new layout
        on(src, "CLUSTER", "SETSLOT", SLOT, "MIGRATING", dstId);
        on(dst, "CLUSTER", "SETSLOT", SLOT, "IMPORTING", srcId);
        awaitOwnerEpochKnown(dst);
        allNodes("CLUSTER", "SLOTS");
        allNodes("CLUSTER", "NODES");
        allNodes("CLUSTER", "SHARDS");
        // MIGRATE to a node that neither owns nor imports the slot, and MIGRATE's own argument errors
        on(dst, "MIGRATE", "127.0.0.1", "PORT" + other, "{ask}present", "0", "5000", "COPY");
        on(dst, "MIGRATE", "127.0.0.1", "PORT" + other, "", "0", "5000", "COPY", "KEYS", "{ask}present", "{ask}list");
        on(dst, "MIGRATE", "127.0.0.1", "PORT" + other, "{ask}present", "0", "5000", "KEYS", "{ask}list");
        on(dst, "MIGRATE", "127.0.0.1", "PORT" + other, "{ask}present", "0", "x");
        on(dst, "MIGRATE", "127.0.0.1", "PORT" + other, "{ask}present", "0", "5000", "AUTH");
        on(dst, "MIGRATE", "127.0.0.1", "PORT" + other, "{ask}present", "0", "5000", "BOGUS");
        on(dst, "MIGRATE", "127.0.0.1", "PORT" + other, "", "0", "5000", "KEYS", "{ask}present", "b");
        on(dst, "MIGRATE", "127.0.0.1", "PORT" + other, "{ask}present");
        on(dst, "DEL", "{ask}present", "{ask}list", "{ask}busy", "{ask}new");
    }

    @Test
    @Order(1)
    void movingSlot11420FromNode2ToNode0InResp2GivesRedisReplies() throws IOException {
        moveSlot(2, 2, 0, 1);
        assertNoDifferences();
    }

    @Test
    @Order(2)
    void movingSlot11420BackInResp3GivesRedisReplies() throws IOException {
        moveSlot(3, 0, 2, 1);
        assertNoDifferences();
    }
}
