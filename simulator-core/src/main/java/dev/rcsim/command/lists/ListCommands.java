package dev.rcsim.command.lists;

import dev.rcsim.command.Args;
import dev.rcsim.command.Blocking;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.IndexRange;
import dev.rcsim.command.Notify;
import dev.rcsim.command.ReplyException;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.ListValue;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.BlockedState;
import dev.rcsim.server.Connection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * List commands of Redis 7.0 (t_list.c): pushes, pops with COUNT, index access, LRANGE/LTRIM/LREM,
 * LINSERT, LPOS, LMOVE, LMPOP and the blocking forms. Argument checks run in Redis's order, so the
 * first error reported is the one Redis reports. A blocked client is parked with
 * {@link dev.rcsim.server.RedisNode#block}; when a key it waits for is written the request runs again
 * and, as in Redis 7.0, is served from the key that became ready.
 */
public final class ListCommands {
    private ListCommands() {}

    private static final RespValue OUT_OF_RANGE_POSITIVE = Replies.error("ERR value is out of range, must be positive");
    private static final RespValue NUMKEYS = Replies.error("ERR numkeys should be greater than 0");
    private static final RespValue COUNT_POSITIVE = Replies.error("ERR count should be greater than 0");
    private static final RespValue RANK_ZERO = Replies.error("ERR RANK can't be zero: use 1 to start from the first "
            + "match, 2 from the second ... or use negative to start from the end of the list");
    private static final RespValue COUNT_NEGATIVE = Replies.error("ERR COUNT can't be negative");
    private static final RespValue MAXLEN_NEGATIVE = Replies.error("ERR MAXLEN can't be negative");
    private static final byte[] LPOP = bytes("LPOP");
    private static final byte[] RPOP = bytes("RPOP");
    private static final byte[] LMOVE = bytes("LMOVE");
    private static final byte[] LEFT = bytes("LEFT");
    private static final byte[] RIGHT = bytes("RIGHT");

    public static void register(CommandTable t) {
        t.add("lpush", -3, "write denyoom fast", 1, 1, 1).acl("@write @list @fast").run((c, a) -> push(c, a, true, false));
        t.add("rpush", -3, "write denyoom fast", 1, 1, 1).acl("@write @list @fast").run((c, a) -> push(c, a, false, false));
        t.add("lpushx", -3, "write denyoom fast", 1, 1, 1).acl("@write @list @fast").run((c, a) -> push(c, a, true, true));
        t.add("rpushx", -3, "write denyoom fast", 1, 1, 1).acl("@write @list @fast").run((c, a) -> push(c, a, false, true));
        t.add("lpop", -2, "write fast", 1, 1, 1).acl("@write @list @fast").run((c, a) -> pop(c, a, true));
        t.add("rpop", -2, "write fast", 1, 1, 1).acl("@write @list @fast").run((c, a) -> pop(c, a, false));
        t.add("llen", 2, "readonly fast", 1, 1, 1).acl("@read @list @fast").run(ListCommands::llen);
        t.add("lindex", 3, "readonly", 1, 1, 1).acl("@read @list @slow").run(ListCommands::lindex);
        t.add("lset", 4, "write denyoom", 1, 1, 1).acl("@write @list @slow").run(ListCommands::lset);
        t.add("lrange", 4, "readonly", 1, 1, 1).acl("@read @list @slow").run(ListCommands::lrange);
        t.add("ltrim", 4, "write", 1, 1, 1).acl("@write @list @slow").run(ListCommands::ltrim);
        t.add("lrem", 4, "write", 1, 1, 1).acl("@write @list @slow").run(ListCommands::lrem);
        t.add("linsert", 5, "write denyoom", 1, 1, 1).acl("@write @list @slow").run(ListCommands::linsert);
        t.add("lpos", -3, "readonly", 1, 1, 1).acl("@read @list @slow").run(ListCommands::lpos);
        t.add("lmove", 5, "write denyoom", 1, 2, 1).acl("@write @list @slow").run(ListCommands::lmove);
        t.add("rpoplpush", 3, "write denyoom", 1, 2, 1).acl("@write @list @slow").run(ListCommands::rpoplpush);
        t.add("lmpop", -4, "write movablekeys", 0, 0, 0).acl("@write @list @slow")
                .keys(a -> numkeysKeys(a, 1)).run((c, a) -> mpop(c, a, 1, -1));
        t.add("blpop", -3, "write noscript blocking", 1, -2, 1).acl("@write @list @slow @blocking").run((c, a) -> bpop(c, a, true));
        t.add("brpop", -3, "write noscript blocking", 1, -2, 1).acl("@write @list @slow @blocking").run((c, a) -> bpop(c, a, false));
        t.add("blmove", 6, "write denyoom noscript blocking", 1, 2, 1).acl("@write @list @slow @blocking").run(ListCommands::blmove);
        t.add("brpoplpush", 4, "write denyoom noscript blocking", 1, 2, 1).acl("@write @list @slow @blocking").run(ListCommands::brpoplpush);
        t.add("blmpop", -5, "write blocking movablekeys", 0, 0, 0).acl("@write @list @slow @blocking")
                .keys(a -> numkeysKeys(a, 2)).run(ListCommands::blmpop);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ helpers

    private static ListValue list(Connection c, byte[] key) {
        return Args.lookup(c, key, ListValue.class);
    }

    /** Read-only lookup that counts keyspace hits and misses, as Redis's lookupKeyRead. */
    private static ListValue readList(Connection c, byte[] key) {
        ListValue l = list(c, key);
        if (l == null) {
            c.node().stats().keyspaceMisses++;
        } else {
            c.node().stats().keyspaceHits++;
        }
        return l;
    }

    private static void deleteIfEmpty(Connection c, byte[] key, ListValue l) {
        if (l.isEmpty()) {
            c.keyspace().remove(Bytes.of(key));
            Notify.event(c, Notify.GENERIC, "del", key);
        }
    }

    private static String popEvent(boolean left) {
        return left ? "lpop" : "rpop";
    }

    private static String pushEvent(boolean left) {
        return left ? "lpush" : "rpush";
    }

    /** Key positions of LMPOP/BLMPOP: numkeys at {@code idx}, then the keys; none when numkeys is bad. */
    private static int[] numkeysKeys(byte[][] argv, int idx) {
        long n;
        try {
            n = Args.toLong(argv[idx]);
        } catch (ReplyException e) {
            return new int[0];
        }
        if (n <= 0 || n > argv.length - idx - 1) {
            return new int[0];
        }
        int[] out = new int[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = idx + 1 + i;
        }
        return out;
    }

    /** LEFT or RIGHT, else syntax error; true for LEFT (head). */
    private static boolean position(byte[] arg) {
        if (Args.is(arg, "left")) {
            return true;
        }
        if (Args.is(arg, "right")) {
            return false;
        }
        throw Args.syntax();
    }

    private static byte[] popEnd(ListValue l, boolean left) {
        return left ? l.pollFirst() : l.pollLast();
    }

    private static void pushEnd(ListValue l, boolean left, byte[] v) {
        if (left) {
            l.addFirst(v);
        } else {
            l.addLast(v);
        }
    }

    /** Normalizes a possibly negative index; -1 when out of range. */
    private static int index(long index, int size) {
        if (index < 0) {
            index += size;
        }
        return index < 0 || index >= size ? -1 : (int) index;
    }

    // ------------------------------------------------------------------ commands

    private static RespValue push(Connection c, byte[][] argv, boolean left, boolean onlyIfExists) {
        ListValue l = list(c, argv[1]);
        if (l == null) {
            if (onlyIfExists) {
                return Replies.ZERO;
            }
            l = new ListValue();
            c.keyspace().set(Bytes.of(argv[1]), l);
        }
        for (int i = 2; i < argv.length; i++) {
            pushEnd(l, left, argv[i]);
        }
        c.effects().changed(argv.length - 2);
        Notify.event(c, Notify.LIST, pushEvent(left), argv[1]);
        return Replies.integer(l.size());
    }

    private static RespValue pop(Connection c, byte[][] argv, boolean left) {
        if (argv.length > 3) {
            return Replies.wrongArity(left ? "lpop" : "rpop");
        }
        boolean hasCount = argv.length == 3;
        long count = 0;
        if (hasCount) {
            count = Args.toLong(argv[2], OUT_OF_RANGE_POSITIVE);
            if (count < 0) {
                return OUT_OF_RANGE_POSITIVE;
            }
        }
        ListValue l = list(c, argv[1]);
        if (l == null) {
            return hasCount ? Replies.NULL_ARRAY : Replies.NULL_BULK;
        }
        if (!hasCount) {
            byte[] v = popEnd(l, left);
            c.effects().changed();
            Notify.event(c, Notify.LIST, popEvent(left), argv[1]);
            deleteIfEmpty(c, argv[1], l);
            return Replies.bulk(v);
        }
        if (count == 0) {
            return Replies.EMPTY_ARRAY;
        }
        RespValue reply = popRange(c, argv[1], l, left, count);
        return reply;
    }

    /** Pops up to {@code count} elements as an array and deletes the key when emptied. */
    private static RespValue popRange(Connection c, byte[] key, ListValue l, boolean left, long count) {
        int n = (int) Math.min(count, l.size());
        List<RespValue> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Replies.bulk(popEnd(l, left)));
        }
        c.effects().changed(n);
        Notify.event(c, Notify.LIST, popEvent(left), key);
        deleteIfEmpty(c, key, l);
        return Replies.array(out);
    }

    private static RespValue llen(Connection c, byte[][] argv) {
        ListValue l = readList(c, argv[1]);
        return Replies.integer(l == null ? 0 : l.size());
    }

    private static RespValue lindex(Connection c, byte[][] argv) {
        ListValue l = readList(c, argv[1]);
        if (l == null) {
            return Replies.NULL_BULK;
        }
        long index = Args.toLong(argv[2]);
        int i = index(index, l.size());
        return i < 0 ? Replies.NULL_BULK : Replies.bulk(l.get(i));
    }

    private static RespValue lset(Connection c, byte[][] argv) {
        ListValue l = list(c, argv[1]);
        if (l == null) {
            return Replies.NO_SUCH_KEY;
        }
        long index = Args.toLong(argv[2]);
        int i = index(index, l.size());
        if (i < 0) {
            return Replies.OUT_OF_RANGE;
        }
        l.set(i, argv[3]);
        c.effects().changed();
        Notify.event(c, Notify.LIST, "lset", argv[1]);
        return Replies.OK;
    }

    private static RespValue lrange(Connection c, byte[][] argv) {
        long start = Args.toLong(argv[2]);
        long end = Args.toLong(argv[3]);
        ListValue l = readList(c, argv[1]);
        if (l == null) {
            return Replies.EMPTY_ARRAY;
        }
        IndexRange r = IndexRange.of(start, end, l.size());
        if (r.isEmpty()) {
            return Replies.EMPTY_ARRAY;
        }
        List<RespValue> out = new ArrayList<>((int) (r.to() - r.from()));
        for (int i = (int) r.from(); i < r.to(); i++) {
            out.add(Replies.bulk(l.get(i)));
        }
        return Replies.array(out);
    }

    private static RespValue ltrim(Connection c, byte[][] argv) {
        long start = Args.toLong(argv[2]);
        long end = Args.toLong(argv[3]);
        ListValue l = list(c, argv[1]);
        if (l == null) {
            return Replies.OK;
        }
        int size = l.size();
        IndexRange r = IndexRange.of(start, end, size);
        int removed;
        if (r.isEmpty()) {
            removed = size;
            l.trim(1, 0);
        } else {
            removed = (int) (size - (r.to() - r.from()));
            if (removed > 0) {
                l.trim((int) r.from(), (int) r.to() - 1);
            }
        }
        Notify.event(c, Notify.LIST, "ltrim", argv[1]);
        deleteIfEmpty(c, argv[1], l);
        // Redis signals the key as modified even when nothing was trimmed (WATCH sees it)
        c.node().touchKey(c.db(), Bytes.of(argv[1]));
        c.effects().changed(removed);
        return Replies.OK;
    }

    private static RespValue lrem(Connection c, byte[][] argv) {
        long count = Args.toLong(argv[2]);
        ListValue l = list(c, argv[1]);
        if (l == null) {
            return Replies.ZERO;
        }
        byte[] elem = argv[3];
        long removed = 0;
        if (count >= 0) {
            for (int i = 0; i < l.size() && (count == 0 || removed < count); ) {
                if (Arrays.equals(l.get(i), elem)) {
                    l.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            long want = -count;
            for (int i = l.size() - 1; i >= 0 && removed < want; i--) {
                if (Arrays.equals(l.get(i), elem)) {
                    l.remove(i);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            c.effects().changed(removed);
            Notify.event(c, Notify.LIST, "lrem", argv[1]);
            deleteIfEmpty(c, argv[1], l);
        }
        return Replies.integer(removed);
    }

    private static RespValue linsert(Connection c, byte[][] argv) {
        boolean after;
        if (Args.is(argv[2], "after")) {
            after = true;
        } else if (Args.is(argv[2], "before")) {
            after = false;
        } else {
            return Replies.SYNTAX;
        }
        ListValue l = list(c, argv[1]);
        if (l == null) {
            return Replies.ZERO;
        }
        for (int i = 0; i < l.size(); i++) {
            if (Arrays.equals(l.get(i), argv[3])) {
                l.insert(after ? i + 1 : i, argv[4]);
                c.effects().changed();
                Notify.event(c, Notify.LIST, "linsert", argv[1]);
                return Replies.integer(l.size());
            }
        }
        return Replies.MINUS_ONE;
    }

    private static RespValue lpos(Connection c, byte[][] argv) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < argv.length; j++) {
            boolean more = j + 1 < argv.length;
            if (Args.is(argv[j], "rank") && more) {
                rank = Args.toLong(argv[++j]);
                if (rank == 0) {
                    return RANK_ZERO;
                }
            } else if (Args.is(argv[j], "count") && more) {
                count = Args.toLong(argv[++j], COUNT_NEGATIVE);
                if (count < 0) {
                    return COUNT_NEGATIVE;
                }
            } else if (Args.is(argv[j], "maxlen") && more) {
                maxlen = Args.toLong(argv[++j], MAXLEN_NEGATIVE);
                if (maxlen < 0) {
                    return MAXLEN_NEGATIVE;
                }
            } else {
                return Replies.SYNTAX;
            }
        }
        ListValue l = readList(c, argv[1]);
        if (l == null) {
            return count != -1 ? Replies.EMPTY_ARRAY : Replies.NULL_BULK;
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            rank = -rank; // LLONG_MIN stays negative, as in Redis: then every match qualifies
        }
        int size = l.size();
        List<RespValue> out = count != -1 ? new ArrayList<>() : null;
        long matches = 0;
        for (long index = 0; index < size && (maxlen == 0 || index < maxlen); index++) {
            int pos = fromTail ? (int) (size - 1 - index) : (int) index;
            if (Arrays.equals(l.get(pos), argv[2])) {
                matches++;
                if (matches >= rank) {
                    if (out == null) {
                        return Replies.integer(pos);
                    }
                    out.add(Replies.integer(pos));
                    if (count != 0 && out.size() == count) {
                        break;
                    }
                }
            }
        }
        return out == null ? Replies.NULL_BULK : Replies.array(out);
    }

    private static RespValue lmove(Connection c, byte[][] argv) {
        boolean from = position(argv[3]);
        boolean to = position(argv[4]);
        return move(c, argv, from, to, null);
    }

    private static RespValue rpoplpush(Connection c, byte[][] argv) {
        return move(c, argv, false, true, null);
    }

    /** LMOVE's body; {@code propagate}, when not null, is what replication receives (BLMOVE/BRPOPLPUSH served). */
    private static RespValue move(Connection c, byte[][] argv, boolean from, boolean to, byte[][] propagate) {
        ListValue src = list(c, argv[1]);
        if (src == null || src.isEmpty()) {
            return Replies.NULL_BULK;
        }
        ListValue dst = list(c, argv[2]);
        byte[] v = popEnd(src, from);
        if (dst == null) {
            dst = new ListValue();
            c.keyspace().set(Bytes.of(argv[2]), dst);
        }
        pushEnd(dst, to, v);
        Notify.event(c, Notify.LIST, pushEvent(to), argv[2]);
        Notify.event(c, Notify.LIST, popEvent(from), argv[1]);
        deleteIfEmpty(c, argv[1], src);
        c.effects().changed();
        if (propagate != null) {
            c.effects().propagateAs(propagate);
        }
        return Replies.bulk(v);
    }

    /** LMPOP (numkeys at index 1) and BLMPOP (numkeys at index 2) argument parsing; returns {where, count, numkeys}. */
    private static long[] parseMpop(byte[][] argv, int numkeysIdx) {
        long numkeys = Args.toLong(argv[numkeysIdx], NUMKEYS);
        if (numkeys <= 0) {
            throw new ReplyException(NUMKEYS);
        }
        long whereIdx = numkeysIdx + numkeys + 1;
        if (whereIdx >= argv.length) {
            throw Args.syntax();
        }
        boolean left = position(argv[(int) whereIdx]);
        long count = -1;
        for (int j = (int) whereIdx + 1; j < argv.length; j++) {
            boolean more = j + 1 < argv.length;
            if (count == -1 && Args.is(argv[j], "count") && more) {
                count = Args.toLong(argv[++j], COUNT_POSITIVE);
                if (count <= 0) {
                    throw new ReplyException(COUNT_POSITIVE);
                }
            } else {
                throw Args.syntax();
            }
        }
        return new long[] {left ? 1 : 0, count == -1 ? 1 : count, numkeys};
    }

    private static RespValue mpop(Connection c, byte[][] argv, int numkeysIdx, long timeoutMs) {
        long[] p = parseMpop(argv, numkeysIdx);
        boolean left = p[0] == 1;
        long count = p[1];
        int first = numkeysIdx + 1;
        int numkeys = (int) p[2];
        Found f = firstNonEmptyList(c, argv, first, first + numkeys);
        if (f != null) {
            int i = f.index();
            ListValue l = f.list();
            RespValue elems = popRange(c, argv[i], l, left, count);
            c.effects().propagateAs(new byte[][] {left ? LPOP : RPOP, argv[i], bytes(Long.toString(count))});
            return Replies.array(Replies.bulk(argv[i]), elems);
        }
        if (timeoutMs < 0 || !mayBlock(c)) {
            return Replies.NULL_ARRAY;
        }
        return block(c, argv, keys(argv, first, first + numkeys), timeoutMs, Replies.NULL_ARRAY);
    }

    // ------------------------------------------------------------------ blocking

    private static boolean mayBlock(Connection c) {
        return !c.inMulti() && !c.denyBlocking();
    }

    /** The key being served when this run is the retry of a blocked client; null on a first run. */
    private static Bytes readyKey(Connection c) {
        BlockedState b = c.blocked();
        return b == null ? null : b.readyKey();
    }

    /**
     * The first key in {@code argv[from, to)} holding a non-empty list (one lookup per key), or null. On the retry
     * of a blocked client only the key that became ready is considered, and keys of another type are
     * skipped (Redis serves a blocked client only from a key of the type it waits for); on a first run
     * another type is WRONGTYPE.
     */
    private record Found(int index, ListValue list) {}

    private static Found firstNonEmptyList(Connection c, byte[][] argv, int from, int to) {
        Bytes ready = readyKey(c);
        for (int i = from; i < to; i++) {
            if (ready != null && !ready.equals(Bytes.of(argv[i]))) {
                continue;
            }
            RedisValue v = c.keyspace().get(Bytes.of(argv[i]));
            if (v == null) {
                continue;
            }
            if (!(v instanceof ListValue l)) {
                if (ready != null) {
                    continue;
                }
                throw new ReplyException(Replies.WRONGTYPE);
            }
            if (!l.isEmpty()) {
                return new Found(i, l);
            }
        }
        return null;
    }

    private static List<Bytes> keys(byte[][] argv, int from, int to) {
        List<Bytes> keys = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            keys.add(Bytes.of(argv[i]));
        }
        return keys;
    }

    private static RespValue block(Connection c, byte[][] argv, List<Bytes> keys, long timeoutMs, RespValue timeoutReply) {
        c.node().block(c, argv, keys, timeoutMs, timeoutReply);
        return Blocking.BLOCKED;
    }

    private static RespValue bpop(Connection c, byte[][] argv, boolean left) {
        long timeout = Args.timeoutMillis(argv[argv.length - 1]);
        Found f = firstNonEmptyList(c, argv, 1, argv.length - 1);
        if (f != null) {
            int i = f.index();
            ListValue l = f.list();
            byte[] e = popEnd(l, left);
            c.effects().changed();
            Notify.event(c, Notify.LIST, popEvent(left), argv[i]);
            deleteIfEmpty(c, argv[i], l);
            c.effects().propagateAs(new byte[][] {left ? LPOP : RPOP, argv[i]});
            return Replies.array(Replies.bulk(argv[i]), Replies.bulk(e));
        }
        if (!mayBlock(c)) {
            return Replies.NULL_ARRAY;
        }
        return block(c, argv, keys(argv, 1, argv.length - 1), timeout, Replies.NULL_ARRAY);
    }

    private static RespValue blmove(Connection c, byte[][] argv) {
        boolean from = position(argv[3]);
        boolean to = position(argv[4]);
        long timeout = Args.timeoutMillis(argv[5]);
        return bmove(c, argv, from, to, timeout);
    }

    private static RespValue brpoplpush(Connection c, byte[][] argv) {
        long timeout = Args.timeoutMillis(argv[3]);
        return bmove(c, argv, false, true, timeout);
    }

    private static RespValue bmove(Connection c, byte[][] argv, boolean from, boolean to, long timeout) {
        RedisValue v = c.keyspace().get(Bytes.of(argv[1]));
        if (v != null && !(v instanceof ListValue)) {
            if (readyKey(c) != null) {
                return Blocking.BLOCKED; // not a list any more: stays blocked, as in Redis
            }
            return Replies.WRONGTYPE;
        }
        if (v == null || ((ListValue) v).isEmpty()) {
            if (!mayBlock(c)) {
                return Replies.NULL_BULK;
            }
            return block(c, argv, List.of(Bytes.of(argv[1])), timeout, Replies.NULL_ARRAY);
        }
        byte[][] prop = {LMOVE, argv[1], argv[2], from ? LEFT : RIGHT, to ? LEFT : RIGHT};
        return move(c, argv, from, to, prop);
    }

    private static RespValue blmpop(Connection c, byte[][] argv) {
        long timeout = Args.timeoutMillis(argv[1]);
        return mpop(c, argv, 2, timeout);
    }
}
