package dev.rcsim.command.connection;

import dev.rcsim.command.NodeCommands;
import dev.rcsim.command.AclGate;
import dev.rcsim.command.Args;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Dispatcher;
import dev.rcsim.command.HelpText;
import dev.rcsim.acl.AclCatalog;
import dev.rcsim.acl.AclLog;
import dev.rcsim.acl.AclUser;
import dev.rcsim.acl.AclUsers;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ACL SETUSER, DELUSER, GETUSER, LIST, USERS, WHOAMI, CAT, GENPASS, LOG, DRYRUN, HELP, LOAD and SAVE
 * as Redis 7.0.15 answers them, on the node's own user table. There is no ACL file: LOAD and SAVE
 * answer as a Redis started without {@code aclfile}.
 */
public final class AclCommands {
    private AclCommands() {}

    private static final String ADMIN = "admin noscript loading stale";
    private static final String ADMIN_ACL = "@admin @slow @dangerous";

    public static void register(CommandTable t) {
        CommandSpec acl = t.add("acl", -2, "", 0, 0, 0).acl("@slow");
        acl.sub("cat", -2, "noscript loading stale", 0, 0, 0).acl("@slow").run(AclCommands::cat);
        acl.sub("deluser", -3, ADMIN, 0, 0, 0).acl(ADMIN_ACL).run(AclCommands::deluser);
        acl.sub("dryrun", -4, ADMIN, 0, 0, 0).acl(ADMIN_ACL).run(AclCommands::dryrun);
        acl.sub("genpass", -2, "noscript loading stale", 0, 0, 0).acl("@slow").run(AclCommands::genpass);
        acl.sub("getuser", 3, ADMIN, 0, 0, 0).acl(ADMIN_ACL).run(AclCommands::getuser);
        acl.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow").run((c, a) -> HELP);
        acl.sub("list", 2, ADMIN, 0, 0, 0).acl(ADMIN_ACL).run(AclCommands::list);
        acl.sub("load", 2, ADMIN, 0, 0, 0).acl(ADMIN_ACL).run((c, a) -> NO_ACLFILE);
        acl.sub("log", -2, ADMIN, 0, 0, 0).acl(ADMIN_ACL).run(AclCommands::log);
        acl.sub("save", 2, ADMIN, 0, 0, 0).acl(ADMIN_ACL).run((c, a) -> NO_ACLFILE);
        acl.sub("setuser", -3, ADMIN, 0, 0, 0).acl(ADMIN_ACL).run(AclCommands::setuser);
        acl.sub("users", 2, ADMIN, 0, 0, 0).acl(ADMIN_ACL).run(AclCommands::users);
        acl.sub("whoami", 2, "noscript loading stale", 0, 0, 0).acl("@slow").run((c, a) -> Replies.bulk(raw(c.user().name())));
    }

    private static final RespValue NO_ACLFILE = Replies.error("ERR This Redis instance is not configured to use an ACL file. "
            + "You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you "
            + "have a Redis configuration file set) in order to store users in the Redis configuration.");

    private static final RespValue HELP = HelpText.reply(
            "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CAT [<category>]",
            "    List all commands that belong to <category>, or all command categories",
            "    when no category is specified.",
            "DELUSER <username> [<username> ...]",
            "    Delete a list of users.",
            "DRYRUN <username> <command> [<arg> ...]",
            "    Returns whether the user can execute the given command without executing the command.",
            "GETUSER <username>",
            "    Get the user's details.",
            "GENPASS [<bits>]",
            "    Generate a secure 256-bit user password. The optional `bits` argument can",
            "    be used to specify a different size.",
            "LIST",
            "    Show users details in config file format.",
            "LOAD",
            "    Reload users from the ACL file.",
            "LOG [<count> | RESET]",
            "    Show the ACL log entries.",
            "SAVE",
            "    Save the current config to the ACL file.",
            "SETUSER <username> <attribute> [<attribute> ...]",
            "    Create or modify a user with the specified attributes.",
            "USERS",
            "    List all the registered usernames.",
            "WHOAMI",
            "    Return the current connection username.",
            "HELP",
            "    Prints this help.");

    /** A name or rule: raw bytes as ISO-8859-1 chars. */
    static String iso(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] raw(String iso) {
        return iso.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static RespValue syntaxError(byte[][] argv) {
        return Dispatcher.rawError("ERR unknown subcommand or wrong number of arguments for '" + Dispatcher.trunc(argv[1], 128)
                + "'. Try ACL HELP.");
    }

    private static RespValue setuser(Connection c, byte[][] argv) {
        String name = iso(argv[2]);
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == 0 || ch == ' ' || (ch >= '\t' && ch <= '\r')) {
                return Replies.error("ERR Usernames can't contain spaces or null characters");
            }
        }
        List<String> rules = new ArrayList<>(argv.length - 3);
        for (int i = 3; i < argv.length; i++) {
            rules.add(iso(argv[i]));
        }
        AclUsers users = c.node().acl();
        AclUsers.Staged staged;
        try {
            staged = users.stage(name, rules);
        } catch (IllegalArgumentException e) {
            return Dispatcher.rawError("ERR " + e.getMessage());
        }
        List<String> upcoming = AclUsers.revokedChannelsCheck(staged);
        if (upcoming != null) {
            killRevokedSubscribers(c, staged.existing(), upcoming);
        }
        users.install(staged);
        return Replies.OK;
    }

    /** Redis's ACLKillPubsubClientsIfNeeded: subscribers of the user whose subscriptions the new rules no longer allow. */
    private static void killRevokedSubscribers(Connection self, AclUser user, List<String> upcoming) {
        for (Connection o : new ArrayList<>(self.node().clients().all())) {
            if (o.user() != user || o.subscriptionCount() == 0) {
                continue;
            }
            boolean kill = false;
            for (var p : o.patterns()) {
                kill |= !AclUsers.channelAllowed(upcoming, p.bytes(), true);
            }
            for (var ch : o.channels()) {
                kill |= !AclUsers.channelAllowed(upcoming, ch.bytes(), false);
            }
            for (var ch : o.shardChannels()) {
                kill |= !AclUsers.channelAllowed(upcoming, ch.bytes(), false);
            }
            if (kill) {
                close(self, o);
            }
        }
    }

    private static void close(Connection self, Connection o) {
        o.closeAfterReply();
        if (o != self) {
            o.flush();
        }
    }

    private static RespValue deluser(Connection c, byte[][] argv) {
        for (int i = 2; i < argv.length; i++) {
            if (iso(argv[i]).equals("default")) {
                return Replies.error("ERR The 'default' user cannot be removed");
            }
        }
        RedisNode node = c.node();
        int deleted = 0;
        for (int i = 2; i < argv.length; i++) {
            AclUser u = node.acl().remove(iso(argv[i]));
            if (u == null) {
                continue;
            }
            deleted++;
            for (Connection o : new ArrayList<>(node.clients().all())) {
                if (o.user() == u) {
                    o.setUser(node.acl().defaultUser());
                    o.setAuthenticated(false);
                    close(c, o);
                }
            }
        }
        return Replies.integer(deleted);
    }

    private static RespValue getuser(Connection c, byte[][] argv) {
        AclUser u = c.node().acl().get(iso(argv[2]));
        if (u == null) {
            return Replies.NULL_BULK;
        }
        List<RespValue> kv = new ArrayList<>(12);
        kv.add(Replies.bulk("flags"));
        List<RespValue> flags = new ArrayList<>();
        for (String f : u.flagNames()) {
            flags.add(Replies.bulk(f));
        }
        kv.add(Replies.set(flags));
        kv.add(Replies.bulk("passwords"));
        List<RespValue> pw = new ArrayList<>();
        for (String p : u.passwords()) {
            pw.add(Replies.bulk(p));
        }
        kv.add(Replies.array(pw));
        List<String[]> selectors = u.selectorFields();
        addSelector(kv, selectors.get(0));
        kv.add(Replies.bulk("selectors"));
        List<RespValue> sels = new ArrayList<>();
        for (int i = 1; i < selectors.size(); i++) {
            List<RespValue> s = new ArrayList<>(6);
            addSelector(s, selectors.get(i));
            sels.add(Replies.map(s));
        }
        kv.add(Replies.array(sels));
        return Replies.map(kv);
    }

    private static void addSelector(List<RespValue> kv, String[] s) {
        kv.add(Replies.bulk("commands"));
        kv.add(Replies.bulk(raw(s[0])));
        kv.add(Replies.bulk("keys"));
        kv.add(Replies.bulk(raw(s[1])));
        kv.add(Replies.bulk("channels"));
        kv.add(Replies.bulk(raw(s[2])));
    }

    private static RespValue list(Connection c, byte[][] argv) {
        List<RespValue> out = new ArrayList<>();
        for (AclUser u : c.node().acl().all()) {
            out.add(Replies.bulk(raw("user " + u.name() + " " + u.describe())));
        }
        return Replies.array(out);
    }

    private static RespValue users(Connection c, byte[][] argv) {
        List<RespValue> out = new ArrayList<>();
        for (AclUser u : c.node().acl().all()) {
            out.add(Replies.bulk(raw(u.name())));
        }
        return Replies.array(out);
    }

    private static RespValue cat(Connection c, byte[][] argv) {
        if (argv.length == 2) {
            return Replies.bulkStrings(AclCatalog.CATEGORIES);
        }
        if (argv.length != 3) {
            return syntaxError(argv);
        }
        long flag = AclCatalog.categoryFlag(iso(argv[2]));
        if (flag == 0) {
            return Dispatcher.rawError("ERR Unknown category '" + Dispatcher.trunc(argv[2], 128) + "'");
        }
        List<String> names = new ArrayList<>();
        for (AclCatalog.Entry cmd : AclCatalog.get().commands()) {
            if ((cmd.categories & flag) != 0) {
                names.add(cmd.fullName);
            }
            for (AclCatalog.Entry sub : cmd.subcommands()) {
                if ((sub.categories & flag) != 0) {
                    names.add(sub.fullName);
                }
            }
        }
        return Replies.bulkStrings(names);
    }

    private static RespValue genpass(Connection c, byte[][] argv) {
        if (argv.length > 3) {
            return syntaxError(argv);
        }
        long bits = 256;
        if (argv.length == 3) {
            try {
                bits = Numbers.parseLong(argv[2]);
            } catch (NumberFormatException e) {
                return Replies.NOT_INTEGER;
            }
        }
        if (bits <= 0 || bits > 4096) {
            return Replies.error("ERR ACL GENPASS argument must be the number of bits for the output password, "
                    + "a positive number up to 4096");
        }
        int chars = (int) ((bits + 3) / 4);
        StringBuilder sb = new StringBuilder(chars);
        java.util.Random r = c.node().random();
        for (int i = 0; i < chars; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return Replies.bulk(sb.toString());
    }

    private static RespValue log(Connection c, byte[][] argv) {
        if (argv.length > 3) {
            return syntaxError(argv);
        }
        AclLog log = c.node().acl().log();
        long count = 10;
        if (argv.length == 3) {
            if (Args.is(argv[2], "reset")) {
                log.reset();
                return Replies.OK;
            }
            try {
                count = Numbers.parseLong(argv[2]);
            } catch (NumberFormatException e) {
                return Replies.NOT_INTEGER;
            }
            count = Math.max(0, count);
        }
        long now = c.node().clock().millis();
        List<RespValue> out = new ArrayList<>();
        for (AclLog.Entry e : log.newest(count)) {
            out.add(Replies.map(List.of(
                    Replies.bulk("count"), Replies.integer(e.count),
                    Replies.bulk("reason"), Replies.bulk(e.reasonName()),
                    Replies.bulk("context"), Replies.bulk(e.contextName()),
                    Replies.bulk("object"), Replies.bulk(raw(e.object)),
                    Replies.bulk("username"), Replies.bulk(raw(e.username)),
                    Replies.bulk("age-seconds"), Replies.dbl((now - e.ctimeMillis) / 1000.0),
                    Replies.bulk("client-info"), Replies.bulk(e.clientInfo))));
        }
        return Replies.array(out);
    }

    private static RespValue dryrun(Connection c, byte[][] argv) {
        AclUser u = c.node().acl().get(iso(argv[2]));
        if (u == null) {
            return Dispatcher.rawError("ERR User '" + Dispatcher.trunc(argv[2], Integer.MAX_VALUE) + "' not found");
        }
        byte[][] call = java.util.Arrays.copyOfRange(argv, 3, argv.length);
        CommandSpec spec = NodeCommands.of(c.node()).table().lookup(call[0]);
        if (spec != null && spec.hasSubcommands() && call.length >= 2) {
            spec = CommandTable.subcommand(spec, call[1]);
        }
        if (spec == null) {
            return Dispatcher.rawError("ERR Command '" + Dispatcher.trunc(call[0], Integer.MAX_VALUE) + "' not found");
        }
        if (!spec.arityOk(call.length)) {
            return Replies.error("ERR wrong number of arguments for '" + spec.fullName + "' command");
        }
        long r = AclGate.check(u, spec, call);
        if (r == 0) {
            return Replies.OK;
        }
        int reason = (int) (r >>> 32);
        String arg = reason == AclLog.DENIED_CMD ? null : iso(call[(int) r]);
        String msg = switch (reason) {
            case AclLog.DENIED_CMD -> "This user has no permissions to run the '" + spec.fullName + "' command";
            case AclLog.DENIED_KEY -> "This user has no permissions to access the '" + arg + "' key";
            default -> "This user has no permissions to access the '" + arg + "' channel";
        };
        return Replies.bulk(raw(msg));
    }
}
