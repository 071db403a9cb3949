package dev.rcsim.server;

import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespWriter;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The node's connected clients (CLIENT LIST, KILL, maxclients), by id. */
public final class ClientRegistry {
    private final RedisNode node;
    private final Map<Long, Connection> clients = new LinkedHashMap<>();
    private long nextId = 1;

    ClientRegistry(RedisNode node) {
        this.node = node;
    }

    Connection open(Channel ch) {
        node.stats().connectionsReceived++;
        if (clients.size() + clusterLinks() >= node.config().longValue("maxclients")) {
            node.stats().rejectedConnections++;
            byte[] err = RespWriter.toBytes(Replies.error("ERR max number of clients reached"), 2);
            ch.writeAndFlush(Unpooled.wrappedBuffer(err)).addListener(ChannelFutureListener.CLOSE);
            return null;
        }
        Connection c = new Connection(nextId++, node, ch);
        clients.put(c.id(), c);
        return c;
    }

    /**
     * Redis's getClusterConnectionsCount: a cluster node's bus links (one each way per other node)
     * count against maxclients, as they hold descriptors there (here the bus is simulated).
     */
    private int clusterLinks() {
        return node.clusterPart().busLinks();
    }

    /**
     * The most {@code maxclients} can be raised to on this node (its share of the process's descriptors),
     * or -1 when {@code value} is fine; CONFIG SET answers Redis's "try with" error above it.
     */
    public static long maxClientsCap(long value) {
        long share = DescriptorBudget.share();
        return value > share && DescriptorBudget.processLimit() > 0 ? share : -1;
    }

    void closed(Connection c) {
        if (clients.remove(c.id()) == null) {
            return;
        }
        node.forgetClient(c);
        c.released();
    }

    public Collection<Connection> all() {
        return clients.values();
    }

    public Connection byId(long id) {
        return clients.get(id);
    }

    public int size() {
        return clients.size();
    }

    public long nextId() {
        return nextId;
    }

    /** Closes every client connection (SHUTDOWN, node stop). */
    void closeAll() {
        for (Connection c : clients.values().toArray(new Connection[0])) {
            c.channel().close();
        }
    }
}
