package dev.rcsim.differential;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real Redis 7.0 judges rcsim's cluster mode: a real 3-master cluster and an rcsim 3-master cluster
 * with the same slot split get the same commands on the same node (node i of each), and every reply
 * must match byte for byte after {@link ClusterPair}'s normalisation (ids, ports, times, message
 * counters). Keys: b, f, {b}2 on node 0 (b and {b}2 share slot 3300, f is 3168); c, g on node 1;
 * a, {a}2, d on node 2.
 */
class ClusterDifferentialTest {
    private static ClusterPair pair;
    private final Differences differences = new Differences();

    @BeforeAll
    static void start() throws IOException {
        pair = new ClusterPair();
    }

    @AfterAll
    static void stop() throws IOException {
        if (pair != null) {
            pair.close("cluster, fixed cases");
        }
    }

    private void on(int node, String... argv) throws IOException {
        differences.compare("node " + node + " " + List.of(argv), pair.call(node, argv));
    }

    private void assertNoDifferences() {
        differences.assertNone();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void keyedCommandsRedirectLikeRedis(int resp) throws IOException {
        pair.reset(resp);
        on(0, "SET", "b", "1");
        on(0, "GET", "b");
        on(0, "GET", "a");
        on(1, "SET", "b", "x");
        on(2, "SET", "a", "2");
        on(2, "GET", "a");
        on(0, "MSET", "b", "1", "{b}2", "2");
        on(0, "MGET", "b", "{b}2");
        on(0, "MGET", "b", "f");
        on(0, "MSET", "b", "1", "c", "2");
        on(1, "MGET", "b", "{b}2");
        on(0, "DEL", "b", "f");
        on(0, "DEL", "b", "{b}2", "b");
        on(0, "EXISTS", "a", "b");
        on(0, "RENAME", "f", "b");
        on(0, "SINTERCARD", "2", "b", "c");
        on(0, "LMPOP", "2", "b", "a", "LEFT");
        on(2, "ZUNIONSTORE", "a", "2", "{a}2", "a");
        on(2, "BLPOP", "{a}2", "a", "0.01");
        on(1, "BLPOP", "c", "a", "0.01");
        on(0, "OBJECT", "ENCODING", "a");
        on(0, "COPY", "b", "{b}2", "DB", "1");
        on(0, "MOVE", "b", "1");
        on(0, "SELECT", "1");
        on(0, "SELECT", "0");
        on(0, "SWAPDB", "0", "1");
        on(0, "KEYS", "*");
        on(0, "DBSIZE");
        on(0, "PING");
        on(1, "ECHO", "hi");
        on(0, "SPUBLISH", "a", "m");
        on(2, "SPUBLISH", "a", "m");
        on(0, "PUBLISH", "a", "m");
        on(0, "EXPIRE", "a", "10");
        on(0, "WATCH", "a");
        on(0, "WATCH", "b", "f");
        on(0, "UNWATCH");
        on(0, "GETKEYS");
        on(0, "COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2");
        assertNoDifferences();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void transactionsCheckSlotsLikeRedis(int resp) throws IOException {
        pair.reset(resp);
        // two local keys in different slots: each queues, EXEC fails with CROSSSLOT
        on(0, "MULTI");
        on(0, "SET", "b", "1");
        on(0, "SET", "f", "2");
        on(0, "EXEC");
        on(0, "GET", "b");
        // a key of another node inside MULTI: MOVED, then EXECABORT
        on(0, "MULTI");
        on(0, "SET", "b", "1");
        on(0, "GET", "a");
        on(0, "EXEC");
        // one slot: served
        on(0, "MULTI");
        on(0, "SET", "b", "1");
        on(0, "INCR", "{b}2");
        on(0, "PING");
        on(0, "EXEC");
        on(0, "MULTI");
        on(0, "MGET", "b", "f");
        on(0, "DISCARD");
        on(0, "EXEC");
        on(1, "MULTI");
        on(1, "PING");
        on(1, "EXEC");
        on(1, "MULTI");
        on(1, "SELECT", "1");
        on(1, "EXEC");
        assertNoDifferences();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void connectionFlagsLikeRedis(int resp) throws IOException {
        pair.reset(resp);
        on(0, "READONLY");
        on(0, "GET", "a");
        on(0, "READWRITE");
        on(0, "ASKING");
        on(0, "GET", "a");
        on(0, "GET", "b");
        on(0, "READONLY", "x");
        on(0, "ASKING", "x");
        on(0, "READWRITE", "x");
        assertNoDifferences();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void clusterSubcommandsLikeRedis(int resp) throws IOException {
        pair.reset(resp);
        on(0, "MSET", "b", "1", "{b}2", "2");
        for (int n = 0; n < 3; n++) {
            on(n, "CLUSTER", "INFO");
            on(n, "CLUSTER", "NODES");
            on(n, "CLUSTER", "SLOTS");
            on(n, "CLUSTER", "SHARDS");
            on(n, "CLUSTER", "MYID");
            on(n, "CLUSTER", "LINKS");
        }
        on(0, "CLUSTER", "KEYSLOT", "b");
        on(0, "CLUSTER", "KEYSLOT", "{b}2");
        on(0, "CLUSTER", "KEYSLOT", "");
        on(0, "CLUSTER", "KEYSLOT", "{}x");
        on(0, "CLUSTER", "KEYSLOT");
        on(0, "CLUSTER", "KEYSLOT", "a", "b");
        on(0, "CLUSTER", "COUNTKEYSINSLOT", "3300");
        on(1, "CLUSTER", "COUNTKEYSINSLOT", "3300");
        on(0, "CLUSTER", "COUNTKEYSINSLOT", "-1");
        on(0, "CLUSTER", "COUNTKEYSINSLOT", "16384");
        on(0, "CLUSTER", "COUNTKEYSINSLOT", "abc");
        on(0, "CLUSTER", "COUNTKEYSINSLOT", "");
        on(0, "CLUSTER", "GETKEYSINSLOT", "3300", "10");
        on(0, "CLUSTER", "GETKEYSINSLOT", "3300", "1");
        on(0, "CLUSTER", "GETKEYSINSLOT", "3300", "0");
        on(0, "CLUSTER", "GETKEYSINSLOT", "3300", "-1");
        on(0, "CLUSTER", "GETKEYSINSLOT", "16384", "1");
        on(0, "CLUSTER", "GETKEYSINSLOT", "abc", "1");
        on(0, "CLUSTER", "GETKEYSINSLOT", "1", "abc");
        on(0, "CLUSTER", "GETKEYSINSLOT", "1");
        on(0, "CLUSTER", "HELP");
        on(0, "CLUSTER", "HELP", "x");
        on(0, "CLUSTER", "FOO");
        on(0, "CLUSTER", "FOO", "bar");
        on(0, "CLUSTER");
        on(0, "CLUSTER", "INFO", "x");
        on(0, "CLUSTER", "NODES", "x");
        on(0, "CLUSTER", "MYID", "x");
        on(0, "CLUSTER", "SLOTS", "x");
        on(0, "CLUSTER", "SHARDS", "x");
        on(0, "CLUSTER", "COUNT-FAILURE-REPORTS", "nosuch");
        on(0, "CLUSTER", "REPLICAS", "nosuch");
        on(0, "CLUSTER", "SLAVES", "nosuch");
        on(0, "CLUSTER", "REPLICAS");
        assertNoDifferences();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void clusterRepliesNamingNodesLikeRedis(int resp) throws IOException {
        pair.reset(resp);
        for (int n = 0; n < 3; n++) {
            String realId = pair.realClients[n].call("CLUSTER", "MYID");
            String simId = pair.simClients[n].call("CLUSTER", "MYID");
            String rid = realId.substring(realId.indexOf("\r\n") + 2, realId.length() - 2);
            String sid = simId.substring(simId.indexOf("\r\n") + 2, simId.length() - 2);
            for (String sub : List.of("REPLICAS", "SLAVES", "COUNT-FAILURE-REPORTS")) {
                String r = pair.realClients[0].call("CLUSTER", sub, rid).replace(rid, "ID");
                String s = pair.simClients[0].call("CLUSTER", sub, sid).replace(sid, "ID");
                pair.commands.incrementAndGet();
                differences.compare("CLUSTER " + sub + " <id of node " + n + ">", r, s);
            }
        }
        assertNoDifferences();
    }
}
