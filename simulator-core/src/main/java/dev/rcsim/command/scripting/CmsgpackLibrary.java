package dev.rcsim.command.scripting;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * lua-cmsgpack 0.4.0 ({@code cmsgpack}) as Redis 7.0 bundles it: {@code pack(...)} encodes each
 * argument and concatenates them; {@code unpack}, {@code unpack_one}, {@code unpack_limit} decode a
 * stream. Encodings are chosen as lua_cmsgpack.c chooses them: integral numbers as the smallest
 * fixnum/uint/int, others as a float when the float is exact, else a double; a table whose keys are
 * exactly 1..n as an array (so {@code {}} is an empty array), any other as a map; tables nested 16
 * deep, functions, nil and userdata as nil. Map entries come out in table iteration order.
 */
final class CmsgpackLibrary {
    private CmsgpackLibrary() {}

    private static final int MAX_NESTING = 16;

    static LuaTable create() {
        LuaTable mp = new LuaTable();
        CFunction.register(mp, "pack", CmsgpackLibrary::pack);
        // unpack keeps all its arguments on the stack; the other two pop all but the first
        CFunction.register(mp, "unpack", a -> unpackFull(a, 0, 0, a.count()));
        CFunction.register(mp, "unpack_one", a -> {
            long offset = a.optInteger(2, 0);
            return unpackFull(a, 1, offset, 1);
        });
        CFunction.register(mp, "unpack_limit", a -> {
            long limit = a.checkInteger(2);
            long offset = a.optInteger(3, 0);
            return unpackFull(a, limit, offset, 1);
        });
        mp.rawset("_NAME", LuaValue.valueOf("cmsgpack"));
        mp.rawset("_VERSION", LuaValue.valueOf("lua-cmsgpack 0.4.0"));
        mp.rawset("_COPYRIGHT", LuaValue.valueOf("Copyright (C) 2012, Salvatore Sanfilippo"));
        mp.rawset("_DESCRIPTION", LuaValue.valueOf("MessagePack C implementation for Lua"));
        return mp;
    }

    // ---- encoding ----

    private static Varargs pack(LibArgs a) {
        int nargs = a.count();
        if (nargs == 0) {
            throw a.argError(0, "MessagePack pack needs input.");
        }
        if (nargs + nargs > LibArgs.MAX_C_STACK) {
            throw a.argError(0, "Too many arguments for MessagePack pack.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= nargs; i++) {
            encode(out, a.arg(i), 0);
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static void writeBE(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    private static void encode(ByteArrayOutputStream out, LuaValue v, int level) {
        int t = v.type();
        if (t == LuaValue.TTABLE && level == MAX_NESTING) {
            t = LuaValue.TNIL;
        }
        switch (t) {
            case LuaValue.TSTRING -> encodeBytes(out, v.checkstring());
            case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> encodeNumber(out, v.todouble());
            case LuaValue.TTABLE -> encodeTable(out, (LuaTable) v, level);
            default -> out.write(0xc0);
        }
    }

    private static void encodeBytes(ByteArrayOutputStream out, LuaString s) {
        long len = s.m_length;
        if (len < 32) {
            out.write(0xa0 | (int) len);
        } else if (len <= 0xff) {
            out.write(0xd9);
            writeBE(out, len, 1);
        } else if (len <= 0xffff) {
            out.write(0xda);
            writeBE(out, len, 2);
        } else {
            out.write(0xdb);
            writeBE(out, len, 4);
        }
        out.write(s.m_bytes, s.m_offset, s.m_length);
    }

    private static void encodeNumber(ByteArrayOutputStream out, double n) {
        if (!Double.isInfinite(n) && (double) CNumbers.toInt64(n) == n) {
            encodeInt(out, CNumbers.toInt64(n));
            return;
        }
        float f = (float) n;
        if (n == (double) f) {
            out.write(0xca);
            writeBE(out, Float.floatToRawIntBits(f) & 0xffffffffL, 4);
        } else {
            out.write(0xcb);
            writeBE(out, Double.doubleToRawLongBits(n), 8);
        }
    }

    private static void encodeInt(ByteArrayOutputStream out, long n) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                writeBE(out, n, 1);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                writeBE(out, n, 2);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                writeBE(out, n, 4);
            } else {
                out.write(0xcf);
                writeBE(out, n, 8);
            }
        } else {
            if (n >= -32) {
                out.write((int) n & 0xff);
            } else if (n >= -128) {
                out.write(0xd0);
                writeBE(out, n, 1);
            } else if (n >= -32768) {
                out.write(0xd1);
                writeBE(out, n, 2);
            } else if (n >= -2147483648L) {
                out.write(0xd2);
                writeBE(out, n, 4);
            } else {
                out.write(0xd3);
                writeBE(out, n, 8);
            }
        }
    }

    private static void encodeHeader(ByteArrayOutputStream out, long n, int fix, int code16, int code32) {
        if (n <= 15) {
            out.write(fix | (int) n);
        } else if (n <= 65535) {
            out.write(code16);
            writeBE(out, n, 2);
        } else {
            out.write(code32);
            writeBE(out, n, 4);
        }
    }

    /** table_is_an_array: every key a positive number equal to its (int) cast, and max == count. */
    private static boolean isArray(LuaTable t) {
        int count = 0;
        int max = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs kv = t.next(k);
            k = kv.arg1();
            if (k.isnil()) {
                break;
            }
            if (k.type() != LuaValue.TNUMBER) {
                return false;
            }
            double n = k.todouble();
            if (n <= 0 || Double.isInfinite(n) || (double) CNumbers.toInt32(n) != n) {
                return false;
            }
            max = Math.max((int) n, max);
            count++;
        }
        return max == count;
    }

    private static void encodeTable(ByteArrayOutputStream out, LuaTable t, int level) {
        if (isArray(t)) {
            int len = t.rawlen();
            encodeHeader(out, len, 0x90, 0xdc, 0xdd);
            for (int j = 1; j <= len; j++) {
                encode(out, t.get(j), level + 1);
            }
            return;
        }
        List<LuaValue> keys = new ArrayList<>();
        List<LuaValue> values = new ArrayList<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs kv = t.next(k);
            k = kv.arg1();
            if (k.isnil()) {
                break;
            }
            keys.add(k);
            values.add(kv.arg(2));
        }
        encodeHeader(out, keys.size(), 0x80, 0xde, 0xdf);
        for (int i = 0; i < keys.size(); i++) {
            encode(out, keys.get(i), level + 1);
            encode(out, values.get(i), level + 1);
        }
    }

    // ---- decoding ----

    /** Thrown inside the decoder when input ends early (EOF) or a byte is no known type (BADFMT). */
    private static final class DecodeFailure extends RuntimeException {
        final boolean eof;

        DecodeFailure(boolean eof) {
            super(null, null, false, false);
            this.eof = eof;
        }
    }

    /** The cursor over the input, and how many Lua stack slots the C decoder would hold now. */
    private static final class Cursor {
        final byte[] b;
        int p;
        int stackTop;

        Cursor(byte[] b, int p, int stackTop) {
            this.b = b;
            this.p = p;
            this.stackTop = stackTop;
        }

        long left() {
            return b.length - p;
        }

        void need(long n) {
            if (left() < n) {
                throw new DecodeFailure(true);
            }
        }

        int u8(int off) {
            return b[p + off] & 0xff;
        }

        long be(int off, int bytes) {
            long v = 0;
            for (int i = 0; i < bytes; i++) {
                v = (v << 8) | u8(off + i);
            }
            return v;
        }

        void checkStack(int slots, String message) {
            if (stackTop + slots > LibArgs.MAX_C_STACK) {
                throw LibArgs.error("stack overflow (" + message + ")");
            }
        }
    }

    private static Varargs unpackFull(LibArgs a, long limit, long offset, int stackInUse) {
        boolean decodeAll = limit == 0 && offset == 0;
        LuaString s = a.checkLString(1);
        long len = s.m_length;
        if (offset < 0 || limit < 0) {
            throw LibArgs.error("Invalid request to unpack with offset of " + (int) offset + " and limit of " + (int) len + ".");
        } else if (offset > len) {
            throw LibArgs.error("Start offset " + (int) offset + " greater than input length " + (int) len + ".");
        }
        if (decodeAll) {
            limit = Integer.MAX_VALUE;
        }
        byte[] data = LibArgs.bytes(s);
        Cursor c = new Cursor(data, (int) offset, stackInUse);
        List<LuaValue> out = new ArrayList<>();
        for (int cnt = 0; c.left() > 0 && cnt < limit; cnt++) {
            try {
                out.add(decode(c));
            } catch (DecodeFailure f) {
                throw LibArgs.error(f.eof ? "Missing bytes in input." : "Bad data format in input.");
            }
            c.stackTop++;
        }
        if (!decodeAll) {
            long newOffset = len - c.left();
            out.add(0, LuaValue.valueOf((double) (c.left() == 0 ? -1 : newOffset)));
        }
        return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
    }

    private static LuaValue decode(Cursor c) {
        c.need(1);
        c.checkStack(1, "too many return values at once; use unpack_one or unpack_limit instead.");
        int type = c.u8(0);
        switch (type) {
            case 0xcc -> {
                c.need(2);
                return consume(c, 2, c.u8(1));
            }
            case 0xd0 -> {
                c.need(2);
                return consume(c, 2, (byte) c.u8(1));
            }
            case 0xcd -> {
                c.need(3);
                return consume(c, 3, c.be(1, 2));
            }
            case 0xd1 -> {
                c.need(3);
                return consume(c, 3, (short) c.be(1, 2));
            }
            case 0xce -> {
                c.need(5);
                return consume(c, 5, c.be(1, 4));
            }
            case 0xd2 -> {
                c.need(5);
                return consume(c, 5, (int) c.be(1, 4));
            }
            case 0xcf, 0xd3 -> {
                // uint 64 goes through lua_pushinteger: values past 2^63 wrap negative
                c.need(9);
                return consume(c, 9, c.be(1, 8));
            }
            case 0xc0 -> {
                c.p += 1;
                return LuaValue.NIL;
            }
            case 0xc3 -> {
                c.p += 1;
                return LuaValue.TRUE;
            }
            case 0xc2 -> {
                c.p += 1;
                return LuaValue.FALSE;
            }
            case 0xca -> {
                c.need(5);
                double f = Float.intBitsToFloat((int) c.be(1, 4));
                c.p += 5;
                return LuaValue.valueOf(f);
            }
            case 0xcb -> {
                c.need(9);
                double d = Double.longBitsToDouble(c.be(1, 8));
                c.p += 9;
                return LuaValue.valueOf(d);
            }
            case 0xd9 -> {
                c.need(2);
                return string(c, 2, c.u8(1));
            }
            case 0xda -> {
                c.need(3);
                return string(c, 3, c.be(1, 2));
            }
            case 0xdb -> {
                c.need(5);
                long l = c.be(1, 4);
                c.p += 5;
                return string(c, 0, l);
            }
            case 0xdc -> {
                c.need(3);
                long l = c.be(1, 2);
                c.p += 3;
                return array(c, l);
            }
            case 0xdd -> {
                c.need(5);
                long l = c.be(1, 4);
                c.p += 5;
                return array(c, l);
            }
            case 0xde -> {
                c.need(3);
                long l = c.be(1, 2);
                c.p += 3;
                return map(c, l);
            }
            case 0xdf -> {
                c.need(5);
                long l = c.be(1, 4);
                c.p += 5;
                return map(c, l);
            }
            default -> {
                if ((type & 0x80) == 0) {
                    c.p += 1;
                    return LuaValue.valueOf(type);
                } else if ((type & 0xe0) == 0xe0) {
                    c.p += 1;
                    return LuaValue.valueOf((byte) type);
                } else if ((type & 0xe0) == 0xa0) {
                    return string(c, 1, type & 0x1f);
                } else if ((type & 0xf0) == 0x90) {
                    c.p += 1;
                    return array(c, type & 0xf);
                } else if ((type & 0xf0) == 0x80) {
                    c.p += 1;
                    return map(c, type & 0xf);
                }
                throw new DecodeFailure(false);
            }
        }
    }

    private static LuaValue consume(Cursor c, int bytes, long value) {
        c.p += bytes;
        return LuaValue.valueOf((double) value);
    }

    private static LuaValue string(Cursor c, int header, long l) {
        c.need(header + l);
        LuaValue s = LuaString.valueOf(c.b, c.p + header, (int) l);
        c.p += header + (int) l;
        return s;
    }

    private static LuaValue array(Cursor c, long len) {
        LuaTable t = new LuaTable();
        c.stackTop++;
        c.checkStack(1, "in function mp_decode_to_lua_array");
        int index = 1;
        while (len-- > 0) {
            c.stackTop++;
            LuaValue v = decode(c);
            c.stackTop--;
            t.rawset(index++, v);
        }
        c.stackTop--;
        return t;
    }

    private static LuaValue map(Cursor c, long len) {
        LuaTable t = new LuaTable();
        c.stackTop++;
        while (len-- > 0) {
            LuaValue k = decode(c);
            c.stackTop++;
            LuaValue v = decode(c);
            c.stackTop--;
            if (k.isnil()) {
                throw LibraryError.withoutPosition("table index is nil");
            }
            if (k.type() == LuaValue.TNUMBER && Double.isNaN(k.todouble())) {
                throw LibraryError.withoutPosition("table index is NaN");
            }
            t.rawset(k, v);
        }
        c.stackTop--;
        return t;
    }
}
