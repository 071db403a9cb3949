package dev.rcsim.command.connection;

import dev.rcsim.command.ReplyException;
import dev.rcsim.command.Args;
import dev.rcsim.command.Blocking;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Dispatcher;
import dev.rcsim.command.HelpText;
import dev.rcsim.command.ServerState;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.ClientPause;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CLIENT and its Redis 7.0 subcommands: ID, SETNAME, GETNAME, LIST, INFO, KILL, NO-EVICT, REPLY,
 * UNBLOCK, PAUSE, UNPAUSE, HELP; TRACKING, CACHING, TRACKINGINFO and GETREDIR are in
 * {@link TrackingCommands}. Like 7.0 there is no SETINFO. Buffer sizes in CLIENT LIST are plausible
 * constants; the simulator does not track Redis's query/output buffers.
 */
public final class ClientCommands {
    private ClientCommands() {}

    private static final RespValue UNBLOCKED = Replies.error("UNBLOCKED client unblocked via CLIENT UNBLOCK");

    static void register(CommandTable t) {
        CommandSpec client = t.add("client", -2, "", 0, 0, 0).acl("@slow");
        String admin = "@admin @slow @dangerous @connection";
        String adminFlags = "admin noscript loading stale";
        client.sub("kill", -3, adminFlags, 0, 0, 0).acl(admin).run(ClientCommands::kill);
        client.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow @connection").run((c, a) -> HelpText.CLIENT);
        client.sub("id", 2, "noscript loading stale", 0, 0, 0).acl("@slow @connection").run((c, a) -> Replies.integer(c.id()));
        client.sub("list", -2, adminFlags, 0, 0, 0).acl(admin).run(ClientCommands::list);
        client.sub("reply", 3, "noscript loading stale", 0, 0, 0).acl("@slow @connection").run(ClientCommands::reply);
        TrackingCommands.register(client);
        client.sub("getname", 2, "noscript loading stale", 0, 0, 0).acl("@slow @connection")
                .run((c, a) -> c.name() == null ? Replies.NULL_BULK : Replies.bulk(c.name()));
        client.sub("setname", 3, "noscript loading stale", 0, 0, 0).acl("@slow @connection").run(ClientCommands::setName);
        client.sub("unblock", -3, adminFlags, 0, 0, 0).acl(admin).run(ClientCommands::unblock);
        client.sub("pause", -3, adminFlags, 0, 0, 0).acl(admin).run(ClientCommands::pause);
        client.sub("unpause", 2, adminFlags, 0, 0, 0).acl(admin).run((c, a) -> {
            c.node().pause().unpause(ClientPause.Purpose.CLIENT_COMMAND);
            return Replies.OK;
        });
        client.sub("no-evict", 3, adminFlags, 0, 0, 0).acl(admin).run(ClientCommands::noEvict);
        client.sub("info", 2, "noscript loading stale", 0, 0, 0).acl("@slow @connection")
                .run((c, a) -> Replies.verbatim(describe(c, c.node().clock().millis()) + "\n"));
    }

    /** Null if the name is acceptable, else Redis's error. */
    static RespValue validateName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '!' || ch > '~') {
                return Replies.error("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return null;
    }

    private static RespValue setName(Connection c, byte[][] argv) {
        String name = Args.str(argv[2]);
        RespValue err = validateName(name);
        if (err != null) {
            return err;
        }
        c.setName(name.isEmpty() ? null : name);
        return Replies.OK;
    }

    /** CLIENT LIST / KILL client types: normal, master, replica (slave), pubsub. */
    private static String typeOf(Connection c) {
        if (c.isReplicaLink()) {
            return "master";
        }
        if (c.subscriptionCount() > 0) {
            return "pubsub";
        }
        return "normal";
    }

    private static String parseType(byte[] arg) {
        String t = Args.lower(arg);
        if (t.equals("slave")) {
            t = "replica";
        }
        if (!t.equals("normal") && !t.equals("master") && !t.equals("replica") && !t.equals("pubsub")) {
            throw new ReplyException(Replies.rawError("ERR Unknown client type '" + Replies.rawText(arg) + "'"));
        }
        return t;
    }

    /** One CLIENT LIST line (without the newline), with Redis 7.0's fields in order. */
    public static String describe(Connection c, long nowMs) {
        return dev.rcsim.server.ClientInfo.line(c, nowMs);
    }

    private static RespValue list(Connection c, byte[][] argv) {
        String type = null;
        Set<Long> ids = null;
        if (argv.length == 4 && Args.is(argv[2], "type")) {
            type = parseType(argv[3]);
        } else if (argv.length >= 4 && Args.is(argv[2], "id")) {
            ids = new HashSet<>();
            for (int i = 3; i < argv.length; i++) {
                long id;
                try {
                    id = Numbers.parseLong(argv[i]);
                } catch (NumberFormatException e) {
                    return Replies.error("ERR Invalid client ID");
                }
                if (id <= 0) {
                    return Replies.error("ERR Invalid client ID");
                }
                ids.add(id);
            }
        } else if (argv.length != 2) {
            return Replies.SYNTAX;
        }
        long now = c.node().clock().millis();
        StringBuilder sb = new StringBuilder();
        for (Connection o : c.node().clients().all()) {
            if (type != null && !typeOf(o).equals(type)) {
                continue;
            }
            if (ids != null && !ids.contains(o.id())) {
                continue;
            }
            sb.append(describe(o, now)).append('\n');
        }
        return Replies.verbatim(sb.toString());
    }

    private static RespValue kill(Connection c, byte[][] argv) {
        RedisNode node = c.node();
        if (argv.length == 3) {
            String addr = Args.str(argv[2]);
            for (Connection o : node.clients().all()) {
                if (o.remoteAddress().equals(addr)) {
                    o.closeAfterReply();
                    if (o != c) {
                        o.flush();
                    }
                    return Replies.OK;
                }
            }
            return Replies.error("ERR No such client");
        }
        if (argv.length % 2 != 0) {
            return Replies.SYNTAX;
        }
        Long id = null;
        String type = null;
        String addr = null;
        String laddr = null;
        String user = null;
        boolean skipMe = true;
        for (int i = 2; i < argv.length; i += 2) {
            byte[] v = argv[i + 1];
            if (Args.is(argv[i], "id")) {
                long n;
                try {
                    n = Numbers.parseLong(v);
                } catch (NumberFormatException e) {
                    n = 0;
                }
                if (n <= 0) {
                    return Replies.error("ERR client-id should be greater than 0");
                }
                id = n;
            } else if (Args.is(argv[i], "type")) {
                type = parseType(v);
            } else if (Args.is(argv[i], "addr")) {
                addr = Args.str(v);
            } else if (Args.is(argv[i], "laddr")) {
                laddr = Args.str(v);
            } else if (Args.is(argv[i], "user")) {
                user = AclCommands.iso(v);
                if (node.acl().get(user) == null) {
                    return Dispatcher.rawError("ERR No such user '" + user + "'");
                }
            } else if (Args.is(argv[i], "skipme")) {
                if (Args.is(v, "yes")) {
                    skipMe = true;
                } else if (Args.is(v, "no")) {
                    skipMe = false;
                } else {
                    return Replies.SYNTAX;
                }
            } else {
                return Replies.SYNTAX;
            }
        }
        int killed = 0;
        for (Connection o : new ArrayList<>(node.clients().all())) {
            if ((id != null && o.id() != id) || (type != null && !typeOf(o).equals(type))
                    || (addr != null && !o.remoteAddress().equals(addr)) || (laddr != null && !o.localAddress().equals(laddr))
                    || (user != null && !o.user().name().equals(user)) || (skipMe && o == c)) {
                continue;
            }
            o.closeAfterReply();
            if (o != c) {
                o.flush();
            }
            killed++;
        }
        return Replies.integer(killed);
    }

    private static RespValue reply(Connection c, byte[][] argv) {
        if (Args.is(argv[2], "on")) {
            c.setReplyMode(Connection.ReplyMode.ON);
            c.cancelSkipNextReply();
            return Replies.OK;
        }
        if (Args.is(argv[2], "off")) {
            c.setReplyMode(Connection.ReplyMode.OFF);
            return Blocking.BLOCKED;
        }
        if (Args.is(argv[2], "skip")) {
            if (c.replyMode() != Connection.ReplyMode.OFF) {
                c.skipNextReply();
            }
            return Blocking.BLOCKED;
        }
        return Replies.SYNTAX;
    }

    private static final RespValue PAUSE_TIMEOUT_NOT_INTEGER = Replies.error("ERR timeout is not an integer or out of range");

    /** CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked before the timeout, as in Redis 7.0. */
    private static RespValue pause(Connection c, byte[][] argv) {
        if (argv.length > 4) {
            return Dispatcher.rawError("ERR unknown subcommand or wrong number of arguments for '"
                    + Dispatcher.trunc(argv[1], 128) + "'. Try CLIENT HELP.");
        }
        ClientPause.Type type = ClientPause.Type.ALL;
        if (argv.length == 4) {
            if (Args.is(argv[3], "write")) {
                type = ClientPause.Type.WRITE;
            } else if (!Args.is(argv[3], "all")) {
                return Replies.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        long ms;
        try {
            ms = Numbers.parseLong(argv[2]);
        } catch (NumberFormatException e) {
            return PAUSE_TIMEOUT_NOT_INTEGER;
        }
        if (ms < 0) {
            return Replies.error("ERR timeout is negative");
        }
        // like Redis: 0 is an end time already past (nothing paused), and a huge timeout wraps around
        long end = ms > 0 ? ms + c.node().clock().millis() : 0;
        c.node().pause().pause(ClientPause.Purpose.CLIENT_COMMAND, end, type);
        return Replies.OK;
    }

    private static RespValue noEvict(Connection c, byte[][] argv) {
        if (Args.is(argv[2], "on")) {
            c.setNoEvict(true);
        } else if (Args.is(argv[2], "off")) {
            c.setNoEvict(false);
        } else {
            return Replies.SYNTAX;
        }
        return Replies.OK;
    }

    private static RespValue unblock(Connection c, byte[][] argv) {
        long id = Args.toLong(argv[2]);
        boolean error = false;
        if (argv.length == 4) {
            if (Args.is(argv[3], "error")) {
                error = true;
            } else if (!Args.is(argv[3], "timeout")) {
                return Replies.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        } else if (argv.length > 4) {
            return Replies.SYNTAX;
        }
        Connection target = c.node().clients().byId(id);
        if (target == null || !target.isBlocked() || ServerState.of(c.node()).paused) {
            return Replies.ZERO;
        }
        ClientPause pause = c.node().pause();
        if (pause.isPostponed(target)) {
            if (!error) {
                return Replies.ZERO; // Redis 7.0.15 crashes here (no timeout reply for a postponed client)
            }
            pause.failAndRetry(target, UNBLOCKED);
            return Replies.ONE;
        }
        c.node().unblockWith(target, error ? UNBLOCKED : target.blocked().timeoutReply());
        return Replies.ONE;
    }
}
