package dev.rcsim.command.scripting;

import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.HelpText;
import dev.rcsim.command.KeyFinder;
import dev.rcsim.command.NumKeys;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT with Redis 7.0.15's specs (COMMAND INFO rows), checks
 * and error texts. The one entry point for the command table is {@link #register}.
 */
public final class ScriptingCommands {
    private ScriptingCommands() {}

    static final RespValue NOSCRIPT = Replies.error("NOSCRIPT No matching script. Please use EVAL.");
    static final RespValue NOTBUSY = Replies.error("NOTBUSY No scripts in execution right now.");
    static final KeyFinder NUMKEYS_AT_2 = argv -> NumKeys.keys(argv, 2, 0);

    /** Declares the scripting commands in {@code t}. */
    public static void register(CommandTable t) {
        String flags = "noscript stale skip_monitor no_mandatory_keys movablekeys";
        t.add("eval", -3, flags, 0, 0, 0).acl("@slow @scripting").keys(NUMKEYS_AT_2).run((c, a) -> eval(c, a, false, false));
        t.add("evalsha", -3, flags, 0, 0, 0).acl("@slow @scripting").keys(NUMKEYS_AT_2).run((c, a) -> eval(c, a, true, false));
        t.add("eval_ro", -3, "readonly " + flags, 0, 0, 0).acl("@slow @scripting").keys(NUMKEYS_AT_2).run((c, a) -> eval(c, a, false, true));
        t.add("evalsha_ro", -3, "readonly " + flags, 0, 0, 0).acl("@slow @scripting").keys(NUMKEYS_AT_2).run((c, a) -> eval(c, a, true, true));
        CommandSpec script = t.add("script", -2, "", 0, 0, 0).acl("@slow");
        script.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow @scripting").run((c, a) -> HELP);
        script.sub("exists", -3, "noscript", 0, 0, 0).acl("@slow @scripting").run(ScriptingCommands::exists);
        script.sub("flush", -2, "noscript", 0, 0, 0).acl("@slow @scripting").run(ScriptingCommands::flush);
        script.sub("kill", 2, "noscript allow_busy", 0, 0, 0).acl("@slow @scripting").run(ScriptingCommands::kill);
        script.sub("load", 3, "noscript stale", 0, 0, 0).acl("@slow @scripting").run(ScriptingCommands::load);
        script.sub("debug", 3, "noscript", 0, 0, 0).acl("@slow @scripting").run(ScriptingCommands::debug);
        FunctionCommands.register(t);
    }

    private static final RespValue HELP = HelpText.reply(
            "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DEBUG (YES|SYNC|NO)",
            "    Set the debug mode for subsequent scripts executed.",
            "EXISTS <sha1> [<sha1> ...]",
            "    Return information about the existence of the scripts in the script cache.",
            "FLUSH [ASYNC|SYNC]",
            "    Flush the Lua scripts cache. Very dangerous on replicas.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the scripts cache.",
            "    * SYNC: Synchronously flush the scripts cache.",
            "KILL",
            "    Kill the currently executing Lua script.",
            "LOAD <script>",
            "    Load a script into the scripts cache without executing it.",
            "HELP",
            "    Prints this help.");

    /** The numkeys argument, or the error reply (getLongLongFromObjectOrReply and evalGenericCommand's checks). */
    static RespValue numKeysError(byte[][] argv, long[] out) {
        long n;
        try {
            n = Numbers.parseLong(argv[2]);
        } catch (NumberFormatException e) {
            return Replies.NOT_INTEGER;
        }
        if (n > argv.length - 3) {
            return Replies.error("ERR Number of keys can't be greater than number of args");
        }
        if (n < 0) {
            return Replies.error("ERR Number of keys can't be negative");
        }
        out[0] = n;
        return null;
    }

    private static RespValue eval(Connection c, byte[][] argv, boolean evalsha, boolean ro) {
        Scripting s = Scripting.of(c.node());
        if (evalsha && argv[1].length != 40) {
            return NOSCRIPT;
        }
        long[] n = {0};
        RespValue bad = numKeysError(argv, n);
        if (bad != null) {
            return bad;
        }
        EvalScripts ev = s.eval();
        EvalScripts.Script script;
        String sha;
        if (evalsha) {
            sha = new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            script = ev.scripts.get(sha);
            if (script == null) {
                return NOSCRIPT;
            }
        } else {
            try {
                script = ev.create(argv[1]);
            } catch (EvalScripts.Refused e) {
                return e.reply;
            }
            sha = Scripting.sha1hex(argv[1]);
        }
        return ev.eval(c, argv, script, sha, (int) n[0], ro);
    }

    private static RespValue exists(Connection c, byte[][] argv) {
        EvalScripts ev = Scripting.of(c.node()).eval();
        List<RespValue> out = new ArrayList<>(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            String sha = new String(argv[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            out.add(ev.scripts.containsKey(sha) ? Replies.ONE : Replies.ZERO);
        }
        return Replies.array(out);
    }

    private static RespValue flush(Connection c, byte[][] argv) {
        if (argv.length == 3) {
            String mode = new String(argv[2], StandardCharsets.ISO_8859_1);
            if (!mode.equalsIgnoreCase("sync") && !mode.equalsIgnoreCase("async")) {
                return Replies.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
            }
        } else if (argv.length != 2) {
            return Replies.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        Scripting.of(c.node()).resetEval();
        return Replies.OK;
    }

    private static RespValue load(Connection c, byte[][] argv) {
        try {
            Scripting.of(c.node()).eval().create(argv[2]);
        } catch (EvalScripts.Refused e) {
            return e.reply;
        }
        return Replies.bulk(Scripting.sha1hex(argv[2]));
    }

    private static RespValue kill(Connection c, byte[][] argv) {
        return Scripting.of(c.node()).kill(true);
    }

    private static RespValue debug(Connection c, byte[][] argv) {
        String mode = new String(argv[2], StandardCharsets.ISO_8859_1);
        if (mode.equalsIgnoreCase("no")) {
            return Replies.OK;
        }
        if (mode.equalsIgnoreCase("yes") || mode.equalsIgnoreCase("sync")) {
            return Replies.error("ERR rcsim does not implement the Lua debugger (SCRIPT DEBUG YES|SYNC)");
        }
        return Replies.error("ERR Use SCRIPT DEBUG YES/SYNC/NO");
    }
}
