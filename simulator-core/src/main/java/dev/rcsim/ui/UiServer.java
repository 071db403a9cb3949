package dev.rcsim.ui;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The teaching view's HTTP server: Netty's HTTP codec on its own single-thread event loop (never a
 * node's), serving the page's static files from the jar, {@code GET /api/state} (one snapshot as JSON),
 * {@code GET /api/events} (the server-sent event stream) and {@code POST /api/<control>} (form-encoded
 * parameters; the request must carry {@code X-Rcsim: 1}, which a cross-site form cannot send).
 */
final class UiServer {
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/ui.js", "ui.js", "/ui.css", "ui.css");

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("rcsim-ui-http", true));
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final LiveFeed feed;
    private final Controls controls;
    private final Channel server;

    UiServer(String host, int port, LiveFeed feed, Controls controls) {
        this.feed = feed;
        this.controls = controls;
        for (String f : FILES.values()) {
            files.put(f, resource(f));
        }
        try {
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler());
                        }
                    }).bind(host, port).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = UiServer.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/rcsim/ui/static/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            QueryStringDecoder uri = new QueryStringDecoder(req.uri());
            String path = uri.path();
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (req.method().equals(HttpMethod.GET)) {
                String file = FILES.get(path);
                if (file != null) {
                    reply(ctx, keepAlive, HttpResponseStatus.OK, type(file), files.get(file));
                } else if (path.equals("/api/events")) {
                    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                            .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
                    HttpUtil.setTransferEncodingChunked(res, true);
                    ctx.writeAndFlush(res);
                    feed.join(ctx.channel());
                } else if (path.equals("/api/state")) {
                    Channel ch = ctx.channel();
                    java.util.concurrent.CompletableFuture.supplyAsync(feed::state).whenComplete((json, err) -> {
                        if (err != null) {
                            reply(ch, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", bytes(String.valueOf(err)));
                        } else {
                            reply(ch, keepAlive, HttpResponseStatus.OK, "application/json", bytes(json));
                        }
                    });
                } else {
                    reply(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain", bytes("not found"));
                }
                return;
            }
            if (req.method().equals(HttpMethod.POST) && path.startsWith("/api/")) {
                if (!"1".equals(req.headers().get("X-Rcsim"))) {
                    reply(ctx, keepAlive, HttpResponseStatus.FORBIDDEN, "text/plain", bytes("missing X-Rcsim header"));
                    return;
                }
                Map<String, String> params = new LinkedHashMap<>();
                String body = req.content().toString(StandardCharsets.UTF_8);
                new QueryStringDecoder(body, false).parameters().forEach((k, v) -> params.put(k, v.get(0)));
                uri.parameters().forEach((k, v) -> params.putIfAbsent(k, v.get(0)));
                Channel ch = ctx.channel();
                // a refused control is a normal answer for the page (200, ok false), not an HTTP error
                controls.submit(path.substring("/api/".length()), params).whenComplete((result, err) -> {
                    String json;
                    if (err != null) {
                        Throwable e = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
                        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                        json = "{\"ok\":false,\"result\":" + Json.str(msg) + "}";
                    } else {
                        json = "{\"ok\":true,\"result\":" + Json.str(result) + "}";
                    }
                    reply(ch, keepAlive, HttpResponseStatus.OK, "application/json", bytes(json));
                });
                return;
            }
            reply(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", bytes("method not allowed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static String type(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void reply(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String type, byte[] body) {
        reply(ctx.channel(), keepAlive, status, type, body);
    }

    private static void reply(Channel ch, boolean keepAlive, HttpResponseStatus status, String type, byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setContentLength(res, body.length);
        HttpUtil.setKeepAlive(res, keepAlive);
        var f = ch.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
