package dev.rcsim.command.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The arguments of one call into a library function written in C for Lua 5.1, checked as the
 * {@code luaL_check*} / {@code lua_to*} API does, with its error texts
 * ({@code bad argument #2 to 'pack' (number expected, got no value)}). The function name is the one
 * the library registers it under, which is what Lua 5.1 prints for the usual {@code lib.fn(...)} call.
 */
final class LibArgs {
    /** Lua 5.1's LUAI_MAXCSTACK: a C function may hold at most this many stack slots. */
    static final int MAX_C_STACK = 8000;

    final String function;
    final Varargs args;
    private int pushedNil = -1;

    LibArgs(String function, Varargs args) {
        this.function = function;
        this.args = args;
    }

    int count() {
        return args.narg();
    }

    LuaValue arg(int i) {
        return args.arg(i);
    }

    boolean isNone(int i) {
        return i > args.narg();
    }

    boolean isNoneOrNil(int i) {
        return isNone(i) || args.arg(i).isnil();
    }

    /** An error raised by a C function with {@code luaL_error}: see {@link LibraryError}. */
    static LuaError error(String message) {
        return LibraryError.withPosition(message);
    }

    LuaError argError(int i, String extra) {
        return LibraryError.badArgument(function, i, extra);
    }

    LuaError typeError(int i, String expected) {
        return argError(i, expected + " expected, got " + typeName(i));
    }

    String typeName(int i) {
        if (i == pushedNil) {
            return "nil";
        }
        return isNone(i) ? "no value" : args.arg(i).typename();
    }

    /**
     * Says the C function pushed a nil right after its arguments (struct.pack does, as a marker), so
     * a missing argument in that slot is reported as "got nil" rather than "got no value".
     */
    void pushNil() {
        pushedNil = args.narg() + 1;
    }

    /** {@code lua_tonumber}: a number, or a string Lua 5.1 converts; null otherwise. */
    static Double toNumber(LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) {
            return v.todouble();
        }
        if (v.type() == LuaValue.TSTRING) {
            LuaString s = v.checkstring();
            return CNumbers.str2d(s.m_bytes, s.m_offset, s.m_length);
        }
        return null;
    }

    /** {@code lua_tonumber} with 0 for anything not convertible. */
    double toNumber(int i) {
        Double d = isNone(i) ? null : toNumber(args.arg(i));
        return d == null ? 0 : d;
    }

    boolean isNumber(int i) {
        return !isNone(i) && toNumber(args.arg(i)) != null;
    }

    double checkNumber(int i) {
        Double d = isNone(i) ? null : toNumber(args.arg(i));
        if (d == null) {
            throw typeError(i, "number");
        }
        return d;
    }

    /** {@code luaL_checkinteger}: the number truncated to a 64-bit {@code lua_Integer}. */
    long checkInteger(int i) {
        return CNumbers.toInt64(checkNumber(i));
    }

    long optInteger(int i, long dflt) {
        return isNoneOrNil(i) ? dflt : checkInteger(i);
    }

    /** {@code lua_tolstring}: a string, or a number converted with {@code %.14g}; null otherwise. */
    static LuaString toLString(LuaValue v) {
        if (v.type() == LuaValue.TSTRING) {
            return v.checkstring();
        }
        if (v.type() == LuaValue.TNUMBER) {
            return LuaString.valueOf(CNumbers.numberToString(v.todouble()));
        }
        return null;
    }

    LuaString checkLString(int i) {
        LuaString s = isNone(i) ? null : toLString(args.arg(i));
        if (s == null) {
            throw typeError(i, "string");
        }
        return s;
    }

    /** {@code luaL_checkstring} as a C string: the bytes before the first NUL. */
    byte[] checkCString(int i) {
        LuaString s = checkLString(i);
        int n = 0;
        while (n < s.m_length && s.m_bytes[s.m_offset + n] != 0) {
            n++;
        }
        byte[] out = new byte[n];
        System.arraycopy(s.m_bytes, s.m_offset, out, 0, n);
        return out;
    }

    static byte[] bytes(LuaString s) {
        byte[] out = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, out, 0, s.m_length);
        return out;
    }
}
