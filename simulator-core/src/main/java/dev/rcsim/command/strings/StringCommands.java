package dev.rcsim.command.strings;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.IndexRange;
import dev.rcsim.command.Notify;
import dev.rcsim.command.ReplyException;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.Keyspace;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.keyspace.StringValue;
import dev.rcsim.protocol.LongDouble;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The string family of Redis 7.0 (t_string.c): GET/SET and their variants, MGET/MSET, counters,
 * APPEND, ranges and LCS. Replies, errors and checking order follow Redis; how values are encoded
 * (OBJECT ENCODING) follows {@link StringValue}'s factories.
 */
public final class StringCommands {
    private StringCommands() {}

    public static void register(CommandTable t) {
        t.add("get", 2, "readonly fast", 1, 1, 1).acl("@read @string @fast").run(StringCommands::get);
        t.add("set", -3, "write denyoom", 1, 1, 1).acl("@write @string @slow").run(StringCommands::set);
        t.add("setnx", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast").run(StringCommands::setnx);
        t.add("setex", 4, "write denyoom", 1, 1, 1).acl("@write @string @slow").run((c, a) -> setex(c, a, "ex"));
        t.add("psetex", 4, "write denyoom", 1, 1, 1).acl("@write @string @slow").run((c, a) -> setex(c, a, "px"));
        t.add("getset", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast").run(StringCommands::getset);
        t.add("getdel", 2, "write fast", 1, 1, 1).acl("@write @string @fast").run(StringCommands::getdel);
        t.add("getex", -2, "write fast", 1, 1, 1).acl("@write @string @fast").run(StringCommands::getex);
        t.add("mget", -2, "readonly fast", 1, -1, 1).acl("@read @string @fast").run(StringCommands::mget);
        t.add("mset", -3, "write denyoom", 1, -1, 2).acl("@write @string @slow").run((c, a) -> mset(c, a, false));
        t.add("msetnx", -3, "write denyoom", 1, -1, 2).acl("@write @string @slow").run((c, a) -> mset(c, a, true));
        t.add("incr", 2, "write denyoom fast", 1, 1, 1).acl("@write @string @fast").run((c, a) -> incrBy(c, a, 1));
        t.add("decr", 2, "write denyoom fast", 1, 1, 1).acl("@write @string @fast").run((c, a) -> incrBy(c, a, -1));
        t.add("incrby", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast")
                .run((c, a) -> incrBy(c, a, Args.toLong(a[2])));
        t.add("decrby", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast").run(StringCommands::decrby);
        t.add("incrbyfloat", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast").run(StringCommands::incrbyfloat);
        t.add("append", 3, "write denyoom fast", 1, 1, 1).acl("@write @string @fast").run(StringCommands::append);
        t.add("strlen", 2, "readonly fast", 1, 1, 1).acl("@read @string @fast").run(StringCommands::strlen);
        t.add("getrange", 4, "readonly", 1, 1, 1).acl("@read @string @slow").run(StringCommands::getrange);
        t.add("substr", 4, "readonly", 1, 1, 1).acl("@read @string @slow").run(StringCommands::getrange);
        t.add("setrange", 4, "write denyoom", 1, 1, 1).acl("@write @string @slow").run(StringCommands::setrange);
        t.add("lcs", -3, "readonly", 1, 2, 1).acl("@read @string @slow").run(Lcs::run);
    }

    /** The string under key, null if absent, WRONGTYPE otherwise; counts keyspace hits and misses. */
    public static StringValue readString(Connection c, byte[] key) {
        StringValue v = Args.lookup(c, key, StringValue.class);
        if (v == null) {
            c.node().stats().keyspaceMisses++;
        } else {
            c.node().stats().keyspaceHits++;
        }
        return v;
    }

    /** Redis's lookupKeyRead: the value of any type, counting hits and misses. */
    public static RedisValue readAny(Connection c, byte[] key) {
        RedisValue v = c.keyspace().get(Bytes.of(key));
        if (v == null) {
            c.node().stats().keyspaceMisses++;
        } else {
            c.node().stats().keyspaceHits++;
        }
        return v;
    }

    private static RespValue get(Connection c, byte[][] argv) {
        StringValue v = readString(c, argv[1]);
        return v == null ? Replies.NULL_BULK : Replies.bulk(v.bytes());
    }

    // ---- SET and its option parser (parseExtendedStringArgumentsOrReply) ----

    static final int NX = 1;
    static final int XX = 2;
    static final int KEEPTTL = 4;
    static final int GET = 8;
    static final int PERSIST = 16;
    static final int EX = 32;
    static final int PX = 64;
    static final int EXAT = 128;
    static final int PXAT = 256;
    private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;

    /** Options of SET (from argv[3]) or GETEX (from argv[2]) as Redis 7.0 parses them. */
    static final class StringOptions {
        int flags;
        byte[] expire;

        String unit() {
            if ((flags & EX) != 0) {
                return "ex";
            }
            if ((flags & PX) != 0) {
                return "px";
            }
            return (flags & EXAT) != 0 ? "exat" : "pxat";
        }
    }

    static StringOptions parseOptions(byte[][] argv, boolean forSet) {
        StringOptions o = new StringOptions();
        for (int j = forSet ? 3 : 2; j < argv.length; j++) {
            byte[] a = argv[j];
            boolean hasNext = j + 1 < argv.length;
            int f = o.flags;
            if (forSet && Args.is(a, "nx") && (f & XX) == 0) {
                o.flags |= NX;
            } else if (forSet && Args.is(a, "xx") && (f & NX) == 0) {
                o.flags |= XX;
            } else if (forSet && Args.is(a, "get")) {
                o.flags |= GET;
            } else if (forSet && Args.is(a, "keepttl") && (f & (PERSIST | ANY_EXPIRE)) == 0) {
                o.flags |= KEEPTTL;
            } else if (!forSet && Args.is(a, "persist") && (f & (KEEPTTL | ANY_EXPIRE)) == 0) {
                o.flags |= PERSIST;
            } else if (Args.is(a, "ex") && (f & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) == 0 && hasNext) {
                o.flags |= EX;
                o.expire = argv[++j];
            } else if (Args.is(a, "px") && (f & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) == 0 && hasNext) {
                o.flags |= PX;
                o.expire = argv[++j];
            } else if (Args.is(a, "exat") && (f & (KEEPTTL | PERSIST | EX | PX | PXAT)) == 0 && hasNext) {
                o.flags |= EXAT;
                o.expire = argv[++j];
            } else if (Args.is(a, "pxat") && (f & (KEEPTTL | PERSIST | EX | EXAT | PX)) == 0 && hasNext) {
                o.flags |= PXAT;
                o.expire = argv[++j];
            } else {
                throw Args.syntax();
            }
        }
        return o;
    }

    private static RespValue set(Connection c, byte[][] argv) {
        StringOptions o = parseOptions(argv, true);
        long expireAt = o.expire == null ? -1 : expireArgToAbsolute(c, o.unit(), Args.toLong(o.expire), "set");
        return setGeneric(c, argv[1], argv[2], o.flags, expireAt, argv);
    }

    /** Redis's setGenericCommand once the expire time is known (-1: none). */
    private static RespValue setGeneric(Connection c, byte[] keyArg, byte[] value, int flags, long expireAt, byte[][] argv) {
        Keyspace ks = c.keyspace();
        Bytes key = Bytes.of(keyArg);
        RespValue old = null;
        if ((flags & GET) != 0) {
            StringValue ov = readString(c, keyArg);
            old = ov == null ? Replies.NULL_BULK : Replies.bulk(ov.bytes());
        }
        boolean exists = ks.exists(key);
        if (((flags & NX) != 0 && exists) || ((flags & XX) != 0 && !exists)) {
            return (flags & GET) != 0 ? old : Replies.NULL_BULK;
        }
        ks.set(key, new StringValue(value), (flags & KEEPTTL) != 0);
        c.effects().changed();
        Notify.event(c, Notify.STRING, "set", keyArg);
        if (expireAt >= 0) {
            ks.expireAt(key, expireAt);
            Notify.event(c, Notify.GENERIC, "expire", keyArg);
            // Redis propagates SET with a relative expire as SET key value PXAT <ms> (and keeps GET/NX/XX out)
            c.effects().propagateAs(new byte[][] {ascii("SET"), keyArg, value, ascii("PXAT"), Numbers.toBytes(expireAt)});
        }
        return (flags & GET) != 0 ? old : Replies.OK;
    }

    private static RespValue setnx(Connection c, byte[][] argv) {
        RespValue r = setGeneric(c, argv[1], argv[2], NX, -1, null);
        return r == Replies.OK ? Replies.ONE : Replies.ZERO;
    }

    private static RespValue setex(Connection c, byte[][] argv, String unit) {
        long n = Args.toLong(argv[2]);
        String name = unit.equals("ex") ? "setex" : "psetex";
        long at = expireArgToAbsolute(c, unit, n, name);
        return setGeneric(c, argv[1], argv[3], 0, at, argv);
    }

    /**
     * Converts an EX/PX/EXAT/PXAT argument to an absolute time in ms with Redis's checks:
     * {@code ERR invalid expire time in 'cmd' command} for values <= 0 or overflowing.
     */
    static long expireArgToAbsolute(Connection c, String unit, long n, String cmd) {
        if (n <= 0) {
            throw invalidExpire(cmd);
        }
        boolean seconds = unit.equals("ex") || unit.equals("exat");
        if (seconds && n > Long.MAX_VALUE / 1000) {
            throw invalidExpire(cmd);
        }
        long ms = seconds ? n * 1000 : n;
        if (unit.equals("ex") || unit.equals("px")) {
            long now = c.node().clock().millis();
            if (ms > Long.MAX_VALUE - now) {
                throw invalidExpire(cmd);
            }
            ms += now;
        }
        return ms;
    }

    public static ReplyException invalidExpire(String cmd) {
        return Args.error("ERR invalid expire time in '" + cmd + "' command");
    }

    // ---- GETSET, GETDEL, GETEX ----

    private static RespValue getset(Connection c, byte[][] argv) {
        StringValue old = readString(c, argv[1]);
        c.keyspace().set(Bytes.of(argv[1]), new StringValue(argv[2]));
        c.effects().changed();
        Notify.event(c, Notify.STRING, "set", argv[1]);
        c.effects().propagateAs(new byte[][] {ascii("SET"), argv[1], argv[2]});
        return old == null ? Replies.NULL_BULK : Replies.bulk(old.bytes());
    }

    private static RespValue getdel(Connection c, byte[][] argv) {
        StringValue old = readString(c, argv[1]);
        if (old == null) {
            return Replies.NULL_BULK;
        }
        c.keyspace().remove(Bytes.of(argv[1]));
        c.effects().changed();
        Notify.event(c, Notify.GENERIC, "del", argv[1]);
        c.effects().propagateAs(new byte[][] {ascii("DEL"), argv[1]});
        return Replies.bulk(old.bytes());
    }

    private static RespValue getex(Connection c, byte[][] argv) {
        StringOptions o = parseOptions(argv, false);
        StringValue v = readString(c, argv[1]);
        if (v == null) {
            return Replies.NULL_BULK;
        }
        Keyspace ks = c.keyspace();
        Bytes key = Bytes.of(argv[1]);
        long at = o.expire == null ? -1 : expireArgToAbsolute(c, o.unit(), Args.toLong(o.expire), "getex");
        RespValue reply = Replies.bulk(v.bytes());
        if ((o.flags & (EXAT | PXAT)) != 0 && at <= c.node().clock().millis() && !c.node().isReplica()) {
            ks.remove(key);
            c.effects().changed();
            Notify.event(c, Notify.GENERIC, "del", argv[1]);
            c.effects().propagateAs(new byte[][] {ascii("DEL"), argv[1]});
        } else if (o.expire != null) {
            ks.expireAt(key, at);
            c.effects().changed();
            Notify.event(c, Notify.GENERIC, "expire", argv[1]);
            c.effects().propagateAs(new byte[][] {ascii("PEXPIREAT"), argv[1], Numbers.toBytes(at)});
        } else if ((o.flags & PERSIST) != 0 && ks.persist(key)) {
            c.effects().changed();
            Notify.event(c, Notify.GENERIC, "persist", argv[1]);
            c.effects().propagateAs(new byte[][] {ascii("PERSIST"), argv[1]});
        }
        return reply;
    }

    // ---- MGET / MSET / MSETNX ----

    private static RespValue mget(Connection c, byte[][] argv) {
        List<RespValue> out = new ArrayList<>(argv.length - 1);
        for (int i = 1; i < argv.length; i++) {
            RedisValue v = readAny(c, argv[i]);
            out.add(v instanceof StringValue s ? Replies.bulk(s.bytes()) : Replies.NULL_BULK);
        }
        return Replies.array(out);
    }

    private static RespValue mset(Connection c, byte[][] argv, boolean nx) {
        if (argv.length % 2 == 0) {
            return Replies.wrongArity(nx ? "msetnx" : "mset");
        }
        Keyspace ks = c.keyspace();
        if (nx) {
            for (int i = 1; i < argv.length; i += 2) {
                if (ks.exists(Bytes.of(argv[i]))) {
                    return Replies.ZERO;
                }
            }
        }
        for (int i = 1; i < argv.length; i += 2) {
            ks.set(Bytes.of(argv[i]), new StringValue(argv[i + 1]));
            c.effects().changed();
            Notify.event(c, Notify.STRING, "set", argv[i]);
        }
        return nx ? Replies.ONE : Replies.OK;
    }

    // ---- counters ----

    private static RespValue decrby(Connection c, byte[][] argv) {
        long n = Args.toLong(argv[2]);
        if (n == Long.MIN_VALUE) {
            return Replies.error("ERR decrement would overflow");
        }
        return incrBy(c, argv, -n);
    }

    private static RespValue incrBy(Connection c, byte[][] argv, long incr) {
        Keyspace ks = c.keyspace();
        Bytes key = Bytes.of(argv[1]);
        StringValue v = Args.lookup(c, argv[1], StringValue.class);
        long value = 0;
        if (v != null) {
            value = Args.toLong(v.bytes());
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            return Replies.OVERFLOW;
        }
        value += incr;
        ks.set(key, StringValue.ofLong(value), true);
        c.effects().changed();
        Notify.event(c, Notify.STRING, "incrby", argv[1]);
        return Replies.integer(value);
    }

    private static RespValue incrbyfloat(Connection c, byte[][] argv) {
        StringValue v = Args.lookup(c, argv[1], StringValue.class);
        BigDecimal value = BigDecimal.ZERO;
        boolean infinite = false;
        try {
            if (v != null) {
                try {
                    value = LongDouble.parse(v.bytes());
                } catch (LongDouble.InfiniteException e) {
                    infinite = true;
                }
            }
            BigDecimal incr;
            try {
                incr = LongDouble.parse(argv[2]);
            } catch (LongDouble.InfiniteException e) {
                infinite = true;
                incr = BigDecimal.ZERO;
            }
            if (infinite) {
                throw new LongDouble.InfiniteException();
            }
            value = LongDouble.add(value, incr);
        } catch (LongDouble.InfiniteException e) {
            return Replies.error("ERR increment would produce NaN or Infinity");
        } catch (NumberFormatException e) {
            return Replies.NOT_FLOAT;
        }
        byte[] text = Numbers.formatHuman(value).getBytes(StandardCharsets.ISO_8859_1);
        c.keyspace().set(Bytes.of(argv[1]), StringValue.plain(text), true);
        c.effects().changed();
        Notify.event(c, Notify.STRING, "incrbyfloat", argv[1]);
        c.effects().propagateAs(new byte[][] {ascii("SET"), argv[1], text, ascii("KEEPTTL")});
        return Replies.bulk(text);
    }

    // ---- APPEND, STRLEN, GETRANGE, SETRANGE ----

    private static long maxBulkLen(Connection c) {
        return c.node().config().longValue("proto-max-bulk-len");
    }

    private static void checkLength(Connection c, long total) {
        if (!c.isReplicaLink() && total > maxBulkLen(c)) {
            throw Args.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
    }

    private static RespValue append(Connection c, byte[][] argv) {
        Bytes key = Bytes.of(argv[1]);
        StringValue v = Args.lookup(c, argv[1], StringValue.class);
        long len;
        if (v == null) {
            c.keyspace().set(key, new StringValue(argv[2]));
            len = argv[2].length;
        } else {
            byte[] old = v.bytes();
            checkLength(c, (long) old.length + argv[2].length);
            byte[] b = new byte[old.length + argv[2].length];
            System.arraycopy(old, 0, b, 0, old.length);
            System.arraycopy(argv[2], 0, b, old.length, argv[2].length);
            v.setBytes(b);
            len = b.length;
        }
        c.effects().changed();
        Notify.event(c, Notify.STRING, "append", argv[1]);
        return Replies.integer(len);
    }

    private static RespValue strlen(Connection c, byte[][] argv) {
        StringValue v = readString(c, argv[1]);
        return Replies.integer(v == null ? 0 : v.bytes().length);
    }

    private static RespValue getrange(Connection c, byte[][] argv) {
        long start = Args.toLong(argv[2]);
        long end = Args.toLong(argv[3]);
        StringValue v = readString(c, argv[1]);
        if (v == null) {
            return Replies.EMPTY_BULK;
        }
        byte[] s = v.bytes();
        long len = s.length;
        if (start < 0 && end < 0 && start > end) {
            return Replies.EMPTY_BULK;
        }
        long[] r = IndexRange.clampInclusive(start, end, len);
        start = r[0];
        end = r[1];
        if (start > end || len == 0) {
            return Replies.EMPTY_BULK;
        }
        byte[] out = new byte[(int) (end - start + 1)];
        System.arraycopy(s, (int) start, out, 0, out.length);
        return Replies.bulk(out);
    }

    private static RespValue setrange(Connection c, byte[][] argv) {
        long offset = Args.toLong(argv[2]);
        if (offset < 0) {
            return Replies.error("ERR offset is out of range");
        }
        byte[] value = argv[3];
        Bytes key = Bytes.of(argv[1]);
        StringValue v = Args.lookup(c, argv[1], StringValue.class);
        if (v == null) {
            if (value.length == 0) {
                return Replies.ZERO;
            }
            checkLength(c, offset + value.length);
            byte[] b = new byte[(int) (offset + value.length)];
            System.arraycopy(value, 0, b, (int) offset, value.length);
            c.keyspace().set(key, StringValue.raw(b));
            c.effects().changed();
            Notify.event(c, Notify.STRING, "setrange", argv[1]);
            return Replies.integer(b.length);
        }
        byte[] old = v.bytes();
        if (value.length == 0) {
            return Replies.integer(old.length);
        }
        checkLength(c, offset + value.length);
        int newLen = (int) Math.max(old.length, offset + value.length);
        byte[] b = new byte[newLen];
        System.arraycopy(old, 0, b, 0, old.length);
        System.arraycopy(value, 0, b, (int) offset, value.length);
        v.setBytes(b);
        c.effects().changed();
        Notify.event(c, Notify.STRING, "setrange", argv[1]);
        return Replies.integer(b.length);
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
