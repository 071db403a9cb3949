package dev.rcsim.command.scripting;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Lua BitOp 1.0.2 ({@code bit}), as Redis loads it: 32-bit operations on Lua's doubles. A number is
 * brought to 32 bits as BitOp does, by adding 2^52+2^51 and keeping the low word of the double, so
 * out-of-range and fractional inputs wrap and round exactly as on Redis; results are signed.
 */
final class BitLibrary {
    private BitLibrary() {}

    static LuaTable create() {
        LuaTable bit = new LuaTable();
        CFunction.register(bit, "tobit", a -> ret(barg(a, 1)));
        CFunction.register(bit, "bnot", a -> ret(~barg(a, 1)));
        CFunction.register(bit, "band", a -> {
            int b = barg(a, 1);
            for (int i = a.count(); i > 1; i--) {
                b &= barg(a, i);
            }
            return ret(b);
        });
        CFunction.register(bit, "bor", a -> {
            int b = barg(a, 1);
            for (int i = a.count(); i > 1; i--) {
                b |= barg(a, i);
            }
            return ret(b);
        });
        CFunction.register(bit, "bxor", a -> {
            int b = barg(a, 1);
            for (int i = a.count(); i > 1; i--) {
                b ^= barg(a, i);
            }
            return ret(b);
        });
        CFunction.register(bit, "lshift", a -> {
            int b = barg(a, 1);
            return ret(b << (barg(a, 2) & 31));
        });
        CFunction.register(bit, "rshift", a -> {
            int b = barg(a, 1);
            return ret(b >>> (barg(a, 2) & 31));
        });
        CFunction.register(bit, "arshift", a -> {
            int b = barg(a, 1);
            return ret(b >> (barg(a, 2) & 31));
        });
        CFunction.register(bit, "rol", a -> {
            int b = barg(a, 1);
            return ret(Integer.rotateLeft(b, barg(a, 2) & 31));
        });
        CFunction.register(bit, "ror", a -> {
            int b = barg(a, 1);
            return ret(Integer.rotateRight(b, barg(a, 2) & 31));
        });
        CFunction.register(bit, "bswap", a -> ret(Integer.reverseBytes(barg(a, 1))));
        CFunction.register(bit, "tohex", BitLibrary::tohex);
        return bit;
    }

    /** BitOp's barg: lua_tonumber, the 2^52+2^51 trick, and a type error only when the result is 0. */
    private static int barg(LibArgs a, int i) {
        double n = a.toNumber(i);
        int b = (int) Double.doubleToRawLongBits(n + 6755399441055744.0);
        if (b == 0 && !a.isNumber(i)) {
            throw a.typeError(i, "number");
        }
        return b;
    }

    private static LuaValue ret(int b) {
        return LuaValue.valueOf((double) b);
    }

    private static LuaValue tohex(LibArgs a) {
        int b = barg(a, 1);
        int n = a.isNone(2) ? 8 : barg(a, 2);
        String digits = "0123456789abcdef";
        if (n < 0) {
            n = -n;
            digits = "0123456789ABCDEF";
        }
        if (n > 8) {
            n = 8;
        }
        byte[] buf = new byte[Math.max(n, 0)];
        for (int i = n; --i >= 0; ) {
            buf[i] = (byte) digits.charAt(b & 15);
            b >>>= 4;
        }
        return LuaString.valueUsing(buf);
    }
}
