package dev.rcsim.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayDeque;

/**
 * What stands between a node's clients and its command loop: the place client-side faults act. Real
 * Redis has no such thing; it models what the network or the operating system can do to a server's
 * clients — a stopped process (pause), a slow CPU (per-command delay), a slow or black-holed network,
 * a firewall refusing new connections, connections reset.
 *
 * <p>The request handler asks the gate about each new connection ({@link #admits}) and each decoded
 * request ({@link #intercept}); the reply path goes through an outbound handler that delays writes
 * ({@link #replyDelayMillis}). When no fault is set the gate costs one volatile read per request.
 * Setters may be called from any thread; the effects run on the node's event loop.
 */
public final class ClientGate {
    private final RedisNode node;
    private volatile boolean active;
    private volatile boolean paused;
    private volatile boolean blackhole;
    private volatile boolean refusing;
    private volatile long replyDelayMillis;
    private volatile long perCommandMillis;
    // event-loop state of the per-command delay
    private long busyUntil;
    private int delayedRequests;
    private volatile long dropped;

    ClientGate(RedisNode node) {
        this.node = node;
    }

    // ---------------------------------------------------------------- fault switches

    /** Stops reading from every client and processing requests until {@link #resume()}. */
    public void pause() {
        paused = true;
        update();
        onLoop(() -> {
            for (Connection c : node.clients().all()) {
                c.channel().config().setAutoRead(false);
            }
        });
    }

    /** Reads again and runs the requests that waited, in arrival order. */
    public void resume() {
        paused = false;
        update();
        onLoop(() -> {
            for (Connection c : node.clients().all().toArray(new Connection[0])) {
                c.channel().config().setAutoRead(true);
                if (c.handler != null) {
                    c.handler.drainPending();
                }
            }
        });
    }

    public boolean isPaused() {
        return paused;
    }

    /** Requests are read and silently dropped: never executed, never answered. */
    public void blackhole(boolean on) {
        blackhole = on;
        update();
    }

    /** Requests dropped by blackholes so far. */
    public long droppedRequests() {
        return dropped;
    }

    public boolean isBlackholed() {
        return blackhole;
    }

    /** New connections are accepted and closed at once (existing ones keep working). */
    public void refuseConnections(boolean on) {
        refusing = on;
        update();
    }

    public boolean isRefusingConnections() {
        return refusing;
    }

    /** Every reply (and push) leaves this many milliseconds of the node's clock later; 0 turns it off. */
    public void replyDelay(long millis) {
        replyDelayMillis = Math.max(0, millis);
    }

    public long replyDelayMillis() {
        return replyDelayMillis;
    }

    /** Each request occupies the node this many milliseconds before it runs (a slow server); 0 turns it off. */
    public void perCommandDelay(long millis) {
        perCommandMillis = Math.max(0, millis);
        update();
    }

    /** Requests the per-command delay holds right now (read on the node's loop). */
    public int delayedRequests() {
        return delayedRequests;
    }

    public long perCommandDelayMillis() {
        return perCommandMillis;
    }

    /** Closes every client connection now (connection reset). */
    public void resetConnections() {
        onLoop(node.clients()::closeAll);
    }

    /** Clears every switch (the node's clients are served normally again). */
    public void clear() {
        blackhole = false;
        refusing = false;
        replyDelayMillis = 0;
        perCommandMillis = 0;
        if (paused) {
            resume();
        }
        update();
    }

    private void update() {
        active = paused || blackhole || refusing || perCommandMillis > 0;
    }

    private void onLoop(Runnable r) {
        if (node.loop() == null || node.loop().inEventLoop()) {
            r.run();
        } else {
            node.loop().execute(r);
        }
    }

    // ---------------------------------------------------------------- hooks of the server layer

    /** Called for each accepted channel; false closes it before any byte is read. */
    boolean admits(Channel ch) {
        if (refusing) {
            ch.close();
            return false;
        }
        if (paused) {
            ch.config().setAutoRead(false);
        }
        return true;
    }

    /**
     * Called with each decoded request; true when the gate took it (dropped, queued or delayed) and the
     * handler must not run it now.
     */
    boolean intercept(Connection c, Object msg) {
        if (!active && delayedRequests == 0) {
            return false;
        }
        if (blackhole) {
            dropped++;
            return true;
        }
        if (paused) {
            c.pendingRequests.add(msg);
            return true;
        }
        if (perCommandMillis > 0 || delayedRequests > 0) {
            long now = node.clock().millis();
            long due = Math.max(now, busyUntil) + perCommandMillis;
            busyUntil = due;
            delayedRequests++;
            node.clock().schedule(node.loop(), due - now, () -> {
                delayedRequests--;
                if (c.isClosing()) {
                    return;
                }
                c.handler.deliver(msg);
                c.endBatch();
            });
            return true;
        }
        return false;
    }

    /** True while queued requests must keep waiting (used when draining a client's pending requests). */
    boolean holds() {
        return paused;
    }

    /** Outbound handler of a client pipeline: delays writes while a reply delay is set. */
    ChannelDuplexHandler replyDelayer() {
        return new ReplyDelayer();
    }

    private final class ReplyDelayer extends ChannelDuplexHandler {
        private final ArrayDeque<Object[]> queued = new ArrayDeque<>();
        private long lastDue;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            long delay = replyDelayMillis;
            if (delay == 0 && queued.isEmpty()) {
                ctx.write(msg, promise);
                return;
            }
            long now = node.clock().millis();
            long due = Math.max(now + delay, lastDue);
            lastDue = due;
            queued.add(new Object[] {msg, promise});
            node.clock().schedule(ctx.channel().eventLoop(), due - now, () -> {
                Object[] w = queued.poll();
                if (w != null) {
                    ctx.writeAndFlush(w[0], (ChannelPromise) w[1]);
                }
            });
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (queued.isEmpty()) {
                ctx.flush();
            }
        }
    }
}
