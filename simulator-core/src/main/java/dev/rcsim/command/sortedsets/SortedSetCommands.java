package dev.rcsim.command.sortedsets;

import dev.rcsim.command.Args;
import dev.rcsim.command.Blocking;
import dev.rcsim.command.CollectionScan;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Notify;
import dev.rcsim.command.NumKeys;
import dev.rcsim.command.RandomPick;
import dev.rcsim.command.hashes.HashCommands;
import dev.rcsim.command.sets.SetCommands;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.keyspace.SetValue;
import dev.rcsim.keyspace.ZSetValue;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sorted set commands as Redis 7.0's t_zset.c: ZADD and its flags, ranges by rank, score and lex
 * (ZRANGE and the legacy forms), ZUNION/ZINTER/ZDIFF (+STORE), pops (ZPOPMIN, ZMPOP) and their
 * blocking forms (BZPOPMIN, BZPOPMAX, BZMPOP), ZRANDMEMBER and ZSCAN. Scores reply as RESP3 doubles
 * (bulk strings in RESP2); WITHSCORES replies are member/score pairs in RESP3.
 */
public final class SortedSetCommands {
    private SortedSetCommands() {}

    public static void register(CommandTable t) {
        t.add("zadd", -4, "write denyoom fast", 1, 1, 1).acl("@write @sortedset @fast").run(SortedSetCommands::zadd);
        t.add("zincrby", 4, "write denyoom fast", 1, 1, 1).acl("@write @sortedset @fast").run(SortedSetCommands::zincrby);
        t.add("zscore", 3, "readonly fast", 1, 1, 1).acl("@read @sortedset @fast").run(SortedSetCommands::zscore);
        t.add("zmscore", -3, "readonly fast", 1, 1, 1).acl("@read @sortedset @fast").run(SortedSetCommands::zmscore);
        t.add("zcard", 2, "readonly fast", 1, 1, 1).acl("@read @sortedset @fast").run(SortedSetCommands::zcard);
        t.add("zcount", 4, "readonly fast", 1, 1, 1).acl("@read @sortedset @fast").run(SortedSetCommands::zcount);
        t.add("zlexcount", 4, "readonly fast", 1, 1, 1).acl("@read @sortedset @fast").run(SortedSetCommands::zlexcount);
        t.add("zrange", -4, "readonly", 1, 1, 1).acl("@read @sortedset @slow")
                .run((c, a) -> zrange(c, a, null, AUTO, false, false));
        t.add("zrangestore", -5, "write denyoom", 1, 2, 1).acl("@write @sortedset @slow")
                .run((c, a) -> zrange(c, a, a[1], AUTO, false, false));
        t.add("zrevrange", -4, "readonly", 1, 1, 1).acl("@read @sortedset @slow")
                .run((c, a) -> zrange(c, a, null, RANK, true, true));
        t.add("zrangebyscore", -4, "readonly", 1, 1, 1).acl("@read @sortedset @slow")
                .run((c, a) -> zrange(c, a, null, SCORE, false, true));
        t.add("zrevrangebyscore", -4, "readonly", 1, 1, 1).acl("@read @sortedset @slow")
                .run((c, a) -> zrange(c, a, null, SCORE, true, true));
        t.add("zrangebylex", -4, "readonly", 1, 1, 1).acl("@read @sortedset @slow")
                .run((c, a) -> zrange(c, a, null, LEX, false, true));
        t.add("zrevrangebylex", -4, "readonly", 1, 1, 1).acl("@read @sortedset @slow")
                .run((c, a) -> zrange(c, a, null, LEX, true, true));
        t.add("zrank", 3, "readonly fast", 1, 1, 1).acl("@read @sortedset @fast").run((c, a) -> zrank(c, a, false));
        t.add("zrevrank", 3, "readonly fast", 1, 1, 1).acl("@read @sortedset @fast").run((c, a) -> zrank(c, a, true));
        t.add("zrem", -3, "write fast", 1, 1, 1).acl("@write @sortedset @fast").run(SortedSetCommands::zrem);
        t.add("zremrangebyrank", 4, "write", 1, 1, 1).acl("@write @sortedset @slow").run((c, a) -> zremrange(c, a, RANK));
        t.add("zremrangebyscore", 4, "write", 1, 1, 1).acl("@write @sortedset @slow").run((c, a) -> zremrange(c, a, SCORE));
        t.add("zremrangebylex", 4, "write", 1, 1, 1).acl("@write @sortedset @slow").run((c, a) -> zremrange(c, a, LEX));
        t.add("zunion", -3, "readonly movablekeys", 0, 0, 0).acl("@read @sortedset @slow")
                .keys(SetCommands::numkeysAt1).run((c, a) -> zsetop(c, a, 1, null, UNION, false));
        t.add("zinter", -3, "readonly movablekeys", 0, 0, 0).acl("@read @sortedset @slow")
                .keys(SetCommands::numkeysAt1).run((c, a) -> zsetop(c, a, 1, null, INTER, false));
        t.add("zdiff", -3, "readonly movablekeys", 0, 0, 0).acl("@read @sortedset @slow")
                .keys(SetCommands::numkeysAt1).run((c, a) -> zsetop(c, a, 1, null, DIFF, false));
        t.add("zintercard", -3, "readonly movablekeys", 0, 0, 0).acl("@read @sortedset @slow")
                .keys(SetCommands::numkeysAt1).run((c, a) -> zsetop(c, a, 1, null, INTER, true));
        t.add("zunionstore", -4, "write denyoom movablekeys", 1, 1, 1).acl("@write @sortedset @slow")
                .keys(SortedSetCommands::storeKeys).run((c, a) -> zsetop(c, a, 2, a[1], UNION, false));
        t.add("zinterstore", -4, "write denyoom movablekeys", 1, 1, 1).acl("@write @sortedset @slow")
                .keys(SortedSetCommands::storeKeys).run((c, a) -> zsetop(c, a, 2, a[1], INTER, false));
        t.add("zdiffstore", -4, "write denyoom movablekeys", 1, 1, 1).acl("@write @sortedset @slow")
                .keys(SortedSetCommands::storeKeys).run((c, a) -> zsetop(c, a, 2, a[1], DIFF, false));
        t.add("zpopmin", -2, "write fast", 1, 1, 1).acl("@write @sortedset @fast").run((c, a) -> zpop(c, a, false));
        t.add("zpopmax", -2, "write fast", 1, 1, 1).acl("@write @sortedset @fast").run((c, a) -> zpop(c, a, true));
        t.add("zmpop", -4, "write movablekeys", 0, 0, 0).acl("@write @sortedset @slow")
                .keys(SetCommands::numkeysAt1).run((c, a) -> zmpop(c, a, 1, false));
        t.add("bzpopmin", -3, "write noscript blocking fast", 1, -2, 1).acl("@write @sortedset @fast @blocking")
                .run((c, a) -> bzpop(c, a, false));
        t.add("bzpopmax", -3, "write noscript blocking fast", 1, -2, 1).acl("@write @sortedset @fast @blocking")
                .run((c, a) -> bzpop(c, a, true));
        t.add("bzmpop", -5, "write blocking movablekeys", 0, 0, 0).acl("@write @sortedset @slow @blocking")
                .keys(a -> NumKeys.keys(a, 2, 0)).run((c, a) -> zmpop(c, a, 2, true));
        t.add("zrandmember", -2, "readonly", 1, 1, 1).acl("@read @sortedset @slow").run(SortedSetCommands::zrandmember);
        t.add("zscan", -3, "readonly", 1, 1, 1).acl("@read @sortedset @slow").run(SortedSetCommands::zscan);
    }

    private static int[] storeKeys(byte[][] argv) {
        return NumKeys.keys(argv, 2, 1);
    }

    public static ZSetValue read(Connection c, byte[] key) {
        return Args.lookup(c, key, ZSetValue.class);
    }

    private static long maxEntries(Connection c) {
        return c.node().config().longValue("zset-max-listpack-entries");
    }

    private static long maxValue(Connection c) {
        return c.node().config().longValue("zset-max-listpack-value");
    }

    private static RespValue score(double d) {
        return Replies.dbl(d);
    }

    // ------------------------------------------------------------------ ZADD

    private static final RespValue XX_NX = Replies.error("ERR XX and NX options at the same time are not compatible");
    private static final RespValue GT_LT_NX = Replies.error("ERR GT, LT, and/or NX options at the same time are not compatible");
    private static final RespValue INCR_PAIR = Replies.error("ERR INCR option supports a single increment-element pair");
    private static final RespValue NAN_SCORE = Replies.error("ERR resulting score is not a number (NaN)");

    public static RespValue zadd(Connection c, byte[][] argv) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = false;
        int i = 2;
        for (; i < argv.length; i++) {
            byte[] a = argv[i];
            if (Args.is(a, "nx")) {
                nx = true;
            } else if (Args.is(a, "xx")) {
                xx = true;
            } else if (Args.is(a, "gt")) {
                gt = true;
            } else if (Args.is(a, "lt")) {
                lt = true;
            } else if (Args.is(a, "ch")) {
                ch = true;
            } else if (Args.is(a, "incr")) {
                incr = true;
            } else {
                break;
            }
        }
        int elements = argv.length - i;
        if (elements % 2 != 0 || elements == 0) {
            return Replies.SYNTAX;
        }
        elements /= 2;
        if (nx && xx) {
            return XX_NX;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            return GT_LT_NX;
        }
        if (incr && elements > 1) {
            return INCR_PAIR;
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = Args.toDouble(argv[i + 2 * j]);
        }
        ZSetValue z = read(c, argv[1]);
        if (z == null) {
            if (xx) {
                return incr ? Replies.NULL_BULK : Replies.ZERO;
            }
            z = new ZSetValue();
            c.keyspace().set(Bytes.of(argv[1]), z);
        }
        long me = maxEntries(c);
        long mv = maxValue(c);
        int added = 0;
        int updated = 0;
        int processed = 0;
        double last = 0;
        for (int j = 0; j < elements; j++) {
            Bytes m = Bytes.of(argv[i + 2 * j + 1]);
            double s = scores[j];
            Double cur = z.score(m);
            if (cur != null) {
                if (nx) {
                    continue;
                }
                double ns = s;
                if (incr) {
                    ns = cur + s;
                    if (Double.isNaN(ns)) {
                        if (z.isEmpty()) {
                            c.keyspace().remove(Bytes.of(argv[1]));
                        }
                        c.effects().changed(added + updated);
                        if (added + updated > 0) {
                            Notify.event(c, Notify.ZSET, incr ? "zincr" : "zadd", argv[1]);
                        }
                        return NAN_SCORE;
                    }
                }
                if ((lt && ns >= cur) || (gt && ns <= cur)) {
                    continue;
                }
                last = ns;
                processed++;
                if (ns != cur) {
                    z.put(m, ns, me, mv);
                    updated++;
                }
            } else if (!xx) {
                z.put(m, s, me, mv);
                last = s;
                added++;
                processed++;
            }
        }
        c.effects().changed(added + updated);
        if (added + updated > 0) {
            Notify.event(c, Notify.ZSET, incr ? "zincr" : "zadd", argv[1]);
        }
        if (incr) {
            return processed > 0 ? score(last) : Replies.NULL_BULK;
        }
        return Replies.integer(ch ? added + updated : added);
    }

    private static RespValue zincrby(Connection c, byte[][] argv) {
        double s = Args.toDouble(argv[2]);
        ZSetValue z = read(c, argv[1]);
        if (z == null) {
            z = new ZSetValue();
            c.keyspace().set(Bytes.of(argv[1]), z);
        }
        Bytes m = Bytes.of(argv[3]);
        Double cur = z.score(m);
        double ns = cur == null ? s : cur + s;
        if (Double.isNaN(ns)) {
            return NAN_SCORE;
        }
        if (cur == null || ns != cur) {
            z.put(m, ns, maxEntries(c), maxValue(c));
            c.effects().changed();
            Notify.event(c, Notify.ZSET, "zincr", argv[1]);
        }
        return score(ns);
    }

    // ------------------------------------------------------------------ reads

    private static RespValue zscore(Connection c, byte[][] argv) {
        ZSetValue z = read(c, argv[1]);
        Double s = z == null ? null : z.score(Bytes.of(argv[2]));
        return s == null ? Replies.NULL_BULK : score(s);
    }

    private static RespValue zmscore(Connection c, byte[][] argv) {
        ZSetValue z = read(c, argv[1]);
        List<RespValue> out = new ArrayList<>(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            Double s = z == null ? null : z.score(Bytes.of(argv[i]));
            out.add(s == null ? Replies.NULL_BULK : score(s));
        }
        return Replies.array(out);
    }

    private static RespValue zcard(Connection c, byte[][] argv) {
        ZSetValue z = read(c, argv[1]);
        return Replies.integer(z == null ? 0 : z.size());
    }

    private static RespValue zcount(Connection c, byte[][] argv) {
        ZRanges.Score r = ZRanges.parseScore(argv[2], argv[3]);
        ZSetValue z = read(c, argv[1]);
        return Replies.integer(z == null ? 0 : r.ranks(z).size());
    }

    private static RespValue zlexcount(Connection c, byte[][] argv) {
        ZRanges.Lex r = ZRanges.parseLex(argv[2], argv[3]);
        ZSetValue z = read(c, argv[1]);
        return Replies.integer(z == null ? 0 : r.ranks(z).size());
    }

    private static RespValue zrank(Connection c, byte[][] argv, boolean rev) {
        ZSetValue z = read(c, argv[1]);
        if (z == null) {
            return Replies.NULL_BULK;
        }
        long r = z.rank(Bytes.of(argv[2]));
        if (r < 0) {
            return Replies.NULL_BULK;
        }
        return Replies.integer(rev ? z.size() - 1 - r : r);
    }

    // ------------------------------------------------------------------ ZRANGE family

    private static final int AUTO = 0;
    private static final int RANK = 1;
    private static final int SCORE = 2;
    private static final int LEX = 3;

    private static final RespValue LIMIT_NEEDS_BY = Replies.error(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    private static final RespValue WITHSCORES_BYLEX = Replies.error(
            "ERR syntax error, WITHSCORES not supported in combination with BYLEX");

    /** Redis's zrangeGenericCommand; {@code legacy} commands fix the range type and direction. */
    private static RespValue zrange(Connection c, byte[][] argv, byte[] dst, int type, boolean rev, boolean legacy) {
        int start = dst == null ? 1 : 2;
        byte[] key = argv[start];
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        boolean dirSet = legacy;
        for (int j = start + 3; j < argv.length; j++) {
            int left = argv.length - j - 1;
            byte[] a = argv[j];
            if (dst == null && Args.is(a, "withscores")) {
                withScores = true;
            } else if (Args.is(a, "limit") && left >= 2) {
                offset = Args.toLong(argv[j + 1]);
                limit = Args.toLong(argv[j + 2]);
                j += 2;
            } else if (!dirSet && Args.is(a, "rev")) {
                rev = true;
                dirSet = true;
            } else if (type == AUTO && Args.is(a, "bylex")) {
                type = LEX;
            } else if (type == AUTO && Args.is(a, "byscore")) {
                type = SCORE;
            } else {
                return Replies.SYNTAX;
            }
        }
        if (type == AUTO) {
            type = RANK;
        }
        if (limit != -1 && type == RANK) {
            return LIMIT_NEEDS_BY;
        }
        if (withScores && type == LEX) {
            return WITHSCORES_BYLEX;
        }
        byte[] minArg = argv[start + 1];
        byte[] maxArg = argv[start + 2];
        if (rev && type != RANK) {
            byte[] t = minArg;
            minArg = maxArg;
            maxArg = t;
        }
        long rs = 0;
        long re = 0;
        ZRanges.Score sr = null;
        ZRanges.Lex lr = null;
        if (type == RANK) {
            rs = Args.toLong(minArg);
            re = Args.toLong(maxArg);
        } else if (type == SCORE) {
            sr = ZRanges.parseScore(minArg, maxArg);
        } else {
            lr = ZRanges.parseLex(minArg, maxArg);
        }
        ZSetValue z = read(c, key);
        if (z == null) {
            return dst == null ? Replies.EMPTY_ARRAY : storeResult(c, dst, new ArrayList<>(), "zrangestore");
        }
        ZRanges.Ranks ranks;
        if (type == RANK) {
            ranks = ZRanges.ranks(rs, re, z.size());
            if (rev) {
                ranks = new ZRanges.Ranks(z.size() - ranks.to(), z.size() - ranks.from());
            }
        } else {
            ranks = sr != null ? sr.ranks(z) : lr.ranks(z, rev);
            if (offset < 0 || (offset > 0 && offset >= z.size())) {
                ranks = new ZRanges.Ranks(0, 0);
            } else if (!ranks.isEmpty()) {
                long n = ranks.size() - offset;
                if (limit >= 0) {
                    n = Math.min(n, limit);
                }
                n = Math.max(0, n);
                ranks = rev ? new ZRanges.Ranks(ranks.to() - offset - n, ranks.to() - offset)
                        : new ZRanges.Ranks(ranks.from() + offset, ranks.from() + offset + n);
            }
        }
        List<ZSetValue.Entry> out = collect(z, ranks, rev);
        if (dst != null) {
            return storeResult(c, dst, out, "zrangestore");
        }
        return entriesReply(c, out, withScores);
    }

    /** The elements of a rank interval, ascending or (rev) descending. */
    static List<ZSetValue.Entry> collect(ZSetValue z, ZRanges.Ranks r, boolean rev) {
        List<ZSetValue.Entry> out = new ArrayList<>((int) Math.min(r.size(), 1 << 16));
        if (r.isEmpty()) {
            return out;
        }
        ZSetValue.Cursor cur = z.at(rev ? r.to() - 1 : r.from());
        for (long n = r.size(); n > 0 && cur.valid(); n--) {
            out.add(new ZSetValue.Entry(cur.member(), cur.score()));
            if (rev) {
                cur.prev();
            } else {
                cur.next();
            }
        }
        return out;
    }

    /** Members, or with scores: a flat array in RESP2, member/score pairs in RESP3. */
    static RespValue entriesReply(Connection c, List<ZSetValue.Entry> entries, boolean withScores) {
        boolean pairs = withScores && c.resp() == 3;
        List<RespValue> out = new ArrayList<>(entries.size() * (withScores && !pairs ? 2 : 1));
        for (ZSetValue.Entry e : entries) {
            RespValue m = Replies.bulk(e.member().bytes());
            if (pairs) {
                out.add(Replies.array(m, score(e.score())));
            } else {
                out.add(m);
                if (withScores) {
                    out.add(score(e.score()));
                }
            }
        }
        return Replies.array(out);
    }

    public static RespValue storeResult(Connection c, byte[] dstKey, List<ZSetValue.Entry> entries, String event) {
        Bytes dst = Bytes.of(dstKey);
        if (entries.isEmpty()) {
            if (c.keyspace().remove(dst)) {
                c.effects().changed();
                Notify.event(c, Notify.GENERIC, "del", dstKey);
            }
            return Replies.ZERO;
        }
        ZSetValue z = new ZSetValue();
        for (ZSetValue.Entry e : entries) {
            z.put(e.member(), e.score(), Long.MAX_VALUE, Long.MAX_VALUE);
        }
        z.chooseEncoding(maxEntries(c), maxValue(c));
        c.keyspace().set(dst, z);
        c.effects().changed();
        Notify.event(c, Notify.ZSET, event, dstKey);
        return Replies.integer(z.size());
    }

    // ------------------------------------------------------------------ removals

    private static RespValue zrem(Connection c, byte[][] argv) {
        ZSetValue z = read(c, argv[1]);
        if (z == null) {
            return Replies.ZERO;
        }
        int removed = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < argv.length; i++) {
            if (z.remove(Bytes.of(argv[i]))) {
                removed++;
                if (z.isEmpty()) {
                    keyRemoved = c.keyspace().remove(Bytes.of(argv[1]));
                    break;
                }
            }
        }
        c.effects().changed(removed);
        if (removed > 0) {
            Notify.event(c, Notify.ZSET, "zrem", argv[1]);
        }
        if (keyRemoved) {
            Notify.event(c, Notify.GENERIC, "del", argv[1]);
        }
        return Replies.integer(removed);
    }

    private static RespValue zremrange(Connection c, byte[][] argv, int type) {
        long rs = 0;
        long re = 0;
        ZRanges.Score sr = null;
        ZRanges.Lex lr = null;
        if (type == RANK) {
            rs = Args.toLong(argv[2]);
            re = Args.toLong(argv[3]);
        } else if (type == SCORE) {
            sr = ZRanges.parseScore(argv[2], argv[3]);
        } else {
            lr = ZRanges.parseLex(argv[2], argv[3]);
        }
        ZSetValue z = read(c, argv[1]);
        if (z == null) {
            return Replies.ZERO;
        }
        ZRanges.Ranks r = type == RANK ? ZRanges.ranks(rs, re, z.size()) : sr != null ? sr.ranks(z) : lr.ranks(z);
        List<ZSetValue.Entry> victims = collect(z, r, false);
        for (ZSetValue.Entry e : victims) {
            z.remove(e.member());
        }
        if (!victims.isEmpty()) {
            Notify.event(c, Notify.ZSET, type == RANK ? "zremrangebyrank" : type == SCORE ? "zremrangebyscore" : "zremrangebylex", argv[1]);
        }
        if (z.isEmpty()) {
            c.keyspace().remove(Bytes.of(argv[1]));
            Notify.event(c, Notify.GENERIC, "del", argv[1]);
        }
        c.effects().changed(victims.size());
        return Replies.integer(victims.size());
    }

    // ------------------------------------------------------------------ ZUNION / ZINTER / ZDIFF

    private static final int UNION = 0;
    private static final int INTER = 1;
    private static final int DIFF = 2;

    private static final RespValue WEIGHT_NOT_FLOAT = Replies.error("ERR weight value is not a float");
    private static final RespValue LIMIT_NEGATIVE = Replies.error("ERR LIMIT can't be negative");

    /** A source of ZUNION and friends: a sorted set or a plain set (scores 1), null when missing. */
    private record Source(RedisValue value, double weight) {
        int size() {
            return value == null ? 0 : value instanceof ZSetValue z ? z.size() : ((SetValue) value).size();
        }

        Map<Bytes, Double> elements() {
            Map<Bytes, Double> out = new LinkedHashMap<>();
            if (value instanceof ZSetValue z) {
                ZSetValue.Cursor cur = z.at(0);
                while (cur.valid()) {
                    out.put(cur.member(), cur.score());
                    cur.next();
                }
            } else if (value instanceof SetValue s) {
                for (Bytes m : s.members()) {
                    out.put(m, 1.0);
                }
            }
            return out;
        }

        Double score(Bytes m) {
            if (value instanceof ZSetValue z) {
                return z.score(m);
            }
            if (value instanceof SetValue s) {
                return s.contains(m) ? 1.0 : null;
            }
            return null;
        }
    }

    private static RespValue zsetop(Connection c, byte[][] argv, int numkeysAt, byte[] dst, int op, boolean cardOnly) {
        long setnum = Args.toLong(argv[numkeysAt]);
        if (setnum < 1) {
            return Replies.error("ERR at least 1 input key is needed for '" + Args.lower(argv[0]) + "' command");
        }
        if (setnum > argv.length - (numkeysAt + 1)) {
            return Replies.SYNTAX;
        }
        int n = (int) setnum;
        RedisValue[] values = new RedisValue[n];
        double[] weights = new double[n];
        int j = numkeysAt + 1;
        for (int i = 0; i < n; i++, j++) {
            RedisValue v = c.keyspace().get(Bytes.of(argv[j]));
            if (v != null && !(v instanceof ZSetValue) && !(v instanceof SetValue)) {
                return Replies.WRONGTYPE;
            }
            values[i] = v;
            weights[i] = 1.0;
        }
        int aggregate = 0; // 0 sum, 1 min, 2 max
        boolean withScores = false;
        long limit = 0;
        while (j < argv.length) {
            int remaining = argv.length - j;
            byte[] a = argv[j];
            if (op != DIFF && !cardOnly && remaining >= n + 1 && Args.is(a, "weights")) {
                j++;
                for (int i = 0; i < n; i++, j++) {
                    try {
                        weights[i] = Numbers.parseDouble(argv[j]);
                    } catch (NumberFormatException e) {
                        return WEIGHT_NOT_FLOAT;
                    }
                }
            } else if (op != DIFF && !cardOnly && remaining >= 2 && Args.is(a, "aggregate")) {
                byte[] agg = argv[j + 1];
                if (Args.is(agg, "sum")) {
                    aggregate = 0;
                } else if (Args.is(agg, "min")) {
                    aggregate = 1;
                } else if (Args.is(agg, "max")) {
                    aggregate = 2;
                } else {
                    return Replies.SYNTAX;
                }
                j += 2;
            } else if (dst == null && !cardOnly && Args.is(a, "withscores")) {
                withScores = true;
                j++;
            } else if (cardOnly && remaining >= 2 && Args.is(a, "limit")) {
                limit = Args.toLong(argv[j + 1], LIMIT_NEGATIVE);
                if (limit < 0) {
                    return LIMIT_NEGATIVE;
                }
                j += 2;
            } else {
                return Replies.SYNTAX;
            }
        }
        List<Source> sources = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sources.add(new Source(values[i], weights[i]));
        }
        Map<Bytes, Double> result = new HashMap<>();
        if (op == INTER) {
            List<Source> sorted = new ArrayList<>(sources);
            sorted.sort(Comparator.comparingInt(Source::size));
            if (sorted.get(0).value() != null) {
                outer:
                for (Map.Entry<Bytes, Double> e : sorted.get(0).elements().entrySet()) {
                    double acc = weighted(e.getValue(), sorted.get(0).weight());
                    for (int i = 1; i < sorted.size(); i++) {
                        Double s = sorted.get(i).score(e.getKey());
                        if (s == null) {
                            continue outer;
                        }
                        acc = aggregate(acc, weighted(s, sorted.get(i).weight()), aggregate);
                    }
                    result.put(e.getKey(), acc);
                    if (cardOnly && limit > 0 && result.size() >= limit) {
                        break;
                    }
                }
            }
        } else if (op == UNION) {
            final int aggMode = aggregate;
            List<Source> sorted = new ArrayList<>(sources);
            sorted.sort(Comparator.comparingInt(Source::size));
            for (Source s : sorted) {
                for (Map.Entry<Bytes, Double> e : s.elements().entrySet()) {
                    double w = weighted(e.getValue(), s.weight());
                    result.merge(e.getKey(), w, (x, y) -> aggregate(x, y, aggMode));
                }
            }
        } else {
            Source first = sources.get(0);
            for (Map.Entry<Bytes, Double> e : first.elements().entrySet()) {
                boolean keep = true;
                for (int i = 1; i < sources.size() && keep; i++) {
                    keep = sources.get(i).score(e.getKey()) == null;
                }
                if (keep) {
                    result.put(e.getKey(), e.getValue());
                }
            }
        }
        if (cardOnly) {
            return Replies.integer(result.size());
        }
        List<ZSetValue.Entry> entries = new ArrayList<>(result.size());
        for (Map.Entry<Bytes, Double> e : result.entrySet()) {
            entries.add(new ZSetValue.Entry(e.getKey(), e.getValue()));
        }
        entries.sort((x, y) -> {
            int cmp = Double.compare(x.score() == 0 ? 0.0 : x.score(), y.score() == 0 ? 0.0 : y.score());
            return cmp != 0 ? cmp : x.member().compareTo(y.member());
        });
        if (dst != null) {
            return storeResult(c, dst, entries, op == UNION ? "zunionstore" : op == INTER ? "zinterstore" : "zdiffstore");
        }
        return entriesReply(c, entries, withScores);
    }

    private static double weighted(double score, double weight) {
        double v = score * weight;
        return Double.isNaN(v) ? 0 : v;
    }

    private static double aggregate(double target, double val, int aggregate) {
        if (aggregate == 0) {
            double s = target + val;
            return Double.isNaN(s) ? 0 : s;
        }
        if (aggregate == 1) {
            return val < target ? val : target;
        }
        return val > target ? val : target;
    }

    // ------------------------------------------------------------------ pops

    private static final RespValue MUST_BE_POSITIVE = Replies.error("ERR value is out of range, must be positive");
    private static final RespValue NUMKEYS_POSITIVE = Replies.error("ERR numkeys should be greater than 0");
    private static final RespValue COUNT_POSITIVE = Replies.error("ERR count should be greater than 0");

    /**
     * Pops up to {@code count} elements from the first non-empty key among {@code keys}. Returns null
     * when no key holds a sorted set. {@code count} -1 means a single element replied flat.
     */
    private static RespValue pop(Connection c, List<byte[]> keys, boolean max, long count, boolean nested, boolean withKey) {
        ZSetValue z = null;
        byte[] key = null;
        for (byte[] k : keys) {
            z = read(c, k);
            if (z != null) {
                key = k;
                break;
            }
        }
        if (z == null) {
            return null;
        }
        if (count == 0) {
            return Replies.EMPTY_ARRAY;
        }
        boolean single = count == -1;
        long n = Math.min(single ? 1 : count, z.size());
        List<RespValue> items = new ArrayList<>();
        boolean pairs = nested || (!single && c.resp() == 3);
        for (long i = 0; i < n; i++) {
            ZSetValue.Cursor cur = z.at(max ? z.size() - 1 : 0);
            Bytes m = cur.member();
            double s = cur.score();
            z.remove(m);
            if (pairs) {
                items.add(Replies.array(Replies.bulk(m.bytes()), score(s)));
            } else {
                items.add(Replies.bulk(m.bytes()));
                items.add(score(s));
            }
        }
        if (n > 0) {
            Notify.event(c, Notify.ZSET, max ? "zpopmax" : "zpopmin", key);
        }
        if (z.isEmpty()) {
            c.keyspace().remove(Bytes.of(key));
            Notify.event(c, Notify.GENERIC, "del", key);
        }
        c.effects().changed();
        c.effects().propagateAs(new byte[][] {(max ? "ZPOPMAX" : "ZPOPMIN").getBytes(), key, Numbers.toBytes(n)});
        if (withKey) {
            if (nested) {
                return Replies.array(Replies.bulk(key), Replies.array(items));
            }
            List<RespValue> out = new ArrayList<>(3);
            out.add(Replies.bulk(key));
            out.addAll(items);
            return Replies.array(out);
        }
        return Replies.array(items);
    }

    private static RespValue zpop(Connection c, byte[][] argv, boolean max) {
        if (argv.length > 3) {
            return Replies.SYNTAX;
        }
        long count = -1;
        if (argv.length == 3) {
            try {
                count = Numbers.parseLong(argv[2]);
            } catch (NumberFormatException e) {
                return MUST_BE_POSITIVE; // getPositiveLongFromObjectOrReply: one message for both
            }
            if (count < 0) {
                return MUST_BE_POSITIVE;
            }
        }
        RespValue r = pop(c, List.of(argv[1]), max, count, false, false);
        return r == null ? Replies.EMPTY_ARRAY : r;
    }

    private static RespValue bzpop(Connection c, byte[][] argv, boolean max) {
        long timeout = Args.timeoutMillis(argv[argv.length - 1]);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 1; i < argv.length - 1; i++) {
            keys.add(argv[i]);
        }
        RespValue r = pop(c, keys, max, -1, false, true);
        if (r != null) {
            return r;
        }
        return block(c, argv, keys, timeout);
    }

    private static RespValue block(Connection c, byte[][] argv, List<byte[]> keys, long timeout) {
        if (c.denyBlocking() || c.inMulti()) {
            return Replies.NULL_ARRAY;
        }
        List<Bytes> ks = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            ks.add(Bytes.of(k));
        }
        c.node().block(c, argv, ks, timeout, Replies.NULL_ARRAY);
        return Blocking.BLOCKED;
    }

    private static RespValue zmpop(Connection c, byte[][] argv, int numkeysAt, boolean blocking) {
        long numkeys = Args.toLong(argv[numkeysAt], NUMKEYS_POSITIVE);
        if (numkeys < 1) {
            return NUMKEYS_POSITIVE;
        }
        long whereAt = numkeysAt + numkeys + 1;
        if (whereAt >= argv.length) {
            return Replies.SYNTAX;
        }
        boolean max;
        if (Args.is(argv[(int) whereAt], "min")) {
            max = false;
        } else if (Args.is(argv[(int) whereAt], "max")) {
            max = true;
        } else {
            return Replies.SYNTAX;
        }
        long count = -1;
        for (int j = (int) whereAt + 1; j < argv.length; j++) {
            if (count == -1 && Args.is(argv[j], "count") && j + 1 < argv.length) {
                count = Args.toLong(argv[++j], COUNT_POSITIVE);
                if (count < 1) {
                    return COUNT_POSITIVE;
                }
            } else {
                return Replies.SYNTAX;
            }
        }
        if (count == -1) {
            count = 1;
        }
        long timeout = blocking ? Args.timeoutMillis(argv[1]) : 0;
        List<byte[]> keys = new ArrayList<>();
        for (int i = numkeysAt + 1; i < whereAt; i++) {
            keys.add(argv[i]);
        }
        RespValue r = pop(c, keys, max, count, true, true);
        if (r != null) {
            return r;
        }
        return blocking ? block(c, argv, keys, timeout) : Replies.NULL_ARRAY;
    }

    // ------------------------------------------------------------------ random, scan

    private static RespValue zrandmember(Connection c, byte[][] argv) {
        if (argv.length == 2) {
            ZSetValue z = read(c, argv[1]);
            if (z == null) {
                return Replies.NULL_BULK;
            }
            return Replies.bulk(z.at(c.node().random().nextInt(z.size())).member().bytes());
        }
        long l = HashCommands.randCount(argv[2]);
        boolean withScores = false;
        if (argv.length == 4 && Args.is(argv[3], "withscores")) {
            withScores = true;
            HashCommands.checkPairCount(l);
        } else if (argv.length > 3) {
            return Replies.SYNTAX;
        }
        ZSetValue z = read(c, argv[1]);
        if (z == null || l == 0) {
            return Replies.EMPTY_ARRAY;
        }
        // Redis replies the whole set from the highest score down when count covers it
        List<ZSetValue.Entry> all = collect(z, new ZRanges.Ranks(0, z.size()), true);
        return entriesReply(c, RandomPick.pick(all, l, c.node().random()), withScores);
    }

    private static RespValue zscan(Connection c, byte[][] argv) {
        long cursor = CollectionScan.parseCursor(argv[2]);
        ZSetValue z = read(c, argv[1]);
        if (z == null) {
            return CollectionScan.EMPTY_SCAN;
        }
        CollectionScan.Options o = CollectionScan.parseOptions(argv, 3);
        List<RespValue> out = new ArrayList<>();
        long next = 0;
        List<Bytes> members;
        if (z.isListpack()) {
            members = new ArrayList<>(z.size());
            for (ZSetValue.Entry e : collect(z, new ZRanges.Ranks(0, z.size()), false)) {
                members.add(e.member());
            }
        } else {
            List<Bytes> all = new ArrayList<>(z.size());
            for (Map.Entry<Bytes, Double> e : z.dictEntries()) {
                all.add(e.getKey());
            }
            long[] nx = new long[1];
            members = CollectionScan.step(all, cursor, o.count(), nx);
            next = nx[0];
        }
        for (Bytes m : members) {
            if (CollectionScan.matches(o, m)) {
                out.add(Replies.bulk(m.bytes()));
                out.add(Replies.bulk(Numbers.formatDouble(z.score(m))));
            }
        }
        return CollectionScan.reply(next, out);
    }
}
