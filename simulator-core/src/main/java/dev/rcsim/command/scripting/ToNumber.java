package dev.rcsim.command.scripting;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.1's {@code tonumber(v)}: in base 10 a string is read as {@code luaO_str2d} reads it (glibc
 * strtod, so "inf", "nan", "0x1p4" and surrounding white space are numbers); LuaJ's own tonumber
 * refuses those. Other bases, and a call without an argument, are LuaJ's.
 */
final class ToNumber extends VarArgFunction {
    private final LuaValue luaj;

    ToNumber(LuaValue luaj) {
        this.luaj = luaj;
        this.name = "tonumber";
    }

    @Override
    public Varargs invoke(Varargs args) {
        if (args.narg() < 1 || !(args.isnoneornil(2) || args.arg(2).isnumber() && args.arg(2).todouble() == 10)) {
            return luaj.invoke(args);
        }
        LuaValue v = args.arg1();
        if (v.type() == TNUMBER) {
            return v;
        }
        if (v.type() == TSTRING) {
            LuaString s = v.checkstring();
            Double d = CNumbers.str2d(s.m_bytes, s.m_offset, s.m_length);
            return d == null ? NIL : valueOf(d);
        }
        return NIL;
    }
}
