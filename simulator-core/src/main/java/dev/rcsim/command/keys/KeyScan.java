package dev.rcsim.command.keys;

import dev.rcsim.command.Args;
import dev.rcsim.command.ReplyException;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.Keyspace;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.keyspace.ScanOrder;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.keyspace.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SCAN cursor [MATCH pattern] [COUNT n] [TYPE type].
 *
 * <p>Redis walks its hash table with a reverse-binary cursor so that resizes between calls never
 * skip a bucket. rcsim's keyspace is a Java HashMap whose order is not stable across resizes, so the
 * cursor is instead a position in a fixed hash space: every key has a 32-bit hash (a mix of its
 * content hash) that never changes, each call returns the keys whose hash is at or after the cursor,
 * in hash order, and the next cursor is one past the last hash returned. Keys sharing a hash are
 * always returned together. Hence, like Redis: a key present during the whole scan is returned (here
 * exactly once), keys added or removed meanwhile may or may not be, the cursor is an opaque decimal
 * number, 0 starts and ends a scan, and COUNT is a hint (the batch can exceed it when hashes
 * collide). Unlike Redis, cursors are below 2^32; a larger cursor ends the scan at once. The sorted
 * view is rebuilt only when the dataset changed since the previous call (tracked by the node's dirty
 * counter); keys that expired since are filtered, and deleted on the way, as Redis does.
 */
final class KeyScan {
    private KeyScan() {}

    private static final long END = 1L << 32;

    /** The fixed scan position of a key: a 32-bit avalanche of its content hash, as an unsigned value. */
    static long hash(Bytes key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & 0xffffffffL;
    }

    /** Redis's parseScanCursorOrReply: strtoul rules (a leading '-' wraps around, empty is 0). */
    static long parseCursor(byte[] arg) {
        RespValue invalid = Replies.error("ERR invalid cursor");
        String s = new String(arg, StandardCharsets.ISO_8859_1);
        if (!s.isEmpty() && Character.isWhitespace(s.charAt(0))) {
            throw new ReplyException(invalid);
        }
        boolean neg = false;
        String digits = s;
        if (s.startsWith("-") || s.startsWith("+")) {
            neg = s.charAt(0) == '-';
            digits = s.substring(1);
            if (digits.isEmpty()) {
                throw new ReplyException(invalid);
            }
        }
        if (digits.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < digits.length(); i++) {
            char ch = digits.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new ReplyException(invalid);
            }
        }
        long v;
        try {
            v = Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            throw new ReplyException(invalid);
        }
        return neg ? -v : v;
    }

    static RespValue scan(Connection c, byte[][] argv) {
        long cursor = parseCursor(argv[1]);
        long count = 10;
        byte[] pattern = null;
        byte[] type = null;
        for (int i = 2; i < argv.length;) {
            int left = argv.length - i;
            if (Args.is(argv[i], "count") && left >= 2) {
                count = Args.toLong(argv[i + 1]);
                if (count < 1) {
                    return Replies.SYNTAX;
                }
                i += 2;
            } else if (Args.is(argv[i], "match") && left >= 2) {
                pattern = argv[i + 1];
                if (pattern.length == 1 && pattern[0] == '*') {
                    pattern = null;
                }
                i += 2;
            } else if (Args.is(argv[i], "type") && left >= 2) {
                type = argv[i + 1];
                i += 2;
            } else {
                return Replies.SYNTAX;
            }
        }
        Keyspace ks = c.keyspace();
        List<RespValue> out = new ArrayList<>();
        long next = 0;
        if (cursor >= 0 && cursor < END) {
            ScanOrder s = ks.scanOrder(c.effects().dirty(), KeyScan::hash);
            int from = lowerBound(s.hashes, cursor);
            int to = from;
            while (to < s.size && to - from < count) {
                to++;
            }
            while (to < s.size && to > from && s.hashes[to] == s.hashes[to - 1]) {
                to++;
            }
            if (to < s.size) {
                next = s.hashes[to - 1] + 1;
            }
            String typeName = type == null ? null : new String(type, StandardCharsets.ISO_8859_1);
            for (int i = from; i < to; i++) {
                Bytes k = s.keys[i];
                if (pattern != null && !Glob.matches(pattern, k.bytes(), false)) {
                    continue;
                }
                RedisValue v = ks.peek(k);
                if (v == null || (typeName != null && !typeName.equalsIgnoreCase(v.type()))) {
                    continue;
                }
                out.add(Replies.bulk(k.bytes()));
            }
        }
        return Replies.array(Replies.bulk(Long.toUnsignedString(next)), Replies.array(out));
    }

    private static int lowerBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
