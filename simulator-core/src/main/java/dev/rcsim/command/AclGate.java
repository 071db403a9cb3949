package dev.rcsim.command;

import dev.rcsim.acl.AclCatalog;
import dev.rcsim.acl.AclCheck;
import dev.rcsim.acl.AclLog;
import dev.rcsim.acl.AclUser;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.nio.charset.StandardCharsets;

/**
 * The ACL check of Redis's processCommand (after the auth and MULTI checks, before cluster
 * redirection) and of EXEC (ACLs may change while a transaction is queued): NOPERM replies and
 * ACL LOG entries. The dispatcher calls it only for users whose rules restrict anything, so the
 * default user with all permissions costs one field read per command.
 */
public final class AclGate {
    private AclGate() {}

    static AclCatalog.Entry entry(CommandSpec spec) {
        AclCatalog.Entry e = spec.aclEntry;
        if (e == null) {
            e = AclCatalog.get().byFullName(spec.fullName);
            if (e == null) {
                e = AclCatalog.get().future(spec.fullName);
            }
            spec.aclEntry = e;
        }
        return e;
    }

    static AclCheck.Keys keys(CommandSpec spec) {
        return spec.firstKey > 0 || spec.keyFinder != null ? AclKeys.of(spec) : null;
    }

    /** The check result for a user ({@code 0}: allowed; else reason and argument position). */
    public static long check(AclUser u, CommandSpec spec, byte[][] argv) {
        return AclCheck.check(u, entry(spec), argv, keys(spec));
    }

    /** NOPERM reply (logged) when the connection's user may not run this call, else null. */
    static RespValue deny(Connection c, CommandSpec spec, byte[][] argv) {
        long r = check(c.user(), spec, argv);
        if (r == 0) {
            return null;
        }
        int reason = (int) (r >>> 32);
        log(c, reason, c.inMulti() ? AclLog.MULTI : AclLog.TOPLEVEL, object(reason, spec.fullName, argv, (int) r));
        return switch (reason) {
            case AclLog.DENIED_CMD -> Dispatcher.rawError("NOPERM this user has no permissions to run the '" + spec.fullName + "' command");
            case AclLog.DENIED_KEY -> Dispatcher.rawError("NOPERM this user has no permissions to access one of the keys used as arguments");
            default -> Dispatcher.rawError("NOPERM this user has no permissions to access one of the channels used as arguments");
        };
    }

    /**
     * EXEC's re-check of a queued command, or null when it may still run. The ACL LOG entry shows the
     * client as Redis does while EXEC runs: still flagged MULTI with its queue.
     */
    static RespValue denyQueued(Connection c, CommandSpec spec, byte[][] argv, java.util.List<byte[][]> queue) {
        if (c.user().unrestricted() || c.isReplicaLink()) {
            return null;
        }
        long r = check(c.user(), spec, argv);
        if (r == 0) {
            return null;
        }
        int reason = (int) (r >>> 32);
        c.setInMulti(true);
        c.multiQueue().addAll(queue);
        try {
            log(c, reason, AclLog.MULTI, object(reason, spec.fullName, argv, (int) r));
        } finally {
            c.multiQueue().clear();
            c.setInMulti(false);
        }
        String why = switch (reason) {
            case AclLog.DENIED_CMD -> "no permission to execute the command or subcommand";
            case AclLog.DENIED_KEY -> "no permission to touch the specified keys";
            default -> "no permission to access one of the channels used as arguments";
        };
        return Dispatcher.rawError("NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC "
                + "call. This command is no longer allowed for the following reason: " + why);
    }

    /**
     * scriptVerifyACL: the error a script's {@code redis.call} gets when the user running the script
     * (its caller's) may not run this call, logged in ACL LOG with the {@code lua} context and the
     * caller's client info; null when allowed.
     */
    public static String denyInScript(Connection caller, CommandSpec spec, byte[][] argv) {
        if (caller.user().unrestricted() || caller.isReplicaLink()) {
            return null;
        }
        long r = check(caller.user(), spec, argv);
        if (r == 0) {
            return null;
        }
        int reason = (int) (r >>> 32);
        log(caller, reason, AclLog.LUA, object(reason, spec.fullName, argv, (int) r));
        return "The user executing the script " + switch (reason) {
            case AclLog.DENIED_CMD -> "can't run this command or subcommand";
            case AclLog.DENIED_KEY -> "can't access at least one of the keys mentioned in the command arguments";
            default -> "can't publish to the channel mentioned in the command";
        };
    }

    private static String object(int reason, String fullName, byte[][] argv, int pos) {
        return reason == AclLog.DENIED_CMD ? fullName : new String(argv[pos], StandardCharsets.ISO_8859_1);
    }

    /** Redis's addACLLogEntry for the connection's user. */
    public static void log(Connection c, int reason, int context, String object) {
        log(c, reason, context, object, c.user().name());
    }

    public static void log(Connection c, int reason, int context, String object, String username) {
        long now = c.node().clock().millis();
        String info = dev.rcsim.server.ClientInfo.line(c, now);
        long max = c.node().config().longValue("acllog-max-len");
        c.node().acl().log().add(reason, context, object, username, now, info, max);
    }
}
