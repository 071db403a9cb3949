package dev.rcsim.command.server;

import dev.rcsim.command.NodeCommands;
import dev.rcsim.command.Args;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.HelpText;
import dev.rcsim.command.KeySpecs;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.keyspace.Glob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * COMMAND and its subcommands, describing rcsim's command table in Redis 7.0's shapes. Key specs
 * are Redis 7.0.15's own ({@link KeySpecs}); a command missing there gets one range spec generated
 * from first/last/step, flagged with the real first spec's flags where known, else RO/access for
 * read-only and RW/update for write commands.
 */
final class CommandCommands {
    private CommandCommands() {}

    static void register(CommandTable t) {
        CommandSpec cmd = t.add("command", -1, "loading stale", 0, 0, 0).acl("@slow @connection").run(CommandCommands::all);
        cmd.sub("count", 2, "loading stale", 0, 0, 0).acl("@slow @connection")
                .run((c, a) -> Replies.integer(NodeCommands.of(c.node()).table().size()));
        cmd.sub("docs", -2, "loading stale", 0, 0, 0).acl("@slow @connection").run(CommandCommands::docs);
        cmd.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow @connection").run((c, a) -> HelpText.COMMAND);
        cmd.sub("getkeys", -4, "loading stale", 0, 0, 0).acl("@slow @connection").run((c, a) -> getKeys(c, a, false));
        cmd.sub("list", -2, "loading stale", 0, 0, 0).acl("@slow @connection").run(CommandCommands::list);
        cmd.sub("getkeysandflags", -4, "loading stale", 0, 0, 0).acl("@slow @connection").run((c, a) -> getKeys(c, a, true));
        cmd.sub("info", -2, "loading stale", 0, 0, 0).acl("@slow @connection").run(CommandCommands::info);
    }

    private static RespValue all(Connection c, byte[][] argv) {
        List<RespValue> out = new ArrayList<>();
        for (CommandSpec s : NodeCommands.of(c.node()).table().all()) {
            out.add(infoOf(s));
        }
        return Replies.array(out);
    }

    /** A command or {@code container|sub} by name, any case; null if unknown. */
    private static CommandSpec find(CommandTable t, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) {
            return t.lookup(lower);
        }
        CommandSpec parent = t.lookup(lower.substring(0, bar));
        return parent == null ? null : parent.subcommands().get(lower.substring(bar + 1));
    }

    private static RespValue info(Connection c, byte[][] argv) {
        if (argv.length == 2) {
            return all(c, argv);
        }
        List<RespValue> out = new ArrayList<>();
        for (int i = 2; i < argv.length; i++) {
            CommandSpec s = find(NodeCommands.of(c.node()).table(), Args.str(argv[i]));
            out.add(s == null ? Replies.NULL_BULK : infoOf(s));
        }
        return Replies.array(out);
    }

    private static List<RespValue> statuses(List<String> items) {
        List<RespValue> out = new ArrayList<>(items.size());
        for (String s : items) {
            out.add(Replies.simple(s));
        }
        return out;
    }

    private static List<String> flagsOf(CommandSpec s) {
        if (s.movableKeys() && !s.flags().contains("movablekeys")) {
            List<String> f = new ArrayList<>(s.flags());
            f.add("movablekeys");
            return f;
        }
        return s.flags();
    }

    /** The flags of the generated key spec (real first spec's flags where known). */
    private static List<String> keySpecFlags(CommandSpec s) {
        CommandDocs.Doc d = CommandDocs.of(s.fullName());
        if (d != null && !d.keySpecFlags().isEmpty()) {
            return d.keySpecFlags();
        }
        return s.isWrite() ? List.of("RW", "update") : List.of("RO", "access");
    }

    static RespValue infoOf(CommandSpec s) {
        CommandDocs.Doc d = CommandDocs.of(s.fullName());
        List<RespValue> e = new ArrayList<>(10);
        e.add(Replies.bulk(s.fullName()));
        e.add(Replies.integer(s.arity()));
        e.add(Replies.set(statuses(flagsOf(s))));
        e.add(Replies.integer(s.firstKey()));
        e.add(Replies.integer(s.lastKey()));
        e.add(Replies.integer(s.step()));
        e.add(Replies.set(statuses(s.aclCategories())));
        List<RespValue> tips = new ArrayList<>();
        for (String tip : d == null ? List.<String>of() : d.tips()) {
            tips.add(Replies.bulk(tip));
        }
        e.add(Replies.set(tips)); // Redis 7.0 sends tips, key specs and subcommands as RESP3 sets

        RespValue real = KeySpecs.of(s.fullName());
        List<RespValue> specs = new ArrayList<>(1);
        if (real != null) {
            e.add(real);
        } else if (s.firstKey() > 0) {
            int lastKey = s.lastKey() < 0 ? s.lastKey() : s.lastKey() - s.firstKey();
            specs.add(Replies.map(List.of(
                    Replies.bulk("flags"), Replies.set(statuses(keySpecFlags(s))),
                    Replies.bulk("begin_search"), Replies.map(List.of(
                            Replies.bulk("type"), Replies.bulk("index"),
                            Replies.bulk("spec"), Replies.map(List.of(Replies.bulk("index"), Replies.integer(s.firstKey()))))),
                    Replies.bulk("find_keys"), Replies.map(List.of(
                            Replies.bulk("type"), Replies.bulk("range"),
                            Replies.bulk("spec"), Replies.map(List.of(
                                    Replies.bulk("lastkey"), Replies.integer(lastKey),
                                    Replies.bulk("keystep"), Replies.integer(s.step()),
                                    Replies.bulk("limit"), Replies.integer(0))))))));
        }
        if (real == null) {
            e.add(Replies.set(specs));
        }
        List<RespValue> subs = new ArrayList<>();
        for (CommandSpec sub : s.subcommands().values()) {
            subs.add(infoOf(sub));
        }
        e.add(subs.isEmpty() ? Replies.set(subs) : Replies.array(subs)); // addReplyCommandSubCommands: an empty set, else an array
        return Replies.array(e);
    }

    private static RespValue docs(Connection c, byte[][] argv) {
        List<RespValue> kv = new ArrayList<>();
        if (argv.length == 2) {
            for (CommandSpec s : NodeCommands.of(c.node()).table().all()) {
                kv.add(Replies.bulk(s.fullName()));
                kv.add(docOf(s));
            }
        } else {
            for (int i = 2; i < argv.length; i++) {
                CommandSpec s = find(NodeCommands.of(c.node()).table(), Args.str(argv[i]));
                if (s != null) {
                    kv.add(Replies.bulk(s.fullName()));
                    kv.add(docOf(s));
                }
            }
        }
        return Replies.map(kv);
    }

    private static RespValue docOf(CommandSpec s) {
        CommandDocs.Doc d = CommandDocs.of(s.fullName());
        List<RespValue> kv = new ArrayList<>();
        if (d != null) {
            kv.addAll(List.of(Replies.bulk("summary"), Replies.bulk(d.summary()),
                    Replies.bulk("since"), Replies.bulk(d.since()),
                    Replies.bulk("group"), Replies.bulk(d.group()),
                    Replies.bulk("complexity"), Replies.bulk(d.complexity())));
            if (!d.docFlags().isEmpty()) {
                kv.add(Replies.bulk("doc_flags"));
                kv.add(Replies.set(statuses(d.docFlags())));
            }
            if (!d.deprecatedSince().isEmpty()) {
                kv.add(Replies.bulk("deprecated_since"));
                kv.add(Replies.bulk(d.deprecatedSince()));
            }
            if (!d.replacedBy().isEmpty()) {
                kv.add(Replies.bulk("replaced_by"));
                kv.add(Replies.bulk(d.replacedBy()));
            }
        }
        if (s.hasSubcommands()) {
            List<RespValue> subs = new ArrayList<>();
            for (CommandSpec sub : s.subcommands().values()) {
                subs.add(Replies.bulk(sub.fullName()));
                subs.add(docOf(sub));
            }
            kv.add(Replies.bulk("subcommands"));
            kv.add(Replies.map(subs));
        }
        return Replies.map(kv);
    }

    private static RespValue list(Connection c, byte[][] argv) {
        String kind = null;
        String arg = null;
        if (argv.length != 2) {
            if (argv.length != 5 || !Args.is(argv[2], "filterby")) {
                return Replies.SYNTAX;
            }
            kind = Args.lower(argv[3]);
            arg = Args.str(argv[4]);
            if (!kind.equals("module") && !kind.equals("aclcat") && !kind.equals("pattern")) {
                return Replies.SYNTAX;
            }
        }
        List<RespValue> out = new ArrayList<>();
        for (CommandSpec s : NodeCommands.of(c.node()).table().allWithSubcommands()) {
            boolean keep;
            if (kind == null) {
                keep = true;
            } else if (kind.equals("module")) {
                keep = false;
            } else if (kind.equals("aclcat")) {
                keep = s.aclCategories().contains("@" + arg.toLowerCase(Locale.ROOT));
            } else {
                keep = Glob.matches(arg.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        s.fullName().getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
            }
            if (keep) {
                out.add(Replies.bulk(s.fullName()));
            }
        }
        return Replies.array(out);
    }

    /** Key flags of this call: Redis resolves {@code variable_flags} specs (SET, BITFIELD) from the arguments. */
    private static List<String> callFlags(CommandSpec s, byte[][] cmd) {
        List<String> flags = keySpecFlags(s);
        if (!flags.contains("variable_flags")) {
            return flags;
        }
        boolean get = false;
        boolean write = false;
        for (int i = 2; i < cmd.length; i++) {
            if (Args.is(cmd[i], "get")) {
                get = true;
            } else if (Args.is(cmd[i], "set") || Args.is(cmd[i], "incrby")) {
                write = true;
            }
        }
        if (s.name().equals("set")) {
            return get ? List.of("RW", "access", "update") : List.of("OW", "update");
        }
        return write ? List.of("RW", "access", "update") : List.of("RO", "access");
    }

    private static RespValue getKeys(Connection c, byte[][] argv, boolean withFlags) {
        byte[][] cmd = Arrays.copyOfRange(argv, 2, argv.length);
        CommandSpec s = NodeCommands.of(c.node()).table().lookup(cmd[0]);
        if (s != null && s.hasSubcommands() && cmd.length >= 2) {
            s = CommandTable.subcommand(s, cmd[1]);
        }
        if (s == null) {
            return Replies.error("ERR Invalid command specified");
        }
        if (!s.arityOk(cmd.length)) {
            return Replies.error("ERR Invalid number of arguments specified for command");
        }
        if (s.firstKey() <= 0 && !s.movableKeys()) {
            return Replies.error("ERR The command has no key arguments");
        }
        int[] idx = s.keyIndexes(cmd);
        if (idx.length == 0 && !s.flags().contains("no_mandatory_keys")) {
            return Replies.error("ERR Invalid arguments specified for command");
        }
        List<RespValue> out = new ArrayList<>(idx.length);
        List<RespValue> flags = withFlags ? statuses(callFlags(s, cmd)) : null;
        for (int i : idx) {
            if (withFlags) {
                out.add(Replies.array(Replies.bulk(cmd[i]), Replies.set(flags)));
            } else {
                out.add(Replies.bulk(cmd[i]));
            }
        }
        return Replies.array(out);
    }
}
