package dev.rcsim.command;

import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;

/**
 * The maxmemory step of Redis 7.0's processCommand, run only when maxmemory is set: evict first
 * (performEvictions, for every command), then refuse with {@code -OOM} a denyoom command (or an EXEC
 * holding one, or anything but EXEC/DISCARD/QUIT/RESET inside MULTI) while the node stays over its
 * limit.
 */
final class OomCheck {
    static final RespValue OOM = Replies.error("OOM command not allowed when used memory > 'maxmemory'.");

    private OomCheck() {}

    static boolean rejects(Connection c, CommandSpec spec, boolean isExec) {
        if (c.isReplicaLink) {
            return false;
        }
        boolean outOfMemory = !c.node().memory().performEvictions();
        if (!outOfMemory) {
            return false;
        }
        if (spec.denyOom) {
            return true;
        }
        if (c.inMulti) {
            if (isExec) {
                return queuedDenyOom(c);
            }
            return !"discard".equals(spec.name) && !"quit".equals(spec.name) && !"reset".equals(spec.name);
        }
        return false;
    }

    private static boolean queuedDenyOom(Connection c) {
        for (byte[][] argv : c.multiQueue) {
            CommandSpec s = c.node().commands().lookup(argv[0]);
            if (s != null && s.hasSubcommands() && argv.length >= 2) {
                CommandSpec sub = CommandTable.subcommand(s, argv[1]);
                s = sub != null ? sub : s;
            }
            if (s != null && s.denyOom) {
                return true;
            }
        }
        return false;
    }
}
