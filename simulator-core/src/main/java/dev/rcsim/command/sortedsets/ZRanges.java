package dev.rcsim.command.sortedsets;

import dev.rcsim.command.IndexRange;
import dev.rcsim.command.ReplyException;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.ZSetValue;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;

/**
 * Score and lex range arguments of sorted set commands (Redis's zslParseRange and
 * zslParseLexRange), and their translation into a half-open interval of ascending ranks.
 */
final class ZRanges {
    private ZRanges() {}

    static final RespValue NOT_FLOAT_RANGE = Replies.error("ERR min or max is not a float");
    static final RespValue NOT_LEX_RANGE = Replies.error("ERR min or max not valid string range item");

    /** A rank interval {@code [from, to)}. */
    record Ranks(long from, long to) {
        boolean isEmpty() {
            return to <= from;
        }

        long size() {
            return Math.max(0, to - from);
        }
    }

    /** A parsed score range. */
    record Score(double min, boolean minEx, double max, boolean maxEx) {
        boolean isEmpty() {
            return min > max || (min == max && (minEx || maxEx));
        }

        Ranks ranks(ZSetValue z) {
            if (isEmpty()) {
                return new Ranks(0, 0);
            }
            return new Ranks(z.countBelowScore(min, minEx), z.countUpToScore(max, maxEx));
        }
    }

    /** A parsed lex range; a null bound with {@code inf} set is '-' or '+'. */
    record Lex(Bytes min, boolean minEx, int minInf, Bytes max, boolean maxEx, int maxInf) {
        boolean isEmpty() {
            if (minInf > 0 || maxInf < 0) {
                return true;
            }
            if (minInf < 0 || maxInf > 0) {
                return false;
            }
            int c = min.compareTo(max);
            return c > 0 || (c == 0 && (minEx || maxEx));
        }

        Ranks ranks(ZSetValue z) {
            return ranks(z, false);
        }

        /**
         * The ranks a lex range covers, walked as Redis walks them: first zzlIsInLexRange (the last
         * member must reach min and the first must not pass max); then, for a listpack, a scan from the
         * head for the first member at least min and on while members are at most max (from the tail
         * for {@code rev}: the first member at most max, back while members are at least min). With all
         * scores equal this is the sorted range; with mixed scores (which Redis leaves undefined) it is
         * the run Redis's listpack walk finds. A skiplist's members are counted by descent as before.
         */
        Ranks ranks(ZSetValue z, boolean rev) {
            if (isEmpty() || z.size() == 0 || !gteMin(z.at(z.size() - 1).member()) || !lteMax(z.at(0).member())) {
                return new Ranks(0, 0);
            }
            if (!z.isListpack()) {
                long from = minInf < 0 ? 0 : z.countBelowMember(min, minEx);
                long to = maxInf > 0 ? z.size() : z.countBelowMember(max, !maxEx);
                return new Ranks(from, to);
            }
            if (!rev) {
                long i = 0;
                ZSetValue.Cursor cur = z.at(0);
                for (; cur.valid() && !gteMin(cur.member()); cur.next()) {
                    i++;
                }
                long j = i;
                for (; cur.valid() && lteMax(cur.member()); cur.next()) {
                    j++;
                }
                return new Ranks(i, j);
            }
            long k = z.size();
            ZSetValue.Cursor cur = z.at(k - 1);
            for (; cur.valid() && !lteMax(cur.member()); cur.prev()) {
                k--;
            }
            long m = k;
            for (; cur.valid() && gteMin(cur.member()); cur.prev()) {
                m--;
            }
            return new Ranks(m, k);
        }

        /** zslLexValueGteMin. */
        private boolean gteMin(Bytes member) {
            if (minInf != 0) {
                return minInf < 0;
            }
            int c = member.compareTo(min);
            return minEx ? c > 0 : c >= 0;
        }

        /** zslLexValueLteMax. */
        private boolean lteMax(Bytes member) {
            if (maxInf != 0) {
                return maxInf > 0;
            }
            int c = member.compareTo(max);
            return maxEx ? c < 0 : c <= 0;
        }
    }

    static Score parseScore(byte[] min, byte[] max) {
        double[] a = new double[2];
        boolean[] ex = new boolean[2];
        byte[][] args = {min, max};
        for (int i = 0; i < 2; i++) {
            byte[] b = args[i];
            if (b.length > 0 && b[0] == '(') {
                ex[i] = true;
                b = java.util.Arrays.copyOfRange(b, 1, b.length);
            }
            try {
                a[i] = Numbers.parseDouble(b);
            } catch (NumberFormatException e) {
                throw new ReplyException(NOT_FLOAT_RANGE);
            }
        }
        return new Score(a[0], ex[0], a[1], ex[1]);
    }

    static Lex parseLex(byte[] min, byte[] max) {
        Object[] lo = lexItem(min);
        Object[] hi = lexItem(max);
        return new Lex((Bytes) lo[0], (Boolean) lo[1], (Integer) lo[2], (Bytes) hi[0], (Boolean) hi[1], (Integer) hi[2]);
    }

    private static Object[] lexItem(byte[] b) {
        if (b.length == 1 && b[0] == '+') {
            return new Object[] {null, false, 1};
        }
        if (b.length == 1 && b[0] == '-') {
            return new Object[] {null, false, -1};
        }
        if (b.length >= 1 && (b[0] == '(' || b[0] == '[')) {
            return new Object[] {Bytes.of(java.util.Arrays.copyOfRange(b, 1, b.length)), b[0] == '(', 0};
        }
        throw new ReplyException(NOT_LEX_RANGE);
    }

    /** Redis's rank range normalization (negative indexes from the end); empty when out of range. */
    static Ranks ranks(long start, long end, long len) {
        IndexRange r = IndexRange.of(start, end, len);
        return new Ranks(r.from(), r.to());
    }
}
