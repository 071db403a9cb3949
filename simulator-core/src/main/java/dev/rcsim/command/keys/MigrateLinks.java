package dev.rcsim.command.keys;

import dev.rcsim.server.NodePart;
import dev.rcsim.server.RedisNode;
import dev.rcsim.time.SimClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * MIGRATE's cached connections from one node to its targets (Redis's {@code migrateCachedSocket}): one
 * socket per {@code host:port}, at most 64, closed after 10 s without use, remembering the db last
 * SELECTed. Connections are Netty client channels on the node's own event loop, so a MIGRATE waits
 * for its target without blocking the loop. Replies are read line by line, as Redis's
 * {@code syncReadLine} does (every reply MIGRATE expects is one line). Timeouts run on the node's
 * {@link SimClock}.
 */
final class MigrateLinks {
    private static final NodePart<MigrateLinks> PART = NodePart.named("migrate-links", MigrateLinks::new);
    private static final int MAX_LINKS = 64;
    private static final long IDLE_MS = 10_000;

    private final RedisNode node;
    private final Map<String, Link> links = new LinkedHashMap<>();

    private MigrateLinks(RedisNode node) {
        this.node = node;
    }

    static MigrateLinks of(RedisNode node) {
        return node.part(PART);
    }

    /** How a link attempt ended when it did not deliver all replies. */
    enum Failure { CONNECT, WRITE, READ, READ_TIMEOUT }

    /** What the caller is told: the reply lines, or a failure with the lines read before it. */
    interface Listener {
        void done(List<String> lines, Failure failure);
    }

    /** One cached socket. */
    final class Link {
        final String name;
        Channel channel;
        int lastDb = -1;
        SimClock.Timer idle;
        private Exchange current;

        Link(String name) {
            this.name = name;
        }

        void close() {
            links.remove(name, this);
            if (idle != null) {
                idle.cancel();
            }
            if (channel != null) {
                channel.close();
            }
        }

        void touch() {
            if (idle != null) {
                idle.cancel();
            }
            idle = node.clock().schedule(node.loop(), IDLE_MS, () -> {
                if (current == null) {
                    close();
                }
            });
        }
    }

    /** One request written to a link and the replies it waits for. */
    private final class Exchange {
        final Link link;
        final int expected;
        final long timeoutMs;
        final Listener listener;
        final List<String> lines = new ArrayList<>();
        SimClock.Timer timer;
        boolean finished;

        Exchange(Link link, int expected, long timeoutMs, Listener listener) {
            this.link = link;
            this.expected = expected;
            this.timeoutMs = timeoutMs;
            this.listener = listener;
        }

        void arm(Failure onTimeout) {
            if (timer != null) {
                timer.cancel();
            }
            timer = node.clock().schedule(node.loop(), timeoutMs, () -> finish(onTimeout));
        }

        void line(String l) {
            if (finished) {
                return;
            }
            lines.add(l);
            if (lines.size() >= expected) {
                finish(null);
            } else {
                arm(Failure.READ_TIMEOUT);
            }
        }

        void finish(Failure f) {
            if (finished) {
                return;
            }
            finished = true;
            if (timer != null) {
                timer.cancel();
            }
            link.current = null;
            if (f != null) {
                link.close();
            } else {
                link.touch();
            }
            listener.done(lines, f);
        }
    }

    /** The bytes to write on a link and the number of reply lines they produce. */
    record Request(byte[] bytes, int expected) {}

    /** The cached link for {@code host:port}, if one is open. */
    Link cached(String host, int port) {
        Link l = links.get(host + ":" + port);
        return l != null && l.channel != null && l.channel.isActive() ? l : null;
    }

    /** Closes the cached link (Redis's migrateCloseSocket, after errors). */
    void close(String host, int port) {
        Link l = links.get(host + ":" + port);
        if (l != null) {
            l.close();
        }
    }

    /**
     * Sends {@code request} on the link to {@code host:port} (connecting first when none is cached)
     * and reports {@code expected} reply lines, or how it failed. Call on the node's event loop.
     */
    void send(String host, int port, long timeoutMs, Function<Link, Request> request, Listener listener) {
        Link cached = cached(host, port);
        if (cached != null) {
            write(cached, timeoutMs, request, listener);
            return;
        }
        close(host, port);
        if (links.size() >= MAX_LINKS) {
            links.values().iterator().next().close();
        }
        Link link = new Link(host + ":" + port);
        links.put(link.name, link);
        InetSocketAddress addr = new InetSocketAddress(host, port);
        if (addr.isUnresolved()) {
            link.close();
            listener.done(List.of(), Failure.CONNECT);
            return;
        }
        Bootstrap b = new Bootstrap().group(node.loop()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, Math.max(timeoutMs, 1)))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(64 * 1024));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                Exchange e = link.current;
                                if (e != null) {
                                    e.line(msg.toString(StandardCharsets.UTF_8));
                                }
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                Exchange e = link.current;
                                if (e != null) {
                                    e.finish(Failure.READ);
                                }
                                link.close();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                });
        ChannelFuture f = b.connect(addr);
        link.channel = f.channel();
        f.addListener(done -> {
            if (done.isSuccess()) {
                write(link, timeoutMs, request, listener);
            } else {
                link.close();
                // a refused connection looks connected to Redis's non-blocking connect: its write fails
                listener.done(List.of(), done.cause() instanceof ConnectException
                        && !(done.cause() instanceof io.netty.channel.ConnectTimeoutException)
                        ? Failure.WRITE : Failure.CONNECT);
            }
        });
    }

    private void write(Link link, long timeoutMs, Function<Link, Request> build, Listener listener) {
        Request r = build.apply(link);
        Exchange e = new Exchange(link, r.expected(), timeoutMs, listener);
        link.current = e;
        e.arm(Failure.READ_TIMEOUT);
        link.channel.writeAndFlush(Unpooled.wrappedBuffer(r.bytes())).addListener(w -> {
            if (!w.isSuccess()) {
                e.finish(Failure.WRITE);
            } else if (r.expected() == 0) {
                e.finish(null);
            }
        });
    }
}
