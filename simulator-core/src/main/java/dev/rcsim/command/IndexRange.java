package dev.rcsim.command;

/**
 * Redis's start/end index normalisation, shared by LRANGE, LTRIM, ZRANGE and the rank forms of the
 * sorted-set commands: negative indexes count from the end, start is clamped at 0, end at len - 1,
 * and an empty range comes out as {@code from == to}.
 *
 * @param from first index (inclusive)
 * @param to last index + 1 (exclusive)
 */
public record IndexRange(long from, long to) {
    public static IndexRange of(long start, long end, long len) {
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= len) {
            return new IndexRange(0, 0);
        }
        if (end >= len) {
            end = len - 1;
        }
        return new IndexRange(start, end + 1);
    }

    public boolean isEmpty() {
        return from >= to;
    }

    /**
     * The GETRANGE / BITCOUNT / BITPOS rules: negative indexes count from the end and both ends are
     * clamped to {@code [0, len - 1]} (unlike LRANGE, a negative end before the start becomes 0).
     * Returns {start, end}, inclusive; empty when start > end.
     */
    public static long[] clampInclusive(long start, long end, long len) {
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= len) {
            end = len - 1;
        }
        return new long[] {start, end};
    }
}
