package dev.rcsim.command.strings;

import dev.rcsim.command.Args;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.keyspace.StringValue;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]: the longest common subsequence by the
 * same dynamic programming table and backward walk as Redis 7.0, so that ties resolve to the same
 * string and the same match ranges.
 */
final class Lcs {
    private Lcs() {}

    static RespValue run(Connection c, byte[][] argv) {
        RedisValue va = StringCommands.readAny(c, argv[1]);
        RedisValue vb = StringCommands.readAny(c, argv[2]);
        if ((va != null && !(va instanceof StringValue)) || (vb != null && !(vb instanceof StringValue))) {
            return Replies.error("ERR The specified keys must contain string values");
        }
        byte[] a = va == null ? new byte[0] : ((StringValue) va).bytes();
        byte[] b = vb == null ? new byte[0] : ((StringValue) vb).bytes();
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < argv.length; j++) {
            boolean more = j < argv.length - 1;
            if (Args.is(argv[j], "idx")) {
                getIdx = true;
            } else if (Args.is(argv[j], "len")) {
                getLen = true;
            } else if (Args.is(argv[j], "withmatchlen")) {
                withMatchLen = true;
            } else if (Args.is(argv[j], "minmatchlen") && more) {
                minMatchLen = Math.max(0, Args.toLong(argv[++j]));
            } else {
                return Replies.SYNTAX;
            }
        }
        if (getIdx && getLen) {
            return Replies.error("ERR If you want both the length and indexes, please just use IDX.");
        }
        int alen = a.length;
        int blen = b.length;
        long cells = (long) (alen + 1) * (blen + 1);
        if (cells * 4 > c.node().config().longValue("proto-max-bulk-len") || cells > Integer.MAX_VALUE) {
            return Replies.error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        int w = blen + 1;
        int[] dp = new int[(int) cells];
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                if (a[i - 1] == b[j - 1]) {
                    dp[i * w + j] = dp[(i - 1) * w + j - 1] + 1;
                } else {
                    dp[i * w + j] = Math.max(dp[(i - 1) * w + j], dp[i * w + j - 1]);
                }
            }
        }
        int idx = dp[alen * w + blen];
        int total = idx;
        boolean compute = getIdx || !getLen;
        byte[] result = compute ? new byte[idx] : null;
        List<RespValue> ranges = new ArrayList<>();
        int aStart = alen;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int i = alen;
        int j = blen;
        while (compute && i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                if (dp[(i - 1) * w + j] > dp[i * w + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != alen) {
                    emit = true;
                }
            }
            long matchLen = (long) aEnd - aStart + 1;
            if (emit) {
                if (getIdx && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                    List<RespValue> r = new ArrayList<>(3);
                    r.add(Replies.array(Replies.integer(aStart), Replies.integer(aEnd)));
                    r.add(Replies.array(Replies.integer(bStart), Replies.integer(bEnd)));
                    if (withMatchLen) {
                        r.add(Replies.integer(matchLen));
                    }
                    ranges.add(Replies.array(r));
                }
                aStart = alen;
            }
        }
        if (getIdx) {
            return Replies.map(List.of(Replies.bulk("matches"), Replies.array(ranges),
                    Replies.bulk("len"), Replies.integer(total)));
        }
        if (getLen) {
            return Replies.integer(total);
        }
        return Replies.bulk(result);
    }
}
