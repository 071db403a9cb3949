package dev.rcsim.command.connection;

import dev.rcsim.command.AclGate;
import dev.rcsim.command.Args;
import dev.rcsim.command.Blocking;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.ServerInfo;
import dev.rcsim.command.TransactionCommands;
import dev.rcsim.command.pubsub.PubSubCommands;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection commands: PING, ECHO, QUIT, HELLO, AUTH, SELECT, RESET, READONLY, READWRITE, ASKING.
 * CLIENT lives in {@link ClientCommands}.
 */
public final class ConnectionCommands {
    private ConnectionCommands() {}

    public static final RespValue CLUSTER_DISABLED = Replies.error("ERR This instance has cluster support disabled");
    private static final RespValue WRONGPASS = Replies.error("WRONGPASS invalid username-password pair or user is disabled.");
    private static final RespValue RESET = Replies.raw("+RESET\r\n");
    private static final RespValue PONG_BULK = Replies.bulk("pong");

    public static void register(CommandTable t) {
        t.add("ping", -1, "fast", 0, 0, 0).acl("@fast @connection").run(ConnectionCommands::ping);
        t.add("echo", 2, "loading stale fast", 0, 0, 0).acl("@fast @connection").run((c, a) -> Replies.bulk(a[1]));
        t.add("quit", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0).acl("@fast @connection").run(ConnectionCommands::quit);
        t.add("hello", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0).acl("@fast @connection").run(ConnectionCommands::hello);
        t.add("auth", -2, "noscript loading stale fast no_auth allow_busy", 0, 0, 0).acl("@fast @connection").run(ConnectionCommands::auth);
        t.add("select", 2, "loading stale fast", 0, 0, 0).acl("@fast @connection").run(ConnectionCommands::select);
        t.add("reset", 1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0).acl("@fast @connection").run(ConnectionCommands::reset);
        t.add("readonly", 1, "loading stale fast", 0, 0, 0).acl("@fast @connection").run((c, a) -> clusterFlag(c, true));
        t.add("readwrite", 1, "loading stale fast", 0, 0, 0).acl("@fast @connection").run((c, a) -> clusterFlag(c, false));
        t.add("asking", 1, "fast", 0, 0, 0).acl("@fast @connection").run(ConnectionCommands::asking);
        ClientCommands.register(t);
    }

    private static RespValue ping(Connection c, byte[][] argv) {
        if (argv.length > 2) {
            return Replies.wrongArity("ping");
        }
        if (c.inSubscribedContext()) {
            return Replies.array(PONG_BULK, argv.length == 2 ? Replies.bulk(argv[1]) : Replies.EMPTY_BULK);
        }
        return argv.length == 2 ? Replies.bulk(argv[1]) : Replies.PONG;
    }

    private static RespValue quit(Connection c, byte[][] argv) {
        c.reply(Replies.OK);
        c.closeAfterReply();
        return Blocking.BLOCKED; // reply already queued; nothing more
    }

    private static RespValue clusterFlag(Connection c, boolean readonly) {
        if (!c.node().config().clusterEnabled()) {
            return CLUSTER_DISABLED;
        }
        c.setReadonly(readonly);
        return Replies.OK;
    }

    private static RespValue asking(Connection c, byte[][] argv) {
        if (!c.node().config().clusterEnabled()) {
            return CLUSTER_DISABLED;
        }
        c.setAsking(true);
        return Replies.OK;
    }

    private static RespValue select(Connection c, byte[][] argv) {
        long id;
        try {
            id = dev.rcsim.protocol.Numbers.parseLong(argv[1]);
        } catch (NumberFormatException e) {
            return Replies.error("ERR value is not an integer or out of range");
        }
        if (c.node().config().clusterEnabled() && id != 0) {
            return Replies.error("ERR SELECT is not allowed in cluster mode");
        }
        if (id < 0 || id >= c.node().dbCount()) {
            return Replies.error("ERR DB index is out of range");
        }
        c.select((int) id);
        return Replies.OK;
    }

    /**
     * Redis's ACLAuthenticateUser: on success the connection takes the user; a failure is logged in
     * ACL LOG (reason auth, object the command name as sent).
     */
    private static boolean authenticate(Connection c, byte[] user, byte[] password, byte[] commandName) {
        dev.rcsim.acl.AclUser u = c.node().acl().authenticate(user, password);
        if (u != null) {
            c.setAuthenticated(true);
            c.setUser(u);
            return true;
        }
        AclGate.log(c, dev.rcsim.acl.AclLog.DENIED_AUTH, c.inMulti() ? dev.rcsim.acl.AclLog.MULTI : dev.rcsim.acl.AclLog.TOPLEVEL, AclCommands.iso(commandName), AclCommands.iso(user));
        return false;
    }

    private static final byte[] DEFAULT = {'d', 'e', 'f', 'a', 'u', 'l', 't'};

    private static RespValue auth(Connection c, byte[][] argv) {
        if (argv.length > 3) {
            return Replies.SYNTAX;
        }
        if (argv.length == 2 && c.node().acl().defaultUser().isNopass()) {
            return Replies.error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        byte[] user = argv.length == 3 ? argv[1] : DEFAULT;
        return authenticate(c, user, argv[argv.length - 1], argv[0]) ? Replies.OK : WRONGPASS;
    }

    private static RespValue hello(Connection c, byte[][] argv) {
        int ver = c.resp();
        int i = 1;
        if (argv.length >= 2) {
            long v;
            try {
                v = dev.rcsim.protocol.Numbers.parseLong(argv[1]);
            } catch (NumberFormatException e) {
                return Replies.error("ERR Protocol version is not an integer or out of range");
            }
            if (v < 2 || v > 3) {
                return Replies.error("NOPROTO unsupported protocol version");
            }
            ver = (int) v;
            i = 2;
        }
        // Options take effect in order, as in Redis 7.0 (an AUTH before a bad option has authenticated).
        for (; i < argv.length; i++) {
            if (Args.is(argv[i], "auth") && argv.length - 1 - i >= 2) {
                if (!authenticate(c, argv[i + 1], argv[i + 2], argv[0])) {
                    return WRONGPASS;
                }
                i += 2;
            } else if (Args.is(argv[i], "setname") && argv.length - 1 - i >= 1) {
                String setName = Args.str(argv[i + 1]);
                RespValue err = ClientCommands.validateName(setName);
                if (err != null) {
                    return err;
                }
                c.setName(setName.isEmpty() ? null : setName);
                i += 1;
            } else {
                return Replies.rawError("ERR Syntax error in HELLO option '" + Replies.rawText(argv[i]) + "'");
            }
        }
        if (!c.authenticated()) {
            return Replies.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO AUTH <user> <pass> option can be used to authenticate the client and select the "
                    + "RESP protocol version at the same time");
        }
        c.setResp(ver);
        List<RespValue> kv = new ArrayList<>(14);
        kv.add(Replies.bulk("server"));
        kv.add(Replies.bulk("redis"));
        kv.add(Replies.bulk("version"));
        kv.add(Replies.bulk(ServerInfo.VERSION));
        kv.add(Replies.bulk("proto"));
        kv.add(Replies.integer(ver));
        kv.add(Replies.bulk("id"));
        kv.add(Replies.integer(c.id()));
        kv.add(Replies.bulk("mode"));
        kv.add(Replies.bulk(c.node().config().clusterEnabled() ? "cluster" : "standalone"));
        kv.add(Replies.bulk("role"));
        kv.add(Replies.bulk(c.node().isReplica() ? "replica" : "master"));
        kv.add(Replies.bulk("modules"));
        kv.add(Replies.EMPTY_ARRAY);
        return Replies.map(kv);
    }

    private static RespValue reset(Connection c, byte[][] argv) {
        if (c.inMulti()) {
            TransactionCommands.discard(c);
        }
        c.node().unwatchAll(c);
        PubSubCommands.unsubscribeAll(c);
        c.select(0);
        c.setResp(2);
        c.setName(null);
        c.setReadonly(false);
        c.setAsking(false);
        c.setReplyMode(Connection.ReplyMode.ON);
        c.cancelSkipNextReply();
        c.setNoEvict(false);
        c.node().monitors().remove(c);
        c.node().tracking().disable(c);
        c.setUser(c.node().acl().defaultUser());
        c.setAuthenticated(c.node().acl().newClientAuthenticated());
        return RESET;
    }
}
