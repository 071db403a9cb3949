package dev.rcsim.command;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;

/** MULTI, EXEC, DISCARD, WATCH, UNWATCH with Redis 7.0's queueing, EXECABORT and WATCH rules. */
public final class TransactionCommands {
    private TransactionCommands() {}

    /** Redis's mstate.cmd_flags tests: whether some command queued by MULTI (its subcommand, if any) passes {@code test}. */
    static boolean anyQueued(Connection c, java.util.function.Predicate<CommandSpec> test) {
        CommandTable table = NodeCommands.of(c.node()).table();
        for (byte[][] q : c.multiQueue()) {
            CommandSpec s = table.lookup(q[0]);
            if (s != null && s.hasSubcommands() && q.length >= 2) {
                CommandSpec sub = CommandTable.subcommand(s, q[1]);
                s = sub != null ? sub : s;
            }
            if (s != null && test.test(s)) {
                return true;
            }
        }
        return false;
    }

    static final Command EXEC = TransactionCommands::exec;

    public static void register(CommandTable t) {
        t.add("multi", 1, "noscript loading stale fast allow_busy", 0, 0, 0).acl("@fast @transaction").run(TransactionCommands::multi);
        t.add("exec", 1, "noscript loading stale skip_slowlog", 0, 0, 0).acl("@slow @transaction").run(EXEC);
        t.add("discard", 1, "noscript loading stale fast allow_busy", 0, 0, 0).acl("@fast @transaction").run(TransactionCommands::discardCommand);
        t.add("watch", -2, "noscript loading stale fast allow_busy", 1, -1, 1).acl("@fast @transaction").run(TransactionCommands::watch);
        t.add("unwatch", 1, "noscript loading stale fast allow_busy", 0, 0, 0).acl("@fast @transaction").run(TransactionCommands::unwatch);
    }

    private static RespValue multi(Connection c, byte[][] argv) {
        if (c.inMulti()) {
            return Replies.error("ERR MULTI calls can not be nested");
        }
        c.setInMulti(true);
        return Replies.OK;
    }

    /** Drops the queue and the watches (DISCARD, EXEC end, RESET). */
    public static void discard(Connection c) {
        c.setInMulti(false);
        c.setMultiDirty(false);
        c.multiQueue().clear();
        c.node().unwatchAll(c);
    }

    private static RespValue discardCommand(Connection c, byte[][] argv) {
        if (!c.inMulti()) {
            return Replies.error("ERR DISCARD without MULTI");
        }
        discard(c);
        return Replies.OK;
    }

    private static RespValue exec(Connection c, byte[][] argv) {
        if (!c.inMulti()) {
            return Replies.error("ERR EXEC without MULTI");
        }
        if (c.multiDirty()) {
            discard(c);
            return Replies.EXECABORT;
        }
        if (c.watchDirty()) {
            discard(c);
            return Replies.NULL_ARRAY;
        }
        List<byte[][]> queue = new ArrayList<>(c.multiQueue());
        c.node().unwatchAll(c);
        c.setInMulti(false);
        c.multiQueue().clear();
        List<RespValue> replies = new ArrayList<>(queue.size());
        c.setDenyBlocking(true);
        try {
            for (byte[][] q : queue) {
                CommandSpec spec = NodeCommands.of(c.node()).table().lookup(q[0]);
                if (spec.hasSubcommands()) {
                    spec = CommandTable.subcommand(spec, q[1]);
                }
                if (c.node().isReplica() && spec.isWrite() && !c.isReplicaLink()) {
                    replies.add(Replies.error("READONLY You can't write against a read only replica."));
                    continue;
                }
                RespValue denied = AclGate.denyQueued(c, spec, q, queue);
                replies.add(denied != null ? denied : Dispatcher.call(c, spec, q));
            }
        } finally {
            c.setDenyBlocking(false);
        }
        return Replies.array(replies);
    }

    private static RespValue watch(Connection c, byte[][] argv) {
        if (c.inMulti()) {
            return Replies.error("ERR WATCH inside MULTI is not allowed");
        }
        for (int i = 1; i < argv.length; i++) {
            c.node().watch(c, c.db(), Bytes.of(argv[i]));
        }
        return Replies.OK;
    }

    private static RespValue unwatch(Connection c, byte[][] argv) {
        c.node().unwatchAll(c);
        return Replies.OK;
    }
}
