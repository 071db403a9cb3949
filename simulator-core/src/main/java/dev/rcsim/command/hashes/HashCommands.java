package dev.rcsim.command.hashes;

import dev.rcsim.command.Args;
import dev.rcsim.command.CollectionScan;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Notify;
import dev.rcsim.command.RandomPick;
import dev.rcsim.command.ReplyException;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.HashValue;
import dev.rcsim.protocol.LongDouble;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hash commands (HSET, HGET, HGETALL, HINCRBY, HRANDFIELD, HSCAN...) as Redis 7.0's t_hash.c. */
public final class HashCommands {
    private HashCommands() {}

    public static void register(CommandTable t) {
        t.add("hset", -4, "write denyoom fast", 1, 1, 1).acl("@write @hash @fast").run(HashCommands::hset);
        t.add("hmset", -4, "write denyoom fast", 1, 1, 1).acl("@write @hash @fast").run(HashCommands::hmset);
        t.add("hsetnx", 4, "write denyoom fast", 1, 1, 1).acl("@write @hash @fast").run(HashCommands::hsetnx);
        t.add("hget", 3, "readonly fast", 1, 1, 1).acl("@read @hash @fast").run(HashCommands::hget);
        t.add("hmget", -3, "readonly fast", 1, 1, 1).acl("@read @hash @fast").run(HashCommands::hmget);
        t.add("hdel", -3, "write fast", 1, 1, 1).acl("@write @hash @fast").run(HashCommands::hdel);
        t.add("hlen", 2, "readonly fast", 1, 1, 1).acl("@read @hash @fast").run(HashCommands::hlen);
        t.add("hstrlen", 3, "readonly fast", 1, 1, 1).acl("@read @hash @fast").run(HashCommands::hstrlen);
        t.add("hexists", 3, "readonly fast", 1, 1, 1).acl("@read @hash @fast").run(HashCommands::hexists);
        t.add("hkeys", 2, "readonly", 1, 1, 1).acl("@read @hash @slow").run((c, a) -> getall(c, a, true, false));
        t.add("hvals", 2, "readonly", 1, 1, 1).acl("@read @hash @slow").run((c, a) -> getall(c, a, false, true));
        t.add("hgetall", 2, "readonly", 1, 1, 1).acl("@read @hash @slow").run((c, a) -> getall(c, a, true, true));
        t.add("hincrby", 4, "write denyoom fast", 1, 1, 1).acl("@write @hash @fast").run(HashCommands::hincrby);
        t.add("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1).acl("@write @hash @fast").run(HashCommands::hincrbyfloat);
        t.add("hrandfield", -2, "readonly", 1, 1, 1).acl("@read @hash @slow").run(HashCommands::hrandfield);
        t.add("hscan", -3, "readonly", 1, 1, 1).acl("@read @hash @slow").run(HashCommands::hscan);
    }

    private static HashValue read(Connection c, byte[] key) {
        return Args.lookup(c, key, HashValue.class);
    }

    private static HashValue readOrCreate(Connection c, byte[] key) {
        HashValue h = read(c, key);
        if (h == null) {
            h = new HashValue();
            c.keyspace().set(Bytes.of(key), h);
        }
        return h;
    }

    private static long maxEntries(Connection c) {
        return c.node().config().longValue("hash-max-listpack-entries");
    }

    private static long maxValue(Connection c) {
        return c.node().config().longValue("hash-max-listpack-value");
    }

    private static RespValue hset(Connection c, byte[][] argv) {
        if (argv.length % 2 != 0) {
            return Replies.wrongArity("hset");
        }
        return Replies.integer(setPairs(c, argv));
    }

    private static RespValue hmset(Connection c, byte[][] argv) {
        if (argv.length % 2 != 0) {
            return Replies.wrongArity("hmset");
        }
        setPairs(c, argv);
        return Replies.OK;
    }

    private static int setPairs(Connection c, byte[][] argv) {
        HashValue h = readOrCreate(c, argv[1]);
        long me = maxEntries(c);
        long mv = maxValue(c);
        int created = 0;
        for (int i = 2; i < argv.length; i += 2) {
            if (h.put(Bytes.of(argv[i]), argv[i + 1], me, mv)) {
                created++;
            }
        }
        c.effects().changed((argv.length - 2) / 2);
        Notify.event(c, Notify.HASH, "hset", argv[1]);
        return created;
    }

    private static RespValue hsetnx(Connection c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        if (h != null && h.contains(Bytes.of(argv[2]))) {
            return Replies.ZERO;
        }
        h = readOrCreate(c, argv[1]);
        h.put(Bytes.of(argv[2]), argv[3], maxEntries(c), maxValue(c));
        c.effects().changed();
        Notify.event(c, Notify.HASH, "hset", argv[1]);
        return Replies.ONE;
    }

    private static RespValue hget(Connection c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        return h == null ? Replies.NULL_BULK : Replies.bulk(h.get(Bytes.of(argv[2])));
    }

    private static RespValue hmget(Connection c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        List<RespValue> out = new ArrayList<>(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            out.add(h == null ? Replies.NULL_BULK : Replies.bulk(h.get(Bytes.of(argv[i]))));
        }
        return Replies.array(out);
    }

    private static RespValue hdel(Connection c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        if (h == null) {
            return Replies.ZERO;
        }
        int deleted = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < argv.length; i++) {
            if (h.remove(Bytes.of(argv[i]))) {
                deleted++;
                if (h.isEmpty()) {
                    keyRemoved = c.keyspace().remove(Bytes.of(argv[1]));
                    break;
                }
            }
        }
        c.effects().changed(deleted);
        if (deleted > 0) {
            Notify.event(c, Notify.HASH, "hdel", argv[1]);
        }
        if (keyRemoved) {
            Notify.event(c, Notify.GENERIC, "del", argv[1]);
        }
        return Replies.integer(deleted);
    }

    private static RespValue hlen(Connection c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        return Replies.integer(h == null ? 0 : h.size());
    }

    private static RespValue hstrlen(Connection c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        byte[] v = h == null ? null : h.get(Bytes.of(argv[2]));
        return Replies.integer(v == null ? 0 : v.length);
    }

    private static RespValue hexists(Connection c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        return Replies.bool(h != null && h.contains(Bytes.of(argv[2])));
    }

    private static RespValue getall(Connection c, byte[][] argv, boolean keys, boolean values) {
        HashValue h = read(c, argv[1]);
        boolean map = keys && values;
        if (h == null) {
            return map ? Replies.EMPTY_MAP : Replies.EMPTY_ARRAY;
        }
        List<RespValue> out = new ArrayList<>(h.size() * (map ? 2 : 1));
        for (Map.Entry<Bytes, byte[]> e : h.entries()) {
            if (keys) {
                out.add(Replies.bulk(e.getKey().bytes()));
            }
            if (values) {
                out.add(Replies.bulk(e.getValue()));
            }
        }
        return map ? Replies.map(out) : Replies.array(out);
    }

    private static RespValue hincrby(Connection c, byte[][] argv) {
        long incr = Args.toLong(argv[3]);
        HashValue h = read(c, argv[1]);
        Bytes field = Bytes.of(argv[2]);
        long cur = 0;
        byte[] old = h == null ? null : h.get(field);
        if (old != null) {
            try {
                cur = Numbers.parseLong(old);
            } catch (NumberFormatException e) {
                return Replies.error("ERR hash value is not an integer");
            }
        }
        if ((incr < 0 && cur < 0 && incr < Long.MIN_VALUE - cur) || (incr > 0 && cur > 0 && incr > Long.MAX_VALUE - cur)) {
            return Replies.OVERFLOW;
        }
        long v = cur + incr;
        readOrCreate(c, argv[1]).put(field, Numbers.toBytes(v), maxEntries(c), maxValue(c));
        c.effects().changed();
        Notify.event(c, Notify.HASH, "hincrby", argv[1]);
        return Replies.integer(v);
    }

    private static final RespValue NAN_OR_INF = Replies.error("ERR value is NaN or Infinity");

    private static RespValue hincrbyfloat(Connection c, byte[][] argv) {
        BigDecimal incr;
        try {
            incr = LongDouble.parse(argv[3]);
        } catch (LongDouble.InfiniteException e) {
            return NAN_OR_INF;
        } catch (NumberFormatException e) {
            return Replies.NOT_FLOAT;
        }
        HashValue h = read(c, argv[1]);
        Bytes field = Bytes.of(argv[2]);
        byte[] old = h == null ? null : h.get(field);
        BigDecimal sum;
        try {
            BigDecimal cur = BigDecimal.ZERO;
            if (old != null) {
                try {
                    cur = LongDouble.parse(old);
                } catch (NumberFormatException notFloat) {
                    return Replies.error("ERR hash value is not a float");
                }
            }
            sum = LongDouble.add(cur, incr);
        } catch (LongDouble.InfiniteException e) {
            return Replies.error("ERR increment would produce NaN or Infinity");
        }
        byte[] text = Numbers.formatHuman(sum).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        readOrCreate(c, argv[1]).put(field, text, maxEntries(c), maxValue(c));
        c.effects().changed();
        Notify.event(c, Notify.HASH, "hincrbyfloat", argv[1]);
        c.effects().propagateAs(new byte[][] {"HSET".getBytes(), argv[1], argv[2], text});
        return Replies.bulk(text);
    }

    private static final RespValue RANGE_ALL = Replies.error(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final RespValue RANGE = Replies.error("ERR value is out of range");

    /** Count argument of HRANDFIELD / SRANDMEMBER / ZRANDMEMBER (range -LONG_MAX..LONG_MAX). */
    public static long randCount(byte[] arg) {
        long l = Args.toLong(arg);
        if (l == Long.MIN_VALUE) {
            throw new ReplyException(RANGE_ALL);
        }
        return l;
    }

    /** Redis rejects a negative WITHVALUES/WITHSCORES count whose doubled size would overflow. */
    public static void checkPairCount(long l) {
        if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
            throw new ReplyException(RANGE);
        }
    }

    private static RespValue hrandfield(Connection c, byte[][] argv) {
        if (argv.length == 2) {
            HashValue h = read(c, argv[1]);
            if (h == null) {
                return Replies.NULL_BULK;
            }
            List<Map.Entry<Bytes, byte[]>> all = new ArrayList<>(h.size());
            h.entries().forEach(all::add);
            return Replies.bulk(all.get(c.node().random().nextInt(all.size())).getKey().bytes());
        }
        long l = randCount(argv[2]);
        boolean withValues = false;
        if (argv.length == 4 && Args.is(argv[3], "withvalues")) {
            withValues = true;
            checkPairCount(l);
        } else if (argv.length > 3) {
            return Replies.SYNTAX;
        }
        HashValue h = read(c, argv[1]);
        if (h == null || l == 0) {
            return Replies.EMPTY_ARRAY;
        }
        List<Map.Entry<Bytes, byte[]>> all = new ArrayList<>(h.size());
        h.entries().forEach(all::add);
        List<Map.Entry<Bytes, byte[]>> picked = RandomPick.pick(all, l, c.node().random());
        List<RespValue> out = new ArrayList<>();
        boolean pairs = withValues && c.resp() == 3;
        for (Map.Entry<Bytes, byte[]> e : picked) {
            if (pairs) {
                out.add(Replies.array(Replies.bulk(e.getKey().bytes()), Replies.bulk(e.getValue())));
            } else {
                out.add(Replies.bulk(e.getKey().bytes()));
                if (withValues) {
                    out.add(Replies.bulk(e.getValue()));
                }
            }
        }
        return Replies.array(out);
    }

    private static RespValue hscan(Connection c, byte[][] argv) {
        long cursor = CollectionScan.parseCursor(argv[2]);
        HashValue h = read(c, argv[1]);
        if (h == null) {
            return CollectionScan.EMPTY_SCAN;
        }
        CollectionScan.Options o = CollectionScan.parseOptions(argv, 3);
        List<RespValue> out = new ArrayList<>();
        long next = 0;
        if (h.isListpack()) {
            for (Map.Entry<Bytes, byte[]> e : h.entries()) {
                if (CollectionScan.matches(o, e.getKey())) {
                    out.add(Replies.bulk(e.getKey().bytes()));
                    out.add(Replies.bulk(e.getValue()));
                }
            }
        } else {
            List<Bytes> fields = new ArrayList<>(h.size());
            h.entries().forEach(e -> fields.add(e.getKey()));
            long[] n = new long[1];
            for (Bytes f : CollectionScan.step(fields, cursor, o.count(), n)) {
                if (CollectionScan.matches(o, f)) {
                    out.add(Replies.bulk(f.bytes()));
                    out.add(Replies.bulk(h.get(f)));
                }
            }
            next = n[0];
        }
        return CollectionScan.reply(next, out);
    }
}
