package dev.rcsim.command.server;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Dispatcher;
import dev.rcsim.command.HelpText;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;

/**
 * MONITOR (the stream of executed commands, {@link dev.rcsim.server.Monitors}) and SLOWLOG
 * GET/LEN/RESET/HELP ({@link dev.rcsim.server.SlowLog}), as Redis 7.0.
 */
final class MonitorCommands {
    private MonitorCommands() {}

    private static final RespValue NO_REPLY = new RespValue.Raw(new byte[0]);
    private static final RespValue COUNT_ERROR = Replies.error("ERR count should be greater than or equal to -1");

    static void register(CommandTable t) {
        t.add("monitor", 1, "admin noscript loading stale", 0, 0, 0).acl("@admin @slow @dangerous").run(MonitorCommands::monitor);

        CommandSpec slowlog = t.add("slowlog", -2, "", 0, 0, 0).acl("@slow");
        slowlog.sub("len", 2, "admin loading stale", 0, 0, 0).acl("@admin @slow @dangerous")
                .run((c, a) -> Replies.integer(c.node().slowlog().size()));
        slowlog.sub("reset", 2, "admin loading stale", 0, 0, 0).acl("@admin @slow @dangerous").run((c, a) -> {
            c.node().slowlog().reset();
            return Replies.OK;
        });
        slowlog.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow").run((c, a) -> HelpText.SLOWLOG);
        slowlog.sub("get", -2, "admin loading stale", 0, 0, 0).acl("@admin @slow @dangerous").run(MonitorCommands::slowlogGet);
    }

    private static RespValue monitor(Connection c, byte[][] argv) {
        if (c.denyBlocking()) {
            return Replies.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
        }
        if (c.monitor() || c.isReplicaLink()) {
            return NO_REPLY; // Redis ignores MONITOR from a monitor or a replica
        }
        c.node().monitors().add(c);
        return Replies.OK;
    }

    private static RespValue slowlogGet(Connection c, byte[][] argv) {
        if (argv.length > 3) {
            return Dispatcher.rawError("ERR unknown subcommand or wrong number of arguments for '" + Dispatcher.trunc(argv[1], 128)
                    + "'. Try SLOWLOG HELP.");
        }
        long count = 10;
        if (argv.length == 3) {
            count = Args.toLong(argv[2], COUNT_ERROR);
            if (count < -1) {
                return COUNT_ERROR;
            }
            if (count == -1) {
                count = Long.MAX_VALUE;
            }
        }
        return c.node().slowlog().get(count);
    }
}
