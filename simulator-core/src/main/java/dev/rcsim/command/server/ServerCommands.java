package dev.rcsim.command.server;

import dev.rcsim.command.scripting.Scripting;
import dev.rcsim.command.Args;
import dev.rcsim.command.Blocking;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Dispatcher;
import dev.rcsim.command.HelpText;
import dev.rcsim.command.LatencyCommands;
import dev.rcsim.command.ServerInfo;
import dev.rcsim.command.ServerState;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.keyspace.StringValue;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * Server commands: INFO, DBSIZE, FLUSHALL/FLUSHDB, SWAPDB, TIME, ROLE, LASTSAVE, SAVE/BGSAVE (no
 * persistence: they only record a save), DEBUG (SLEEP, OBJECT), SHUTDOWN, MEMORY, LATENCY (monitoring
 * disabled, as by default), LOLWUT. CONFIG and COMMAND are in their own files, MONITOR and SLOWLOG in
 * {@link MonitorCommands}.
 */
public final class ServerCommands {
    private ServerCommands() {}

    private static final RespValue BG_SAVE = Replies.simple("Background saving started");

    public static void register(CommandTable t) {
        t.add("info", -1, "loading stale", 0, 0, 0).acl("@slow @dangerous").run(ServerCommands::info);
        t.add("dbsize", 1, "readonly fast", 0, 0, 0).acl("@keyspace @read @fast")
                .run((c, a) -> Replies.integer(c.keyspace().size()));
        t.add("flushall", -1, "write", 0, 0, 0).acl("@keyspace @write @slow @dangerous").run((c, a) -> flush(c, a, true));
        t.add("flushdb", -1, "write", 0, 0, 0).acl("@keyspace @write @slow @dangerous").run((c, a) -> flush(c, a, false));
        t.add("time", 1, "loading stale fast", 0, 0, 0).acl("@fast").run(ServerCommands::time);
        t.add("role", 1, "noscript loading stale fast", 0, 0, 0).acl("@admin @fast @dangerous")
                .run((c, a) -> c.node().replication().roleReply());
        t.add("lastsave", 1, "loading stale fast", 0, 0, 0).acl("@admin @fast @dangerous")
                .run((c, a) -> Replies.integer(c.node().lastSaveSeconds()));
        t.add("save", 1, "admin noscript no_async_loading no_multi", 0, 0, 0).acl("@admin @slow @dangerous")
                .run((c, a) -> save(c, Replies.OK));
        t.add("bgsave", -1, "admin noscript no_async_loading", 0, 0, 0).acl("@admin @slow @dangerous").run(ServerCommands::bgsave);
        t.add("debug", -2, "admin noscript loading stale", 0, 0, 0).acl("@admin @slow @dangerous").run(ServerCommands::debug);
        t.add("shutdown", -1, "admin noscript loading stale no_multi allow_busy", 0, 0, 0).acl("@admin @slow @dangerous")
                .run(ServerCommands::shutdown);
        t.add("swapdb", 3, "write fast", 0, 0, 0).acl("@keyspace @write @fast @dangerous").run(ServerCommands::swapdb);
        t.add("lolwut", -1, "readonly fast", 0, 0, 0).acl("@read @fast")
                .run((c, a) -> Replies.verbatim("Redis ver. " + ServerInfo.VERSION + "\n"));

        CommandSpec memory = t.add("memory", -2, "", 0, 0, 0).acl("@slow");
        memory.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow").run((c, a) -> HelpText.MEMORY);
        memory.sub("usage", -3, "readonly", 2, 2, 1).acl("@read @slow").run(ServerCommands::memoryUsage);
        MemoryCommands.register(memory);

        MonitorCommands.register(t);

        LatencyCommands.register(t);
        ModuleCommands.register(t);
    }

    /** CONFIG and COMMAND: registered after REPLICAOF/SLAVEOF (the replication layer's), in the table's order. */
    public static void registerConfig(CommandTable t) {
        ConfigCommands.register(t);
        CommandCommands.register(t);
    }

    private static RespValue info(Connection c, byte[][] argv) {
        List<String> sections = new ArrayList<>();
        for (int i = 1; i < argv.length; i++) {
            sections.add(Args.lower(argv[i]));
        }
        return Replies.verbatim(InfoReport.build(c.node(), sections));
    }

    private static RespValue flush(Connection c, byte[][] argv, boolean all) {
        if (argv.length > 2 || (argv.length == 2 && !Args.is(argv[1], "async") && !Args.is(argv[1], "sync"))) {
            return Replies.SYNTAX;
        }
        RedisNode node = c.node();
        int from = all ? 0 : c.db();
        int to = all ? node.dbCount() : c.db() + 1;
        long removed = 0;
        for (int i = from; i < to; i++) {
            node.touchAllKeys(i);
            node.signalDeletedStreams(i, -1);
            removed += node.db(i).size();
            node.db(i).clear();
        }
        node.tracking().flushed();
        node.effects().changed(removed + 1);
        return Replies.OK;
    }

    private static RespValue time(Connection c, byte[][] argv) {
        long us = c.node().clock().micros();
        return Replies.array(Replies.bulk(String.valueOf(us / 1_000_000)), Replies.bulk(String.valueOf(us % 1_000_000)));
    }

    private static RespValue save(Connection c, RespValue reply) {
        RedisNode node = c.node();
        ServerState st = ServerState.of(node);
        node.markSaved();
        st.dirtyAtLastSave = node.effects().dirty();
        st.saves++;
        return reply;
    }

    private static RespValue bgsave(Connection c, byte[][] argv) {
        if (argv.length > 2 || (argv.length == 2 && !Args.is(argv[1], "schedule"))) {
            return Replies.SYNTAX;
        }
        return save(c, BG_SAVE);
    }

    private static RespValue swapdb(Connection c, byte[][] argv) {
        RedisNode node = c.node();
        if (node.config().clusterEnabled()) {
            return Replies.error("ERR SWAPDB is not allowed in cluster mode");
        }
        long a;
        long b;
        try {
            a = Numbers.parseLong(argv[1]);
        } catch (NumberFormatException e) {
            return Replies.error("ERR invalid first DB index");
        }
        try {
            b = Numbers.parseLong(argv[2]);
        } catch (NumberFormatException e) {
            return Replies.error("ERR invalid second DB index");
        }
        if (a < 0 || a >= node.dbCount() || b < 0 || b >= node.dbCount()) {
            return Replies.error("ERR DB index is out of range");
        }
        if (a != b) {
            node.touchAllKeys((int) a);
            node.touchAllKeys((int) b);
            node.signalDeletedStreams((int) a, (int) b);
            node.signalDeletedStreams((int) b, (int) a);
            node.swapDbs((int) a, (int) b);
            node.touchAllKeys((int) a);
            node.touchAllKeys((int) b);
        }
        node.effects().changed();
        return Replies.OK;
    }

    private static RespValue memoryUsage(Connection c, byte[][] argv) {
        long samples = dev.rcsim.keyspace.MemoryEstimate.DEFAULT_SAMPLES;
        for (int j = 3; j < argv.length; j++) {
            if (Args.is(argv[j], "samples") && j + 1 < argv.length) {
                samples = Args.toLong(argv[++j]);
                if (samples < 0) {
                    return Replies.SYNTAX;
                }
            } else {
                return Replies.SYNTAX;
            }
        }
        Bytes key = Bytes.of(argv[2]);
        RedisValue v = c.keyspace().stored(key);
        if (v == null) {
            return Replies.NULL_BULK;
        }
        int n = samples == 0 || samples > Integer.MAX_VALUE ? 0 : (int) samples;
        return Replies.integer(dev.rcsim.keyspace.MemoryEstimate.usage(key, v, n, c.node().config().clusterEnabled()));
    }

    /** The error of a protected command (DEBUG, MODULE LOAD...) its {@code option} does not allow. */
    static RespValue notAllowed(String command, String option) {
        return Replies.error("ERR " + command + " command not allowed. If the " + option + " option is set to \"local\", "
                + "you can run it from a local connection, otherwise you need to set this option in the configuration "
                + "file, and then restart the server.");
    }

    /** allowProtectedAction: the option is yes, or local and the client connected over loopback. */
    static boolean protectedAllowed(Connection c, String option) {
        String mode = c.node().config().get(option);
        boolean local = c.remoteAddress().startsWith("127.") || c.remoteAddress().startsWith("0:0:0:0:0:0:0:1");
        return "yes".equals(mode) || ("local".equals(mode) && local);
    }

    private static RespValue debug(Connection c, byte[][] argv) {
        if (!protectedAllowed(c, "enable-debug-command")) {
            return notAllowed("DEBUG", "enable-debug-command");
        }
        if (Args.is(argv[1], "sleep") && argv.length == 3) {
            return debugSleep(c, argv);
        }
        if (Args.is(argv[1], "set-active-expire") && argv.length == 3) {
            long v;
            try {
                v = Numbers.parseLong(argv[2]);
            } catch (NumberFormatException e) {
                v = 0; // Redis uses atoi
            }
            c.node().setActiveExpire(v != 0);
            return Replies.OK;
        }
        if (Args.is(argv[1], "object") && argv.length == 3) {
            RedisValue v = c.keyspace().get(Bytes.of(argv[2]));
            if (v == null) {
                return Replies.NO_SUCH_KEY;
            }
            long lru = (c.node().clock().millis() / 1000) & ((1 << 24) - 1);
            int serialized = v instanceof StringValue s ? s.bytes().length + 1 : 16;
            return Replies.simple("Value at:0x7f" + Long.toHexString(System.identityHashCode(v) & 0xffffffffL)
                    + " refcount:1 encoding:" + v.encoding() + " serializedlength:" + serialized
                    + " lru:" + lru + " lru_seconds_idle:0");
        }
        return Replies.error(Dispatcher.sanitize("ERR unknown subcommand or wrong number of arguments for '"
                + Args.str(argv[1]) + "'. Try DEBUG HELP."));
    }

    /**
     * DEBUG SLEEP: Redis's whole server sleeps. Here the node stops reading every client (and accepting
     * new ones) until a timer fires; the caller is parked like a blocked client, so its pipelined
     * requests wait too. The event loop thread is never blocked (other nodes share it).
     */
    private static RespValue debugSleep(Connection c, byte[][] argv) {
        double secs;
        try {
            secs = Numbers.parseDouble(argv[2]);
        } catch (NumberFormatException e) {
            secs = 0;
        }
        long ms = (long) (secs * 1000);
        if (ms <= 0) {
            return Replies.OK;
        }
        RedisNode node = c.node();
        ServerState st = ServerState.of(node);
        st.paused = true;
        for (Connection other : node.clients().all()) {
            other.channel().config().setAutoRead(false);
        }
        node.clock().schedule(node.loop(), ms, () -> {
            st.paused = false;
            for (Connection other : new ArrayList<>(node.clients().all())) {
                Channel ch = other.channel();
                if (ch.isActive()) {
                    ch.config().setAutoRead(true);
                }
            }
            if (c.isBlocked()) {
                node.unblockWith(c, Replies.OK);
            }
        });
        if (c.inMulti() || c.denyBlocking()) {
            return Replies.OK;
        }
        node.block(c, argv, List.of(), 0, Replies.OK);
        return Blocking.BLOCKED;
    }

    private static RespValue shutdown(Connection c, byte[][] argv) {
        boolean save = false;
        boolean nosave = false;
        boolean abort = false;
        for (int i = 1; i < argv.length; i++) {
            if (Args.is(argv[i], "nosave")) {
                nosave = true;
            } else if (Args.is(argv[i], "save")) {
                save = true;
            } else if (Args.is(argv[i], "now") || Args.is(argv[i], "force")) {
                continue;
            } else if (Args.is(argv[i], "abort")) {
                abort = true;
            } else {
                return Replies.SYNTAX;
            }
        }
        if ((save && nosave) || (abort && argv.length != 2)) {
            return Replies.SYNTAX;
        }
        if (abort) {
            return Replies.error("ERR No shutdown in progress.");
        }
        RedisNode node = c.node();
        RespValue busy = nosave ? null : Scripting.of(node).busyReply();
        if (busy != null) {
            return busy; // inside a timed-out script only SHUTDOWN NOSAVE stops the node
        }
        Thread t = new Thread(node::shutdown, "rcsim-shutdown-" + node.port());
        t.setDaemon(true);
        t.start();
        return Blocking.BLOCKED;
    }
}
