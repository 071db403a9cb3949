package dev.rcsim.command.hll;

import java.util.Arrays;

/**
 * A HyperLogLog as Redis 7.0 stores it inside a string value (hyperloglog.c): a 16-byte header
 * ("HYLL", encoding byte 0 dense / 1 sparse, 3 unused bytes, the cached cardinality as 8 little-endian
 * bytes whose top bit marks it stale), then either 16384 six-bit registers packed LSB first (dense,
 * 12304 bytes in all) or the sparse run-length opcodes ZERO {@code 00xxxxxx}, XZERO
 * {@code 01xxxxxx xxxxxxxx} and VAL {@code 1vvvvvxx}. Every operation rewrites the bytes exactly as
 * Redis does, including its in-place opcode splitting and merging, so the string a client reads back
 * is byte-identical. An instance is a working copy of one value (never the caller's array); reading
 * one past the end yields 0 like the NUL terminator of an sds string.
 */
final class Hll {
    static final int HDR = 16;
    static final int P = 14;
    static final int Q = 64 - P;
    static final int REGISTERS = 1 << P;
    static final int DENSE_SIZE = HDR + (REGISTERS * 6 + 7) / 8;
    static final int DENSE = 0;
    static final int SPARSE = 1;
    private static final int VAL_MAX_VALUE = 32;
    private static final int VAL_MAX_LEN = 4;
    private static final int ZERO_MAX_LEN = 64;
    private static final int XZERO_MAX_LEN = 16384;
    private static final double ALPHA_INF = 0.721347520444481703680;
    private static final long SEED = 0xadc83b19L;

    private byte[] buf;
    private int len;

    private Hll(byte[] value) {
        this.buf = Arrays.copyOf(value, value.length + 8);
        this.len = value.length;
    }

    /** A working copy of the value's bytes (already checked with {@link #isValid}). */
    static Hll of(byte[] value) {
        return new Hll(value);
    }

    /** createHLLObject: an empty sparse HLL, one XZERO opcode covering every register. */
    static Hll empty() {
        byte[] b = new byte[HDR + 2];
        b[0] = 'H';
        b[1] = 'Y';
        b[2] = 'L';
        b[3] = 'L';
        b[4] = SPARSE;
        b[HDR] = (byte) (0x40 | ((XZERO_MAX_LEN - 1) >> 8));
        b[HDR + 1] = (byte) ((XZERO_MAX_LEN - 1) & 0xff);
        return new Hll(b);
    }

    /** The current bytes of the value. */
    byte[] bytes() {
        return Arrays.copyOf(buf, len);
    }

    int encoding() {
        return buf[4] & 0xff;
    }

    /** isHLLObjectOrReply's checks once the value is known to be a non-int-encoded string. */
    static boolean isValid(byte[] b) {
        if (b.length < HDR || b[0] != 'H' || b[1] != 'Y' || b[2] != 'L' || b[3] != 'L') {
            return false;
        }
        int enc = b[4] & 0xff;
        return enc <= SPARSE && (enc != DENSE || b.length == DENSE_SIZE);
    }

    private static int at(byte[] b, int limit, int i) {
        return i < limit ? b[i] & 0xff : 0;
    }

    private int at(int i) {
        return i < len ? buf[i] & 0xff : 0;
    }

    // ---- hashing ----

    /** MurmurHash64A as Redis uses it (endian-neutral, little-endian words). */
    static long murmur64a(byte[] data, long seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int n = data.length;
        long h = seed ^ ((long) n * m);
        int blocks = n - (n & 7);
        for (int i = 0; i < blocks; i += 8) {
            long k = (data[i] & 0xffL) | (data[i + 1] & 0xffL) << 8 | (data[i + 2] & 0xffL) << 16
                    | (data[i + 3] & 0xffL) << 24 | (data[i + 4] & 0xffL) << 32 | (data[i + 5] & 0xffL) << 40
                    | (data[i + 6] & 0xffL) << 48 | (data[i + 7] & 0xffL) << 56;
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int rest = n & 7;
        if (rest > 0) {
            for (int j = rest - 1; j >= 0; j--) {
                h ^= (data[blocks + j] & 0xffL) << (8 * j);
            }
            h *= m;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }

    /** hllPatLen: the register index in the low 32 bits, the run length (1..51) in the high ones. */
    private static long patLen(byte[] ele) {
        long hash = murmur64a(ele, SEED);
        long index = hash & (REGISTERS - 1);
        hash >>>= P;
        hash |= 1L << Q;
        int count = Long.numberOfTrailingZeros(hash) + 1;
        return ((long) count << 32) | index;
    }

    // ---- dense registers ----

    private static int denseGet(byte[] b, int limit, int reg) {
        int byteIdx = HDR + reg * 6 / 8;
        int fb = reg * 6 & 7;
        int b0 = at(b, limit, byteIdx);
        int b1 = at(b, limit, byteIdx + 1);
        return ((b0 >>> fb) | (b1 << (8 - fb))) & 63;
    }

    private void denseSetRaw(int reg, int val) {
        int byteIdx = HDR + reg * 6 / 8;
        int fb = reg * 6 & 7;
        int fb8 = 8 - fb;
        buf[byteIdx] = (byte) ((buf[byteIdx] & ~(63 << fb)) | (val << fb));
        if (byteIdx + 1 < len) {
            buf[byteIdx + 1] = (byte) ((buf[byteIdx + 1] & ~(63 >>> fb8)) | (val >>> fb8));
        }
    }

    /** hllDenseSet: raises the register to count; 1 when it changed. */
    private int denseSet(int reg, int count) {
        if (count > denseGet(buf, len, reg)) {
            denseSetRaw(reg, count);
            return 1;
        }
        return 0;
    }

    /** Register {@code reg} of a dense HLL. */
    int register(int reg) {
        return denseGet(buf, len, reg);
    }

    // ---- sparse ----

    private static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    private static boolean isXzero(int op) {
        return (op & 0xc0) == 0x40;
    }

    private static boolean isVal(int op) {
        return (op & 0x80) != 0;
    }

    /** The number of registers the opcode at {@code p} covers. */
    private static int runLength(byte[] b, int limit, int p) {
        int op = b[p] & 0xff;
        if (isZero(op)) {
            return (op & 0x3f) + 1;
        }
        if (isXzero(op)) {
            return (((op & 0x3f) << 8) | at(b, limit, p + 1)) + 1;
        }
        return (op & 3) + 1;
    }

    private static int valOp(int val, int runlen) {
        return ((val - 1) << 2 | (runlen - 1)) | 0x80;
    }

    /**
     * hllSparseToDense: false (and unchanged) when the sparse opcodes do not cover exactly 16384
     * registers. An opcode running past register 16383 is corruption even when the count ends at
     * 16384, as the redis-server 7.0.15 build rcsim is checked against behaves (the 7.0.15 source
     * tarball stopped there silently; later security releases reject it).
     */
    boolean toDense() {
        if (encoding() == DENSE) {
            return true;
        }
        byte[] old = buf;
        int oldLen = len;
        byte[] dense = new byte[DENSE_SIZE + 8];
        System.arraycopy(old, 0, dense, 0, HDR);
        dense[4] = DENSE;
        buf = dense;
        len = DENSE_SIZE;
        int idx = 0;
        int p = HDR;
        while (p < oldLen) {
            int op = old[p] & 0xff;
            int runlen = runLength(old, oldLen, p);
            if (runlen + idx > REGISTERS) {
                idx = -1;
                break;
            }
            if (isZero(op)) {
                idx += runlen;
                p++;
            } else if (isXzero(op)) {
                idx += runlen;
                p += 2;
            } else {
                int val = ((op >>> 2) & 0x1f) + 1;
                while (runlen-- > 0) {
                    denseSetRaw(idx, val);
                    idx++;
                }
                p++;
            }
        }
        if (idx != REGISTERS) {
            buf = old;
            len = oldLen;
            return false;
        }
        return true;
    }

    private void ensureRoom(int extra) {
        if (buf.length < len + extra + 1) {
            buf = Arrays.copyOf(buf, Math.max(len + extra + 1, buf.length * 2));
        }
    }

    /**
     * hllSparseSet: raises register {@code index} to {@code count}, splitting the covering opcode and
     * merging equal neighbouring VALs, or promoting to dense when the value exceeds 32 or the string
     * would grow past {@code maxBytes}. Returns 1 when changed, 0 when not, -1 for a corrupted HLL.
     */
    private int sparseSet(int index, int count, long maxBytes) {
        if (count > VAL_MAX_VALUE) {
            return promote(index, count);
        }
        ensureRoom(3);
        final int sparse = HDR;
        int p = sparse;
        int end = len;
        long first = 0;
        int prev = -1;
        long span = 0;
        while (p < end) {
            int oplen = 1;
            int op = buf[p] & 0xff;
            if (isZero(op)) {
                span = (op & 0x3f) + 1;
            } else if (isVal(op)) {
                span = (op & 3) + 1;
            } else {
                span = (((op & 0x3f) << 8) | at(p + 1)) + 1;
                oplen = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) {
            return -1;
        }
        int op = buf[p] & 0xff;
        int next = isXzero(op) ? p + 2 : p + 1;
        if (next >= end) {
            next = -1;
        }
        boolean zero = isZero(op);
        boolean xzero = isXzero(op);
        boolean val = !zero && !xzero;
        long runlen = zero ? (op & 0x3f) + 1 : xzero ? (((op & 0x3f) << 8) | at(p + 1)) + 1 : (op & 3) + 1;

        boolean updatedInPlace = false;
        if (val) {
            int old = ((op >>> 2) & 0x1f) + 1;
            if (old >= count) {
                return 0;
            }
            if (runlen == 1) {
                buf[p] = (byte) valOp(count, 1);
                updatedInPlace = true;
            }
        }
        if (!updatedInPlace && zero && runlen == 1) {
            buf[p] = (byte) valOp(count, 1);
            updatedInPlace = true;
        }
        if (!updatedInPlace) {
            byte[] seq = new byte[5];
            int n = 0;
            long last = first + span - 1;
            if (zero || xzero) {
                if (index != first) {
                    n = putZeros(seq, n, (int) (index - first));
                }
                seq[n++] = (byte) valOp(count, 1);
                if (index != last) {
                    n = putZeros(seq, n, (int) (last - index));
                }
            } else {
                int curval = ((op >>> 2) & 0x1f) + 1;
                if (index != first) {
                    seq[n++] = (byte) valOp(curval, (int) (index - first));
                }
                seq[n++] = (byte) valOp(count, 1);
                if (index != last) {
                    seq[n++] = (byte) valOp(curval, (int) (last - index));
                }
            }
            int oldlen = xzero ? 2 : 1;
            int delta = n - oldlen;
            if (delta > 0 && (long) len + delta > maxBytes) {
                return promote(index, count);
            }
            if (delta != 0 && next >= 0) {
                System.arraycopy(buf, next, buf, next + delta, end - next);
            }
            len += delta;
            System.arraycopy(seq, 0, buf, p, n);
            end += delta;
        }

        // Step 4: merge adjacent VAL opcodes with the same value, scanning up to 5 opcodes from prev.
        p = prev >= 0 ? prev : sparse;
        int scanlen = 5;
        while (p < end && scanlen-- != 0) {
            int o = buf[p] & 0xff;
            if (isXzero(o)) {
                p += 2;
                continue;
            } else if (isZero(o)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(buf[p + 1] & 0xff)) {
                int o2 = buf[p + 1] & 0xff;
                int v1 = ((o >>> 2) & 0x1f) + 1;
                int v2 = ((o2 >>> 2) & 0x1f) + 1;
                if (v1 == v2) {
                    int l = (o & 3) + 1 + (o2 & 3) + 1;
                    if (l <= VAL_MAX_LEN) {
                        buf[p + 1] = (byte) valOp(v1, l);
                        System.arraycopy(buf, p + 1, buf, p, end - p - 1);
                        len--;
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        invalidateCache();
        return 1;
    }

    private static int putZeros(byte[] seq, int n, int runlen) {
        if (runlen > ZERO_MAX_LEN) {
            seq[n] = (byte) (((runlen - 1) >> 8) | 0x40);
            seq[n + 1] = (byte) ((runlen - 1) & 0xff);
            return n + 2;
        }
        seq[n] = (byte) (runlen - 1);
        return n + 1;
    }

    private int promote(int index, int count) {
        if (!toDense()) {
            return -1;
        }
        denseSet(index, count);
        return 1;
    }

    /** hllAdd: 1 when a register changed, 0 when not, -1 for a corrupted HLL. */
    int add(byte[] ele, long maxBytes) {
        long pl = patLen(ele);
        int index = (int) pl;
        int count = (int) (pl >>> 32);
        if (encoding() == DENSE) {
            return denseSet(index, count);
        }
        return sparseSet(index, count, maxBytes);
    }

    /** PFMERGE's write of one merged register into this (destination) HLL. */
    void raise(int index, int count, long maxBytes) {
        if (encoding() == DENSE) {
            denseSet(index, count);
        } else {
            sparseSet(index, count, maxBytes);
        }
    }

    // ---- cached cardinality ----

    void invalidateCache() {
        buf[15] |= (byte) 0x80;
    }

    boolean cacheValid() {
        return (buf[15] & 0x80) == 0;
    }

    long cachedCard() {
        long card = 0;
        for (int i = 7; i >= 0; i--) {
            card = (card << 8) | (buf[8 + i] & 0xff);
        }
        return card;
    }

    void setCachedCard(long card) {
        for (int i = 0; i < 8; i++) {
            buf[8 + i] = (byte) (card >>> (8 * i));
        }
    }

    // ---- merge and count ----

    /** hllMerge: max[i] = MAX(max[i], register i); false for a corrupted sparse HLL (see {@link #toDense}). */
    static boolean mergeInto(byte[] max, byte[] b) {
        int limit = b.length;
        if ((b[4] & 0xff) == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                int v = denseGet(b, limit, i);
                if (v > max[i]) {
                    max[i] = (byte) v;
                }
            }
            return true;
        }
        int i = 0;
        int p = HDR;
        while (p < limit) {
            int op = b[p] & 0xff;
            int runlen = runLength(b, limit, p);
            if (runlen + i > REGISTERS) {
                return false;
            }
            if (isZero(op)) {
                i += runlen;
                p++;
            } else if (isXzero(op)) {
                i += runlen;
                p += 2;
            } else {
                int val = ((op >>> 2) & 0x1f) + 1;
                while (runlen-- > 0) {
                    if (val > max[i]) {
                        max[i] = (byte) val;
                    }
                    i++;
                }
                p++;
            }
        }
        return i == REGISTERS;
    }

    /** hllCount of this HLL; -1 when its sparse opcodes do not cover exactly 16384 registers. */
    long count() {
        int[] histo = new int[64];
        if (encoding() == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                histo[denseGet(buf, len, i)]++;
            }
        } else {
            long idx = 0;
            int p = HDR;
            while (p < len) {
                int op = buf[p] & 0xff;
                if (isZero(op)) {
                    int runlen = (op & 0x3f) + 1;
                    idx += runlen;
                    histo[0] += runlen;
                    p++;
                } else if (isXzero(op)) {
                    int runlen = (((op & 0x3f) << 8) | at(p + 1)) + 1;
                    idx += runlen;
                    histo[0] += runlen;
                    p += 2;
                } else {
                    int runlen = (op & 3) + 1;
                    idx += runlen;
                    histo[((op >>> 2) & 0x1f) + 1] += runlen;
                    p++;
                }
            }
            if (idx != REGISTERS) {
                return -1;
            }
        }
        return estimate(histo);
    }

    /** hllCount of the HLL_RAW form: one byte per register. */
    static long countRaw(byte[] registers) {
        int[] histo = new int[64];
        for (int i = 0; i < REGISTERS; i++) {
            histo[registers[i]]++;
        }
        return estimate(histo);
    }

    /** Ertl's improved raw estimator, as Redis 7.0 computes it from the register histogram. */
    private static long estimate(int[] histo) {
        double m = REGISTERS;
        double z = m * tau((m - histo[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histo[j];
            z *= 0.5;
        }
        z += m * sigma(histo[0] / m);
        double e = ALPHA_INF * m * m / z;
        return Math.round(e);
    }

    private static double sigma(double x) {
        if (x == 1.) {
            return Double.POSITIVE_INFINITY;
        }
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0. || x == 1.) {
            return 0.;
        }
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (zPrime != z);
        return z / 3;
    }

    /** PFDEBUG DECODE's text of the sparse opcodes ("z:n", "Z:n", "v:value,len" separated by spaces). */
    String decode() {
        StringBuilder sb = new StringBuilder();
        int p = HDR;
        while (p < len) {
            int op = buf[p] & 0xff;
            if (isZero(op)) {
                sb.append("z:").append((op & 0x3f) + 1).append(' ');
                p++;
            } else if (isXzero(op)) {
                sb.append("Z:").append((((op & 0x3f) << 8) | at(p + 1)) + 1).append(' ');
                p += 2;
            } else {
                sb.append("v:").append(((op >>> 2) & 0x1f) + 1).append(',').append((op & 3) + 1).append(' ');
                p++;
            }
        }
        int n = sb.length();
        while (n > 0 && sb.charAt(n - 1) == ' ') {
            n--;
        }
        return sb.substring(0, n);
    }
}
