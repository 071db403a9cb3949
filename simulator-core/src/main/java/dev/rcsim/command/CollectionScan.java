package dev.rcsim.command;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.keyspace.Glob;
import java.util.ArrayList;
import java.util.List;

/**
 * HSCAN / SSCAN / ZSCAN: cursor and option parsing as Redis's scanGenericCommand, and iteration.
 * Small encodings (listpack, intset) reply everything with cursor 0 as Redis does. Large ones are
 * walked in order of a 63-bit hash of each element with the cursor being the next hash to visit:
 * like Redis's reverse-binary dict cursor it is stateless and returns every element present for the
 * whole scan, but the cursor values and element order differ from Redis's.
 */
public final class CollectionScan {
    private CollectionScan() {}

    public static final RespValue EMPTY_SCAN = Replies.array(Replies.bulk("0"), Replies.EMPTY_ARRAY);
    private static final RespValue INVALID_CURSOR = Replies.error("ERR invalid cursor");

    /** Redis parseScanCursorOrReply (strtoul of the whole argument). */
    public static long parseCursor(byte[] arg) {
        if (arg.length == 0 || arg.length > 20) {
            throw new ReplyException(INVALID_CURSOR);
        }
        for (byte b : arg) {
            if (b < '0' || b > '9') {
                throw new ReplyException(INVALID_CURSOR);
            }
        }
        try {
            return Long.parseUnsignedLong(new String(arg, java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            throw new ReplyException(INVALID_CURSOR);
        }
    }

    /** Parsed COUNT and MATCH options. */
    public record Options(long count, byte[] pattern) {}

    public static Options parseOptions(byte[][] argv, int from) {
        long count = 10;
        byte[] pattern = null;
        for (int i = from; i < argv.length; i++) {
            boolean hasNext = i + 1 < argv.length;
            if (Args.is(argv[i], "count") && hasNext) {
                count = Args.toLong(argv[++i]);
                if (count < 1) {
                    throw Args.syntax();
                }
            } else if (Args.is(argv[i], "match") && hasNext) {
                pattern = argv[++i];
                if (pattern.length == 1 && pattern[0] == '*') {
                    pattern = null;
                }
            } else {
                throw Args.syntax();
            }
        }
        return new Options(count, pattern);
    }

    public static boolean matches(Options o, Bytes member) {
        return o.pattern == null || Glob.matches(o.pattern, member.bytes(), false);
    }

    /** The 63-bit, never-zero position of an element in the scan order of large encodings. */
    static long position(Bytes member) {
        long h = 0xcbf29ce484222325L;
        for (byte b : member.bytes()) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h &= Long.MAX_VALUE;
        return h == 0 ? 1 : h;
    }

    /**
     * One step over a large collection: picks elements at or after {@code cursor} in position order,
     * about {@code count} of them (never splitting equal positions); returns the next cursor (0 at the
     * end) in {@code next[0]}.
     */
    public static List<Bytes> step(Iterable<Bytes> members, long cursor, long count, long[] next) {
        List<long[]> keyed = new ArrayList<>();
        List<Bytes> all = new ArrayList<>();
        for (Bytes m : members) {
            long p = position(m);
            if (p >= cursor) {
                keyed.add(new long[] {p, all.size()});
                all.add(m);
            }
        }
        keyed.sort((a, b) -> Long.compare(a[0], b[0]));
        List<Bytes> out = new ArrayList<>();
        int i = 0;
        while (i < keyed.size() && (out.size() < count || keyed.get(i)[0] == keyed.get(i - 1)[0])) {
            out.add(all.get((int) keyed.get(i)[1]));
            i++;
        }
        next[0] = i < keyed.size() ? keyed.get(i)[0] : 0;
        return out;
    }

    public static RespValue reply(long cursor, List<RespValue> items) {
        return Replies.array(Replies.bulk(Long.toUnsignedString(cursor)), Replies.array(items));
    }
}
