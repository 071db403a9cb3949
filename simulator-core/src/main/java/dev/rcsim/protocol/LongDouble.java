package dev.rcsim.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Exact emulation of the x86-64 80-bit {@code long double} arithmetic behind INCRBYFLOAT: values are
 * kept as exact decimals that are always rounded to a 64-bit binary mantissa (round half to even), as
 * {@code strtold} and the FPU do, so {@code %.17Lf} output ({@link Numbers#formatHuman}) matches Redis
 * digit for digit. Subnormal long doubles are not modelled (values that small are refused as underflow
 * anyway by Redis's string2ld unless they are merely subnormal).
 */
public final class LongDouble {
    private LongDouble() {}

    private static final int MANTISSA_BITS = 64;
    private static final int MAX_EXP = 16384; // values >= 2^16384 overflow to inf
    private static final int MIN_EXP = -16445; // below the smallest subnormal: underflow to 0

    /** Thrown for an infinite operand or result (Redis: "increment would produce NaN or Infinity"). */
    public static final class InfiniteException extends ArithmeticException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Redis's string2ld: the text as a long double, exact; NumberFormatException when Redis would reply
     * "value is not a valid float" (spaces, junk, nan, overflow, underflow to zero), InfiniteException
     * for "inf".
     */
    public static BigDecimal parse(byte[] b) {
        if (b.length == 0 || b.length > 5 * 1024) {
            throw new NumberFormatException();
        }
        String s = new String(b, StandardCharsets.ISO_8859_1);
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            throw new InfiniteException();
        }
        BigDecimal exact;
        if (unsigned.startsWith("0x")) {
            double d = Numbers.parseDouble(b);
            if (Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            exact = new BigDecimal(d);
        } else {
            for (int i = 0; i < unsigned.length(); i++) {
                char ch = unsigned.charAt(i);
                if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == '+' || ch == '-')) {
                    throw new NumberFormatException();
                }
            }
            exact = new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
        }
        BigDecimal r = round(exact);
        if (r == null) {
            throw new NumberFormatException();
        }
        if (r.signum() == 0 && exact.signum() != 0) {
            throw new NumberFormatException(); // underflow
        }
        return r;
    }

    /** a + b rounded to long double; InfiniteException on overflow. */
    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        BigDecimal r = round(a.add(b));
        if (r == null) {
            throw new InfiniteException();
        }
        return r;
    }

    /** Rounds an exact value to the nearest long double; null when it overflows. */
    static BigDecimal round(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        boolean neg = x.signum() < 0;
        BigDecimal a = x.abs();
        double est = a.unscaledValue().bitLength() - a.scale() * 3.321928094887362;
        int e = (int) Math.floor(est) - MANTISSA_BITS;
        if (e > MAX_EXP + 8) {
            return null;
        }
        if (e < MIN_EXP - 80) {
            return BigDecimal.ZERO;
        }
        BigInteger m;
        while (true) {
            m = scaled(a, e, RoundingMode.FLOOR);
            int bits = m.bitLength();
            if (bits > MANTISSA_BITS) {
                e += bits - MANTISSA_BITS;
            } else if (bits < MANTISSA_BITS) {
                e -= MANTISSA_BITS - bits;
            } else {
                break;
            }
        }
        m = scaled(a, e, RoundingMode.HALF_EVEN);
        if (m.bitLength() > MANTISSA_BITS) {
            m = m.shiftRight(1);
            e++;
        }
        if (e + MANTISSA_BITS > MAX_EXP) {
            return null;
        }
        if (e + MANTISSA_BITS <= MIN_EXP) {
            return BigDecimal.ZERO;
        }
        BigDecimal r = e >= 0 ? new BigDecimal(m.shiftLeft(e))
                : new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-e)), -e);
        return neg ? r.negate() : r;
    }

    /** a / 2^e rounded to an integer. */
    private static BigInteger scaled(BigDecimal a, int e, RoundingMode mode) {
        BigDecimal q = e >= 0 ? a.divide(new BigDecimal(BigInteger.ONE.shiftLeft(e)))
                : a.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(-e)));
        return q.setScale(0, mode).toBigIntegerExact();
    }
}
