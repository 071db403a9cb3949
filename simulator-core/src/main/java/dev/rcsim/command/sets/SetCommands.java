package dev.rcsim.command.sets;

import dev.rcsim.command.Args;
import dev.rcsim.command.CollectionScan;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Notify;
import dev.rcsim.command.NumKeys;
import dev.rcsim.command.RandomPick;
import dev.rcsim.command.hashes.HashCommands;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.SetValue;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Set commands (SADD, SMEMBERS, SINTER..., SPOP, SSCAN) as Redis 7.0's t_set.c. */
public final class SetCommands {
    private SetCommands() {}

    public static void register(CommandTable t) {
        t.add("sadd", -3, "write denyoom fast", 1, 1, 1).acl("@write @set @fast").run(SetCommands::sadd);
        t.add("srem", -3, "write fast", 1, 1, 1).acl("@write @set @fast").run(SetCommands::srem);
        t.add("smembers", 2, "readonly", 1, 1, 1).acl("@read @set @slow").run(SetCommands::smembers);
        t.add("sismember", 3, "readonly fast", 1, 1, 1).acl("@read @set @fast").run(SetCommands::sismember);
        t.add("smismember", -3, "readonly fast", 1, 1, 1).acl("@read @set @fast").run(SetCommands::smismember);
        t.add("scard", 2, "readonly fast", 1, 1, 1).acl("@read @set @fast").run(SetCommands::scard);
        t.add("spop", -2, "write fast", 1, 1, 1).acl("@write @set @fast").run(SetCommands::spop);
        t.add("srandmember", -2, "readonly", 1, 1, 1).acl("@read @set @slow").run(SetCommands::srandmember);
        t.add("smove", 4, "write fast", 1, 2, 1).acl("@write @set @fast").run(SetCommands::smove);
        t.add("sinter", -2, "readonly", 1, -1, 1).acl("@read @set @slow").run((c, a) -> sinter(c, a, 1, null));
        t.add("sintercard", -3, "readonly movablekeys", 0, 0, 0).acl("@read @set @slow")
                .keys(SetCommands::numkeysAt1).run(SetCommands::sintercard);
        t.add("sinterstore", -3, "write denyoom", 1, -1, 1).acl("@write @set @slow")
                .run((c, a) -> sinter(c, a, 2, a[1]));
        t.add("sunion", -2, "readonly", 1, -1, 1).acl("@read @set @slow").run((c, a) -> unionDiff(c, a, 1, null, false));
        t.add("sunionstore", -3, "write denyoom", 1, -1, 1).acl("@write @set @slow")
                .run((c, a) -> unionDiff(c, a, 2, a[1], false));
        t.add("sdiff", -2, "readonly", 1, -1, 1).acl("@read @set @slow").run((c, a) -> unionDiff(c, a, 1, null, true));
        t.add("sdiffstore", -3, "write denyoom", 1, -1, 1).acl("@write @set @slow")
                .run((c, a) -> unionDiff(c, a, 2, a[1], true));
        t.add("sscan", -3, "readonly", 1, 1, 1).acl("@read @set @slow").run(SetCommands::sscan);
    }

    /** Keys of {@code CMD numkeys key...}: numkeys at argv[1]. */
    public static int[] numkeysAt1(byte[][] argv) {
        return NumKeys.keys(argv, 1, 0);
    }

    static SetValue read(Connection c, byte[] key) {
        return Args.lookup(c, key, SetValue.class);
    }

    private static long maxIntset(Connection c) {
        return c.node().config().longValue("set-max-intset-entries");
    }

    private static RespValue sadd(Connection c, byte[][] argv) {
        SetValue s = read(c, argv[1]);
        if (s == null) {
            s = new SetValue();
            c.keyspace().set(Bytes.of(argv[1]), s);
        }
        long max = maxIntset(c);
        int added = 0;
        for (int i = 2; i < argv.length; i++) {
            if (s.add(Bytes.of(argv[i]), max)) {
                added++;
            }
        }
        c.effects().changed(added);
        if (added > 0) {
            Notify.event(c, Notify.SET, "sadd", argv[1]);
        }
        return Replies.integer(added);
    }

    private static RespValue srem(Connection c, byte[][] argv) {
        SetValue s = read(c, argv[1]);
        if (s == null) {
            return Replies.ZERO;
        }
        int removed = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < argv.length; i++) {
            if (s.remove(Bytes.of(argv[i]))) {
                removed++;
                if (s.isEmpty()) {
                    keyRemoved = c.keyspace().remove(Bytes.of(argv[1]));
                    break;
                }
            }
        }
        c.effects().changed(removed);
        if (removed > 0) {
            Notify.event(c, Notify.SET, "srem", argv[1]);
        }
        if (keyRemoved) {
            Notify.event(c, Notify.GENERIC, "del", argv[1]);
        }
        return Replies.integer(removed);
    }

    static RespValue setReply(List<Bytes> members) {
        List<RespValue> out = new ArrayList<>(members.size());
        for (Bytes b : members) {
            out.add(Replies.bulk(b.bytes()));
        }
        return Replies.set(out);
    }

    private static RespValue smembers(Connection c, byte[][] argv) {
        SetValue s = read(c, argv[1]);
        return s == null ? Replies.EMPTY_SET : setReply(s.members());
    }

    private static RespValue sismember(Connection c, byte[][] argv) {
        SetValue s = read(c, argv[1]);
        return Replies.bool(s != null && s.contains(Bytes.of(argv[2])));
    }

    private static RespValue smismember(Connection c, byte[][] argv) {
        SetValue s = read(c, argv[1]);
        List<RespValue> out = new ArrayList<>(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            out.add(Replies.bool(s != null && s.contains(Bytes.of(argv[i]))));
        }
        return Replies.array(out);
    }

    private static RespValue scard(Connection c, byte[][] argv) {
        SetValue s = read(c, argv[1]);
        return Replies.integer(s == null ? 0 : s.size());
    }

    private static final RespValue MUST_BE_POSITIVE = Replies.error("ERR value is out of range, must be positive");

    private static RespValue spop(Connection c, byte[][] argv) {
        if (argv.length > 3) {
            return Replies.SYNTAX;
        }
        Bytes key = Bytes.of(argv[1]);
        if (argv.length == 2) {
            SetValue s = read(c, argv[1]);
            if (s == null) {
                return Replies.NULL_BULK;
            }
            Bytes m = s.memberAt(c.node().random().nextInt(s.size()));
            s.remove(m);
            Notify.event(c, Notify.SET, "spop", argv[1]);
            if (s.isEmpty()) {
                c.keyspace().remove(key);
                Notify.event(c, Notify.GENERIC, "del", argv[1]);
            }
            c.effects().changed();
            c.effects().propagateAs(new byte[][] {"SREM".getBytes(), argv[1], m.bytes()});
            return Replies.bulk(m.bytes());
        }
        long count = Args.toLong(argv[2]);
        if (count < 0) {
            return MUST_BE_POSITIVE;
        }
        SetValue s = read(c, argv[1]);
        if (s == null || count == 0) {
            return Replies.EMPTY_SET;
        }
        List<Bytes> popped;
        Notify.event(c, Notify.SET, "spop", argv[1]);
        if (count >= s.size()) {
            popped = s.members();
            c.keyspace().remove(key);
            Notify.event(c, Notify.GENERIC, "del", argv[1]);
            c.effects().propagateAs(new byte[][] {"DEL".getBytes(), argv[1]});
        } else {
            popped = RandomPick.pick(s.members(), count, c.node().random());
            byte[][] prop = new byte[popped.size() + 2][];
            prop[0] = "SREM".getBytes();
            prop[1] = argv[1];
            int i = 2;
            for (Bytes m : popped) {
                s.remove(m);
                prop[i++] = m.bytes();
            }
            c.effects().propagateAs(prop);
        }
        c.effects().changed(popped.size());
        return setReply(popped);
    }

    private static RespValue srandmember(Connection c, byte[][] argv) {
        if (argv.length > 3) {
            return Replies.SYNTAX;
        }
        if (argv.length == 2) {
            SetValue s = read(c, argv[1]);
            return s == null ? Replies.NULL_BULK : Replies.bulk(s.memberAt(c.node().random().nextInt(s.size())).bytes());
        }
        long count = HashCommands.randCount(argv[2]);
        SetValue s = read(c, argv[1]);
        if (s == null || count == 0) {
            return Replies.EMPTY_ARRAY;
        }
        List<Bytes> picked = RandomPick.pick(s.members(), count, c.node().random());
        List<RespValue> out = new ArrayList<>(picked.size());
        for (Bytes b : picked) {
            out.add(Replies.bulk(b.bytes()));
        }
        return Replies.array(out);
    }

    private static RespValue smove(Connection c, byte[][] argv) {
        SetValue src = Args.lookup(c, argv[1], SetValue.class);
        if (src == null) {
            return Replies.ZERO; // Redis answers 0 before type-checking the destination
        }
        SetValue dst = read(c, argv[2]);
        Bytes m = Bytes.of(argv[3]);
        if (src == dst) {
            return Replies.bool(src.contains(m));
        }
        if (!src.remove(m)) {
            return Replies.ZERO;
        }
        Notify.event(c, Notify.SET, "srem", argv[1]);
        if (src.isEmpty()) {
            c.keyspace().remove(Bytes.of(argv[1]));
            Notify.event(c, Notify.GENERIC, "del", argv[1]);
        }
        if (dst == null) {
            dst = new SetValue();
            c.keyspace().set(Bytes.of(argv[2]), dst);
        }
        if (dst.add(m, maxIntset(c))) {
            Notify.event(c, Notify.SET, "sadd", argv[2]);
        }
        c.effects().changed();
        return Replies.ONE;
    }

    /** The sets named by argv[from..], null for missing keys; WRONGTYPE checked on every key. */
    private static List<SetValue> readAll(Connection c, byte[][] argv, int from, int to) {
        List<SetValue> sets = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            sets.add(read(c, argv[i]));
        }
        return sets;
    }

    /** Members of the intersection, in the iteration order of the smallest set; null if a key is missing. */
    private static List<Bytes> intersect(List<SetValue> sets, long limit) {
        for (SetValue s : sets) {
            if (s == null) {
                return new ArrayList<>();
            }
        }
        List<SetValue> sorted = new ArrayList<>(sets);
        sorted.sort(Comparator.comparingInt(SetValue::size));
        List<Bytes> out = new ArrayList<>();
        for (Bytes m : sorted.get(0).members()) {
            boolean all = true;
            for (int j = 1; j < sorted.size() && all; j++) {
                SetValue o = sorted.get(j);
                all = o == sorted.get(0) || o.contains(m);
            }
            if (all) {
                out.add(m);
                if (limit > 0 && out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    private static RespValue sinter(Connection c, byte[][] argv, int from, byte[] dstKey) {
        List<Bytes> result = intersect(readAll(c, argv, from, argv.length), 0);
        if (dstKey == null) {
            return setReply(result);
        }
        return store(c, dstKey, result, "sinterstore");
    }

    private static RespValue store(Connection c, byte[] dstKey, List<Bytes> result, String event) {
        Bytes dst = Bytes.of(dstKey);
        if (result.isEmpty()) {
            if (c.keyspace().remove(dst)) {
                c.effects().changed();
                Notify.event(c, Notify.GENERIC, "del", dstKey);
            }
            return Replies.ZERO;
        }
        SetValue s = new SetValue();
        long max = maxIntset(c);
        for (Bytes m : result) {
            s.add(m, max);
        }
        c.keyspace().set(dst, s);
        c.effects().changed();
        Notify.event(c, Notify.SET, event, dstKey);
        return Replies.integer(s.size());
    }

    private static final RespValue NUMKEYS_POSITIVE = Replies.error("ERR numkeys should be greater than 0");
    private static final RespValue NUMKEYS_TOO_MANY = Replies.error("ERR Number of keys can't be greater than number of args");
    private static final RespValue LIMIT_NEGATIVE = Replies.error("ERR LIMIT can't be negative");

    private static RespValue sintercard(Connection c, byte[][] argv) {
        long numkeys = Args.toLong(argv[1], NUMKEYS_POSITIVE);
        if (numkeys <= 0 || numkeys > Integer.MAX_VALUE) {
            return NUMKEYS_POSITIVE;
        }
        if (numkeys > argv.length - 2) {
            return NUMKEYS_TOO_MANY;
        }
        int end = 2 + (int) numkeys;
        long limit = 0;
        for (int i = end; i < argv.length; i++) {
            if (Args.is(argv[i], "limit") && i + 1 < argv.length) {
                limit = Args.toLong(argv[++i], LIMIT_NEGATIVE);
                if (limit < 0) {
                    return LIMIT_NEGATIVE;
                }
            } else {
                return Replies.SYNTAX;
            }
        }
        return Replies.integer(intersect(readAll(c, argv, 2, end), limit).size());
    }

    private static RespValue unionDiff(Connection c, byte[][] argv, int from, byte[] dstKey, boolean diff) {
        List<SetValue> sets = readAll(c, argv, from, argv.length);
        SetValue result = new SetValue();
        long max = maxIntset(c);
        if (diff) {
            SetValue first = sets.get(0);
            if (first != null) {
                for (Bytes m : first.members()) {
                    boolean keep = true;
                    for (int j = 1; j < sets.size() && keep; j++) {
                        SetValue o = sets.get(j);
                        keep = o == null || !o.contains(m);
                    }
                    if (keep) {
                        result.add(m, max);
                    }
                }
            }
        } else {
            for (SetValue s : sets) {
                if (s != null) {
                    for (Bytes m : s.members()) {
                        result.add(m, max);
                    }
                }
            }
        }
        List<Bytes> members = result.members();
        if (dstKey == null) {
            return setReply(members);
        }
        return store(c, dstKey, members, diff ? "sdiffstore" : "sunionstore");
    }

    private static RespValue sscan(Connection c, byte[][] argv) {
        long cursor = CollectionScan.parseCursor(argv[2]);
        SetValue s = read(c, argv[1]);
        if (s == null) {
            return CollectionScan.EMPTY_SCAN;
        }
        CollectionScan.Options o = CollectionScan.parseOptions(argv, 3);
        List<RespValue> out = new ArrayList<>();
        long next = 0;
        List<Bytes> members = s.members();
        if (!s.isIntset()) {
            long[] n = new long[1];
            members = CollectionScan.step(members, cursor, o.count(), n);
            next = n[0];
        }
        for (Bytes m : members) {
            if (CollectionScan.matches(o, m)) {
                out.add(Replies.bulk(m.bytes()));
            }
        }
        return CollectionScan.reply(next, out);
    }
}
