package dev.rcsim.command.scripting;

import dev.rcsim.command.NodeCommands;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;

/**
 * The checks before a script runs: what processCommand derives from the script's flags (a script
 * that may write is a write command: {@code READONLY} on a read-only replica) and
 * scriptPrepareForRun ({@code no-cluster}, writes through {@code *_RO}). Scripts in EVAL
 * compatibility mode (no shebang) skip them.
 */
final class Preflight {
    private Preflight() {}

    private static final byte[] SET = {'S', 'E', 'T'};
    static final RespValue READONLY = Replies.error("READONLY You can't write against a read only replica.");

    static RespValue check(Scripting s, Connection c, byte[][] argv, int numKeys, int flags, boolean ro) {
        if ((flags & ScriptFlags.EVAL_COMPAT_MODE) != 0) {
            return null;
        }
        boolean mayWrite = (flags & ScriptFlags.NO_WRITES) == 0;
        if (mayWrite && s.node.isReplica() && !c.isReplicaLink()) {
            if (NodeCommands.of(s.node).router().active() && numKeys > 0) {
                // a script that may write is a write command for getNodeByQuery: a replica redirects it
                RespValue r = NodeCommands.of(s.node).router().check(c, NodeCommands.of(s.node).table().lookup("set"), new byte[][] {SET, argv[3]}, null);
                if (r != null) {
                    return r;
                }
            }
        }
        if (mayWrite && (flags & ScriptFlags.ALLOW_OOM) == 0 && dev.rcsim.command.OomCheck.deniesScript(c)) {
            return dev.rcsim.command.OomCheck.OOM; // processCommand: such a script is a denyoom command
        }
        if (mayWrite && s.node.isReplica() && !c.isReplicaLink() && "yes".equals(s.node.config().get("replica-read-only"))) {
            return READONLY;
        }
        if ((flags & ScriptFlags.NO_CLUSTER) != 0 && s.node.config().clusterEnabled()) {
            return Replies.error("ERR Can not run script on cluster, 'no-cluster' flag is set.");
        }
        if (mayWrite && ro) {
            return Replies.error("ERR Can not execute a script with write flag using *_ro command.");
        }
        return null;
    }
}
