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
final class OomCheck {
    static final RespValue OOM = Replies.error("OOM command not allowed when used memory > 'maxmemory'.");

    private OomCheck() {}

    /** True when the command must get -OOM now; with no maxmemory, one volatile read for a denyoom command. */
    static boolean rejects(Connection c, CommandSpec spec, boolean isExec) {
        if (c.isReplicaLink) {
            return false;
        }
        if (c.node().memory().limited() && !c.node().memory().performEvictions()) {
            if (spec.denyOom) {
                return true;
            }
            if (c.inMulti) {
                if (isExec) {
                    return TransactionCommands.anyQueued(c, q -> q.denyOom);
                }
                return !"discard".equals(spec.name) && !"quit".equals(spec.name) && !"reset".equals(spec.name);
            }
            return false;
        }
        if ((spec.denyOom || isExec) && JvmMemoryGuard.exhausted()) {
            return spec.denyOom || (c.inMulti && TransactionCommands.anyQueued(c, q -> q.denyOom));
        }
        return false;
    }
}
