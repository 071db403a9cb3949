package dev.rcsim.command.scripting;

import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The function libraries of one node (functions.c, function_lua.c): their own Lua state, whose
 * library code sees during FUNCTION LOAD only {@code redis.register_function}, {@code redis.log} and
 * the version fields, and whose registered callbacks later run with the full API, receiving the keys
 * and arguments tables. Libraries and functions are kept by name.
 */
final class Functions {
    /** One registered function (functionInfo). */
    record Function(String name, String description, int flags, LuaFunction callback, Library library) {}

    /** One library (functionLibInfo): its name, full code and functions. */
    static final class Library {
        final String name;
        final byte[] code;
        final Map<String, Function> functions = new LinkedHashMap<>();

        Library(String name, byte[] code) {
            this.name = name;
            this.code = code;
        }
    }

    private final Scripting scripting;
    private final LuaEngine engine;
    /** The table library code sees as its globals: empty, read-only, reads forwarded to {@link #env}. */
    private final SandboxGlobals globalsProxy;
    private final ReadOnlyTable proxyMeta;
    private final LuaValue libraryApi;
    final Map<String, Library> libraries = new LinkedHashMap<>();
    final Map<String, Function> functions = new LinkedHashMap<>();
    /** The library being loaded (Redis's load ctx), null outside FUNCTION LOAD. */
    private Library loading;

    Functions(Scripting scripting) {
        this.scripting = scripting;
        this.engine = new LuaEngine(scripting);
        LuaTable redis = new LuaTable();
        redis.rawset("register_function", new RegisterFunction());
        LuaValue full = engine.globals.rawget("redis");
        for (String k : new String[] {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING", "REDIS_VERSION", "REDIS_VERSION_NUM"}) {
            redis.rawset(k, full.rawget(k));
        }
        LuaValue errorMeta = engine.globals.getmetatable();
        redis.setmetatable(errorMeta);
        LuaTable api = new LuaTable();
        api.rawset("redis", redis);
        api.setmetatable(errorMeta);
        libraryApi = ReadOnlyTable.protect(api, new IdentityHashMap<>());
        proxyMeta = new ReadOnlyTable();
        proxyMeta.rawset(LuaValue.INDEX, engine.globals);
        proxyMeta.locked = true;
        // a Globals, so that LuaJ's closures of library code find the error formatter and the hook
        globalsProxy = new SandboxGlobals();
        globalsProxy.setmetatable(proxyMeta);
        globalsProxy.locked = true;
        globalsProxy.running.errorfunc = LuaErrors.FORMATTER;
        globalsProxy.debuglib = engine.globals.debuglib;
    }

    static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static final String BAD_NAME = "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";

    /** functionsCreateWithLibraryCtx: the library name, or throws with the error text (no "ERR "). */
    String load(byte[] code, boolean replace) throws Refusal {
        Library lib = create(code, replace ? null : libraries);
        Library old = libraries.get(lib.name);
        for (String f : lib.functions.keySet()) {
            Function existing = functions.get(f);
            if (existing != null && existing.library() != old) {
                throw new Refusal("Function " + f + " already exists");
            }
        }
        if (old != null) {
            unlink(old);
        }
        link(lib);
        return lib.name;
    }

    /**
     * Parses the metadata and runs the library code, which registers its functions; {@code existing},
     * when given, refuses a name already there ("Library 'x' already exists"). Links nothing.
     */
    Library create(byte[] code, Map<String, Library> existing) throws Refusal {
        String text = new String(code, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("#!")) {
            throw new Refusal("Missing library metadata");
        }
        int nl = text.indexOf('\n');
        if (nl < 0) {
            throw new Refusal("Invalid library metadata");
        }
        String[] parts = text.substring(0, nl).trim().split("[ \t\r\u000b\f]+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            throw new Refusal("Invalid library metadata");
        }
        String engineName = parts[0].substring(2);
        String name = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].regionMatches(true, 0, "name=", 0, 5)) {
                if (name != null) {
                    throw new Refusal("Invalid metadata value, name argument was given multiple times");
                }
                name = parts[i].substring(5);
                continue;
            }
            throw new Refusal("Invalid metadata value given: " + parts[i]);
        }
        if (name == null) {
            throw new Refusal("Library name was not given");
        }
        if (!validName(name)) {
            throw new Refusal(BAD_NAME);
        }
        if (!engineName.equalsIgnoreCase("lua")) {
            throw new Refusal("Engine '" + engineName + "' not found");
        }
        if (existing != null && existing.containsKey(name)) {
            throw new Refusal("Library '" + name + "' already exists");
        }
        Library lib = new Library(name, code);
        LuaFunction chunk;
        try {
            chunk = (LuaFunction) engine.globals.load(new java.io.ByteArrayInputStream(code, nl, code.length - nl),
                    "@user_function", "t", globalsProxy);
            if (chunk instanceof LuaClosure c) {
                LuaEngine.noTailCalls(c.p);
            }
        } catch (LuaError e) {
            throw new Refusal("Error compiling function: " + LuaErrors.syntax(e.getMessage()));
        }
        loading = lib;
        proxyMeta.setUnlocked(LuaValue.INDEX, libraryApi);
        try {
            chunk.call();
        } catch (LuaError e) {
            LuaValue obj = e.getMessageObject();
            String msg = obj != null && obj.istable() ? obj.rawget(LuaReplies.ERR).optjstring("(null)")
                    : "ERR " + (obj == null ? "nil" : obj.tojstring());
            throw new Refusal("Error registering functions: " + msg);
        } finally {
            loading = null;
            proxyMeta.setUnlocked(LuaValue.INDEX, engine.globals);
        }
        if (lib.functions.isEmpty()) {
            throw new Refusal("No functions registered");
        }
        return lib;
    }

    private void link(Library lib) {
        libraries.put(lib.name, lib);
        functions.putAll(lib.functions);
    }

    /** FUNCTION DUMP: the payload of every library. */
    byte[] dump() {
        List<byte[]> codes = new ArrayList<>();
        for (Library lib : libraries.values()) {
            codes.add(lib.code);
        }
        return FunctionsPayload.dump(codes);
    }

    /** FUNCTION RESTORE of a verified payload with policy FLUSH, APPEND or REPLACE (libraryJoin). */
    void restore(byte[] payload, String policy) throws Refusal {
        List<byte[]> codes;
        try {
            codes = FunctionsPayload.read(payload);
        } catch (FunctionsPayload.BadPayload e) {
            throw new Refusal(e.getMessage());
        }
        Map<String, Library> loaded = new LinkedHashMap<>();
        Map<String, Function> loadedFunctions = new LinkedHashMap<>();
        for (byte[] code : codes) {
            Library lib = create(code, loaded);
            for (String f : lib.functions.keySet()) {
                if (loadedFunctions.containsKey(f)) {
                    throw new Refusal("Function " + f + " already exists");
                }
            }
            loaded.put(lib.name, lib);
            loadedFunctions.putAll(lib.functions);
        }
        if (policy.equals("flush")) {
            flush();
            loaded.values().forEach(this::link);
            return;
        }
        boolean replace = policy.equals("replace");
        for (Library lib : loaded.values()) {
            if (libraries.containsKey(lib.name) && !replace) {
                throw new Refusal("Library " + lib.name + " already exists");
            }
        }
        for (Function f : loadedFunctions.values()) {
            Function existing = functions.get(f.name());
            if (existing != null && !(replace && loaded.containsKey(existing.library().name))) {
                throw new Refusal("Function " + f.name() + " already exists");
            }
        }
        for (Library lib : loaded.values()) {
            Library old = libraries.get(lib.name);
            if (old != null) {
                unlink(old);
            }
            link(lib);
        }
    }

    void unlink(Library lib) {
        libraries.remove(lib.name);
        for (String f : lib.functions.keySet()) {
            functions.remove(f);
        }
    }

    void flush() {
        libraries.clear();
        functions.clear();
    }

    /** fcallCommandGeneric after the function and numkeys were checked. */
    RespValue call(Connection c, byte[][] argv, Function f, int numKeys, boolean ro) {
        RespValue refused = Preflight.check(scripting, c, argv, numKeys, f.flags(), ro);
        if (refused != null) {
            return refused;
        }
        boolean readOnly = ro || (f.flags() & ScriptFlags.NO_WRITES) != 0;
        boolean crossSlot = (f.flags() & ScriptFlags.ALLOW_CROSS_SLOT) != 0;
        ScriptRun run = new ScriptRun(c, f.name(), false, readOnly, crossSlot, scripting.node.clock().millis());
        run.slot = scripting.declaredSlot(argv, 3, numKeys);
        run.argv = argv;
        run.allowOom = (f.flags() & ScriptFlags.ALLOW_OOM) != 0;
        LuaValue[] args = {EvalScripts.array(argv, 3, 3 + numKeys), EvalScripts.array(argv, 3 + numKeys, argv.length)};
        return scripting.run(run, f.callback(), args, null);
    }

    /** Thrown with the error text of a refused FUNCTION LOAD. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    /** redis.register_function(name, callback) or redis.register_function{function_name=..., callback=..., flags=..., description=...}. */
    private final class RegisterFunction extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            Library lib = loading;
            if (lib == null) {
                throw LuaErrors.raise("redis.register_function can only be called on FUNCTION LOAD command");
            }
            int argc = args.narg();
            if (argc < 1 || argc > 2) {
                throw LuaErrors.raise("wrong number of arguments to redis.register_function");
            }
            String name = null;
            String desc = null;
            LuaFunction callback = null;
            int flags = 0;
            if (argc == 1) {
                LuaValue t = args.arg1();
                if (!t.istable()) {
                    throw LuaErrors.raise("calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).");
                }
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs n = t.next(k);
                    if ((k = n.arg1()).isnil()) {
                        break;
                    }
                    LuaValue v = n.arg(2);
                    if (!k.isstring()) {
                        throw LuaErrors.raise("named argument key given to redis.register_function is not a string");
                    }
                    String key = k.tojstring();
                    if (key.equalsIgnoreCase("function_name")) {
                        if (!v.isstring()) {
                            throw LuaErrors.raise("function_name argument given to redis.register_function must be a string");
                        }
                        name = v.tojstring();
                    } else if (key.equalsIgnoreCase("description")) {
                        if (!v.isstring()) {
                            throw LuaErrors.raise("description argument given to redis.register_function must be a string");
                        }
                        desc = v.tojstring();
                    } else if (key.equalsIgnoreCase("callback")) {
                        if (!v.isfunction()) {
                            throw LuaErrors.raise("callback argument given to redis.register_function must be a function");
                        }
                        callback = (LuaFunction) v;
                    } else if (key.equalsIgnoreCase("flags")) {
                        if (!v.istable()) {
                            throw LuaErrors.raise("flags argument to redis.register_function must be a table representing function flags");
                        }
                        for (int j = 1; ; j++) {
                            LuaValue fl = v.get(j);
                            if (fl.isnil()) {
                                break;
                            }
                            int bit = fl.isstring() ? ScriptFlags.ofIgnoreCase(fl.tojstring()) : 0;
                            if (bit == 0) {
                                throw LuaErrors.raise("unknown flag given");
                            }
                            flags |= bit;
                        }
                    } else {
                        throw LuaErrors.raise("unknown argument given to redis.register_function");
                    }
                }
                if (name == null) {
                    throw LuaErrors.raise("redis.register_function must get a function name argument");
                }
                if (callback == null) {
                    throw LuaErrors.raise("redis.register_function must get a callback argument");
                }
            } else {
                if (!args.arg1().isstring()) {
                    throw LuaErrors.raise("first argument to redis.register_function must be a string");
                }
                if (!args.arg(2).isfunction()) {
                    throw LuaErrors.raise("second argument to redis.register_function must be a function");
                }
                name = args.arg1().tojstring();
                callback = (LuaFunction) args.arg(2);
            }
            if (!validName(name)) {
                throw LuaErrors.raise(BAD_NAME);
            }
            if (lib.functions.containsKey(name)) {
                throw LuaErrors.raise("Function already exists in the library");
            }
            lib.functions.put(name, new Function(name, desc, flags, callback, lib));
            return NONE;
        }
    }

    static RespValue error(String text) {
        return LuaReplies.errorReply("ERR " + text);
    }

    static RespValue ok() {
        return Replies.OK;
    }
}
