package dev.rcsim.command.streams;

import dev.rcsim.command.Args;
import dev.rcsim.command.Blocking;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Notify;
import dev.rcsim.command.ReplyException;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.keyspace.StreamGroup;
import dev.rcsim.keyspace.StreamID;
import dev.rcsim.keyspace.StreamValue;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.BlockedState;
import dev.rcsim.server.Connection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stream commands of Redis 7.0 (t_stream.c): XADD (with trimming), XLEN, XRANGE/XREVRANGE, XDEL, XTRIM,
 * XREAD, XSETID, consumer groups (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM). Argument checks run in
 * Redis's order so the first error is the one Redis reports. Writes are propagated as Redis does it:
 * XADD with the concrete ID and exact trimming, XREADGROUP and XCLAIM as XCLAIM ... FORCE JUSTID plus
 * XGROUP SETID. A blocked XREAD/XREADGROUP is re-run (on the key that became ready only) when the
 * stream is written; {@code $} is resolved to the last ID when the client blocks.
 */
public final class StreamCommands {
    private StreamCommands() {}

    private static final RespValue TOP_ITEM = Replies.error("ERR The ID specified in XADD is equal or smaller than the target stream top item");
    private static final RespValue ZERO_ID = Replies.error("ERR The ID specified in XADD must be greater than 0-0");
    private static final RespValue EXHAUSTED = Replies.error("ERR The stream has exhausted the last possible ID, unable to add more items");
    private static final RespValue BOTH_STRATEGIES = Replies.error("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
    private static final RespValue MAXLEN_NEG = Replies.error("ERR The MAXLEN argument must be >= 0.");
    private static final RespValue LIMIT_NEG = Replies.error("ERR The LIMIT argument must be >= 0.");
    private static final RespValue LIMIT_NO_STRATEGY = Replies.error("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
    private static final RespValue XTRIM_NO_STRATEGY = Replies.error("ERR syntax error, XTRIM must be called with a trimming strategy");
    private static final RespValue LIMIT_NO_APPROX = Replies.error("ERR syntax error, LIMIT cannot be used without the special ~ option");
    private static final RespValue BAD_START = Replies.error("ERR invalid start ID for the interval");
    private static final RespValue BAD_END = Replies.error("ERR invalid end ID for the interval");
    private static final RespValue UNBALANCED = Replies.error(
            "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
    private static final RespValue TIMEOUT_NOT_INT = Replies.error("ERR timeout is not an integer or out of range");
    private static final int XREAD_BLOCKED_DEFAULT_COUNT = 1000;
    private static final RespValue BLOCKED_KEY_GONE = Replies.error("UNBLOCKED the stream key no longer exists");
    private static final RespValue BLOCKED_GROUP_GONE = Replies.error(
            "NOGROUP the consumer group this client was blocked on no longer exists");

    public static void register(CommandTable t) {
        t.add("xadd", -5, "write denyoom fast", 1, 1, 1).acl("@write @stream @fast").run(StreamCommands::xadd);
        t.add("xlen", 2, "readonly fast", 1, 1, 1).acl("@read @stream @fast").run(StreamCommands::xlen);
        t.add("xrange", -4, "readonly", 1, 1, 1).acl("@read @stream @slow").run((c, a) -> xrange(c, a, false));
        t.add("xrevrange", -4, "readonly", 1, 1, 1).acl("@read @stream @slow").run((c, a) -> xrange(c, a, true));
        t.add("xdel", -3, "write fast", 1, 1, 1).acl("@write @stream @fast").run(StreamCommands::xdel);
        t.add("xtrim", -4, "write", 1, 1, 1).acl("@write @stream @slow").run(StreamCommands::xtrim);
        t.add("xread", -4, "readonly blocking movablekeys", 0, 0, 0).acl("@read @stream @slow @blocking")
                .keys(StreamCommands::xreadKeys).run((c, a) -> xread(c, a, false));
        t.add("xreadgroup", -7, "write blocking movablekeys", 0, 0, 0).acl("@write @stream @slow @blocking")
                .keys(StreamCommands::xreadKeys).run((c, a) -> xread(c, a, true));
        t.add("xsetid", -3, "write denyoom fast", 1, 1, 1).acl("@write @stream @fast").run(StreamCommands::xsetid);
        t.add("xack", -4, "write fast", 1, 1, 1).acl("@write @stream @fast").run(StreamCommands::xack);
        t.add("xpending", -3, "readonly", 1, 1, 1).acl("@read @stream @slow").run(StreamCommands::xpending);
        t.add("xclaim", -6, "write fast", 1, 1, 1).acl("@write @stream @fast").run(StreamCommands::xclaim);
        t.add("xautoclaim", -6, "write fast", 1, 1, 1).acl("@write @stream @fast").run(StreamAutoClaim::xautoclaim);
        StreamGroupCommands.register(t);
        StreamInfoCommands.register(t);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static StreamValue stream(Connection c, byte[] key) {
        return Args.lookup(c, key, StreamValue.class);
    }

    static RespValue id(StreamID id) {
        return Replies.bulk(id.toBytes());
    }

    static RespValue entry(StreamID id, byte[][] fv) {
        List<RespValue> f = new ArrayList<>(fv.length);
        for (byte[] b : fv) {
            f.add(Replies.bulk(b));
        }
        return Replies.array(id(id), Replies.array(f));
    }

    static long now(Connection c) {
        return c.node().clock().millis();
    }

    private static long limitedToLong(byte[] a) {
        return Args.toLong(a);
    }

    // ------------------------------------------------------------------ XADD / XTRIM

    /** Parsed XADD/XTRIM options (streamAddTrimArgs). */
    private static final class TrimArgs {
        boolean maxlenStrategy;
        boolean minidStrategy;
        long maxlen = -1;
        StreamID minid;
        boolean approx;
        long limit;
        int strategyArgIdx;
        boolean nomkstream;
        StreamIds.Parsed id;
        int idPos;

        boolean any() {
            return maxlenStrategy || minidStrategy;
        }
    }

    /**
     * MAXLEN / MINID at {@code i}: refuses a second strategy, takes an optional {@code ~} (approximate)
     * or {@code =} (exact), and returns the index of the threshold argument.
     */
    private static int strategyValue(TrimArgs t, byte[][] argv, int i, int more) {
        if (t.any()) {
            throw new ReplyException(BOTH_STRATEGIES);
        }
        t.approx = false;
        byte[] next = argv[i + 1];
        if (more >= 2 && next.length == 1 && (next[0] == '~' || next[0] == '=')) {
            t.approx = next[0] == '~';
            i++;
        }
        return i + 1;
    }

    private static TrimArgs parseTrim(Connection c, byte[][] argv, boolean xadd) {
        TrimArgs t = new TrimArgs();
        boolean limitGiven = false;
        int i = 2;
        for (; i < argv.length; i++) {
            int more = argv.length - 1 - i;
            byte[] o = argv[i];
            if (xadd && o.length == 1 && o[0] == '*') {
                break;
            } else if (Args.is(o, "maxlen") && more > 0) {
                i = strategyValue(t, argv, i, more);
                t.maxlen = Args.toLong(argv[i]);
                if (t.maxlen < 0) {
                    throw new ReplyException(MAXLEN_NEG);
                }
                t.maxlenStrategy = true;
                t.strategyArgIdx = i;
            } else if (Args.is(o, "minid") && more > 0) {
                i = strategyValue(t, argv, i, more);
                t.minid = StreamIds.parse(argv[i], 0, true);
                t.minidStrategy = true;
                t.strategyArgIdx = i;
            } else if (Args.is(o, "limit") && more > 0) {
                t.limit = Args.toLong(argv[i + 1]);
                if (t.limit < 0) {
                    throw new ReplyException(LIMIT_NEG);
                }
                limitGiven = true;
                i++;
            } else if (xadd && Args.is(o, "nomkstream")) {
                t.nomkstream = true;
            } else if (xadd) {
                t.id = StreamIds.tryParse(o, 0, true, true);
                if (t.id == null) {
                    throw new ReplyException(StreamIds.INVALID);
                }
                break;
            } else {
                throw Args.syntax();
            }
        }
        t.idPos = i;
        if (t.limit != 0 && !t.any()) {
            throw new ReplyException(LIMIT_NO_STRATEGY);
        }
        if (!xadd && !t.any()) {
            throw new ReplyException(XTRIM_NO_STRATEGY);
        }
        if (limitGiven) {
            if (!t.approx) {
                throw new ReplyException(LIMIT_NO_APPROX);
            }
        } else if (t.approx) {
            long max = c.node().config().longValue("stream-node-max-entries");
            t.limit = 100 * max;
            if (t.limit <= 0 || t.limit > 10000) {
                t.limit = 10000;
            }
        } else {
            t.limit = 0;
        }
        return t;
    }

    private static long trim(StreamValue s, TrimArgs t) {
        return s.trim(t.maxlenStrategy ? t.maxlen : 0, t.minidStrategy ? t.minid : null, t.approx, t.limit);
    }

    /** The trimming part of a propagated XADD/XTRIM: exact, to the state the master reached. */
    private static void addTrimArgs(List<byte[]> out, StreamValue s, TrimArgs t) {
        if (t.maxlenStrategy) {
            out.add(ascii("MAXLEN"));
            out.add(ascii("="));
            out.add(Numbers.toBytes(t.approx ? s.length() : t.maxlen));
        } else {
            out.add(ascii("MINID"));
            out.add(ascii("="));
            out.add((t.approx ? s.firstId() : t.minid).toBytes());
        }
    }

    private static RespValue xadd(Connection c, byte[][] argv) {
        TrimArgs t = parseTrim(c, argv, true);
        int fieldPos = t.idPos + 1;
        int n = argv.length - fieldPos;
        if (n < 2 || n % 2 == 1) {
            return Replies.wrongArity("xadd");
        }
        if (t.id != null && t.id.seqGiven() && t.id.id().isZero()) {
            return ZERO_ID;
        }
        StreamValue s = stream(c, argv[1]);
        if (s == null) {
            if (t.nomkstream) {
                return Replies.NULL_BULK;
            }
            s = new StreamValue();
            c.keyspace().set(Bytes.of(argv[1]), s);
        }
        if (s.lastId.equals(StreamID.MAX)) {
            return EXHAUSTED;
        }
        StreamID id;
        if (t.id != null) {
            StreamID given = t.id.id();
            if (t.id.seqGiven()) {
                id = given;
            } else if (s.lastId.ms == given.ms) {
                if (s.lastId.seq == -1L) {
                    return TOP_ITEM;
                }
                id = new StreamID(given.ms, s.lastId.seq + 1);
            } else {
                id = given;
            }
        } else {
            long ms = now(c);
            id = Long.compareUnsigned(ms, s.lastId.ms) > 0 ? new StreamID(ms, 0) : s.lastId.next();
        }
        if (id.compareTo(s.lastId) <= 0) {
            return TOP_ITEM;
        }
        byte[][] fv = new byte[n][];
        System.arraycopy(argv, fieldPos, fv, 0, n);
        s.append(id, fv, c.node().config().longValue("stream-node-max-bytes"),
                c.node().config().longValue("stream-node-max-entries"));
        c.effects().changed();
        Notify.event(c, Notify.STREAM, "xadd", argv[1]);
        if (t.any() && trim(s, t) > 0) {
            Notify.event(c, Notify.STREAM, "xtrim", argv[1]);
        }
        List<byte[]> prop = new ArrayList<>();
        prop.add(ascii("XADD"));
        prop.add(argv[1]);
        if (t.nomkstream) {
            prop.add(ascii("NOMKSTREAM"));
        }
        if (t.any()) {
            addTrimArgs(prop, s, t);
        }
        prop.add(id.toBytes());
        for (byte[] b : fv) {
            prop.add(b);
        }
        c.effects().propagateAs(prop.toArray(new byte[0][]));
        return id(id);
    }

    private static RespValue xtrim(Connection c, byte[][] argv) {
        TrimArgs t = parseTrim(c, argv, false);
        StreamValue s = stream(c, argv[1]);
        if (s == null) {
            return Replies.ZERO;
        }
        long deleted = trim(s, t);
        if (deleted > 0) {
            List<byte[]> prop = new ArrayList<>();
            prop.add(ascii("XTRIM"));
            prop.add(argv[1]);
            addTrimArgs(prop, s, t);
            c.effects().propagateAs(prop.toArray(new byte[0][]));
            c.effects().changed(deleted);
            Notify.event(c, Notify.STREAM, "xtrim", argv[1]);
        }
        return Replies.integer(deleted);
    }

    private static RespValue xlen(Connection c, byte[][] argv) {
        StreamValue s = stream(c, argv[1]);
        return s == null ? Replies.ZERO : Replies.integer(s.length());
    }

    private static RespValue xdel(Connection c, byte[][] argv) {
        StreamValue s = stream(c, argv[1]);
        if (s == null) {
            return Replies.ZERO;
        }
        StreamID[] ids = new StreamID[argv.length - 2];
        for (int j = 2; j < argv.length; j++) {
            ids[j - 2] = StreamIds.parse(argv[j], 0, true);
        }
        int deleted = 0;
        for (StreamID id : ids) {
            if (s.delete(id)) {
                if (id.compareTo(s.maxDeletedId) > 0) {
                    s.maxDeletedId = id;
                }
                deleted++;
            }
        }
        if (deleted > 0) {
            c.effects().changed(deleted);
            Notify.event(c, Notify.STREAM, "xdel", argv[1]);
        }
        return Replies.integer(deleted);
    }

    // ------------------------------------------------------------------ XRANGE

    /** An interval bound: "(" makes it exclusive (then "-"/"+" are invalid). */
    static StreamID intervalId(byte[] a, long missingSeq, boolean start) {
        boolean exclude = a.length > 1 && a[0] == '(';
        if (!exclude) {
            return StreamIds.parse(a, missingSeq, false);
        }
        StreamID id = StreamIds.parse(java.util.Arrays.copyOfRange(a, 1, a.length), missingSeq, true);
        StreamID moved = start ? id.next() : id.prev();
        if (moved == null) {
            throw new ReplyException(start ? BAD_START : BAD_END);
        }
        return moved;
    }

    private static RespValue xrange(Connection c, byte[][] argv, boolean rev) {
        StreamID start = intervalId(rev ? argv[3] : argv[2], 0, true);
        StreamID end = intervalId(rev ? argv[2] : argv[3], -1L, false);
        long count = -1;
        for (int j = 4; j < argv.length; j++) {
            int additional = argv.length - j - 1;
            if (Args.is(argv[j], "count") && additional >= 1) {
                count = Args.toLong(argv[j + 1]);
                if (count < 0) {
                    count = 0;
                }
                j++;
            } else {
                throw Args.syntax();
            }
        }
        StreamValue s = stream(c, argv[1]);
        if (s == null) {
            return Replies.EMPTY_ARRAY;
        }
        if (count == 0) {
            return Replies.NULL_ARRAY;
        }
        List<RespValue> out = new ArrayList<>();
        for (Map.Entry<StreamID, ?> e : s.range(start, end, rev).entrySet()) {
            if (count > 0 && out.size() >= count) {
                break;
            }
            out.add(entry(e.getKey(), s.get(e.getKey())));
        }
        return Replies.array(out);
    }

    // ------------------------------------------------------------------ XSETID

    private static RespValue xsetid(Connection c, byte[][] argv) {
        StreamID id = StreamIds.parse(argv[2], 0, true);
        StreamID maxXdel = null;
        long entriesAdded = -1;
        for (int i = 3; i < argv.length; i++) {
            int more = argv.length - 1 - i;
            if (Args.is(argv[i], "entriesadded") && more > 0) {
                entriesAdded = Args.toLong(argv[i + 1]);
                if (entriesAdded < 0) {
                    return Replies.error("ERR entries_added must be positive");
                }
                i++;
            } else if (Args.is(argv[i], "maxdeletedid") && more > 0) {
                maxXdel = StreamIds.parse(argv[i + 1], 0, true);
                if (id.compareTo(maxXdel) < 0) {
                    return Replies.error("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
                i++;
            } else {
                throw Args.syntax();
            }
        }
        StreamValue s = stream(c, argv[1]);
        if (s == null) {
            return Replies.NO_SUCH_KEY;
        }
        if (s.length() > 0) {
            if (id.compareTo(s.lastId) < 0) {
                return Replies.error("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && s.length() > entriesAdded) {
                return Replies.error("ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        s.lastId = id;
        if (entriesAdded != -1) {
            s.entriesAdded = entriesAdded;
        }
        if (maxXdel != null) {
            s.maxDeletedId = maxXdel;
        }
        c.effects().changed();
        Notify.event(c, Notify.STREAM, "xsetid", argv[1]);
        return Replies.OK;
    }

    // ------------------------------------------------------------------ XREAD / XREADGROUP

    /** Redis's xreadGetKeys: the keys are the first half of what follows STREAMS. */
    static int[] xreadKeys(byte[][] argv) {
        int streamsPos = -1;
        for (int i = 1; i < argv.length; i++) {
            if (Args.is(argv[i], "block") || Args.is(argv[i], "count")) {
                i++;
            } else if (Args.is(argv[i], "group")) {
                i += 2;
            } else if (Args.is(argv[i], "noack")) {
                continue;
            } else if (Args.is(argv[i], "streams")) {
                streamsPos = i;
                break;
            } else {
                break;
            }
        }
        int num = argv.length - streamsPos - 1;
        if (streamsPos == -1 || num == 0 || num % 2 != 0) {
            return new int[0];
        }
        num /= 2;
        int[] keys = new int[num];
        for (int i = 0; i < num; i++) {
            keys[i] = streamsPos + 1 + i;
        }
        return keys;
    }

    private static Bytes readyKey(Connection c) {
        BlockedState b = c.blocked();
        return b == null ? null : b.readyKey();
    }

    private static RespValue xread(Connection c, byte[][] argv, boolean group) {
        long timeout = -1;
        long count = 0;
        int streamsArg = 0;
        int streamsCount = 0;
        boolean noack = false;
        byte[] groupName = null;
        byte[] consumerName = null;
        for (int i = 1; i < argv.length; i++) {
            int more = argv.length - i - 1;
            byte[] o = argv[i];
            if (Args.is(o, "block") && more > 0) {
                i++;
                timeout = blockTimeout(argv[i]);
            } else if (Args.is(o, "count") && more > 0) {
                i++;
                count = Args.toLong(argv[i]);
                if (count < 0) {
                    count = 0;
                }
            } else if (Args.is(o, "streams") && more > 0) {
                streamsArg = i + 1;
                streamsCount = argv.length - streamsArg;
                if (streamsCount % 2 != 0) {
                    return UNBALANCED;
                }
                streamsCount /= 2;
                break;
            } else if (Args.is(o, "group") && more >= 2) {
                if (!group) {
                    return Replies.error("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                }
                groupName = argv[i + 1];
                consumerName = argv[i + 2];
                i += 2;
            } else if (Args.is(o, "noack")) {
                if (!group) {
                    return Replies.error("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                }
                noack = true;
            } else {
                return Replies.SYNTAX;
            }
        }
        if (streamsArg == 0) {
            return Replies.SYNTAX;
        }
        if (group && groupName == null) {
            return Replies.error("ERR Missing GROUP option for XREADGROUP");
        }
        Bytes ready = readyKey(c);
        if (ready != null) {
            // a retry of a blocked XREAD/XREADGROUP (blocked.c serveClientsBlockedOnStreamKey and
            // unblockDeletedStreamReadgroupClients): only the key that became ready matters
            RedisValue rv = c.keyspace().get(ready);
            if (!(rv instanceof StreamValue)) {
                return group ? BLOCKED_KEY_GONE : Blocking.BLOCKED;
            }
            if (group && ((StreamValue) rv).groups.get(Bytes.of(groupName)) == null) {
                return BLOCKED_GROUP_GONE;
            }
        }
        StreamID[] ids = new StreamID[streamsCount];
        StreamGroup[] groups = group ? new StreamGroup[streamsCount] : null;
        boolean[] newOnly = new boolean[streamsCount];
        for (int i = streamsArg + streamsCount; i < argv.length; i++) {
            int idx = i - streamsArg - streamsCount;
            byte[] key = argv[i - streamsCount];
            if (ready != null && !ready.equals(Bytes.of(key))) {
                continue; // validated when the client blocked; only the ready key is served
            }
            RedisValue v = c.keyspace().get(Bytes.of(key));
            if (v != null && !(v instanceof StreamValue)) {
                return Replies.WRONGTYPE;
            }
            StreamValue s = (StreamValue) v;
            if (group) {
                StreamGroup g = s == null ? null : s.groups.get(Bytes.of(groupName));
                if (g == null) {
                    return Replies.rawError("NOGROUP No such key '" + Replies.rawText(key) + "' or consumer group '"
                            + Replies.rawText(groupName) + "' in XREADGROUP with GROUP option");
                }
                groups[idx] = g;
            }
            byte[] a = argv[i];
            if (a.length == 1 && a[0] == '$') {
                if (group) {
                    return Replies.error("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the "
                            + "history of this consumer by specifying a proper ID, or use the > ID to get new messages. "
                            + "The $ ID would just return an empty result set.");
                }
                ids[idx] = s == null ? StreamID.MIN : s.lastId;
                continue;
            } else if (a.length == 1 && a[0] == '>') {
                if (!group) {
                    return Replies.error("ERR The > ID can be specified only when calling XREADGROUP using the GROUP "
                            + "<group> <consumer> option.");
                }
                newOnly[idx] = true;
                ids[idx] = StreamID.MAX;
                continue;
            }
            ids[idx] = StreamIds.parse(a, 0, true);
        }
        if (ready != null && count == 0) {
            count = XREAD_BLOCKED_DEFAULT_COUNT;
        }
        List<RespValue> out = new ArrayList<>();
        for (int i = 0; i < streamsCount; i++) {
            byte[] key = argv[streamsArg + i];
            if (ready != null && !ready.equals(Bytes.of(key))) {
                continue;
            }
            RedisValue v = c.keyspace().get(Bytes.of(key));
            if (!(v instanceof StreamValue s)) {
                continue;
            }
            StreamID gt = ids[i];
            boolean serve = false;
            boolean history = false;
            if (group) {
                if (!newOnly[i]) {
                    serve = true;
                    history = true;
                } else if (s.length() > 0) {
                    StreamID last = groups[i].lastId;
                    if (s.lastEntry().getKey().compareTo(last) > 0) {
                        serve = true;
                        gt = last;
                    }
                }
            } else if (s.length() > 0 && s.lastEntry().getKey().compareTo(gt) > 0) {
                serve = true;
            }
            if (!serve) {
                continue;
            }
            StreamID start = gt.next();
            RespValue entries;
            if (group) {
                StreamGroup g = groups[i];
                StreamGroup.Consumer consumer = g.consumers.get(Bytes.of(consumerName));
                if (consumer == null) {
                    consumer = g.consumer(Bytes.of(consumerName), now(c), true);
                    Notify.event(c, Notify.STREAM, "xgroup-createconsumer", key);
                    StreamGroupCommands.propagate(c, new byte[][] {ascii("XGROUP"), ascii("CREATECONSUMER"), key,
                        groupName, consumerName});
                }
                consumer.seenTime = now(c);
                entries = history
                        ? StreamGroupCommands.replyFromPel(c, key, s, g, consumer, start, count)
                        : StreamGroupCommands.replyNew(c, key, s, g, consumer, start, count, noack);
                c.effects().changed();
            } else {
                entries = plainRange(s, start, count);
            }
            out.add(Replies.bulk(key));
            out.add(entries);
        }
        if (!out.isEmpty()) {
            if (group) {
                c.effects().propagateAs(StreamGroupCommands.lastPropagated(c));
            }
            return streamsReply(c, out);
        }
        if (ready != null) {
            return Blocking.BLOCKED;
        }
        if (timeout != -1) {
            if (c.denyBlocking() || c.inMulti()) {
                return Replies.NULL_ARRAY;
            }
            // $ is resolved now: the retry must look for entries after the ID the stream had when blocking
            byte[][] retry = argv.clone();
            for (int i = 0; i < streamsCount; i++) {
                if (!newOnly[i]) {
                    retry[streamsArg + streamsCount + i] = ids[i].toBytes();
                }
            }
            List<Bytes> keys = new ArrayList<>();
            for (int i = 0; i < streamsCount; i++) {
                keys.add(Bytes.of(argv[streamsArg + i]));
            }
            c.node().block(c, retry, keys, timeout, Replies.NULL_ARRAY);
            if (group) {
                c.blocked().retryWhenDeleted();
            }
            return Blocking.BLOCKED;
        }
        return Replies.NULL_ARRAY;
    }

    /** XREAD's reply: an array of [key, entries] pairs in RESP2, a map in RESP3. */
    private static RespValue streamsReply(Connection c, List<RespValue> flat) {
        if (c.resp() >= 3) {
            return Replies.map(flat);
        }
        List<RespValue> pairs = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i < flat.size(); i += 2) {
            pairs.add(Replies.array(flat.get(i), flat.get(i + 1)));
        }
        return Replies.array(pairs);
    }

    private static RespValue plainRange(StreamValue s, StreamID start, long count) {
        List<RespValue> out = new ArrayList<>();
        if (start == null) {
            return Replies.array(out);
        }
        for (Map.Entry<StreamID, ?> e : s.range(start, StreamID.MAX, false).entrySet()) {
            if (count > 0 && out.size() >= count) {
                break;
            }
            out.add(entry(e.getKey(), s.get(e.getKey())));
        }
        return Replies.array(out);
    }

    /** BLOCK's argument: milliseconds, not negative (getTimeoutFromObjectOrReply with UNIT_MILLISECONDS). */
    private static long blockTimeout(byte[] a) {
        long ms;
        try {
            ms = Numbers.parseLong(a);
        } catch (NumberFormatException e) {
            throw new ReplyException(TIMEOUT_NOT_INT);
        }
        if (ms < 0) {
            throw new ReplyException(Replies.TIMEOUT_NEGATIVE);
        }
        return ms;
    }

    // ------------------------------------------------------------------ XACK / XPENDING / XCLAIM

    private static RespValue xack(Connection c, byte[][] argv) {
        StreamValue s = stream(c, argv[1]);
        StreamGroup g = s == null ? null : s.groups.get(Bytes.of(argv[2]));
        if (g == null) {
            return Replies.ZERO;
        }
        StreamID[] ids = new StreamID[argv.length - 3];
        for (int j = 3; j < argv.length; j++) {
            ids[j - 3] = StreamIds.parse(argv[j], 0, true);
        }
        int acked = 0;
        for (StreamID id : ids) {
            StreamGroup.Pending p = g.pel.remove(id);
            if (p != null) {
                p.consumer.pel.remove(id);
                acked++;
                c.effects().changed();
            }
        }
        return Replies.integer(acked);
    }

    private static RespValue xpending(Connection c, byte[][] argv) {
        boolean justInfo = argv.length == 3;
        if (argv.length != 3 && (argv.length < 6 || argv.length > 9)) {
            return Replies.SYNTAX;
        }
        StreamID start = null;
        StreamID end = null;
        long count = 0;
        long minIdle = 0;
        byte[] consumerName = null;
        if (argv.length >= 6) {
            int startIdx = 3;
            if (Args.is(argv[3], "idle")) {
                minIdle = Args.toLong(argv[4]);
                if (argv.length < 8) {
                    return Replies.SYNTAX;
                }
                startIdx += 2;
            }
            count = Args.toLong(argv[startIdx + 2]);
            if (count < 0) {
                count = 0;
            }
            start = intervalId(argv[startIdx], 0, true);
            end = intervalId(argv[startIdx + 1], -1L, false);
            if (startIdx + 3 < argv.length) {
                consumerName = argv[startIdx + 3];
            }
        }
        StreamValue s = stream(c, argv[1]);
        StreamGroup g = s == null ? null : s.groups.get(Bytes.of(argv[2]));
        if (g == null) {
            return Replies.rawError("NOGROUP No such key '" + Replies.rawText(argv[1]) + "' or consumer group '"
                    + Replies.rawText(argv[2]) + "'");
        }
        if (justInfo) {
            if (g.pel.isEmpty()) {
                return Replies.array(Replies.ZERO, Replies.NULL_BULK, Replies.NULL_BULK, Replies.NULL_ARRAY);
            }
            List<RespValue> consumers = new ArrayList<>();
            for (StreamGroup.Consumer k : g.consumers.values()) {
                if (!k.pel.isEmpty()) {
                    consumers.add(Replies.array(Replies.bulk(k.name.bytes()), Replies.bulk(Long.toString(k.pel.size()))));
                }
            }
            return Replies.array(Replies.integer(g.pel.size()), id(g.pel.firstKey()), id(g.pel.lastKey()),
                    Replies.array(consumers));
        }
        Map<StreamID, StreamGroup.Pending> pel = g.pel;
        if (consumerName != null) {
            StreamGroup.Consumer k = g.consumers.get(Bytes.of(consumerName));
            if (k == null) {
                return Replies.EMPTY_ARRAY;
            }
            pel = k.pel;
        }
        long now = now(c);
        List<RespValue> out = new ArrayList<>();
        for (Map.Entry<StreamID, StreamGroup.Pending> e : ((java.util.NavigableMap<StreamID, StreamGroup.Pending>) pel)
                .tailMap(start, true).entrySet()) {
            if (count == 0 || e.getKey().compareTo(end) > 0) {
                break;
            }
            StreamGroup.Pending p = e.getValue();
            if (minIdle != 0 && now - p.deliveryTime < minIdle) {
                continue;
            }
            count--;
            long elapsed = Math.max(0, now - p.deliveryTime);
            out.add(Replies.array(id(e.getKey()), Replies.bulk(p.consumer.name.bytes()), Replies.integer(elapsed),
                    Replies.integer(p.deliveryCount)));
        }
        return Replies.array(out);
    }

    private static RespValue xclaim(Connection c, byte[][] argv) {
        StreamValue s = stream(c, argv[1]);
        StreamGroup g = s == null ? null : s.groups.get(Bytes.of(argv[2]));
        if (g == null) {
            return Replies.rawError("NOGROUP No such key '" + Replies.rawText(argv[1]) + "' or consumer group '"
                    + Replies.rawText(argv[2]) + "'");
        }
        long minIdle = Args.toLong(argv[4], Replies.error("ERR Invalid min-idle-time argument for XCLAIM"));
        if (minIdle < 0) {
            minIdle = 0;
        }
        List<StreamID> ids = new ArrayList<>();
        int j = 5;
        for (; j < argv.length; j++) {
            StreamIds.Parsed p = StreamIds.tryParse(argv[j], 0, true, false);
            if (p == null) {
                break;
            }
            ids.add(p.id());
        }
        long now = now(c);
        long deliveryTime = -1;
        long retryCount = -1;
        boolean force = false;
        boolean justId = false;
        StreamID lastId = StreamID.MIN;
        for (; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            byte[] o = argv[j];
            if (Args.is(o, "force")) {
                force = true;
            } else if (Args.is(o, "justid")) {
                justId = true;
            } else if (Args.is(o, "idle") && more > 0) {
                j++;
                deliveryTime = now - Args.toLong(argv[j], Replies.error("ERR Invalid IDLE option argument for XCLAIM"));
            } else if (Args.is(o, "time") && more > 0) {
                j++;
                deliveryTime = Args.toLong(argv[j], Replies.error("ERR Invalid TIME option argument for XCLAIM"));
            } else if (Args.is(o, "retrycount") && more > 0) {
                j++;
                retryCount = Args.toLong(argv[j], Replies.error("ERR Invalid RETRYCOUNT option argument for XCLAIM"));
            } else if (Args.is(o, "lastid") && more > 0) {
                j++;
                lastId = StreamIds.parse(argv[j], 0, true);
            } else {
                return Replies.rawError("ERR Unrecognized XCLAIM option '" + Replies.rawText(o) + "'");
            }
        }
        boolean propagateLastId = false;
        if (lastId.compareTo(g.lastId) > 0) {
            g.lastId = lastId;
            propagateLastId = true;
        }
        if (deliveryTime != -1) {
            if (deliveryTime < 0 || deliveryTime > now) {
                deliveryTime = now;
            }
        } else {
            deliveryTime = now;
        }
        Bytes name = Bytes.of(argv[3]);
        StreamGroup.Consumer consumer = null;
        List<RespValue> out = new ArrayList<>();
        for (StreamID id : ids) {
            StreamGroup.Pending nack = g.pel.get(id);
            byte[][] fv = s.get(id);
            if (fv == null) {
                if (nack != null) {
                    StreamGroupCommands.propagateXclaim(c, argv[1], g, argv[2], id, nack);
                    propagateLastId = false;
                    c.effects().changed();
                    g.pel.remove(id);
                    nack.consumer.pel.remove(id);
                }
                continue;
            }
            if (force && nack == null) {
                nack = new StreamGroup.Pending(now, 1, null);
                g.pel.put(id, nack);
            }
            if (nack == null) {
                continue;
            }
            if (nack.consumer != null && minIdle != 0 && now - nack.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                StreamGroupCommands.notifyIfNew(c, g, name, argv[1]);
                consumer = g.touchConsumer(name, now);
            }
            if (nack.consumer != consumer && nack.consumer != null) {
                nack.consumer.pel.remove(id);
            }
            nack.deliveryTime = deliveryTime;
            if (retryCount >= 0) {
                nack.deliveryCount = retryCount;
            } else if (!justId) {
                nack.deliveryCount++;
            }
            if (nack.consumer != consumer) {
                consumer.pel.put(id, nack);
                nack.consumer = consumer;
            }
            out.add(justId ? id(id) : entry(id, fv));
            StreamGroupCommands.propagateXclaim(c, argv[1], g, argv[2], id, nack);
            propagateLastId = false;
            c.effects().changed();
        }
        if (propagateLastId) {
            StreamGroupCommands.propagateSetId(c, argv[1], g, argv[2]);
            c.effects().changed();
        }
        c.effects().propagateAs(StreamGroupCommands.lastPropagated(c));
        return Replies.array(out);
    }
}
