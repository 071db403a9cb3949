package dev.rcsim.command.scripting;

/**
 * LZF, the compression RDB uses for strings: {@link #compress} follows liblzf's {@code lzf_compress} as
 * Redis 7.0 compiles it (HLOG 16, VERY_FAST on, ULTRA_FAST off, the same hash and the same
 * output-limit checks), so the bytes it produces are the bytes Redis writes. One difference: Redis
 * leaves its hash table uninitialised (INIT_HTAB 0); entries left from an earlier call can only ever be
 * taken as matches when they point inside the current input, which this models as an empty table.
 */
final class Lzf {
    private Lzf() {}

    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /**
     * {@code lzf_compress(in, in.length, out, outLen)}: the compressed bytes, or null where liblzf
     * returns 0 (empty input, or the output would not fit in {@code outLen} bytes).
     */
    static byte[] compress(byte[] in, int outLen) {
        int inLen = in.length;
        if (inLen == 0 || outLen <= 0) {
            return null;
        }
        int[] htab = new int[HSIZE]; // position + 1; 0 is an empty slot
        byte[] out = new byte[outLen + 2];
        int ip = 0;
        int inEnd = inLen;
        int op = 0;
        int outEnd = outLen;
        int lit = 0;
        op++; // start run
        int hval = ((in[0] & 0xff) << 8) | (in[1] & 0xff);
        while (ip < inEnd - 2) {
            hval = (hval << 8) | (in[ip + 2] & 0xff);
            int slot = idx(hval);
            int ref = htab[slot] - 1;
            htab[slot] = ip + 1;
            int off;
            if (ref > 0 && (off = ip - ref - 1) < MAX_OFF
                    && in[ref + 2] == in[ip + 2] && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxlen = inEnd - ip - len;
                maxlen = Math.min(maxlen, MAX_REF);
                if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd) {
                    return null;
                }
                out[op - lit - 1] = (byte) (lit - 1); // stop run
                op -= lit == 0 ? 1 : 0; // undo run if length is zero
                match:
                {
                    if (maxlen > 16) {
                        for (int i = 0; i < 16; i++) {
                            len++;
                            if (in[ref + len] != in[ip + len]) {
                                break match;
                            }
                        }
                    }
                    do {
                        len++;
                    } while (len < maxlen && in[ref + len] == in[ip + len]);
                }
                len -= 2; // len is now #octets - 1
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // start run
                ip += len + 1;
                if (ip >= inEnd - 2) {
                    break;
                }
                ip -= 2;
                hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip + 1;
                ip++;
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip + 1;
                ip++;
            } else {
                if (op >= outEnd) {
                    return null;
                }
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outEnd) {
            return null;
        }
        while (ip < inEnd) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1); // end run
        op -= lit == 0 ? 1 : 0;
        return java.util.Arrays.copyOf(out, op);
    }

    /** LZF decompression (liblzf's format, which RDB uses for compressed strings). */
    static byte[] decompress(byte[] in, int off, int len, int outLen) {
        byte[] out = new byte[outLen];
        int ip = off;
        int end = off + len;
        int op = 0;
        while (ip < end) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) {
                int run = ctrl + 1;
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int length = ctrl >> 5;
                if (length == 7) {
                    length += in[ip++] & 0xff;
                }
                int ref = op - ((ctrl & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
                if (ref < 0) {
                    throw new IndexOutOfBoundsException();
                }
                for (int i = 0; i < length + 2; i++) {
                    out[op++] = out[ref++];
                }
            }
        }
        if (op != outLen) {
            throw new IndexOutOfBoundsException();
        }
        return out;
    }
}
