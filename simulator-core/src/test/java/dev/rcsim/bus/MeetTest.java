package dev.rcsim.bus;

import static dev.rcsim.testing.Nodes.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.command.CommandTable;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** CLUSTER MEET handshakes over the bus; nodes learn the rest by gossip. */
class MeetTest {
    @Test
    void meetingOneNodeEachLetsEveryNodeLearnAllOthersByGossip() {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(0).replicasPerMaster(0).spares(6).seed(5)
                .clock(SimClock.simulated()).start()) {
            List<SimNode> n = sim.spares();
            assertThat(call(n.get(0), "CLUSTER", "NODES")).contains("myself,master - 0 ");
            for (int i = 1; i < n.size(); i++) {
                assertThat(call(n.get(0), "CLUSTER", "MEET", "127.0.0.1", String.valueOf(n.get(i).port()))).isEqualTo("+OK\r\n");
            }
            assertThat(call(n.get(0), "CLUSTER", "NODES")).contains(" handshake - 0 0 0 disconnected");
            sim.awaitCondition("every node knows the 5 others", () -> {
                for (SimNode s : n) {
                    String nodes = call(s, "CLUSTER", "NODES");
                    if (!call(s, "CLUSTER", "INFO").contains("cluster_known_nodes:6\r\n") || nodes.contains("handshake")) {
                        return false;
                    }
                }
                return true;
            }, Duration.ofSeconds(30));
            String info = call(n.get(3), "CLUSTER", "INFO");
            assertThat(info).contains("cluster_known_nodes:6").containsPattern("cluster_stats_messages_ping_sent:[1-9]")
                    .containsPattern("cluster_stats_messages_pong_received:[1-9]");
            assertThat(call(n.get(0), "CLUSTER", "INFO")).containsPattern("cluster_stats_messages_meet_sent:5\r\n");
            // FORGET removes a node and keeps gossip from bringing it back for 60 s
            String gone = n.get(5).id();
            assertThat(call(n.get(1), "CLUSTER", "FORGET", gone)).isEqualTo("+OK\r\n");
            assertThat(call(n.get(1), "CLUSTER", "FORGET", gone)).isEqualTo("+OK\r\n"); // blacklisted
            sim.clock().advance(Duration.ofSeconds(10));
            assertThat(call(n.get(1), "CLUSTER", "NODES")).doesNotContain(gone);
            // RESET HARD: a new id, alone again
            String old = n.get(4).id();
            assertThat(call(n.get(4), "CLUSTER", "RESET", "HARD")).isEqualTo("+OK\r\n");
            assertThat(call(n.get(4), "CLUSTER", "MYID")).doesNotContain(old);
            assertThat(call(n.get(4), "CLUSTER", "INFO")).contains("cluster_known_nodes:1\r\n");
            assertThat(call(n.get(4), "CLUSTER", "SET-CONFIG-EPOCH", "3")).isEqualTo("+OK\r\n");
            assertThat(call(n.get(4), "CLUSTER", "SET-CONFIG-EPOCH", "4")).isEqualTo("-ERR Node config epoch is already non-zero\r\n");
        }
    }

    @Test
    void meetArgumentErrorsAreRedisOnes() {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(0).replicasPerMaster(0).spares(1).start()) {
            SimNode s = sim.spares().get(0);
            assertThat(call(s, "CLUSTER", "MEET", "127.0.0.1", "abc")).isEqualTo("-ERR Invalid TCP base port specified: abc\r\n");
            assertThat(call(s, "CLUSTER", "MEET", "127.0.0.1", "1", "x")).isEqualTo("-ERR Invalid TCP bus port specified: x\r\n");
            assertThat(call(s, "CLUSTER", "MEET", "foo", "21701")).isEqualTo("-ERR Invalid node address specified: foo:21701\r\n");
            assertThat(call(s, "CLUSTER", "MEET", "127.0.0.1", "70000")).isEqualTo("-ERR Invalid node address specified: 127.0.0.1:70000\r\n");
            assertThat(call(s, "CLUSTER", "MEET", "127.0.0.1", "1", "2", "3")).isEqualTo(
                    "-ERR unknown subcommand or wrong number of arguments for 'MEET'. Try CLUSTER HELP.\r\n");
            assertThat(call(s, "CLUSTER", "SET-CONFIG-EPOCH", "-1")).isEqualTo("-ERR Invalid config epoch specified: -1\r\n");
            assertThat(call(s, "CLUSTER", "BUMPEPOCH")).isEqualTo("+BUMPED 1\r\n");
            assertThat(call(s, "CLUSTER", "BUMPEPOCH")).isEqualTo("+STILL 1\r\n");
            assertThat(call(s, "CLUSTER", "RESET", "foo")).isEqualTo("-ERR syntax error\r\n");
            assertThat(call(s, "CLUSTER", "RESET", "soft", "x")).isEqualTo(
                    "-ERR unknown subcommand or wrong number of arguments for 'RESET'. Try CLUSTER HELP.\r\n");
            assertThat(call(s, "CLUSTER", "REPLICATE", "abc")).isEqualTo("-ERR Unknown node abc\r\n");
            assertThat(call(s, "CLUSTER", "COUNT-FAILURE-REPORTS", "abc")).isEqualTo("-ERR Unknown node abc\r\n");
        }
    }

    @Test
    void redisCliClusterCreateFormsAHealthyClusterFromSpares() throws Exception {
        Assumptions.assumeTrue(dev.rcsim.node.StandardNode.commandTable().lookup("cluster") != null
                && dev.rcsim.command.CommandTable.subcommand(dev.rcsim.node.StandardNode.commandTable().lookup("cluster"), "addslots".getBytes()) != null,
                "CLUSTER ADDSLOTS is not implemented on this branch");
        Assumptions.assumeTrue(new java.io.File("/usr/bin/redis-cli").canExecute(), "redis-cli not installed");
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(0).replicasPerMaster(0).spares(6).start()) {
            List<String> cmd = new java.util.ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (SimNode s : sim.spares()) {
                cmd.add(s.address());
            }
            cmd.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
            sim.awaitHealthy();
        }
    }
}
