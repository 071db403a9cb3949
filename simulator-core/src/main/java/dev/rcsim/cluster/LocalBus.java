package dev.rcsim.cluster;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.server.PubSubRegistry;
import dev.rcsim.server.RedisNode;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pub/sub part of the cluster bus until the simulated bus exists: PUBLISH reaches every other
 * running node, SPUBLISH the other nodes of this node's shard (its master or itself, and that master's
 * replicas, in this node's own view). Delivery runs on each receiver's event loop.
 */
public final class LocalBus implements PubSubRegistry.Bus {
    private final RedisNode self;
    private final Supplier<? extends Iterable<RedisNode>> peers;
    private final Function<String, RedisNode> byId;

    public LocalBus(RedisNode self, Supplier<? extends Iterable<RedisNode>> peers, Function<String, RedisNode> byId) {
        this.self = self;
        this.peers = peers;
        this.byId = byId;
    }

    @Override
    public void publish(Bytes channel, byte[] message) {
        for (RedisNode n : peers.get()) {
            if (n != self && n.isRunning() && n.loop() != null) {
                n.loop().execute(() -> n.pubsub().deliver(channel, message));
            }
        }
    }

    @Override
    public void spublish(Bytes channel, byte[] message) {
        ClusterView v = self.cluster;
        if (v == null) {
            return;
        }
        ClusterNode me = v.myself();
        ClusterNode master = me.master ? me : me.replicaOf;
        if (master == null) {
            return;
        }
        send(master, channel, message);
        for (ClusterNode r : v.replicasOf(master)) {
            send(r, channel, message);
        }
    }

    private void send(ClusterNode to, Bytes channel, byte[] message) {
        if (to.myself) {
            return;
        }
        RedisNode n = byId.apply(to.id);
        if (n != null && n.isRunning() && n.loop() != null) {
            n.loop().execute(() -> n.pubsub().deliverShard(channel, message));
        }
    }
}
