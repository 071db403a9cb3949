package dev.rcsim.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

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
    // per-command reply delays: lower-case command name (or "name|sub") -> ms; null when none
    private volatile Map<String, Long> commandDelays;
    // slots whose keyed commands are answered TRYAGAIN; null when none
    private volatile BitSet tryAgainSlots;
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

    /**
     * Replies to the named commands (lower-case top-level names such as {@code get}, or {@code name|sub}
     * for one subcommand of a container) leave {@code millis} later, on top of any {@link #replyDelay};
     * replies that follow on the same connection wait behind them (order kept, as on a TCP stream).
     * A name already delayed gets the new delay; 0 removes the names.
     */
    public synchronized void commandDelay(long millis, Iterable<String> commands) {
        Map<String, Long> m = commandDelays == null ? new HashMap<>() : new HashMap<>(commandDelays);
        for (String name : commands) {
            String k = name.toLowerCase(Locale.ROOT);
            if (millis > 0) {
                m.put(k, millis);
            } else {
                m.remove(k);
            }
        }
        commandDelays = m.isEmpty() ? null : Map.copyOf(m);
        update();
    }

    /** The per-command reply delays in effect (lower-case name to milliseconds). */
    public Map<String, Long> commandDelays() {
        Map<String, Long> m = commandDelays;
        return m == null ? Map.of() : m;
    }

    /**
     * While on, every command with keys in {@code slot} that the node would serve itself is answered
     * {@code -TRYAGAIN} instead (as during a resharding); redirects and keyless commands are untouched.
     */
    public synchronized void forceTryAgain(int slot, boolean on) {
        BitSet b = tryAgainSlots == null ? new BitSet() : (BitSet) tryAgainSlots.clone();
        b.set(slot, on);
        tryAgainSlots = b.isEmpty() ? null : b;
    }

    /** True while commands on {@code slot} are forced to TRYAGAIN (one volatile read when none is). */
    public boolean forcesTryAgain(int slot) {
        BitSet b = tryAgainSlots;
        return b != null && slot >= 0 && b.get(slot);
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

    /**
     * Takes over the network-side faults of the gate of the same node's previous process (a restart
     * after a kill): blackhole, refused connections, reply and per-command latency, slowness and forced
     * TRYAGAIN stay in effect, as the network and the fault injection outlive the process. A pause does
     * not: the restarted process runs.
     */
    public synchronized void inheritFaults(ClientGate previous) {
        blackhole = previous.blackhole;
        refusing = previous.refusing;
        replyDelayMillis = previous.replyDelayMillis;
        perCommandMillis = previous.perCommandMillis;
        commandDelays = previous.commandDelays;
        tryAgainSlots = previous.tryAgainSlots;
        update();
    }

    /** Clears every switch (the node's clients are served normally again). */
    public void clear() {
        blackhole = false;
        refusing = false;
        replyDelayMillis = 0;
        perCommandMillis = 0;
        commandDelays = null;
        tryAgainSlots = null;
        if (paused) {
            resume();
        }
        update();
    }

    private void update() {
        active = paused || blackhole || refusing || perCommandMillis > 0 || commandDelays != null;
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
     * Called with each decoded request: returns the request to run now (possibly wrapped in a {@link
     * LateReply} when its reply must leave late), or null when the gate took it (dropped, queued or
     * delayed) and the handler must not run it now.
     */
    Object intercept(Connection c, Object msg) {
        if (!active && delayedRequests == 0) {
            return msg;
        }
        if (blackhole) {
            dropped++;
            return null;
        }
        Map<String, Long> delays = commandDelays;
        if (delays != null && msg instanceof byte[][] argv && argv.length > 0) {
            long ms = delayOf(delays, argv);
            if (ms > 0) {
                msg = new LateReply(argv, ms);
            }
        }
        if (paused) {
            c.pendingRequests.add(msg);
            return null;
        }
        if (perCommandMillis > 0 || delayedRequests > 0) {
            long now = node.clock().millis();
            long due = Math.max(now, busyUntil) + perCommandMillis;
            busyUntil = due;
            delayedRequests++;
            Object request = msg;
            node.clock().schedule(node.loop(), due - now, () -> {
                delayedRequests--;
                if (c.isClosing()) {
                    return;
                }
                c.handler.deliver(request);
                c.endBatch();
            });
            return null;
        }
        return msg;
    }

    private static long delayOf(Map<String, Long> delays, byte[][] argv) {
        String name = new String(argv[0], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        Long ms = delays.get(name);
        if (ms == null && argv.length > 1) {
            ms = delays.get(name + "|" + new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
        }
        return ms == null ? 0 : ms;
    }

    /** A request whose reply must leave {@code millis} late (a per-command latency fault). */
    record LateReply(byte[][] argv, long millis) {}

    /**
     * Sends what the connection has queued so far now, runs {@code run}, then sends its reply {@code
     * millis} late (later replies queue behind it). A command that blocks has its eventual reply delayed.
     */
    void runLate(Connection c, long millis, Runnable run) {
        c.flush();
        run.run();
        ReplyDelayer d = (ReplyDelayer) c.channel().pipeline().get(ReplyDelayer.class);
        if (d == null) {
            c.flush();
            return;
        }
        d.extraNext = millis;
        c.flush();
        if (!c.isBlocked()) {
            d.extraNext = 0;
        }
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
        // extra delay of the next write (a per-command latency), 0 when none
        long extraNext;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            long delay = replyDelayMillis;
            if (extraNext > 0) {
                delay += extraNext;
                extraNext = 0;
            }
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
