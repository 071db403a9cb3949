package dev.rcsim.command.scripting;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** A library function as Lua 5.1 would see one written in C: named, checking its own arguments. */
final class CFunction extends VarArgFunction {
    /** The function's body, given its checked-argument view. */
    @FunctionalInterface
    interface Body {
        Varargs call(LibArgs args);
    }

    private final Body body;

    CFunction(String name, Body body) {
        this.name = name;
        this.body = body;
    }

    /** Sets {@code table[name]} to a new function. */
    static void register(LuaTable table, String name, Body body) {
        table.rawset(name, new CFunction(name, body));
    }

    @Override
    public Varargs invoke(Varargs args) {
        return body.call(new LibArgs(name, args));
    }
}
