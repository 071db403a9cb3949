package dev.rcsim.command.scripting;

import dev.rcsim.protocol.Numbers;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.1's {@code string.format} (lstrlib.c {@code str_format}) with C printf semantics, replacing
 * LuaJ's, which ignores width and precision of {@code %f}/{@code %e}/{@code %g}/{@code %s} and formats
 * {@code %d} as a 32-bit int. Numbers round as glibc does (exact binary value, ties to even).
 */
final class LuaFormat extends VarArgFunction {
    private static final String FLAGS = "-+ #0";

    @Override
    public Varargs invoke(Varargs args) {
        LuaString fmt = args.checkstring(1);
        byte[] f = LuaReplies.bytes(fmt);
        ByteArrayOutputStream out = new ByteArrayOutputStream(f.length + 16);
        int arg = 1;
        for (int i = 0; i < f.length; ) {
            byte c = f[i++];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i < f.length && f[i] == '%') {
                out.write('%');
                i++;
                continue;
            }
            int start = i;
            while (i < f.length && FLAGS.indexOf(f[i]) >= 0) {
                i++;
            }
            if (i - start > FLAGS.length()) {
                throw new LuaError("invalid format (repeated flags)");
            }
            String flags = new String(f, start, i - start, StandardCharsets.ISO_8859_1);
            int width = -1;
            int ws = i;
            while (i < f.length && Character.isDigit(f[i])) {
                i++;
            }
            if (i - ws > 2) {
                throw new LuaError("invalid format (width or precision too long)");
            }
            if (i > ws) {
                width = Integer.parseInt(new String(f, ws, i - ws, StandardCharsets.ISO_8859_1));
            }
            int precision = -1;
            if (i < f.length && f[i] == '.') {
                i++;
                int ps = i;
                while (i < f.length && Character.isDigit(f[i])) {
                    i++;
                }
                if (i - ps > 2) {
                    throw new LuaError("invalid format (width or precision too long)");
                }
                precision = i > ps ? Integer.parseInt(new String(f, ps, i - ps, StandardCharsets.ISO_8859_1)) : 0;
            }
            if (i >= f.length) {
                throw new LuaError("invalid option '%' to 'format'");
            }
            char conv = (char) f[i++];
            arg++;
            String body;
            switch (conv) {
                case 'c':
                    body = String.valueOf((char) (args.checkint(arg) & 0xff));
                    break;
                case 'd':
                case 'i':
                    body = integer(LuaReplies.toLong(args.checkdouble(arg)), flags, precision);
                    break;
                case 'o':
                    body = unsigned(Long.toOctalString(LuaReplies.toLong(args.checkdouble(arg))), precision, flags.contains("#") ? "0" : "");
                    break;
                case 'u':
                    body = unsigned(Long.toUnsignedString(LuaReplies.toLong(args.checkdouble(arg))), precision, "");
                    break;
                case 'x':
                case 'X': {
                    long v = LuaReplies.toLong(args.checkdouble(arg));
                    String s = unsigned(Long.toHexString(v), precision, flags.contains("#") && v != 0 ? "0x" : "");
                    body = conv == 'X' ? s.toUpperCase() : s;
                    break;
                }
                case 'e':
                case 'E':
                case 'f':
                case 'g':
                case 'G':
                    body = floating(args.checkdouble(arg), conv, flags, precision < 0 ? 6 : precision);
                    break;
                case 'q':
                    quoted(out, LuaReplies.bytes(args.checkstring(arg)));
                    continue;
                case 's': {
                    byte[] s = LuaReplies.bytes(args.checkstring(arg));
                    if (precision >= 0 && precision < s.length) {
                        s = java.util.Arrays.copyOf(s, precision);
                    }
                    pad(out, s, width, flags.contains("-"), false);
                    continue;
                }
                default:
                    throw new LuaError("invalid option '%" + conv + "' to 'format'");
            }
            boolean zero = flags.contains("0") && !flags.contains("-")
                    && !(precision >= 0 && "diouxX".indexOf(conv) >= 0) && conv != 'c';
            pad(out, body.getBytes(StandardCharsets.ISO_8859_1), width, flags.contains("-"), zero);
        }
        return LuaString.valueOf(out.toByteArray());
    }

    private static String sign(boolean negative, String flags) {
        return negative ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
    }

    private static String integer(long v, String flags, int precision) {
        String digits = v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(v));
        if (precision == 0 && v == 0) {
            digits = "";
        }
        while (digits.length() < precision) {
            digits = "0" + digits;
        }
        return sign(v < 0, flags) + digits;
    }

    private static String unsigned(String digits, int precision, String prefix) {
        while (digits.length() < precision) {
            digits = "0" + digits;
        }
        return digits.startsWith("0") && prefix.equals("0") ? digits : prefix + digits;
    }

    static String floating(double d, char conv, String flags, int precision) {
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        double a = Math.abs(d);
        String body;
        boolean upper = Character.isUpperCase(conv);
        if (Double.isNaN(d)) {
            body = "nan";
            neg = Double.doubleToRawLongBits(d) >= 0; // x86 arithmetic NaNs print as -nan
        } else if (Double.isInfinite(d)) {
            body = "inf";
        } else if (conv == 'f') {
            body = new BigDecimal(a).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
            if (precision == 0 && flags.contains("#")) {
                body += ".";
            }
        } else if (conv == 'e' || conv == 'E') {
            body = exponent(a, precision, flags.contains("#"));
        } else {
            body = Numbers.formatG(a, precision == 0 ? 1 : precision);
        }
        if (upper) {
            body = body.toUpperCase();
        }
        return sign(neg, flags) + body;
    }

    private static String exponent(double a, int precision, boolean alt) {
        if (a == 0) {
            StringBuilder sb = new StringBuilder("0");
            if (precision > 0 || alt) {
                sb.append('.');
            }
            sb.append("0".repeat(precision)).append("e+00");
            return sb.toString();
        }
        BigDecimal bd = new BigDecimal(a).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        String digits = bd.unscaledValue().toString();
        while (digits.length() < precision + 1) {
            digits = digits + "0";
        }
        digits = digits.substring(0, precision + 1);
        StringBuilder sb = new StringBuilder().append(digits.charAt(0));
        if (precision > 0 || alt) {
            sb.append('.');
        }
        sb.append(digits, 1, digits.length()).append('e').append(exp < 0 ? '-' : '+');
        int ae = Math.abs(exp);
        if (ae < 10) {
            sb.append('0');
        }
        return sb.append(ae).toString();
    }

    private static void pad(ByteArrayOutputStream out, byte[] s, int width, boolean left, boolean zero) {
        int fill = width - s.length;
        if (fill <= 0) {
            out.writeBytes(s);
            return;
        }
        if (left) {
            out.writeBytes(s);
            for (int i = 0; i < fill; i++) {
                out.write(' ');
            }
        } else if (zero) {
            int signLen = s.length > 0 && (s[0] == '-' || s[0] == '+' || s[0] == ' ') ? 1 : 0;
            out.write(s, 0, signLen);
            for (int i = 0; i < fill; i++) {
                out.write('0');
            }
            out.write(s, signLen, s.length - signLen);
        } else {
            for (int i = 0; i < fill; i++) {
                out.write(' ');
            }
            out.writeBytes(s);
        }
    }

    /** addquoted: a string Lua can read back. */
    private static void quoted(ByteArrayOutputStream out, byte[] s) {
        out.write('"');
        for (byte b : s) {
            switch (b) {
                case '"':
                case '\\':
                case '\n':
                    out.write('\\');
                    out.write(b);
                    break;
                case '\r':
                    out.writeBytes("\\r".getBytes(StandardCharsets.ISO_8859_1));
                    break;
                case 0:
                    out.writeBytes("\\000".getBytes(StandardCharsets.ISO_8859_1));
                    break;
                default:
                    out.write(b);
            }
        }
        out.write('"');
    }

    static LuaValue install(LuaValue stringTable) {
        stringTable.rawset("format", new LuaFormat());
        return stringTable;
    }
}
