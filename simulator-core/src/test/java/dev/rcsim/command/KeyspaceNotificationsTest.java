package dev.rcsim.command;

import static dev.rcsim.testing.Nodes.keyOwnedBy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications a pub/sub listener receives, exactly: expiry on the simulator clock (active
 * and lazy), node-local delivery in a cluster, and replicas firing events for the writes they apply.
 */
class KeyspaceNotificationsTest {

    private static String pmessage(String pattern, String channel, String message) {
        return "*4\r\n$8\r\npmessage\r\n$" + pattern.length() + "\r\n" + pattern + "\r\n$" + channel.length() + "\r\n" + channel
                + "\r\n$" + message.length() + "\r\n" + message + "\r\n";
    }

    @Test
    void keysExpiringOnTheSimulatorClockPublishExpiredEvents() throws Exception {
        SimClock clock = SimClock.simulated();
        try (TestNode sim = TestNode.start(clock, "notify-keyspace-events", "Ex"); RawClient sub = sim.raw(); RawClient c = sim.raw()) {
            assertThat(c.call("CONFIG", "GET", "notify-keyspace-events")).isEqualTo("*2\r\n$22\r\nnotify-keyspace-events\r\n$2\r\nxE\r\n");
            sub.call("PSUBSCRIBE", "__keyevent@*__:expired");
            c.call("SET", "a", "v", "PX", "100");
            c.call("SET", "b", "v", "PX", "100");
            c.call("SET", "keep", "v");
            clock.advance(Duration.ofMillis(150));
            c.call("GET", "b"); // expired lazily if the cron has not taken it yet
            Set<String> got = new HashSet<>();
            got.add(sub.readReplyString());
            got.add(sub.readReplyString());
            assertThat(got).containsExactlyInAnyOrder(pmessage("__keyevent@*__:expired", "__keyevent@0__:expired", "a"),
                    pmessage("__keyevent@*__:expired", "__keyevent@0__:expired", "b"));
            c.call("PUBLISH", "__keyevent@0__:expired", "marker");
            assertThat(sub.readReplyString()).isEqualTo(pmessage("__keyevent@*__:expired", "__keyevent@0__:expired", "marker"));
        }
    }

    @Test
    void inAClusterEventsReachOnlyTheNodeThatChangedTheKeyAndItsReplica() throws Exception {
        try (RedisClusterSimulator cluster = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(11)
                .config("notify-keyspace-events", "K$").start()) {
            SimNode owner = cluster.masters().get(0);
            SimNode other = cluster.masters().get(1);
            SimNode replica = cluster.replicasOf(owner).get(0);
            String key = keyOwnedBy(owner, "k");
            String channel = "__keyspace@0__:" + key;
            try (RawClient onOwner = new RawClient(owner.port()); RawClient onOther = new RawClient(other.port());
                 RawClient onReplica = new RawClient(replica.port()); RawClient writer = new RawClient(owner.port());
                 RawClient otherWriter = new RawClient(other.port())) {
                for (RawClient s : new RawClient[] {onOwner, onOther, onReplica}) {
                    s.call("PSUBSCRIBE", "__keyspace@0__:*");
                }
                assertThat(writer.call("SET", key, "v")).isEqualTo("+OK\r\n");
                assertThat(onOwner.readReplyString()).isEqualTo(pmessage("__keyspace@0__:*", channel, "set"));
                assertThat(onReplica.readReplyString()).isEqualTo(pmessage("__keyspace@0__:*", channel, "set"));
                // PUBLISH goes to every node through the bus: the next message the other node's listener sees is this one
                otherWriter.call("PUBLISH", "__keyspace@0__:marker", "m");
                assertThat(onOther.readReplyString()).isEqualTo(pmessage("__keyspace@0__:*", "__keyspace@0__:marker", "m"));
            }
        }
    }

    @Test
    void keysEvictedUnderMaxmemoryPublishEvictedEventsBeforeTheCommandRuns() throws Exception {
        try (TestNode sim = TestNode.start("notify-keyspace-events", "Ee", "maxmemory-policy", "allkeys-lru");
             RawClient sub = sim.raw(); RawClient c = sim.raw()) {
            sub.call("SUBSCRIBE", "__keyevent@0__:evicted");
            c.call("SET", "old", "x".repeat(1000));
            long used = Long.parseLong(c.call("INFO", "memory").lines()
                    .filter(l -> l.startsWith("used_memory:")).findFirst().orElseThrow().substring("used_memory:".length()));
            assertThat(c.call("CONFIG", "SET", "maxmemory", String.valueOf(used))).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "new", "y".repeat(1000))).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "newer", "z".repeat(1000))).isEqualTo("+OK\r\n");
            // which of two keys idle for the same LRU second goes is a draw of the node's seeded keyspace
            // stream (as in Redis, a random sample); the event names the key that is gone
            String event = sub.readReplyString();
            assertThat(event).isIn("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:evicted\r\n$3\r\nold\r\n",
                    "*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:evicted\r\n$3\r\nnew\r\n");
            String evicted = event.substring(event.length() - 5, event.length() - 2);
            assertThat(c.call("EXISTS", evicted)).isEqualTo(":0\r\n");
        }
    }
}
