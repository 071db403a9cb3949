package dev.rcsim.command.scripting;

import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * One script invocation, as Redis's {@code scriptRunCtx}: the caller, the name reported in errors
 * (the SHA1 of an EVAL body or the function name), the flags the script runs under, the RESP version
 * chosen with {@code redis.setresp}, the replication flags of {@code redis.set_repl}, whether it has
 * written (then SCRIPT KILL answers UNKILLABLE), and the write effects to replicate.
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
    /** A write or a may-replicate command (PUBLISH...) ran: the script cannot start again. */
    boolean sideEffects;
    /** Running on the node's script thread: redis.call hops to the event loop. */
    volatile boolean detached;
    /** The hash slot of the keys used so far (declared or touched), -1 before any. */
    int slot = -1;
    final List<byte[][]> effects = new ArrayList<>();

    /** Back to the state at the start, to run again on the script thread. */
    void reset(int declaredSlot) {
        resp = 2;
        replFlags = PROPAGATE_AOF | PROPAGATE_REPL;
        writeDirty = false;
        slot = declaredSlot;
        effects.clear();
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
