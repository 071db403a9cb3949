package dev.rcsim.cluster;

import dev.rcsim.replication.Replication;
import dev.rcsim.command.CommandTable;
import dev.rcsim.protocol.Replies;
import dev.rcsim.server.RedisNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Helpers for the cluster tests: the captured samples of a real 7.0.15 cluster, and stand-ins for
 * INFO, DBSIZE and ROLE, which belong to the server command family. The stand-ins are registered only when
 * the command table lacks the real command (a branch without that family), so Lettuce's topology
 * refresh (CLUSTER NODES + INFO) can run; with the real commands present they are never used.
 */
final class ClusterTestSupport {
    private ClusterTestSupport() {}

    static Path samples() {
        for (String p : List.of("../shared/reference/samples", "../../shared/reference/samples",
                "../../../shared/reference/samples", "/work/shared/reference/samples")) {
            Path d = Path.of(p);
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        Assumptions.abort("reference samples not found");
        return null;
    }

    /** A sample's exact bytes as ISO-8859-1 text. */
    static String sample(String name) {
        try {
            return Files.readString(samples().resolve(name + ".resp"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sample of the real cluster with its master addresses 127.0.0.1:7000, 7001, ... mapped to {@code masters}. */
    static String sample(String name, dev.rcsim.SimNode... masters) {
        String s = sample(name);
        for (int i = 0; i < masters.length; i++) {
            s = s.replace("127.0.0.1:" + (7000 + i), masters[i].address());
        }
        return s;
    }

    static boolean implemented(String command) {
        return dev.rcsim.node.StandardNode.commandTable().lookup(command) != null;
    }

    static void assumeImplemented(String... commands) {
        for (String c : commands) {
            Assumptions.assumeTrue(implemented(c), c.toUpperCase() + " is not implemented on this branch");
        }
    }

    /** Registers INFO, DBSIZE and ROLE stand-ins if (and only if) the server family did not. */
    static synchronized void installStandIns() {
        CommandTable t = dev.rcsim.node.StandardNode.commandTable();
        if (t.lookup("info") == null) {
            t.add("info", -1, "loading stale", 0, 0, 0).acl("@slow @dangerous")
                    .run((c, a) -> Replies.verbatim(info(c.node())));
        }
        if (t.lookup("dbsize") == null) {
            t.add("dbsize", 1, "readonly fast", 0, 0, 0).acl("@keyspace @read @fast")
                    .run((c, a) -> Replies.integer(c.keyspace().size()));
        }
        if (t.lookup("role") == null) {
            t.add("role", 1, "noscript loading stale fast", 0, 0, 0).acl("@admin @fast @dangerous")
                    .run((c, a) -> Replication.of(c.node()).roleReply());
        }
    }

    private static String info(RedisNode n) {
        return "# Server\r\nredis_version:7.0.15\r\nredis_mode:" + (NodeCluster.of(n).view() != null ? "cluster" : "standalone")
                + "\r\ntcp_port:" + n.port() + "\r\n\r\n"
                + "# Clients\r\nconnected_clients:" + n.clients().all().size() + "\r\n\r\n"
                + "# Replication\r\n" + Replication.of(n).infoSection() + "\r\n"
                + "# Cluster\r\ncluster_enabled:" + (NodeCluster.of(n).view() != null ? 1 : 0) + "\r\n\r\n"
                + "# Keyspace\r\n" + (n.db(0).size() > 0 ? "db0:keys=" + n.db(0).size() + ",expires=0,avg_ttl=0\r\n" : "");
    }
}
