package dev.rcsim.command;

import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.JvmMemoryGuard;

/**
 * The out-of-memory step of Redis's processCommand, for the process's memory: while the JVM is nearly
 * out of heap or direct memory ({@link JvmMemoryGuard}), a denyoom command, or an EXEC whose queue
 * holds one, is rejected with Redis's {@code -OOM} error. The text is Redis's maxmemory error word for
 * word: it is the one OOM reply clients know (they match its {@code OOM} code), and to a client a
 * node out of memory is the same whatever the limit was; the log says it was the JVM's.
 */
final class OomCheck {
    private OomCheck() {}

    static final RespValue OOM = Replies.error("OOM command not allowed when used memory > 'maxmemory'.");

    /** True when the command must get -OOM now; one volatile read unless the command may grow memory. */
    static boolean denies(Connection c, CommandSpec spec, boolean isExec) {
        if (!spec.denyOom && !isExec) {
            return false;
        }
        if (!JvmMemoryGuard.exhausted()) {
            return false;
        }
        return spec.denyOom || (c.inMulti && TransactionCommands.anyQueued(c, q -> q.denyOom));
    }
}
