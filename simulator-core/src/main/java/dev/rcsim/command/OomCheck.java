package dev.rcsim.command;

import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.JvmMemoryGuard;

/**
 * The out-of-memory step of Redis 7.0's processCommand. A node is out of memory when its own
 * accounting stays over its {@code maxmemory} after eviction (performEvictions, run before every
 * command while maxmemory is set), or when the process it shares with the other nodes is nearly out of
 * heap or direct memory ({@link JvmMemoryGuard}). Then a denyoom command, an EXEC holding one, or
 * (under maxmemory, as Redis) anything but DISCARD/QUIT/RESET queued inside MULTI gets {@code -OOM}.
 * The JVM case uses Redis's maxmemory text word for word: it is the one OOM reply clients know, and
 * the log says it was the JVM's.
 */
public final class OomCheck {
    public static final RespValue OOM = Replies.error("OOM command not allowed when used memory > 'maxmemory'.");

    private OomCheck() {}

    /**
     * True when the command must get -OOM now; with no maxmemory, one volatile read for a denyoom command
     * (and, every {@code JvmMemoryGuard.CHECK_BYTES} bytes of such requests, a measurement of the heap).
     */
    static boolean rejects(Connection c, CommandSpec spec, boolean isExec, byte[][] argv) {
        if (c.isReplicaLink()) {
            return false;
        }
        dev.rcsim.server.MaxMemory memory = c.node().memory();
        if (memory.limited() && !NodeCommands.of(c.node()).scripts().isTimedOut()) { // !isInsideYieldingLongCommand()
            boolean outOfMemory = !memory.performEvictions();
            memory.preCommandOom(outOfMemory); // what a script started by this command sees (pre_command_oom_state)
            if (!outOfMemory) {
                return jvmExhausted(c, spec, isExec, argv);
            }
            if (spec.denyOom) {
                return true;
            }
            if (c.inMulti()) {
                if (isExec) {
                    return TransactionCommands.anyQueued(c, q -> q.denyOom);
                }
                return !"discard".equals(spec.name) && !"quit".equals(spec.name) && !"reset".equals(spec.name);
            }
            return false;
        }
        return jvmExhausted(c, spec, isExec, argv);
    }

    private static boolean jvmExhausted(Connection c, CommandSpec spec, boolean isExec, byte[][] argv) {
        if ((spec.denyOom || isExec) && JvmMemoryGuard.checkOnWrite(requestBytes(argv))) {
            return spec.denyOom || (c.inMulti() && TransactionCommands.anyQueued(c, q -> q.denyOom));
        }
        return false;
    }

    private static long requestBytes(byte[][] argv) {
        long n = 0;
        for (byte[] a : argv) {
            n += a.length;
        }
        return n;
    }

    /**
     * scriptVerifyOOM: a script's first write may not be a denyoom command while the node was out of
     * memory when the script started, unless the script is {@code allow-oom}.
     */
    public static String scriptError(Connection caller, CommandSpec spec, boolean allowOom, boolean writeDirty) {
        if (allowOom || writeDirty || !spec.denyOom || caller.isReplicaLink() || !caller.node().memory().preCommandOom()) {
            return null;
        }
        return "-OOM command not allowed when used memory > 'maxmemory'.";
    }

    /** A script that may write and is not allow-oom counts as a denyoom command (scriptFlagsToCmdFlags). */
    public static boolean deniesScript(Connection caller) {
        return !caller.isReplicaLink() && (caller.node().memory().preCommandOom() || JvmMemoryGuard.exhausted());
    }
}
