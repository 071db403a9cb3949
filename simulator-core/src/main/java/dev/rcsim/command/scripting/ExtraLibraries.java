package dev.rcsim.command.scripting;

import org.luaj.vm2.Globals;

/**
 * The four C libraries Redis 7.0 loads into its Lua state besides Lua's own, written for LuaJ:
 * {@code cjson} (Lua CJSON 2.1.0), {@code cmsgpack} (lua-cmsgpack 0.4.0), {@code struct} and
 * {@code bit} (Lua BitOp 1.0.2). Replies, encodings and error texts follow the C sources Redis
 * bundles; a library error carries no "file:line:" prefix, as an error raised from C has none.
 */
final class ExtraLibraries {
    private ExtraLibraries() {}

    /** Sets the globals {@code cjson}, {@code struct}, {@code cmsgpack} and {@code bit}. */
    static void install(Globals globals) {
        globals.rawset("cjson", CjsonLibrary.create());
        globals.rawset("struct", StructLibrary.create());
        globals.rawset("cmsgpack", CmsgpackLibrary.create());
        globals.rawset("bit", BitLibrary.create());
    }
}
