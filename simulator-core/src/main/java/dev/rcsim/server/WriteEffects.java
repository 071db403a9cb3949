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
 * there is no AOF. A script's effects are all fed as changes of the calling client's database
 * (Redis 7.0 feeds each with the database its call ran in, so a script that SELECTs replicates them
 * elsewhere). Touched only on the node's event loop (a script's calls run there too).
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
    private Feed feed;
    private Consumer<byte[][]> capture;

    WriteEffects() {}

    /**
     * Where a node's effects go, each with the database it changed: Redis's replicationFeedSlaves
     * gets {@code dictid} so the stream can SELECT it when it differs from {@code server.slaveseldb}.
     */
    @FunctionalInterface
    public interface Feed {
        /** One effect of database {@code db}, in execution order (the node's event loop). */
        void propagate(int db, byte[][] argv);
    }

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
     * later). {@code db} is the database of the change (the key's for expiry and eviction).
     */
    public void alsoPropagate(int db, byte[][] argv) {
        emit(db, argv);
    }

    /**
     * A script's effects replace the command that ran it: none, one, or several inside MULTI/EXEC,
     * whether or not the dataset changed. Outside a call (a script that finished on the script
     * thread) they are fed at once, as changes of database {@code db} (the caller's).
     */
    public void propagateInstead(int db, List<byte[][]> effects) {
        if (depth > 0) {
            frames.get(depth - 1).instead = effects;
        } else {
            emitWrapped(db, effects);
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
     * command as rewritten or as sent, as changes of database {@code db} (the calling client's).
     */
    public void end(boolean own, byte[][] argv, int db) {
        Frame f = frames.get(--depth);
        List<byte[][]> instead = f.instead;
        byte[][] effect = f.nothing ? null : f.rewrite != null ? f.rewrite : argv;
        f.clear();
        if (instead != null) {
            emitWrapped(db, instead);
        } else if (own && effect != null && effect.length > 0) {
            emit(db, effect);
        }
    }

    // ------------------------------------------------------------------ where effects go

    /**
     * Where this node's effects go: its master stream's {@code Replication.propagate}, or null when
     * nothing replicates from it (a replica, a node without replicas yet). Set by replication.
     */
    public void replicateTo(Feed replicationFeed) {
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

    private void emitWrapped(int db, List<byte[][]> effects) {
        if (effects.isEmpty()) {
            return;
        }
        boolean wrap = effects.size() > 1;
        if (wrap) {
            emit(db, MULTI);
        }
        for (byte[][] e : effects) {
            emit(db, e);
        }
        if (wrap) {
            emit(db, EXEC);
        }
    }

    private void emit(int db, byte[][] argv) {
        Consumer<byte[][]> c = capture;
        if (c != null) {
            c.accept(argv);
        } else if (feed != null) {
            feed.propagate(db, argv);
        }
    }
}
