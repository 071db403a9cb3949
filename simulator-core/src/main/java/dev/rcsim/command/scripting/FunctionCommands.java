package dev.rcsim.command.scripting;

import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.HelpText;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.keyspace.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** FCALL, FCALL_RO and FUNCTION LOAD/DELETE/LIST/FLUSH/DUMP/RESTORE/STATS/KILL/HELP as Redis 7.0.15 (functions.c). */
final class FunctionCommands {
    private FunctionCommands() {}

    static void register(CommandTable t) {
        String flags = "noscript stale skip_monitor no_mandatory_keys movablekeys";
        t.add("fcall", -3, flags, 0, 0, 0).acl("@slow @scripting").keys(ScriptingCommands.NUMKEYS_AT_2).run((c, a) -> fcall(c, a, false));
        t.add("fcall_ro", -3, "readonly " + flags, 0, 0, 0).acl("@slow @scripting").keys(ScriptingCommands.NUMKEYS_AT_2).run((c, a) -> fcall(c, a, true));
        CommandSpec f = t.add("function", -2, "", 0, 0, 0).acl("@slow");
        f.sub("list", -2, "noscript", 0, 0, 0).acl("@slow @scripting").run(FunctionCommands::list);
        f.sub("flush", -2, "write noscript", 0, 0, 0).acl("@write @slow @scripting").run(FunctionCommands::flush);
        f.sub("kill", 2, "noscript allow_busy", 0, 0, 0).acl("@slow @scripting").run((c, a) -> Scripting.of(c.node()).kill(false));
        f.sub("load", -3, "write denyoom noscript", 0, 0, 0).acl("@write @slow @scripting").run(FunctionCommands::load);
        f.sub("delete", 3, "write noscript", 0, 0, 0).acl("@write @slow @scripting").run(FunctionCommands::delete);
        f.sub("dump", 2, "noscript", 0, 0, 0).acl("@slow @scripting").run(
                (c, a) -> Replies.bulk(Scripting.of(c.node()).functions().dump()));
        f.sub("restore", -3, "write denyoom noscript", 0, 0, 0).acl("@write @slow @scripting").run(FunctionCommands::restore);
        f.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow @scripting").run((c, a) -> HELP);
        f.sub("stats", 2, "noscript allow_busy", 0, 0, 0).acl("@slow @scripting").run(FunctionCommands::stats);
    }

    private static RespValue fcall(Connection c, byte[][] argv, boolean ro) {
        Functions fs = Scripting.of(c.node()).functions();
        Functions.Function f = fs.functions.get(new String(argv[1], StandardCharsets.ISO_8859_1));
        if (f == null) {
            return Replies.error("ERR Function not found");
        }
        long n;
        try {
            n = Numbers.parseLong(argv[2]);
        } catch (NumberFormatException e) {
            return Replies.error("ERR Bad number of keys provided");
        }
        if (n > argv.length - 3) {
            return Replies.error("ERR Number of keys can't be greater than number of args");
        }
        if (n < 0) {
            return Replies.error("ERR Number of keys can't be negative");
        }
        return fs.call(c, argv, f, (int) n, ro);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static RespValue load(Connection c, byte[][] argv) {
        boolean replace = false;
        int pos = 2;
        while (pos < argv.length - 1) {
            String opt = str(argv[pos++]);
            if (opt.equalsIgnoreCase("replace")) {
                replace = true;
                continue;
            }
            return LuaReplies.errorReply("ERR Unknown option given: " + opt);
        }
        if (pos >= argv.length) {
            return Replies.error("ERR Function code is missing");
        }
        try {
            String name = Scripting.of(c.node()).functions().load(argv[pos], replace);
            c.effects().changed();
            return Replies.bulk(name);
        } catch (Functions.Refusal e) {
            return Functions.error(e.getMessage());
        }
    }

    private static RespValue restore(Connection c, byte[][] argv) {
        if (argv.length > 4) {
            return LuaReplies.errorReply("ERR unknown subcommand or wrong number of arguments for '" + str(argv[1]) + "'. Try FUNCTION HELP.");
        }
        String policy = "append";
        if (argv.length == 4) {
            policy = str(argv[3]).toLowerCase(java.util.Locale.ROOT);
            if (!policy.equals("append") && !policy.equals("replace") && !policy.equals("flush")) {
                return Replies.error("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
            }
        }
        if (!FunctionsPayload.verify(argv[2])) {
            return Replies.error("ERR DUMP payload version or checksum are wrong");
        }
        try {
            Scripting.of(c.node()).functions().restore(argv[2], policy);
        } catch (Functions.Refusal e) {
            return Functions.error(e.getMessage());
        }
        c.effects().changed();
        return Replies.OK;
    }

    private static RespValue delete(Connection c, byte[][] argv) {
        Functions fs = Scripting.of(c.node()).functions();
        Functions.Library lib = fs.libraries.get(str(argv[2]));
        if (lib == null) {
            return Replies.error("ERR Library not found");
        }
        fs.unlink(lib);
        c.effects().changed();
        return Replies.OK;
    }

    private static RespValue flush(Connection c, byte[][] argv) {
        if (argv.length > 3) {
            return LuaReplies.errorReply("ERR unknown subcommand or wrong number of arguments for '" + str(argv[1]) + "'. Try FUNCTION HELP.");
        }
        if (argv.length == 3 && !str(argv[2]).equalsIgnoreCase("sync") && !str(argv[2]).equalsIgnoreCase("async")) {
            return Replies.error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        Scripting.of(c.node()).functions().flush();
        c.effects().changed();
        return Replies.OK;
    }

    private static RespValue list(Connection c, byte[][] argv) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < argv.length; i++) {
            String a = str(argv[i]);
            if (!withCode && a.equalsIgnoreCase("withcode")) {
                withCode = true;
                continue;
            }
            if (pattern == null && a.equalsIgnoreCase("libraryname")) {
                if (i >= argv.length - 1) {
                    return Replies.error("ERR library name argument was not given");
                }
                pattern = argv[++i];
                continue;
            }
            return LuaReplies.errorReply("ERR Unknown argument " + a);
        }
        List<RespValue> out = new ArrayList<>();
        for (Functions.Library lib : Scripting.of(c.node()).functions().libraries.values()) {
            if (pattern != null && !Glob.matches(pattern, lib.name.getBytes(StandardCharsets.ISO_8859_1), true)) {
                continue;
            }
            List<RespValue> fns = new ArrayList<>();
            for (Functions.Function f : lib.functions.values()) {
                List<RespValue> flags = new ArrayList<>();
                for (int i = 0; i < ScriptFlags.NAMES.length; i++) {
                    if ((f.flags() & ScriptFlags.BITS[i]) != 0) {
                        flags.add(Replies.simple(ScriptFlags.NAMES[i]));
                    }
                }
                fns.add(Replies.map(List.of(Replies.bulk("name"), Replies.bulk(f.name()),
                        Replies.bulk("description"), f.description() == null ? Replies.NULL_BULK : Replies.bulk(f.description()),
                        Replies.bulk("flags"), Replies.set(flags))));
            }
            List<RespValue> m = new ArrayList<>(List.of(Replies.bulk("library_name"), Replies.bulk(lib.name),
                    Replies.bulk("engine"), Replies.bulk("LUA"), Replies.bulk("functions"), Replies.array(fns)));
            if (withCode) {
                m.add(Replies.bulk("library_code"));
                m.add(Replies.bulk(lib.code));
            }
            out.add(Replies.map(m));
        }
        return Replies.array(out);
    }

    private static RespValue stats(Connection c, byte[][] argv) {
        Scripting s = Scripting.of(c.node());
        ScriptRun run = s.current;
        if (run != null && run.evalMode) {
            return Scripting.BUSY_EVAL;
        }
        Functions fs = s.functions();
        RespValue running = Replies.NULL_BULK;
        if (run != null) {
            running = Replies.map(List.of(Replies.bulk("name"), Replies.bulk(run.funcName), Replies.bulk("command"),
                    Replies.bulks(run.argv == null ? List.of() : Scripting.list(run.argv, 0, run.argv.length)), Replies.bulk("duration_ms"), Replies.integer(s.node.clock().millis() - run.startMillis)));
        }
        RespValue lua = Replies.map(List.of(Replies.bulk("libraries_count"), Replies.integer(fs.libraries.size()),
                Replies.bulk("functions_count"), Replies.integer(fs.functions.size())));
        return Replies.map(List.of(Replies.bulk("running_script"), running, Replies.bulk("engines"),
                Replies.map(List.of(Replies.bulk("LUA"), lua))));
    }

    private static final RespValue HELP = HelpText.reply(
            "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "LOAD [REPLACE] <FUNCTION CODE>",
            "    Create a new library with the given library name and code.",
            "DELETE <LIBRARY NAME>",
            "    Delete the given library.",
            "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
            "    Return general information on all the libraries:",
            "    * Library name",
            "    * The engine used to run the Library",
            "    * Library description",
            "    * Functions list",
            "    * Library code (if WITHCODE is given)",
            "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
            "STATS",
            "    Return information about the current function running:",
            "    * Function name",
            "    * Command used to run the function",
            "    * Duration in MS that the function is running",
            "    If no function is running, return nil",
            "    In addition, returns a list of available engines.",
            "KILL",
            "    Kill the current running function.",
            "FLUSH [ASYNC|SYNC]",
            "    Delete all the libraries.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the libraries.",
            "    * SYNC: Synchronously flush the libraries.",
            "DUMP",
            "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
            "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
            "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
            "    control how to handle existing libraries (default APPEND):",
            "    * FLUSH: delete all existing libraries.",
            "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
            "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
            "      libraries with the new libraries (notice that even on this option there is a chance of failure",
            "      in case of functions name collision with another library).",
            "HELP",
            "    Prints this help.");
}
