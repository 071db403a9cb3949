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
        return clock.<EventLoop>sharedExecutor(() -> group().next());
    }

    /**
     * Where nodes that asked for any port (port 0) are put: the {@value #SPAN} ports just below the
     * kernel's ephemeral range (32768 on Linux by default). A port the kernel hands out could, while its
     * node is killed, become the local port of some outgoing connection and block the node's restart;
     * and a node port below 55536 keeps the cluster bus port Redis derives from it (port + 10000) a valid
     * port number. Each JVM starts at its own offset (by pid) and goes round; a taken port is skipped.
     */
    private static final int SPAN = 12000;
    private static final int LOWEST = lowestEphemeralPort() - SPAN;
    private static final java.util.concurrent.atomic.AtomicInteger NEXT =
            new java.util.concurrent.atomic.AtomicInteger((int) ((ProcessHandle.current().pid() * 7919) % SPAN));

    private static int lowestEphemeralPort() {
        // procfs files report size 0: read the stream to its end (Files.readString stops after one byte)
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String range = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return 32768; // Linux's default; elsewhere a port below it is as good a choice
        }
    }

    static Channel bind(RedisNode node, EventLoop loop, String host, int port) throws InterruptedException {
        if (port == 0 && LOWEST >= 1024) {
            for (int i = 0; i < 64; i++) {
                int candidate = LOWEST + Math.floorMod(NEXT.getAndIncrement(), SPAN);
                try {
                    return bindOnce(node, loop, host, candidate, false);
                } catch (IllegalStateException taken) {
                    // in use by something else: the next one
                }
            }
        }
        return bindOnce(node, loop, host, port, port != 0);
    }

    /** Binds {@code port}; {@code retryTaken}: a taken port is retried for up to 2 s (a restart's own port). */
    private static Channel bindOnce(RedisNode node, EventLoop loop, String host, int port, boolean retryTaken)
            throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(loop, loop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 511)
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) { // one per bound channel: a retried bind adds it again
                        ch.pipeline().addLast(new AcceptFailures(host + ":" + port, System::nanoTime));
                    }
                })
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
            if (!retryTaken || attempt >= 100 || !(f.cause() instanceof java.net.BindException)) {
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
