package dev.rcsim.command.scripting;

import dev.rcsim.protocol.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lua state as Redis 7.0 sets it up (script_lua.c {@code luaRegisterRedisAPI}, eval.c
 * {@code scriptingInit}): base, table, string, math, coroutine and Redis's extra libraries, Lua 5.1
 * names over LuaJ's 5.2 ({@code unpack}, {@code loadstring}, {@code tostring} of numbers as
 * {@code %.14g}), the {@code redis} table, Redis's {@code pcall} and {@code math.random}, no
 * {@code os}/{@code io}/{@code require}/{@code dofile}/{@code loadfile}/{@code print}/{@code debug}, and
 * every table reachable from the globals locked read-only, the globals raising
 * {@code Script attempted to access nonexistent global variable} on unknown names.
 */
final class LuaEngine {
    private static final Logger log = LoggerFactory.getLogger("dev.rcsim.lua");
    static final String REDIS_VERSION = "7.0.15";
    static final int REDIS_VERSION_NUM = 0x0007000f;
    /** Instructions between two checks of the running script (Redis's count hook: 100000). */
    static final int HOOK_COUNT = 100_000;

    final SandboxGlobals globals = new SandboxGlobals();
    private final Scripting owner;

    LuaEngine(Scripting owner) {
        this.owner = owner;
        SandboxGlobals g = globals;
        g.load(new BaseLib());
        g.load(new PackageLib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new JseMathLib());
        g.load(new CoroutineLib());
        LoadState.install(g);
        LuaC.install(g);
        // Lua 5.1 names
        LuaFormat.install(g.get("string"));
        LuaValue table = g.get("table");
        g.rawset("unpack", table.get("unpack"));
        g.rawset("loadstring", new LoadString());
        g.rawset("gcinfo", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return valueOf((int) (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024);
            }
        });
        g.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
        g.rawset("tostring", new ToString(g.get("tostring")));
        g.rawset("tonumber", new ToNumber(g.get("tonumber")));
        g.rawset("error", new ErrorFunction());
        g.rawset("pcall", new RedisPcall());
        for (String name : new String[] {"dofile", "loadfile", "print", "require", "package", "rawlen", "module"}) {
            g.rawset(name, LuaValue.NIL);
        }
        installExtraLibraries(g);
        g.rawset("redis", redisTable());
        LuaTable math = (LuaTable) g.get("math");
        math.rawset("random", new MathRandom());
        math.rawset("randomseed", new MathRandomSeed());
        // lock everything reachable from the globals
        IdentityHashMap<LuaValue, LuaValue> done = new IdentityHashMap<>();
        done.put(g, g);
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = g.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            g.rawset(k, ReadOnlyTable.protect(n.arg(2), done));
        }
        synchronized (LuaEngine.class) {
            if (!(LuaString.s_metatable instanceof ReadOnlyTable)) {
                LuaTable mt = new LuaTable();
                mt.rawset(LuaValue.INDEX, g.get("string"));
                LuaString.s_metatable = ReadOnlyTable.protect(mt, new IdentityHashMap<>());
            }
        }
        LuaTable mt = new LuaTable();
        mt.rawset(LuaValue.INDEX, new NonexistentGlobal());
        g.setmetatable(ReadOnlyTable.protect(mt, done));
        g.locked = true;
        g.running.errorfunc = LuaErrors.FORMATTER;
        g.debuglib = new InstructionHook();
    }

    /** cjson, cmsgpack, struct and bit ({@link ExtraLibraries}). */
    private static void installExtraLibraries(Globals g) {
        ExtraLibraries.install(g);
    }

    /** Compiles a chunk named as Redis names it ({@code @user_script}); the error text on failure. */
    LuaFunction compile(byte[] body, int from, String chunkName) {
        LuaFunction f = (LuaFunction) globals.load(new java.io.ByteArrayInputStream(body, from, body.length - from), chunkName, "t", globals);
        if (f instanceof LuaClosure c) {
            noTailCalls(c.p);
        }
        return f;
    }

    /**
     * Turns each tail call into a call followed by the return the compiler always emits after it. LuaJ
     * runs a tail call after the caller's frame is gone, so an error in {@code return redis.call(...)}
     * would lose the line Lua 5.1 reports ({@code on @user_script:1}).
     */
    static void noTailCalls(Prototype p) {
        int[] code = p.code;
        for (int i = 0; i < code.length; i++) {
            if ((code[i] & Lua.MASK_OP) == Lua.OP_TAILCALL) {
                code[i] = (code[i] & Lua.MASK_NOT_OP) | Lua.OP_CALL;
            }
        }
        if (p.p != null) {
            for (Prototype inner : p.p) {
                noTailCalls(inner);
            }
        }
    }

    // ------------------------------------------------------------ the redis table

    private LuaTable redisTable() {
        LuaTable r = new LuaTable();
        r.rawset("call", new Call(true));
        r.rawset("pcall", new Call(false));
        r.rawset("log", new Log());
        r.rawset("LOG_DEBUG", 0);
        r.rawset("LOG_VERBOSE", 1);
        r.rawset("LOG_NOTICE", 2);
        r.rawset("LOG_WARNING", 3);
        r.rawset("REDIS_VERSION_NUM", REDIS_VERSION_NUM);
        r.rawset("REDIS_VERSION", REDIS_VERSION);
        r.rawset("setresp", new SetResp());
        r.rawset("sha1hex", new Sha1Hex());
        r.rawset("error_reply", new ErrorReply());
        r.rawset("status_reply", new StatusReply());
        r.rawset("set_repl", new SetRepl());
        r.rawset("REPL_NONE", 0);
        r.rawset("REPL_AOF", ScriptRun.PROPAGATE_AOF);
        r.rawset("REPL_SLAVE", ScriptRun.PROPAGATE_REPL);
        r.rawset("REPL_REPLICA", ScriptRun.PROPAGATE_REPL);
        r.rawset("REPL_ALL", ScriptRun.PROPAGATE_AOF | ScriptRun.PROPAGATE_REPL);
        r.rawset("acl_check_cmd", new AclCheckCmd());
        r.rawset("breakpoint", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return FALSE; // no debugging session (SCRIPT DEBUG) is ever active
            }
        });
        r.rawset("debug", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return NONE;
            }
        });
        r.rawset("replicate_commands", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return TRUE;
            }
        });
        return r;
    }

    private ScriptRun run(String what) {
        ScriptRun run = owner.current;
        if (run == null) {
            throw LuaErrors.raise(what + " can only be called inside a script invocation");
        }
        return run;
    }

    /** redis.call / redis.pcall. */
    private final class Call extends VarArgFunction {
        private final boolean raise;

        Call(boolean raise) {
            this.raise = raise;
        }

        @Override
        public Varargs invoke(Varargs args) {
            ScriptRun run = run("redis.call/pcall");
            LuaValue result = owner.redisCall(run, args);
            if (raise && result instanceof LuaTable t && t.rawget(LuaReplies.ERR).type() == LuaValue.TSTRING) {
                throw new LuaError(t);
            }
            return result;
        }
    }

    /** redis.acl_check_cmd: rcsim has only the default user, who may run every command. */
    private final class AclCheckCmd extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            run("redis.acl_check_cmd");
            byte[][] argv = owner.toArgv(args);
            if (argv == null) {
                throw new LuaError(owner.argvError(args));
            }
            if (owner.lookup(argv) == null) {
                throw LuaErrors.raise("Invalid command passed to redis.acl_check_cmd()");
            }
            return TRUE;
        }
    }

    /** redis.log; not logged again by a run restarted on the script thread while it replays its calls. */
    private final class Log extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            int argc = args.narg();
            if (argc < 2) {
                throw LuaErrors.raise("redis.log() requires two arguments or more.");
            }
            if (!args.arg1().isnumber()) {
                throw LuaErrors.raise("First argument must be a number (log level).");
            }
            int level = (int) args.arg1().todouble();
            if (level < 0 || level > 3) {
                throw LuaErrors.raise("Invalid debug level.");
            }
            ScriptRun run = owner.current;
            if (run != null && run.detached && run.replaying()) {
                return NONE; // logged by the first run already
            }
            StringBuilder sb = new StringBuilder();
            for (int j = 2; j <= argc; j++) {
                LuaValue v = args.arg(j);
                if (v.isstring()) {
                    if (j != 2) {
                        sb.append(' ');
                    }
                    sb.append(v.tojstring());
                }
            }
            switch (level) {
                case 0:
                    log.debug("{}", sb);
                    break;
                case 1:
                    log.debug("{}", sb);
                    break;
                case 2:
                    log.info("{}", sb);
                    break;
                default:
                    log.warn("{}", sb);
            }
            return NONE;
        }
    }

    private final class SetResp extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            ScriptRun run = run("redis.setresp");
            if (args.narg() != 1) {
                throw LuaErrors.raise("redis.setresp() requires one argument.");
            }
            int resp = (int) args.arg1().optdouble(0);
            if (resp != 2 && resp != 3) {
                throw LuaErrors.raise("RESP version must be 2 or 3.");
            }
            run.resp = resp;
            return NONE;
        }
    }

    private final class SetRepl extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            ScriptRun run = run("redis.set_repl");
            if (args.narg() != 1) {
                throw LuaErrors.raise("redis.set_repl() requires two arguments.");
            }
            int flags = (int) args.arg1().optdouble(0);
            if ((flags & ~(ScriptRun.PROPAGATE_AOF | ScriptRun.PROPAGATE_REPL)) != 0) {
                throw LuaErrors.raise("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
            }
            run.replFlags = flags;
            return NONE;
        }
    }

    private static final class Sha1Hex extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            if (args.narg() != 1) {
                throw LuaErrors.raise("wrong number of arguments");
            }
            LuaValue v = args.arg1();
            byte[] b = v.isstring() ? LuaReplies.bytes(v.strvalue()) : new byte[0];
            return valueOf(Scripting.sha1hex(b));
        }
    }

    private static final class ErrorReply extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                return LuaReplies.errorTable("wrong number or type of arguments");
            }
            String err = args.arg1().tojstring();
            return LuaReplies.errorTable(err.startsWith("-") ? err : "-" + err);
        }
    }

    private static final class StatusReply extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                return LuaReplies.errorTable("wrong number or type of arguments");
            }
            LuaTable t = new LuaTable();
            t.rawset(LuaReplies.OK, args.arg1());
            return t;
        }
    }

    // ------------------------------------------------------------ Lua 5.1 / Redis base functions

    /** Redis's pcall: an error table {@code {err=...}} comes back as its message. */
    private static final class RedisPcall extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue func = args.checkvalue(1);
            try {
                return varargsOf(TRUE, func.invoke(args.subargs(2)));
            } catch (LuaError e) {
                LuaValue m = e.getMessageObject();
                if (m == null) {
                    m = NIL;
                }
                if (m.istable() && m.rawget(LuaReplies.ERR).isstring()) {
                    m = m.rawget(LuaReplies.ERR);
                }
                return varargsOf(FALSE, m);
            } catch (StackOverflowError e) {
                return varargsOf(FALSE, valueOf("stack overflow"));
            }
        }
    }

    /** error(msg [, level]): level 0 leaves the position out, as in Lua 5.1. */
    private static final class ErrorFunction extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue msg = args.arg1();
            int level = args.optint(2, 1);
            if (msg.isstring() && msg.type() == TSTRING || msg.type() == TNUMBER) {
                throw level == 0 ? new LuaErrors.Unpositioned(msg.tojstring()) : new LuaError(msg.tojstring(), level);
            }
            throw new LuaError(msg);
        }
    }

    /** tostring with Lua 5.1's number format ({@code %.14g}). */
    private static final class ToString extends VarArgFunction {
        private final LuaValue base;

        ToString(LuaValue base) {
            this.base = base;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue v = args.arg1();
            if (v.type() == TNUMBER) {
                return valueOf(formatNumber(v.todouble()));
            }
            return base.invoke(args);
        }
    }

    /** A number as Lua 5.1 prints it ({@code LUA_NUMBER_FMT "%.14g"}); NaN as x86 computes it, {@code -nan}. */
    static String formatNumber(double d) {
        if (Double.isNaN(d)) {
            return (Double.doubleToRawLongBits(d) < 0) ? "nan" : "-nan";
        }
        if (d == 0) {
            return "0";
        }
        return Numbers.formatG(d, 14);
    }

    /** Lua 5.1's loadstring(s [, chunkname]): the chunk, or nil and the compile error. */
    private final class LoadString extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = args.checkstring(1);
            String name = args.optjstring(2, s.tojstring());
            try {
                LuaValue f = globals.load(s.toInputStream(), name, "t", globals);
                if (f instanceof LuaClosure c) {
                    noTailCalls(c.p);
                }
                return f;
            } catch (LuaError e) {
                return varargsOf(NIL, valueOf(e.getMessage()));
            }
        }
    }

    private final class NonexistentGlobal extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            if (args.narg() != 2) {
                throw new LuaError("Wrong number of arguments to luaProtectedTableError");
            }
            LuaValue name = args.arg(2);
            if (!name.isstring()) {
                throw new LuaError("Second argument to luaProtectedTableError must be a string or number");
            }
            throw new LuaError("Script attempted to access nonexistent global variable '" + name.tojstring() + "'");
        }
    }

    private final class MathRandom extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            if (owner.current == null) {
                throw new LuaError("math.random can only be called inside a script invocation");
            }
            double r = (double) (owner.rand.next() % Lrand48.MAX) / (double) Lrand48.MAX;
            switch (args.narg()) {
                case 0:
                    return valueOf(r);
                case 1: {
                    int u = args.checkint(1);
                    if (u < 1) {
                        throw new LuaError("bad argument #1 to 'random' (interval is empty)");
                    }
                    return valueOf(Math.floor(r * u) + 1);
                }
                case 2: {
                    int l = args.checkint(1);
                    int u = args.checkint(2);
                    if (l > u) {
                        throw new LuaError("bad argument #2 to 'random' (interval is empty)");
                    }
                    return valueOf(Math.floor(r * (u - l + 1)) + l);
                }
                default:
                    throw new LuaError("wrong number of arguments");
            }
        }
    }

    private final class MathRandomSeed extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            if (owner.current == null) {
                throw new LuaError("math.randomseed can only be called inside a script invocation");
            }
            owner.rand.seed(args.checkint(1));
            return NONE;
        }
    }

    /**
     * LuaJ calls its debug library on every instruction; this one only counts them and, every
     * {@link #HOOK_COUNT}, lets the node check the running script (Redis's count hook:
     * busy-reply-threshold, SCRIPT KILL).
     */
    private final class InstructionHook extends DebugLib {
        private int count;

        @Override
        public void onCall(LuaFunction f) {}

        @Override
        public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {}

        @Override
        public void onReturn() {}

        @Override
        public void onInstruction(int pc, Varargs v, int top) {
            if (++count >= HOOK_COUNT) {
                count = HOOK_COUNT - 1; // once killed, every instruction raises the kill again
                owner.interrupt();
                count = 0;
            }
        }

        @Override
        public String traceback(int level) {
            return "";
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
