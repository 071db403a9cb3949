package dev.rcsim.command.scripting;

import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * One script invocation, as Redis's {@code scriptRunCtx}: the caller, the name reported in errors
 * (the SHA1 of an EVAL body or the function name), the flags the script runs under, the RESP version
 * chosen with {@code redis.setresp}, the replication flags of {@code redis.set_repl}, whether it has
 * written (then SCRIPT KILL answers UNKILLABLE), the write effects to replicate, and the calls made
 * on the event loop before the run moved to the script thread.
 */
final class ScriptRun {
    static final int PROPAGATE_AOF = 1;
    static final int PROPAGATE_REPL = 2;

    final Connection caller;
    final String funcName;
    final boolean evalMode;
    final boolean readOnly;
    final boolean allowCrossSlot;
    final long startMillis;
    /** When the run started ({@link System#nanoTime}), for the command's time in INFO commandstats. */
    long startNanos;
    /** When the caller's command returned blocked, the run going on on the script thread (its time counted up to there). */
    long blockedNanos;
    /** The caller's request (EVAL... / FCALL...): its declared keys are what CLIENT TRACKING remembers. */
    byte[][] argv;
    int resp = 2;
    int replFlags = PROPAGATE_AOF | PROPAGATE_REPL;
    volatile boolean writeDirty;
    /** SCRIPT_ALLOW_OOM: declared {@code allow-oom} (never in EVAL compatibility mode). */
    boolean allowOom;
    volatile boolean killed;
    /** Past busy-reply-threshold: other clients get -BUSY (set on the loop, or by the hook on the loop). */
    volatile boolean timedOut;
    /** Whether it may still move to the script thread (a client's, on the loop, not in EXEC). */
    boolean mayMove;
    /** Running on the node's script thread: redis.call hops to the event loop. */
    volatile boolean detached;
    /** The hash slot of the keys used so far (declared or touched), -1 before any. */
    int slot = -1;
    final List<byte[][]> effects = new ArrayList<>();

    /**
     * The redis.call / redis.pcall calls made on the loop before the move to the script thread, their
     * arguments and results (a byte[] reply or a String error), in order; null for a run that cannot move.
     */
    private List<Object> recorded;
    /** How many of {@link #recorded} the run on the script thread has replayed. */
    private int replayed;

    /** Where {@link #record} keeps the calls (the node's list, reused from run to run). */
    void recordInto(List<Object> list) {
        recorded = list;
    }

    /** Remembers a call made on the loop while the run may still move (see {@link #replay}). */
    void record(byte[][] argv, Object out) {
        recorded.add(argv);
        recorded.add(out);
    }

    /** Whether the run on the script thread is still going through the calls the loop made. */
    boolean replaying() {
        return recorded != null && replayed < recorded.size();
    }

    /**
     * The result the loop's run got for this call, when the restarted run makes the same call (same
     * arguments, in the same order); null when it makes another one.
     */
    Object replay(byte[][] argv) {
        byte[][] was = (byte[][]) recorded.get(replayed);
        if (was.length != argv.length) {
            return null;
        }
        for (int i = 0; i < argv.length; i++) {
            if (!java.util.Arrays.equals(was[i], argv[i])) {
                return null;
            }
        }
        Object out = recorded.get(replayed + 1);
        replayed += 2;
        return out;
    }

    /**
     * Back to the state at the start of the Lua code, to run again on the script thread: what the
     * script sets from Lua (RESP version, replication flags) is set again as it runs; what its calls did
     * (writes, effects, the slot) stays, since their results are replayed rather than run again.
     */
    void restart() {
        resp = 2;
        replFlags = PROPAGATE_AOF | PROPAGATE_REPL;
        replayed = 0;
    }

    ScriptRun(Connection caller, String funcName, boolean evalMode, boolean readOnly, boolean allowCrossSlot, long startMillis) {
        this.caller = caller;
        this.funcName = funcName;
        this.evalMode = evalMode;
        this.readOnly = readOnly;
        this.allowCrossSlot = allowCrossSlot;
        this.startMillis = startMillis;
    }
}
