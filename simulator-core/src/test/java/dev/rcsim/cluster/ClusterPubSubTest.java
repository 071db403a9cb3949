package dev.rcsim.cluster;

import dev.rcsim.keyspace.HashSlots;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import org.junit.jupiter.api.Test;

/** PUBLISH reaches subscribers on every node; SPUBLISH is routed by slot and reaches the shard's nodes. */
class ClusterPubSubTest {
    @Test
    void publishReachesSubscribersOnEveryNode() throws Exception {
        ClusterTestSupport.assumeImplemented("publish", "subscribe");
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start()) {
            SimNode far = sim.replicas().get(2);
            try (RawClient sub = new RawClient(far.port()); RawClient pub = new RawClient(sim.masters().get(0).port())) {
                assertThat(sub.call("SUBSCRIBE", "news")).isEqualTo("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n");
                // the receiver count is local to the publishing node, as in Redis Cluster
                assertThat(pub.call("PUBLISH", "news", "hello")).isEqualTo(":0\r\n");
                assertThat(sub.readReplyString()).isEqualTo("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n");
            }
        }
    }

    @Test
    void shardedPublishIsRoutedBySlotAndReachesReplicas() throws Exception {
        ClusterTestSupport.assumeImplemented("spublish", "ssubscribe");
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start()) {
            SimNode owner = sim.masterFor("orders");
            SimNode replica = sim.replicasOf(owner).get(0);
            SimNode other = sim.masters().stream().filter(m -> m != owner).findFirst().orElseThrow();
            int slot = HashSlots.slot("orders");
            try (RawClient sub = new RawClient(replica.port()); RawClient pub = new RawClient(owner.port());
                    RawClient wrong = new RawClient(other.port())) {
                assertThat(sub.call("SSUBSCRIBE", "orders")).isEqualTo("*3\r\n$10\r\nssubscribe\r\n$6\r\norders\r\n:1\r\n");
                assertThat(wrong.call("SPUBLISH", "orders", "x")).isEqualTo("-MOVED " + slot + " " + owner.address() + "\r\n");
                assertThat(pub.call("SPUBLISH", "orders", "paid")).isEqualTo(":0\r\n");
                assertThat(sub.readReplyString()).isEqualTo("*3\r\n$8\r\nsmessage\r\n$6\r\norders\r\n$4\r\npaid\r\n");
            }
        }
    }
}
