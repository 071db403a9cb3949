package dev.rcsim.command.scripting;

import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The EVAL side of scripting (eval.c): one Lua state, the cache of compiled scripts by SHA1
 * (EVAL adds to it as SCRIPT LOAD does), shebang flags, and the run of EVAL / EVALSHA / *_RO.
 */
final class EvalScripts {
    /** A cached script: its body, flags and compiled chunk (Redis's luaScript). */
    record Script(byte[] body, int flags, LuaFunction fn) {}

    private final Scripting scripting;
    final LuaEngine engine;
    final Map<String, Script> scripts = new HashMap<>();

    EvalScripts(Scripting scripting) {
        this.scripting = scripting;
        this.engine = new LuaEngine(scripting);
    }

    /** Thrown by {@link #create} with the error reply. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final RespValue reply;

        Refused(RespValue reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }

    /** luaCreateFunction: the cached script for {@code body}, compiled and cached if new. */
    Script create(byte[] body) throws Refused {
        String sha = Scripting.sha1hex(body);
        Script s = scripts.get(sha);
        if (s != null) {
            return s;
        }
        int[] shebangLen = {0};
        int flags = shebangFlags(body, shebangLen);
        LuaFunction fn;
        try {
            fn = engine.compile(body, shebangLen[0], "@user_script");
        } catch (LuaError e) {
            throw new Refused(LuaReplies.errorReply("ERR Error compiling script (new function): " + LuaErrors.syntax(e.getMessage())));
        }
        s = new Script(body, flags, fn);
        scripts.put(sha, s);
        return s;
    }

    /** evalExtractShebangFlags: the flags of a {@code #!lua} first line; without one, compatibility mode. */
    static int shebangFlags(byte[] body, int[] outLen) throws Refused {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            return ScriptFlags.EVAL_COMPAT_MODE;
        }
        int nl = -1;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            throw new Refused(Replies.error("ERR Invalid script shebang"));
        }
        outLen[0] = nl;
        String[] parts = new String(body, 0, nl, StandardCharsets.ISO_8859_1).trim().split("[ \t\r\u000b\f]+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            throw new Refused(Replies.error("ERR Invalid engine in script shebang"));
        }
        if (!parts[0].equals("#!lua")) {
            throw new Refused(LuaReplies.errorReply("ERR Unexpected engine in script shebang: " + parts[0]));
        }
        int flags = 0;
        for (int j = 1; j < parts.length; j++) {
            if (parts[j].startsWith("flags=")) {
                String list = parts[j].substring(6);
                for (String f : list.isEmpty() ? new String[0] : list.split(",", -1)) {
                    int bit = ScriptFlags.of(f);
                    if (bit == 0) {
                        throw new Refused(LuaReplies.errorReply("ERR Unexpected flag in script shebang: " + f));
                    }
                    flags |= bit;
                }
            } else {
                throw new Refused(LuaReplies.errorReply("ERR Unknown lua shebang option: " + parts[j]));
            }
        }
        return flags;
    }

    /** evalGenericCommand after the script is found: numkeys already checked. */
    RespValue eval(Connection c, byte[][] argv, Script script, String sha, int numKeys, boolean ro) {
        RespValue refused = Preflight.check(scripting, c, argv, numKeys, script.flags(), ro);
        if (refused != null) {
            return refused;
        }
        boolean compat = (script.flags() & ScriptFlags.EVAL_COMPAT_MODE) != 0;
        boolean readOnly = ro || (!compat && (script.flags() & ScriptFlags.NO_WRITES) != 0);
        boolean crossSlot = compat || (script.flags() & ScriptFlags.ALLOW_CROSS_SLOT) != 0;
        ScriptRun run = new ScriptRun(c, sha, true, readOnly, crossSlot, scripting.node.clock().millis());
        run.slot = scripting.declaredSlot(argv, 3, numKeys);
        run.argv = argv;
        run.allowOom = !compat && (script.flags() & ScriptFlags.ALLOW_OOM) != 0;
        SandboxGlobals g = engine.globals;
        return scripting.run(run, script.fn(), null, () -> {
            g.setUnlocked("KEYS", array(argv, 3, 3 + numKeys));
            g.setUnlocked("ARGV", array(argv, 3 + numKeys, argv.length));
        });
    }

    static LuaTable array(byte[][] argv, int from, int to) {
        LuaTable t = new LuaTable(to - from, 0);
        for (int i = from; i < to; i++) {
            t.rawset(i - from + 1, LuaString.valueOf(argv[i]));
        }
        return t;
    }
}
