package dev.rcsim.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Binds one node's TCP port. All nodes of the JVM share one event-loop group; each node is pinned to
 * one loop of it, so a node runs its commands one at a time, as Redis's main thread does.
 */
final class NodeServer {
    private static volatile EventLoopGroup shared;

    static EventLoopGroup group() {
        EventLoopGroup g = shared;
        if (g == null) {
            synchronized (NodeServer.class) {
                g = shared;
                if (g == null) {
                    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
                    g = new NioEventLoopGroup(threads, new DefaultThreadFactory("rcsim-node", true));
                    shared = g;
                }
            }
        }
        return g;
    }

    /**
     * The loop a new node runs on. Nodes on the same simulated clock all share one loop: a simulated
     * instant's timers then run in one hand-off instead of one per timer, and the interleaving of the
     * nodes never depends on which loop each got. Nodes on the system clock spread over the group.
     */
    static EventLoop loopFor(dev.rcsim.time.SimClock clock) {
        if (!clock.isSimulated()) {
            return group().next();
        }
        synchronized (SIMULATED) {
            return SIMULATED.computeIfAbsent(clock, c -> group().next());
        }
    }

    private static final java.util.Map<dev.rcsim.time.SimClock, EventLoop> SIMULATED = new java.util.WeakHashMap<>();

    static Channel bind(RedisNode node, EventLoop loop, String host, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(loop, loop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 511)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ServerPipeline(node));
        // A restarted node rebinds its old port: the previous socket may still be closing (or, briefly,
        // another process may hold it), so a taken port is retried for up to 2 s before giving up.
        for (int attempt = 0; ; attempt++) {
            io.netty.channel.ChannelFuture f = b.bind(new InetSocketAddress(host, port)).await();
            if (f.isSuccess()) {
                return f.channel();
            }
            if (port == 0 || attempt >= 100 || !(f.cause() instanceof java.net.BindException)) {
                throw new IllegalStateException("cannot bind " + host + ":" + port, f.cause());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }

    static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }
}
