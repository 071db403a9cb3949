package dev.rcsim.cluster;

import static dev.rcsim.cluster.ClusterTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The master -> replica stream of a formed cluster: WAIT, INFO replication, ROLE, offsets and lag. */
class ReplicationTest {
    @BeforeAll
    static void standIns() {
        ClusterTestSupport.installStandIns();
    }

    /** INFO replication with numbers and ids blanked, for shape comparisons. */
    static String shape(String s) {
        return s.replaceAll("[0-9a-f]{40}", "ID").replaceAll("port=[0-9]+", "port=P").replaceAll("port:[0-9]+", "port:P")
                .replaceAll("(offset|offset=|histlen:|ago:)[0-9]+", "$1N").replaceAll("=[0-9]+", "=N")
                .replaceAll("offset:[0-9]+", "offset:N");
    }

    static String section(String info) {
        int at = info.indexOf("# Replication\r\n");
        return info.substring(at, info.indexOf("\r\n\r\n", at) + 4);
    }

    @Test
    void waitReturnsOnceTheReplicaAppliedTheWrite() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start()) {
            SimNode m = sim.masters().get(0);
            SimNode r = sim.replicasOf(m).get(0);
            String key = dev.rcsim.testing.Nodes.keyOwnedBy(m, "w");
            try (RawClient mc = new RawClient(m.port()); RawClient rc = new RawClient(r.port())) {
                for (int i = 0; i < 100; i++) {
                    mc.send(("SET " + key + " v" + i).split(" ")[0].getBytes(), key.getBytes(), ("v" + i).getBytes());
                }
                for (int i = 0; i < 100; i++) {
                    assertThat(mc.readReplyString()).isEqualTo("+OK\r\n");
                }
                assertThat(mc.call("WAIT", "1", "0")).isEqualTo(":1\r\n");
                assertThat(r.replicationLag()).isZero();
                assertThat(r.replicationOffset()).isEqualTo(m.replicationOffset());
                rc.call("READONLY");
                assertThat(rc.call("GET", key)).isEqualTo("$3\r\nv99\r\n");
                assertThat(rc.call("WAIT", "1", "0")).startsWith("-ERR WAIT cannot be used with replica instances.");
                assertThat(mc.call("WAIT", "2", "10")).isEqualTo(":1\r\n");
                assertThat(mc.call("WAIT", "x", "10")).isEqualTo("-ERR value is not an integer or out of range\r\n");
                assertThat(mc.call("WAIT", "1", "x")).isEqualTo("-ERR timeout is not an integer or out of range\r\n");
                assertThat(mc.call("WAIT", "1", "-1")).isEqualTo("-ERR timeout is negative\r\n");
                mc.call("MULTI");
                mc.call("WAIT", "5", "0");
                assertThat(mc.call("EXEC")).isEqualTo("*1\r\n:1\r\n");
            }
        }
    }

    /**
     * What a replica applies, seen by MONITOR on the replica: SPOP arrives as SREM, INCRBYFLOAT as
     * SET KEEPTTL, a script's two writes inside MULTI/EXEC, and a transaction as its commands alone.
     */
    @Test
    void replicaAppliesRewrittenCommandsAndScriptEffects() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start()) {
            SimNode m = sim.masters().get(0);
            SimNode r = sim.replicasOf(m).get(0);
            String tag = "{" + dev.rcsim.testing.Nodes.keyOwnedBy(m, "p") + "}";
            try (RawClient mc = new RawClient(m.port()); RawClient mon = new RawClient(r.port())) {
                assertThat(mon.call("MONITOR")).isEqualTo("+OK\r\n");
                mc.call("SADD", tag + "s", "a");
                mc.call("SPOP", tag + "s");
                mc.call("SET", tag + "f", "1.5");
                mc.call("INCRBYFLOAT", tag + "f", "1");
                mc.call("EVAL", "redis.call('SET', KEYS[1], 'x') redis.call('DEL', KEYS[2])", "2", tag + "a", tag + "f");
                mc.call("MULTI");
                mc.call("SET", tag + "b", "1");
                mc.call("INCR", tag + "b");
                mc.call("EXEC");
                mc.call("SET", tag + "end", "1");
                java.util.List<String> seen = new java.util.ArrayList<>();
                while (seen.isEmpty() || !seen.get(seen.size() - 1).startsWith("\"SET\" \"" + tag + "end\"")) {
                    String line = mon.readReplyString();
                    String cmd = line.substring(line.indexOf("] ") + 2, line.length() - 2);
                    if (!cmd.equals("\"PING\"")) {
                        seen.add(cmd);
                    }
                }
                String t = tag;
                assertThat(seen).containsExactly("\"SELECT\" \"0\"", "\"SADD\" \"" + t + "s\" \"a\"",
                        "\"SREM\" \"" + t + "s\" \"a\"", "\"SET\" \"" + t + "f\" \"1.5\"",
                        "\"SET\" \"" + t + "f\" \"2.5\" \"KEEPTTL\"", "\"MULTI\"",
                        "\"SET\" \"" + t + "a\" \"x\"", "\"DEL\" \"" + t + "f\"", "\"EXEC\"",
                        "\"SET\" \"" + t + "b\" \"1\"", "\"INCR\" \"" + t + "b\"", "\"SET\" \"" + t + "end\" \"1\"");
            }
        }
    }

    @Test
    void waitTimesOutOnTheSimulatedClock() throws Exception {
        SimClock clock = SimClock.simulated();
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).clock(clock).start()) {
            SimNode m = sim.masters().get(1);
            sim.replicasOf(m).get(0).stop();
            String key = dev.rcsim.testing.Nodes.keyOwnedBy(m, "t");
            try (RawClient mc = new RawClient(m.port())) {
                assertThat(mc.call("SET", key, "v")).isEqualTo("+OK\r\n");
                mc.send("WAIT".getBytes(), "1".getBytes(), "5000".getBytes());
                mc.send("PING".getBytes()); // queued behind the blocked WAIT
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (Internals.node(m).call(() -> Internals.node(m).blockedClients()) == 0) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.onSpinWait();
                }
                clock.advance(Duration.ofMillis(4999));
                clock.advance(Duration.ofMillis(1));
                assertThat(mc.readReplyString()).isEqualTo(":0\r\n");
                assertThat(mc.readReplyString()).isEqualTo("+PONG\r\n");
            }
        }
    }

    @Test
    void infoReplicationAndRoleHaveRealShapes() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start()) {
            SimNode m = sim.masters().get(0);
            SimNode r = sim.replicasOf(m).get(0);
            try (RawClient mc = new RawClient(m.port()); RawClient rc = new RawClient(r.port())) {
                mc.call("SET", dev.rcsim.testing.Nodes.keyOwnedBy(m, "i"), "v");
                mc.call("WAIT", "1", "0");
                String mi = mc.call("INFO", "replication");
                String ri = rc.call("INFO", "replication");
                assertThat(shape(section(mi))).isEqualTo(shape(section(sample("info_replication.master"))));
                assertThat(shape(section(ri))).isEqualTo(shape(section(sample("info_replication.replica"))));
                long off = m.replicationOffset();
                assertThat(mi).contains("slave0:ip=127.0.0.1,port=" + r.port() + ",state=online,offset=" + off + ",lag=0\r\n")
                        .contains("master_repl_offset:" + off + "\r\n");
                assertThat(ri).contains("master_port:" + m.port() + "\r\n").contains("slave_repl_offset:" + off + "\r\n");
                String op = String.valueOf(off);
                String rp = String.valueOf(r.port());
                assertThat(mc.call("ROLE")).isEqualTo("*3\r\n$6\r\nmaster\r\n:" + off + "\r\n*1\r\n*3\r\n$9\r\n127.0.0.1\r\n$"
                        + rp.length() + "\r\n" + rp + "\r\n$" + op.length() + "\r\n" + op + "\r\n");
                assertThat(rc.call("ROLE")).isEqualTo("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:" + m.port()
                        + "\r\n$9\r\nconnected\r\n:" + off + "\r\n");
                // the master's own view learns the replica's offset from its acknowledgements
                assertThat(mc.call("CLUSTER", "SHARDS")).contains("$18\r\nreplication-offset\r\n:" + off + "\r\n$6\r\nhealth\r\n$6\r\nonline");
            }
        }
    }

    @Test
    void offsetsCountTheRespEncodingOfEachWrite() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start()) {
            SimNode m = sim.masters().get(2);
            assertThat(m.replicationOffset()).isEqualTo(14); // the first replication PING: *1\r\n$4\r\nPING\r\n
            try (RawClient mc = new RawClient(m.port())) {
                mc.call("SET", "foo", "bar");
                // SELECT 0 (23 bytes) then *3 $3 SET $3 foo $3 bar (31 bytes), as Redis feeds its replicas
                assertThat(m.replicationOffset()).isEqualTo(14 + 23 + 31);
                mc.call("GET", "foo");
                assertThat(m.replicationOffset()).isEqualTo(14 + 23 + 31);
            }
        }
    }
}
