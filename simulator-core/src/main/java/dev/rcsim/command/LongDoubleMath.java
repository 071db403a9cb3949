package dev.rcsim.command;

import dev.rcsim.protocol.Numbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * x87 80-bit long double arithmetic for HINCRBYFLOAT, exactly: values are rounded to a 64-bit
 * mantissa (round half to even) as strtold and the FPU do, and printed as Redis's
 * {@code ld2string(LD_STR_HUMAN)} ({@code %.17Lf}, trailing zeros removed). Subnormals are not modelled.
 */
final class LongDoubleMath {
    private LongDoubleMath() {}

    /** strtold of a decimal (or hex, via double) argument; null when not a float or NaN. */
    static BigDecimal parse(byte[] arg) {
        double d;
        try {
            d = Numbers.parseDouble(arg);
        } catch (NumberFormatException e) {
            return null;
        }
        try {
            return round(new BigDecimal(new String(arg, StandardCharsets.ISO_8859_1)));
        } catch (NumberFormatException e) {
            return Double.isInfinite(d) ? INFINITE : new BigDecimal(d);
        }
    }

    /** Marker for an infinite value (identity comparison). */
    static final BigDecimal INFINITE = new BigDecimal("1e99999");

    /** Adds in long double precision. */
    static BigDecimal add(BigDecimal a, BigDecimal b) {
        return round(a.add(b));
    }

    /** Rounds an exact value to the nearest long double (64-bit mantissa). */
    static BigDecimal round(BigDecimal v) {
        int sign = v.signum();
        if (sign == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal a = v.abs();
        BigInteger num;
        BigInteger den;
        if (a.scale() <= 0) {
            num = a.unscaledValue().multiply(BigInteger.TEN.pow(-a.scale()));
            den = BigInteger.ONE;
        } else {
            num = a.unscaledValue();
            den = BigInteger.TEN.pow(a.scale());
        }
        int e = num.bitLength() - den.bitLength() - 64;
        BigInteger m = null;
        for (int tries = 0; tries < 4; tries++) {
            m = divRound(e >= 0 ? num : num.shiftLeft(-e), e >= 0 ? den.shiftLeft(e) : den);
            int bl = m.bitLength();
            if (bl == 64) {
                break;
            }
            e += bl - 64;
        }
        BigDecimal exact = e >= 0 ? new BigDecimal(m.shiftLeft(e))
                : new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-e)), -e);
        return sign < 0 ? exact.negate() : exact;
    }

    private static BigInteger divRound(BigInteger n, BigInteger d) {
        BigInteger[] qr = n.divideAndRemainder(d);
        int c = qr[1].shiftLeft(1).compareTo(d);
        if (c > 0 || (c == 0 && qr[0].testBit(0))) {
            return qr[0].add(BigInteger.ONE);
        }
        return qr[0];
    }

    static String format(BigDecimal v) {
        return Numbers.formatHuman(v);
    }
}
