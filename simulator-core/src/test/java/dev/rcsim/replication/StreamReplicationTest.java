package dev.rcsim.replication;

import static dev.rcsim.testing.Nodes.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Stream writes reach a replica as Redis propagates them (XADD with the concrete ID and exact
 * trimming, XREADGROUP/XCLAIM/XAUTOCLAIM as XCLAIM ... FORCE JUSTID and XGROUP SETID), so the replica ends with
 * the same entries, group position and pending entries (delivery times and counts included).
 */
class StreamReplicationTest {

    private static String onReplica(SimNode replica, String... args) {
        try (RawClient c = new RawClient(replica.port())) {
            c.call("READONLY");
            return c.call(args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void replicaEndsWithTheMastersStreamAndGroupState() {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(1).replicasPerMaster(1).seed(5)
                .clock(SimClock.simulated()).start()) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            String k = "{s}stream";
            for (int i = 0; i < 150; i++) {
                call(master, "XADD", k, "MAXLEN", "~", "120", "*", "f", "v" + i);
            }
            call(master, "XADD", k, "NOMKSTREAM", "*", "last", "1");
            call(master, "XGROUP", "CREATE", k, "g", "0");
            call(master, "XREADGROUP", "GROUP", "g", "alice", "COUNT", "5", "STREAMS", k, ">");
            call(master, "XREADGROUP", "GROUP", "g", "bob", "NOACK", "COUNT", "2", "STREAMS", k, ">");
            call(master, "XREADGROUP", "GROUP", "g", "alice", "STREAMS", k, "0");
            // extended XPENDING: *N, then per entry *4, $len, id, $len, consumer, :idle, :count (7 lines)
            String[] pending = call(master, "XPENDING", k, "g", "-", "+", "10").split("\r\n");
            String first = pending[3];
            String second = pending[10];
            String third = pending[17];
            assertThat(call(master, "XCLAIM", k, "g", "carol", "0", second, "JUSTID")).isEqualTo(
                    "*1\r\n$" + second.length() + "\r\n" + second + "\r\n");
            assertThat(call(master, "XACK", k, "g", first)).isEqualTo(":1\r\n");
            assertThat(call(master, "XDEL", k, third)).isEqualTo(":1\r\n");
            String auto = call(master, "XAUTOCLAIM", k, "g", "dave", "0", "0", "COUNT", "3");
            assertThat(auto).contains(third); // the deleted pending entry is dropped and listed
            sim.clock().advance(Duration.ofSeconds(1));
            sim.awaitCondition("replica in sync", () -> replica.replicationLag() == 0
                    && replica.replicationOffset() == master.replicationOffset(), Duration.ofSeconds(30));
            assertThat(call(master, "WAIT", "1", "0")).isEqualTo(":1\r\n");

            for (String[] q : new String[][] {{"XLEN", k}, {"XRANGE", k, "-", "+"}, {"XPENDING", k, "g"},
                {"XPENDING", k, "g", "-", "+", "10"}, {"XINFO", "GROUPS", k}, {"XREADGROUP", "GROUP", "g", "zed", "COUNT", "1", "STREAMS", k, "0"}}) {
                if (q[0].equals("XREADGROUP")) {
                    continue; // a write: not allowed on a replica
                }
                assertThat(onReplica(replica, q)).as(String.join(" ", q)).isEqualTo(call(master, q));
            }
            assertThat(call(master, "XLEN", k)).isNotEqualTo(":151\r\n"); // ~ trimmed whole nodes
        }
    }
}
