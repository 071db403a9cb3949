package dev.rcsim.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node's write effects: Redis's {@code server.dirty} counter and what the running command asks
 * replication to receive ({@code rewriteClientCommandVector}, {@code alsoPropagate},
 * {@code preventCommandPropagation}). Commands only report here; the dispatcher opens a frame per
 * call ({@link #begin()}) and closes it ({@link #end}), and that end alone turns the report into the
 * replication feed: the command as it was sent, or as rewritten, or nothing, or a script's effects
 * (wrapped in MULTI/EXEC when more than one). While a script runs, what would reach replication is
 * collected by the script instead ({@link #beginCapture}).
 *
 * <p>Differences from Redis: the command's own entry and a script's effects are fed at the end of
 * each call, and {@link #alsoPropagate} entries (lazy-expiry and eviction DELs, MIGRATE's DEL, the
 * stream commands' extra XCLAIM/XGROUP SETID) are fed at once, in execution order, with no
 * MULTI/EXEC around a transaction or around a command with several entries (Redis 7.0 wraps those);
 * there is no AOF. Touched only on the node's event loop (a script's calls run there too).
 */
public final class WriteEffects {
    private static final byte[][] MULTI = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"EXEC".getBytes(StandardCharsets.US_ASCII)};

    /** One call's report; reused per nesting depth (EXEC and scripts call commands inside a call). */
    private static final class Frame {
        byte[][] rewrite;
        boolean nothing;
        List<byte[][]> instead;

        void clear() {
            rewrite = null;
            nothing = false;
            instead = null;
        }
    }

    private final List<Frame> frames = new ArrayList<>(4);
    private int depth;
    private long dirty;
    private Consumer<byte[][]> feed;
    private Consumer<byte[][]> capture;

    WriteEffects() {}

    // ------------------------------------------------------------------ what commands report

    /** The command changed the dataset once (Redis's {@code server.dirty++}). */
    public void changed() {
        dirty++;
    }

    /** The command made {@code n} changes (Redis's {@code server.dirty += n}). */
    public void changed(long n) {
        dirty += n;
    }

    /**
     * Replication receives {@code argv} instead of the request when this command changed the dataset
     * (Redis's rewriteClientCommandVector: EXPIRE as PEXPIREAT, SPOP as SREM...). Outside a call it
     * has no effect.
     */
    public void propagateAs(byte[][] argv) {
        if (depth > 0) {
            Frame f = frames.get(depth - 1);
            f.rewrite = argv;
        }
    }

    /** The command itself is not replicated even though it changed the dataset (preventCommandPropagation). */
    public void propagateNothing() {
        if (depth > 0) {
            frames.get(depth - 1).nothing = true;
        }
    }

    /**
     * Replication receives {@code argv} now, besides the command's own entry (Redis's alsoPropagate):
     * a key deleted by expiry or eviction, MIGRATE's DEL of the keys it moved, the entries a stream
     * command adds before its last. Works outside a call too (active expiry, a MIGRATE that completes
     * later).
     */
    public void alsoPropagate(byte[][] argv) {
        emit(argv);
    }

    /**
     * A script's effects replace the command that ran it: none, one, or several inside MULTI/EXEC,
     * whether or not the dataset changed. Outside a call (a script that finished on the script
     * thread) they are fed at once.
     */
    public void propagateInstead(List<byte[][]> effects) {
        if (depth > 0) {
            frames.get(depth - 1).instead = effects;
        } else {
            emitWrapped(effects);
        }
    }

    /** Redis's {@code server.dirty}: changes to the dataset since the node started. */
    public long dirty() {
        return dirty;
    }

    // ------------------------------------------------------------------ the dispatcher's side

    /** Opens the report of one call (Dispatcher). */
    public void begin() {
        if (depth == frames.size()) {
            frames.add(new Frame());
        }
        depth++;
    }

    /** The command failed with an error reply: whatever it asked to propagate as is dropped (Dispatcher). */
    public void dropRewrite() {
        if (depth > 0) {
            frames.get(depth - 1).rewrite = null;
        }
    }

    /**
     * Closes the report of one call and feeds replication (Dispatcher): a script's effects if it
     * reported them, else, when {@code own} (the dataset changed and the command may replicate), the
     * command as rewritten or as sent.
     */
    public void end(boolean own, byte[][] argv) {
        Frame f = frames.get(--depth);
        List<byte[][]> instead = f.instead;
        byte[][] effect = f.nothing ? null : f.rewrite != null ? f.rewrite : argv;
        f.clear();
        if (instead != null) {
            emitWrapped(instead);
        } else if (own && effect != null && effect.length > 0) {
            emit(effect);
        }
    }

    // ------------------------------------------------------------------ where effects go

    /**
     * Where this node's effects go: its master stream's {@code Replication.propagate}, or null when
     * nothing replicates from it (a replica, a node without replicas yet). Set by replication.
     */
    public void replicateTo(Consumer<byte[][]> replicationFeed) {
        this.feed = replicationFeed;
    }

    /** True when effects reach a replication stream (or a running script's collection). */
    public boolean replicating() {
        return feed != null || capture != null;
    }

    /**
     * A script starts: until {@link #endCapture}, what would reach replication goes to
     * {@code collector}. Captures nothing when nothing replicates. Returns what to restore.
     */
    public Consumer<byte[][]> beginCapture(Consumer<byte[][]> collector) {
        Consumer<byte[][]> previous = capture;
        if (feed != null || previous != null) {
            capture = collector;
        }
        return previous;
    }

    /** The script ended: effects go where they went before {@link #beginCapture}. */
    public void endCapture(Consumer<byte[][]> previous) {
        capture = previous;
    }

    private void emitWrapped(List<byte[][]> effects) {
        if (effects.isEmpty()) {
            return;
        }
        boolean wrap = effects.size() > 1;
        if (wrap) {
            emit(MULTI);
        }
        for (byte[][] e : effects) {
            emit(e);
        }
        if (wrap) {
            emit(EXEC);
        }
    }

    private void emit(byte[][] argv) {
        Consumer<byte[][]> c = capture;
        if (c == null) {
            c = feed;
        }
        if (c != null) {
            c.accept(argv);
        }
    }
}
