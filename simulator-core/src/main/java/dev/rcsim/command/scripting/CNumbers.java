package dev.rcsim.command.scripting;

/**
 * The C conversions Redis's bundled Lua 5.1 libraries rely on, on x86-64: glibc {@code strtod} (prefix
 * parse with inf/nan/hex floats), Lua 5.1's {@code luaO_str2d} string-to-number coercion, the
 * {@code %.14g} number-to-string coercion, and double-to-integer casts as {@code cvttsd2si} does them
 * (out of range or NaN gives the "integer indefinite" {@code INT64_MIN}).
 */
final class CNumbers {
    private CNumbers() {}

    /** Where a {@link #strtod} parse stopped (== start when nothing was parsed) and its value. */
    record Parsed(double value, int end) {}

    /** {@code (int64_t) d} on x86-64. */
    static long toInt64(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    /** {@code (int) d} on x86-64 (cvttsd2si with a 32-bit destination). */
    static int toInt32(double d) {
        if (Double.isNaN(d) || d >= 0x1p31 || d < -0x1p31) {
            return Integer.MIN_VALUE;
        }
        return (int) d;
    }

    /** {@code (double) (uint64_t) l}, correctly rounded. */
    static double unsignedToDouble(long l) {
        if (l >= 0) {
            return (double) l;
        }
        return ((double) ((l >>> 1) | (l & 1))) * 2.0;
    }

    /** Lua 5.1's tostring of a number ({@code %.14g}), as lua_tolstring converts a number argument. */
    static String numberToString(double d) {
        return LuaEngine.formatNumber(d);
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static int at(byte[] b, int i, int end) {
        return i < end ? (b[i] & 0xff) : 0;
    }

    private static boolean matchesIgnoreCase(byte[] b, int i, int end, String word) {
        for (int k = 0; k < word.length(); k++) {
            int c = at(b, i + k, end);
            if (Character.toLowerCase(c) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNanChar(int c) {
        return c >= '0' && c <= '9' || (c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c == '_';
    }

    private static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    /**
     * glibc {@code strtod} on {@code b[start..end)} (bytes past {@code end} read as NUL): leading
     * white space, a sign, then "inf"/"infinity", "nan" or "nan(chars)", a hex float or a decimal.
     */
    static Parsed strtod(byte[] b, int start, int end) {
        int i = start;
        while (isSpace(at(b, i, end))) {
            i++;
        }
        boolean negative = false;
        int c = at(b, i, end);
        if (c == '+' || c == '-') {
            negative = c == '-';
            i++;
        }
        if (matchesIgnoreCase(b, i, end, "inf")) {
            int stop = matchesIgnoreCase(b, i, end, "infinity") ? i + 8 : i + 3;
            return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, stop);
        }
        if (matchesIgnoreCase(b, i, end, "nan")) {
            int stop = i + 3;
            if (at(b, stop, end) == '(') {
                int k = stop + 1;
                while (isNanChar(at(b, k, end))) {
                    k++;
                }
                if (at(b, k, end) == ')') {
                    stop = k + 1;
                }
            }
            double nan = Double.longBitsToDouble(negative ? 0xfff8000000000000L : 0x7ff8000000000000L);
            return new Parsed(nan, stop);
        }
        if (at(b, i, end) == '0' && (at(b, i + 1, end) | 0x20) == 'x') {
            Parsed hex = hexFloat(b, i + 2, end, negative);
            if (hex != null) {
                return hex;
            }
            // "0x" without hex digits: only the "0" is a number
            return new Parsed(negative ? -0.0 : 0.0, i + 1);
        }
        int digitsStart = i;
        int digits = 0;
        while (at(b, i, end) >= '0' && at(b, i, end) <= '9') {
            i++;
            digits++;
        }
        if (at(b, i, end) == '.') {
            i++;
            while (at(b, i, end) >= '0' && at(b, i, end) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return new Parsed(0, start);
        }
        if ((at(b, i, end) | 0x20) == 'e') {
            int k = i + 1;
            if (at(b, k, end) == '+' || at(b, k, end) == '-') {
                k++;
            }
            if (at(b, k, end) >= '0' && at(b, k, end) <= '9') {
                while (at(b, k, end) >= '0' && at(b, k, end) <= '9') {
                    k++;
                }
                i = k;
            }
        }
        String text = new String(b, digitsStart, i - digitsStart, java.nio.charset.StandardCharsets.ISO_8859_1);
        double v = parseDecimal(text);
        return new Parsed(negative ? -v : v, i);
    }

    private static double parseDecimal(String text) {
        // exponents beyond what BigDecimal/Double take are clamped: the value is 0 or inf either way
        int e = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (e >= 0) {
            String exp = text.substring(e + 1);
            try {
                Integer.parseInt(exp);
            } catch (NumberFormatException tooBig) {
                boolean neg = exp.startsWith("-");
                text = text.substring(0, e) + (neg ? "e-99999" : "e99999");
            }
        }
        return Double.parseDouble(text);
    }

    private static Parsed hexFloat(byte[] b, int i, int end, boolean negative) {
        StringBuilder mant = new StringBuilder();
        int digits = 0;
        int fraction = 0;
        while (hexValue(at(b, i, end)) >= 0) {
            mant.append((char) at(b, i, end));
            i++;
            digits++;
        }
        if (at(b, i, end) == '.') {
            int k = i + 1;
            while (hexValue(at(b, k, end)) >= 0) {
                mant.append((char) at(b, k, end));
                k++;
                fraction++;
            }
            if (digits + fraction > 0) {
                i = k;
            }
        }
        if (digits + fraction == 0) {
            return null;
        }
        long exp = 0;
        if ((at(b, i, end) | 0x20) == 'p') {
            int k = i + 1;
            boolean eneg = false;
            if (at(b, k, end) == '+' || at(b, k, end) == '-') {
                eneg = at(b, k, end) == '-';
                k++;
            }
            if (at(b, k, end) >= '0' && at(b, k, end) <= '9') {
                while (at(b, k, end) >= '0' && at(b, k, end) <= '9') {
                    exp = Math.min(exp * 10 + (at(b, k, end) - '0'), 100_000);
                    k++;
                }
                i = k;
                if (eneg) {
                    exp = -exp;
                }
            }
        }
        long binaryExp = exp - 4L * fraction;
        binaryExp = Math.max(-100_000, Math.min(100_000, binaryExp));
        double v = Double.parseDouble("0x" + (mant.length() == 0 ? "0" : mant) + "p" + binaryExp);
        return new Parsed(negative ? -v : v, i);
    }

    /**
     * Lua 5.1's {@code luaO_str2d}: strtod over the whole string (a C string: it ends at the first
     * NUL), an "x" after the number re-reads it as {@code strtoul(s, 16)}, trailing white space only.
     * Returns NaN-with-a-flag via {@code null} when the string is not a number.
     */
    static Double str2d(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        Parsed p = strtod(b, off, end);
        if (p.end() == off) {
            return null;
        }
        int stop = p.end();
        double value = p.value();
        int c = at(b, stop, end);
        if (c == 'x' || c == 'X') {
            Parsed hex = strtoul16(b, off, end);
            value = hex.value();
            stop = hex.end();
        }
        while (isSpace(at(b, stop, end))) {
            stop++;
        }
        return stop >= end ? value : null;
    }

    /** {@code strtoul(s, NULL, 16)} as a double (wraps like C for a leading '-', saturates on overflow). */
    private static Parsed strtoul16(byte[] b, int i, int end) {
        while (isSpace(at(b, i, end))) {
            i++;
        }
        boolean negative = false;
        if (at(b, i, end) == '+' || at(b, i, end) == '-') {
            negative = at(b, i, end) == '-';
            i++;
        }
        if (at(b, i, end) == '0' && (at(b, i + 1, end) | 0x20) == 'x' && hexValue(at(b, i + 2, end)) >= 0) {
            i += 2;
        }
        long v = 0;
        boolean overflow = false;
        int digits = 0;
        while (hexValue(at(b, i, end)) >= 0) {
            if (Long.compareUnsigned(v, 0x0fffffffffffffffL) > 0) {
                overflow = true;
            }
            v = (v << 4) | hexValue(at(b, i, end));
            i++;
            digits++;
        }
        if (overflow) {
            v = -1L;
        } else if (negative) {
            v = -v;
        }
        return new Parsed(digits == 0 ? 0 : unsignedToDouble(v), i);
    }
}
