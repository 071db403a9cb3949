package dev.rcsim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster differential with replicas: a real 3-master x 1-replica cluster (replicas attached with
 * CLUSTER REPLICATE) next to an rcsim 3x1 cluster. Nodes 0-2 are the masters, node 3+i the replica of
 * master i. First the replicas' behaviour (READONLY / READWRITE, MOVED for writes, -READONLY for keyless
 * writes), then CLUSTER FAILOVER (default on replica 3, FORCE on 4, TAKEOVER on 5): after both sides
 * settle, every node's CLUSTER NODES (flags, roles, masters, configEpochs), CLUSTER INFO, ROLE and the
 * role lines of INFO replication must match. Replication offsets and the epochs the two clusters were
 * formed with are normalised (epochs are compared relative to the formed currentEpoch).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverDifferentialTest {
    private static ClusterPair pair;
    private static long realBaseEpoch;
    private static long simBaseEpoch;
    private final List<String> differences = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        pair = new ClusterPair(3, 1);
        realBaseEpoch = currentEpoch(pair.realClients[0]);
        simBaseEpoch = currentEpoch(pair.simClients[0]);
    }

    @AfterAll
    static void stop() throws IOException {
        if (pair != null) {
            System.out.printf("differential (cluster with replicas): %d commands compared with a real 3x1 cluster%n",
                    pair.commands.get());
            pair.close();
        }
    }

    @BeforeEach
    void clear() {
        differences.clear();
    }

    private static long currentEpoch(RawClient c) throws IOException {
        Matcher m = Pattern.compile("cluster_current_epoch:(\\d+)").matcher(c.call("CLUSTER", "INFO"));
        if (!m.find()) {
            throw new IllegalStateException("no cluster_current_epoch");
        }
        return Long.parseLong(m.group(1));
    }

    private void on(int node, String... argv) throws IOException {
        String[] r = pair.call(node, argv);
        compare("node " + node + " " + List.of(argv), r[0], r[1]);
    }

    private void compare(String what, String real, String sim) {
        if (!real.equals(sim)) {
            differences.add(what + "\n   real: " + ReplyTree.show(real) + "\n    sim: " + ReplyTree.show(sim));
        }
    }

    private void assertNoDifferences() {
        assertThat(differences).as("replies that differ from a real cluster").isEmpty();
    }

    /** Epochs as offsets from the epoch each cluster was formed with (3 on both today, but not by contract). */
    private static String epochs(String text, long base) {
        Matcher m = Pattern.compile("(cluster_current_epoch:|cluster_my_epoch:)(\\d+)").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, m.group(1) + "E" + signed(Long.parseLong(m.group(2)) - base));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String signed(long d) {
        return d >= 0 ? "+" + d : String.valueOf(d);
    }

    /** CLUSTER NODES with each node's configEpoch rewritten relative to the base (field 7). */
    private static String nodesEpochs(String text, long base) {
        StringBuilder sb = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            String[] f = l.split(" ", -1);
            if (f.length >= 8 && f[6].matches("\\d+")) {
                long e = Long.parseLong(f[6]);
                f[6] = e == 0 ? "0" : "E" + signed(e - base);
            }
            sb.append(String.join(" ", f)).append('\n');
        }
        return sb.substring(0, sb.length() - 1);
    }

    /** Replication offsets differ between the two clusters (different traffic): masked. */
    private static String offsets(String reply) {
        return reply.replaceAll("(?m)^:\\d+\r\n", ":OFF\r\n").replaceAll("(?m)^\\$\\d+\r\n\\d+\r\n", "\\$O\r\nOFF\r\n");
    }

    private static final Pattern ROLE_LINES = Pattern.compile(
            "^(role|connected_slaves|master_host|master_port|master_link_status|master_sync_in_progress|slave_read_only"
                    + "|replica_announced|slave\\d+):.*$", Pattern.MULTILINE);

    /** The role lines of INFO replication, with offsets and lag masked. */
    private static String roleLines(String info) {
        StringBuilder sb = new StringBuilder();
        Matcher m = ROLE_LINES.matcher(info.replace("\r", ""));
        while (m.find()) {
            sb.append(m.group().replaceAll("offset=\\d+", "offset=N").replaceAll("lag=\\d+", "lag=N")).append('\n');
        }
        return sb.toString();
    }

    private void compareState(String when) throws IOException {
        for (int n = 0; n < pair.size; n++) {
            String[] nodes = pair.call(n, "CLUSTER", "NODES");
            compare(when + ": node " + n + " CLUSTER NODES", nodesEpochs(nodes[0], realBaseEpoch),
                    nodesEpochs(nodes[1], simBaseEpoch));
            String[] info = pair.call(n, "CLUSTER", "INFO");
            compare(when + ": node " + n + " CLUSTER INFO", epochs(info[0], realBaseEpoch), epochs(info[1], simBaseEpoch));
            String[] role = pair.call(n, "ROLE");
            compare(when + ": node " + n + " ROLE", offsets(role[0]), offsets(role[1]));
            on(n, "CLUSTER", "SLOTS");
            String[] repl = pair.call(n, "INFO", "replication");
            compare(when + ": node " + n + " INFO replication", roleLines(repl[0]), roleLines(repl[1]));
        }
    }

    /** Waits (wall time, 30 s) on both sides until {@code promoted} is a master seen by every node, {@code demoted} its replica, the state ok and the link up. */
    private static void awaitSettled(int promoted, int demoted) throws IOException {
        for (int side = 0; side < 2; side++) {
            RawClient[] cs = side == 0 ? pair.realClients : pair.simClients;
            String[] ids = side == 0 ? pair.realIds : pair.simIds;
            Pattern master = Pattern.compile("(?m)^" + ids[promoted] + " \\S+ (myself,)?master - ");
            Pattern replica = Pattern.compile("(?m)^" + ids[demoted] + " \\S+ (myself,)?slave " + ids[promoted] + " ");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                boolean settled = true;
                for (RawClient c : cs) {
                    String nodes = c.call("CLUSTER", "NODES");
                    settled &= master.matcher(nodes).find() && replica.matcher(nodes).find()
                            && !nodes.contains("fail") && c.call("CLUSTER", "INFO").contains("cluster_state:ok");
                }
                settled &= cs[demoted].call("INFO", "replication").contains("master_link_status:up");
                if (settled) {
                    break;
                }
                assertThat(System.nanoTime()).as((side == 0 ? "real" : "rcsim") + " cluster settles after a failover of node "
                        + demoted + " to " + promoted).isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
            }
        }
    }

    @Test
    @Order(1)
    void replicasServeReadsOnlyAfterReadonlyAndRedirectWritesLikeRedis() throws IOException {
        for (int resp = 2; resp <= 3; resp++) {
            pair.reset(resp);
            on(0, "SET", "b", "1");
            on(0, "WAIT", "1", "5000");
            on(3, "GET", "b");
            on(3, "SET", "b", "2");
            on(3, "READONLY");
            on(3, "GET", "b");
            on(3, "MGET", "b", "{b}2");
            on(3, "EXISTS", "b");
            on(3, "SET", "b", "2");
            on(3, "INCR", "b");
            on(3, "GET", "a");
            on(3, "READWRITE");
            on(3, "GET", "b");
            on(3, "FLUSHALL");
            on(3, "FLUSHDB");
            on(3, "DBSIZE");
            on(3, "KEYS", "*");
            on(3, "CLUSTER", "COUNTKEYSINSLOT", "3300");
            on(3, "CLUSTER", "GETKEYSINSLOT", "3300", "10");
            on(3, "MULTI");
            on(3, "SET", "b", "1");
            on(3, "EXEC");
            on(4, "READONLY");
            on(4, "GET", "b");
            on(0, "CLUSTER", "FAILOVER");
            on(0, "CLUSTER", "FAILOVER", "FORCE");
            on(0, "CLUSTER", "FAILOVER", "TAKEOVER");
            on(3, "CLUSTER", "FAILOVER", "NOW");
            on(3, "CLUSTER", "FAILOVER", "FORCE", "TAKEOVER");
            on(3, "CLUSTER", "REPLICAS", "x");
            on(3, "CLUSTER", "COUNT-FAILURE-REPORTS", "x");
            on(0, "DEL", "b");
            on(0, "WAIT", "1", "5000");
        }
        compareState("formed");
        for (int n = 0; n < 3; n++) {
            for (String sub : List.of("REPLICAS", "SLAVES", "COUNT-FAILURE-REPORTS")) {
                String[] r = pair.callIds(3, "CLUSTER", sub, "ID" + n);
                compare("node 3 CLUSTER " + sub + " <id of node " + n + ">", r[0], r[1]);
            }
        }
        assertNoDifferences();
    }

    @Test
    @Order(2)
    void defaultManualFailoverSwapsRolesAndBumpsEpochsLikeRedis() throws IOException {
        pair.reset(2);
        on(0, "SET", "b", "1");
        on(3, "CLUSTER", "FAILOVER");
        awaitSettled(3, 0);
        compareState("after CLUSTER FAILOVER on node 3");
        on(0, "GET", "b");
        on(0, "SET", "b", "2");
        on(3, "GET", "b");
        on(3, "SET", "b", "3");
        on(0, "READONLY");
        on(0, "GET", "b");
        on(0, "FLUSHALL");
        on(0, "CLUSTER", "FAILOVER", "FORCE", "x");
        on(3, "CLUSTER", "FAILOVER");
        on(3, "CLUSTER", "FAILOVER", "TAKEOVER");
        assertNoDifferences();
    }

    @Test
    @Order(3)
    void forcedManualFailoverLikeRedis() throws IOException {
        pair.reset(2);
        on(4, "CLUSTER", "FAILOVER", "FORCE");
        awaitSettled(4, 1);
        compareState("after CLUSTER FAILOVER FORCE on node 4");
        assertNoDifferences();
    }

    @Test
    @Order(4)
    void takeoverLikeRedis() throws IOException {
        pair.reset(2);
        on(5, "CLUSTER", "FAILOVER", "TAKEOVER");
        awaitSettled(5, 2);
        compareState("after CLUSTER FAILOVER TAKEOVER on node 5");
        assertNoDifferences();
    }
}
