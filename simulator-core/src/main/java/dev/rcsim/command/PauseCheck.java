package dev.rcsim.command;

import dev.rcsim.server.ClientPause;
import dev.rcsim.server.Connection;
import java.util.Set;

/**
 * The client-pause step of Redis 7.0's processCommand: under a WRITE pause, write commands,
 * may-replicate commands (a flag COMMAND INFO hides: PUBLISH, SPUBLISH, PFCOUNT, EVAL, EVALSHA, FCALL)
 * and an EXEC whose transaction holds one are postponed; under an ALL pause every command is (also
 * inside MULTI: a paused command is postponed rather than queued). The caller leaves out the master
 * link of a replica.
 */
final class PauseCheck {
    private PauseCheck() {}

    private static final Set<String> MAY_REPLICATE = Set.of("publish", "spublish", "pfcount", "eval", "evalsha", "fcall");

    /** Postpones the request and returns true when the node's pause applies to it. */
    static boolean postpones(Connection c, CommandSpec spec, byte[][] argv, boolean isExec) {
        ClientPause pause = c.node().pause();
        ClientPause.Type type = pause.type();
        if (type == ClientPause.Type.OFF) {
            return false;
        }
        if (type == ClientPause.Type.WRITE && !mayReplicate(spec) && !(isExec && c.inMulti && queuedMayReplicate(c))) {
            return false;
        }
        c.lastCommand = spec.fullName;
        pause.postpone(c, argv);
        return true;
    }

    static boolean mayReplicate(CommandSpec spec) {
        return spec.write || MAY_REPLICATE.contains(spec.fullName);
    }

    /** Redis's mstate.cmd_flags test: some queued command is a write or may replicate. */
    private static boolean queuedMayReplicate(Connection c) {
        CommandTable table = c.node().commands();
        for (byte[][] q : c.multiQueue) {
            CommandSpec s = table.lookup(q[0]);
            if (s != null && s.hasSubcommands() && q.length >= 2) {
                CommandSpec sub = CommandTable.subcommand(s, q[1]);
                s = sub != null ? sub : s;
            }
            if (s != null && mayReplicate(s)) {
                return true;
            }
        }
        return false;
    }
}
