package dev.rcsim.command.streams;

import dev.rcsim.command.ReplyException;
import dev.rcsim.keyspace.StreamID;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;

/** Stream ID parsing as t_stream.c's streamGenericParseIDOrReply (string2ull rules for both parts). */
final class StreamIds {
    private StreamIds() {}

    static final RespValue INVALID = Replies.error("ERR Invalid stream ID specified as stream command argument");

    /** Result of parsing an XADD ID: the ID and whether the sequence was given (false for {@code <ms>-*}). */
    record Parsed(StreamID id, boolean seqGiven) {}

    /** Parses or returns null; {@code strict} refuses "-" and "+"; {@code allowSeqStar} accepts {@code <ms>-*}. */
    static Parsed tryParse(byte[] a, long missingSeq, boolean strict, boolean allowSeqStar) {
        if (a.length > 127) {
            return null;
        }
        boolean single = a.length == 1 || (a.length > 1 && a[1] == 0);
        if (a.length >= 1 && single && (a[0] == '-' || a[0] == '+')) {
            if (strict) {
                return null;
            }
            return new Parsed(a[0] == '-' ? StreamID.MIN : StreamID.MAX, true);
        }
        int end = a.length;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0) {
                end = i;
                break;
            }
        }
        int dash = -1;
        for (int i = 0; i < end; i++) {
            if (a[i] == '-') {
                dash = i;
                break;
            }
        }
        Long ms = ull(a, 0, dash < 0 ? end : dash);
        if (ms == null) {
            return null;
        }
        if (dash < 0) {
            return new Parsed(new StreamID(ms, missingSeq), true);
        }
        if (allowSeqStar && end - dash - 1 == 1 && a[dash + 1] == '*') {
            return new Parsed(new StreamID(ms, 0), false);
        }
        Long seq = ull(a, dash + 1, end);
        if (seq == null) {
            return null;
        }
        return new Parsed(new StreamID(ms, seq), true);
    }

    static StreamID parse(byte[] a, long missingSeq, boolean strict) {
        Parsed p = tryParse(a, missingSeq, strict, false);
        if (p == null) {
            throw new ReplyException(INVALID);
        }
        return p.id();
    }

    /** string2ull: string2ll (non-negative), else strtoull (spaces, sign, no overflow, whole string). */
    private static Long ull(byte[] a, int from, int to) {
        byte[] s = java.util.Arrays.copyOfRange(a, from, to);
        try {
            long v = Numbers.parseLong(s);
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            // fall through to strtoull
        }
        int i = 0;
        while (i < s.length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) {
            neg = s[i] == '-';
            i++;
        }
        if (i >= s.length) {
            return null;
        }
        long v = 0;
        for (; i < s.length; i++) {
            if (s[i] < '0' || s[i] > '9') {
                return null;
            }
            int d = s[i] - '0';
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                return null; // ERANGE
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }
}
