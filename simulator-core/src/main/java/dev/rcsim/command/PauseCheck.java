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
        if (type == ClientPause.Type.WRITE && !mayReplicate(spec) && !(isExec && c.inMulti() && TransactionCommands.anyQueued(c, PauseCheck::mayReplicate))) {
            return false;
        }
        c.setLastCommand(spec.fullName);
        pause.postpone(c, argv);
        return true;
    }

    static boolean mayReplicate(CommandSpec spec) {
        return spec.write || MAY_REPLICATE.contains(spec.fullName);
    }
}
