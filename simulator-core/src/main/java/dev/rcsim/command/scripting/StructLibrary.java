package dev.rcsim.command.scripting;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Roberto Ierusalimschy's {@code struct} library as Redis 7.0 bundles it: {@code pack}, {@code unpack},
 * {@code size}, laid out as on x86-64 (native little endian; short 2, int 4, long/size_t 8 bytes;
 * {@code !} alone aligns to 8). Format: {@code > < ! !n} and space; {@code b B h H l L T i[n] I[n]
 * f d x c[n] s}. There is no {@code =} option in this version: it is an invalid format option.
 */
final class StructLibrary {
    private StructLibrary() {}

    private static final boolean BIG = false;
    private static final boolean LITTLE = true;
    private static final int MAXINTSIZE = 32;
    private static final int MAXALIGN = 8;

    /** Endianness and maximum alignment in force while a format is read. */
    private static final class Header {
        boolean littleEndian = LITTLE;
        int align = 1;
    }

    /** A format string being read, as the C code's {@code const char **fmt}. */
    private static final class Format {
        final byte[] text;
        int pos;

        Format(byte[] text) {
            this.text = text;
        }

        boolean more() {
            return pos < text.length;
        }

        int next() {
            return text[pos++] & 0xff;
        }

        boolean digitAhead() {
            return pos < text.length && text[pos] >= '0' && text[pos] <= '9';
        }
    }

    static LuaTable create() {
        LuaTable struct = new LuaTable();
        CFunction.register(struct, "pack", StructLibrary::pack);
        CFunction.register(struct, "unpack", StructLibrary::unpack);
        CFunction.register(struct, "size", StructLibrary::size);
        return struct;
    }

    private static int getnum(Format f, int dflt) {
        if (!f.digitAhead()) {
            return dflt;
        }
        int a = 0;
        do {
            int d = f.text[f.pos] - '0';
            if (a > Integer.MAX_VALUE / 10 || a * 10 > Integer.MAX_VALUE - d) {
                throw LibArgs.error("integral size overflow");
            }
            a = a * 10 + d;
            f.pos++;
        } while (f.digitAhead());
        return a;
    }

    private static int optsize(int opt, Format f) {
        switch (opt) {
            case 'B', 'b', 'x':
                return 1;
            case 'H', 'h':
                return 2;
            case 'L', 'l', 'T', 'd':
                return 8;
            case 'f':
                return 4;
            case 'c':
                return getnum(f, 1);
            case 'i', 'I': {
                int sz = getnum(f, 4);
                if (sz > MAXINTSIZE) {
                    throw LibArgs.error("integral size " + sz + " is larger than limit of " + MAXINTSIZE);
                }
                return sz;
            }
            default:
                return 0;
        }
    }

    private static long gettoalign(long len, Header h, int opt, long size) {
        if (size == 0 || opt == 'c') {
            return 0;
        }
        if (size > h.align) {
            size = h.align;
        }
        return (size - (len & (size - 1))) & (size - 1);
    }

    private static void controloptions(LibArgs a, int opt, Format f, Header h) {
        switch (opt) {
            case ' ':
                return;
            case '>':
                h.littleEndian = BIG;
                return;
            case '<':
                h.littleEndian = LITTLE;
                return;
            case '!': {
                int al = getnum(f, MAXALIGN);
                if (al <= 0 || (al & (al - 1)) != 0) {
                    throw LibArgs.error("alignment " + al + " is not a power of 2");
                }
                h.align = al;
                return;
            }
            default:
                throw a.argError(1, "invalid format option '" + (char) opt + "'");
        }
    }

    /** {@code (unsigned long) n} as gcc does it on x86-64 for the values that matter. */
    private static long toUnsigned(double n) {
        if (n < 0) {
            return CNumbers.toInt64(n);
        }
        if (n < 0x1p63) {
            return (long) n;
        }
        return CNumbers.toInt64(n - 0x1p63) ^ Long.MIN_VALUE;
    }

    private static void putInteger(ByteArrayOutputStream out, double n, boolean little, int size) {
        long value = toUnsigned(n);
        byte[] buf = new byte[size];
        if (little) {
            for (int i = 0; i < size; i++) {
                buf[i] = (byte) value;
                value >>>= 8;
            }
        } else {
            for (int i = size - 1; i >= 0; i--) {
                buf[i] = (byte) value;
                value >>>= 8;
            }
        }
        out.write(buf, 0, size);
    }

    private static void putBytes(ByteArrayOutputStream out, long bits, int size, boolean little) {
        byte[] buf = new byte[size];
        for (int i = 0; i < size; i++) {
            int at = little ? i : size - 1 - i;
            buf[at] = (byte) (bits >>> (8 * i));
        }
        out.write(buf, 0, size);
    }

    private static Varargs pack(LibArgs a) {
        Format f = new Format(a.checkCString(1));
        Header h = new Header();
        a.pushNil();
        int arg = 2;
        long total = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (f.more()) {
            int opt = f.next();
            long size = optsize(opt, f);
            long toalign = gettoalign(total, h, opt, size);
            total += toalign;
            while (toalign-- > 0) {
                out.write(0);
            }
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> putInteger(out, a.checkNumber(arg++), h.littleEndian, (int) size);
                case 'x' -> out.write(0);
                case 'f' -> putBytes(out, Float.floatToRawIntBits((float) a.checkNumber(arg++)) & 0xffffffffL, 4, h.littleEndian);
                case 'd' -> putBytes(out, Double.doubleToRawLongBits(a.checkNumber(arg++)), 8, h.littleEndian);
                case 'c', 's' -> {
                    LuaString s = a.checkLString(arg++);
                    long l = s.m_length;
                    if (size == 0) {
                        size = l;
                    }
                    if (l < size) {
                        throw a.argError(arg, "string too short");
                    }
                    out.write(s.m_bytes, s.m_offset, (int) size);
                    if (opt == 's') {
                        out.write(0);
                        size++;
                    }
                }
                default -> controloptions(a, opt, f, h);
            }
            total += size;
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static double getInteger(byte[] data, int at, boolean little, boolean signed, int size) {
        long l = 0;
        if (!little) {
            for (int i = 0; i < size; i++) {
                l <<= 8;
                l |= data[at + i] & 0xffL;
            }
        } else {
            for (int i = size - 1; i >= 0; i--) {
                l <<= 8;
                l |= data[at + i] & 0xffL;
            }
        }
        if (!signed) {
            return CNumbers.unsignedToDouble(l);
        }
        long mask = -1L << (size * 8 - 1);
        if ((l & mask) != 0) {
            l |= mask;
        }
        return (double) l;
    }

    private static long readBits(byte[] data, int at, int size, boolean little) {
        long bits = 0;
        for (int i = 0; i < size; i++) {
            int from = little ? at + i : at + size - 1 - i;
            bits |= (data[from] & 0xffL) << (8 * i);
        }
        return bits;
    }

    private static Varargs unpack(LibArgs a) {
        Format f = new Format(a.checkCString(1));
        byte[] data = LibArgs.bytes(a.checkLString(2));
        long ld = data.length;
        long start = a.optInteger(3, 1);
        // size_t pos: a negative offset wraps to a huge one and fails the length check below
        if (start == 0) {
            throw a.argError(3, "offset must be 1 or greater");
        }
        long pos = start - 1;
        Header h = new Header();
        List<LuaValue> results = new ArrayList<>();
        int stackBase = a.count();
        while (f.more()) {
            int opt = f.next();
            long size = optsize(opt, f);
            pos += gettoalign(pos, h, opt, size);
            if (!(Long.compareUnsigned(size, ld) <= 0 && Long.compareUnsigned(pos, ld - size) <= 0)) {
                throw a.argError(2, "data string too short");
            }
            if (stackBase + results.size() + 2 > LibArgs.MAX_C_STACK) {
                throw LibArgs.error("stack overflow (too many results)");
            }
            int p = (int) pos;
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' ->
                        results.add(LuaValue.valueOf(getInteger(data, p, h.littleEndian, Character.isLowerCase(opt), (int) size)));
                case 'x' -> {
                }
                case 'f' -> results.add(LuaValue.valueOf((double) Float.intBitsToFloat((int) readBits(data, p, 4, h.littleEndian))));
                case 'd' -> results.add(LuaValue.valueOf(Double.longBitsToDouble(readBits(data, p, 8, h.littleEndian))));
                case 'c' -> {
                    if (size == 0) {
                        Double prev = results.isEmpty() ? null : LibArgs.toNumber(results.get(results.size() - 1));
                        if (prev == null) {
                            throw LibArgs.error("format 'c0' needs a previous size");
                        }
                        size = toSizeT(prev);
                        results.remove(results.size() - 1);
                        if (!(Long.compareUnsigned(size, ld) <= 0 && Long.compareUnsigned(pos, ld - size) <= 0)) {
                            throw a.argError(2, "data string too short");
                        }
                    }
                    results.add(LuaString.valueOf(data, p, (int) size));
                }
                case 's' -> {
                    int e = p;
                    while (e < data.length && data[e] != 0) {
                        e++;
                    }
                    if (e >= data.length) {
                        throw LibArgs.error("unfinished string in data");
                    }
                    size = (e - p) + 1;
                    results.add(LuaString.valueOf(data, p, (int) size - 1));
                }
                default -> controloptions(a, opt, f, h);
            }
            pos += size;
        }
        results.add(LuaValue.valueOf((double) (pos + 1)));
        return LuaValue.varargsOf(results.toArray(new LuaValue[0]));
    }

    /** {@code (size_t) lua_Number} on x86-64. */
    private static long toSizeT(double d) {
        return toUnsigned(d);
    }

    private static Varargs size(LibArgs a) {
        Format f = new Format(a.checkCString(1));
        Header h = new Header();
        long pos = 0;
        while (f.more()) {
            int opt = f.next();
            long size = optsize(opt, f);
            pos += gettoalign(pos, h, opt, size);
            if (opt == 's') {
                throw a.argError(1, "option 's' has no fixed size");
            } else if (opt == 'c' && size == 0) {
                throw a.argError(1, "option 'c0' has no fixed size");
            }
            if (!Character.isLetterOrDigit(opt) || opt >= 0x80) {
                controloptions(a, opt, f, h);
            }
            pos += size;
        }
        return LuaValue.valueOf((double) pos);
    }
}
