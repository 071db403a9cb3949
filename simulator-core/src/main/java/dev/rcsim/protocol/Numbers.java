package dev.rcsim.protocol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Redis's number parsing and formatting rules: {@code string2ll} (strict integers), {@code strtod} for
 * floats (with inf), {@code %.17g} doubles as Redis 7.0 replies them, and INCRBYFLOAT's long-double
 * formatting ({@code %.17Lf} with trailing zeros removed). The long-double arithmetic itself is
 * {@link LongDouble}.
 */
public final class Numbers {
    private Numbers() {}

    /** Redis string2ll: optional '-', no '+', no leading zeros, no spaces, no overflow. Null when invalid. */
    public static boolean isLong(byte[] b) {
        return parseLongOrSentinel(b) != SENTINEL || isExactlyMin(b);
    }

    private static final long SENTINEL = Long.MIN_VALUE;

    private static boolean isExactlyMin(byte[] b) {
        return b.length == 20 && new String(b, StandardCharsets.ISO_8859_1).equals("-9223372036854775808");
    }

    /**
     * Parses like Redis string2ll. Throws {@link NumberFormatException} when invalid.
     */
    public static long parseLong(byte[] b) {
        long v = parseLongOrSentinel(b);
        if (v == SENTINEL && !isExactlyMin(b)) {
            throw new NumberFormatException();
        }
        return v;
    }

    /** Returns Long.MIN_VALUE for invalid input (caller must disambiguate with isExactlyMin). */
    private static long parseLongOrSentinel(byte[] b) {
        int len = b.length;
        if (len == 0 || len > 20) {
            return SENTINEL;
        }
        if (len == 1 && b[0] == '0') {
            return 0;
        }
        int i = 0;
        boolean neg = false;
        if (b[0] == '-') {
            neg = true;
            i = 1;
            if (len == 1) {
                return SENTINEL;
            }
        }
        if (b[i] < '1' || b[i] > '9') {
            return SENTINEL;
        }
        long v = 0;
        for (; i < len; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return SENTINEL;
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                // may still be exactly MIN_VALUE
                return SENTINEL;
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    /**
     * Parses a float the way Redis's getDoubleFromObject / strtod does: no leading space, the whole
     * string consumed, "inf"/"-inf"/"+inf" accepted, NaN refused. Throws NumberFormatException.
     */
    public static double parseDouble(byte[] b) {
        if (b.length == 0 || b.length > 5000) {
            throw new NumberFormatException();
        }
        String s = new String(b, StandardCharsets.ISO_8859_1);
        char c0 = s.charAt(0);
        if (Character.isWhitespace(c0) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            throw new NumberFormatException();
        }
        String lower = s.toLowerCase();
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (lower.contains("nan") || lower.endsWith("d") || lower.endsWith("f") || lower.contains("_")) {
            throw new NumberFormatException();
        }
        double d;
        if (lower.startsWith("0x") || lower.startsWith("-0x") || lower.startsWith("+0x")) {
            d = parseHexFloat(lower);
        } else {
            d = Double.parseDouble(s);
        }
        if (Double.isNaN(d)) {
            throw new NumberFormatException();
        }
        return d;
    }

    private static double parseHexFloat(String s) {
        String t = s.contains("p") ? s : s + "p0";
        return Double.parseDouble(t);
    }

    /** Formats a double as C's {@code %.17g} does, which is how Redis 7.0 replies doubles. */
    public static String formatDouble(double d) {
        return formatG(d, 17);
    }

    /** Formats a double as C's {@code %.<precision>g} does ({@code %.14g} is how Lua 5.1 prints numbers). */
    public static String formatG(double d, int precision) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal unscaled = new BigDecimal(bd.unscaledValue(), bd.precision() - 1);
            String mant = stripZeros(unscaled.toPlainString());
            String sign = exponent < 0 ? "-" : "+";
            int ae = Math.abs(exponent);
            return mant + "e" + sign + (ae < 10 ? "0" + ae : String.valueOf(ae));
        }
        return stripZeros(bd.toPlainString());
    }

    /**
     * Formats a score or INCRBYFLOAT result as Redis's {@code ld2string(..., LD_STR_HUMAN)}:
     * {@code %.17Lf} with trailing zeros (and a trailing dot) removed.
     */
    public static String formatHuman(BigDecimal v) {
        BigDecimal r = v.setScale(17, RoundingMode.HALF_EVEN);
        String s = stripZeros(r.toPlainString());
        return s.equals("-0") ? "0" : s;
    }

    /** Long-double arithmetic for INCRBYFLOAT / HINCRBYFLOAT, approximated with 19 significant digits. */



    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') {
            end--;
        }
        if (end > 0 && s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Decimal text of a long as bytes. */
    public static byte[] toBytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.ISO_8859_1);
    }
}
