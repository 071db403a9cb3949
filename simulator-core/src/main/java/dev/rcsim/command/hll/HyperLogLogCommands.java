package dev.rcsim.command.hll;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Notify;
import dev.rcsim.command.ReplyException;
import dev.rcsim.command.strings.StringCommands;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.keyspace.StringValue;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The HyperLogLog family of Redis 7.0 (hyperloglog.c): PFADD, PFCOUNT, PFMERGE and PFDEBUG, on string
 * values holding the HLL bytes ({@link Hll}). Lookups, checking order, errors, the cached cardinality
 * PFCOUNT writes back (a change that is propagated like a write) and the raw encoding a touched value
 * gets (dbUnshareStringValue) follow Redis. PFSELFTEST is not implemented.
 */
public final class HyperLogLogCommands {
    private HyperLogLogCommands() {}

    private static final RespValue NOT_HLL = Replies.error("WRONGTYPE Key is not a valid HyperLogLog string value.");
    private static final RespValue CORRUPTED = Replies.error("INVALIDOBJ Corrupted HLL object detected");

    public static void register(CommandTable t) {
        t.add("pfadd", -2, "write denyoom fast", 1, 1, 1).acl("@write @hyperloglog @fast").run(HyperLogLogCommands::pfadd);
        t.add("pfcount", -2, "readonly", 1, -1, 1).acl("@read @hyperloglog @slow").run(HyperLogLogCommands::pfcount);
        t.add("pfmerge", -2, "write denyoom", 1, -1, 1).acl("@write @hyperloglog @slow").run(HyperLogLogCommands::pfmerge);
        t.add("pfdebug", 3, "write denyoom admin", 2, 2, 1).acl("@write @hyperloglog @admin @slow @dangerous")
                .run(HyperLogLogCommands::pfdebug);
    }

    private static long sparseMaxBytes(Connection c) {
        return c.node().config().longValue("hll-sparse-max-bytes");
    }

    /** isHLLObjectOrReply: WRONGTYPE for other types and for strings that are not HLLs. */
    private static StringValue checkHll(RedisValue v) {
        if (!(v instanceof StringValue)) {
            throw new ReplyException(Replies.WRONGTYPE);
        }
        StringValue s = (StringValue) v;
        if ("int".equals(s.encoding()) || !Hll.isValid(s.bytes())) {
            throw new ReplyException(NOT_HLL);
        }
        return s;
    }

    /** lookupKeyWrite: the value or null, no hit/miss counted. */
    private static RedisValue lookupWrite(Connection c, byte[] key) {
        return c.keyspace().get(Bytes.of(key));
    }

    private static RespValue pfadd(Connection c, byte[][] argv) {
        RedisValue found = lookupWrite(c, argv[1]);
        StringValue v;
        Hll h;
        int updated = 0;
        if (found == null) {
            h = Hll.empty();
            v = StringValue.raw(h.bytes());
            c.keyspace().set(Bytes.of(argv[1]), v);
            updated++;
        } else {
            v = checkHll(found);
            h = Hll.of(v.bytes());
        }
        long max = sparseMaxBytes(c);
        for (int j = 2; j < argv.length; j++) {
            int r = h.add(argv[j], max);
            if (r == 1) {
                updated++;
            } else if (r < 0) {
                v.setBytes(h.bytes());
                return CORRUPTED;
            }
        }
        if (updated > 0) {
            h.invalidateCache();
            c.effects().changed(updated);
            Notify.event(c, Notify.STRING, "pfadd", argv[1]);
        }
        v.setBytes(h.bytes());
        return updated > 0 ? Replies.ONE : Replies.ZERO;
    }

    private static RespValue pfcount(Connection c, byte[][] argv) {
        if (argv.length > 2) {
            byte[] max = new byte[Hll.REGISTERS];
            for (int j = 1; j < argv.length; j++) {
                RedisValue o = StringCommands.readAny(c, argv[j]);
                if (o == null) {
                    continue;
                }
                StringValue s = checkHll(o);
                if (!Hll.mergeInto(max, s.bytes())) {
                    return CORRUPTED;
                }
            }
            return Replies.integer(Hll.countRaw(max));
        }
        RedisValue o = StringCommands.readAny(c, argv[1]);
        if (o == null) {
            return Replies.ZERO;
        }
        StringValue v = checkHll(o);
        Hll h = Hll.of(v.bytes());
        if (h.cacheValid()) {
            v.setBytes(v.bytes());
            return Replies.integer(h.cachedCard());
        }
        long card = h.count();
        if (card < 0) {
            v.setBytes(v.bytes());
            return CORRUPTED;
        }
        h.setCachedCard(card);
        v.setBytes(h.bytes());
        c.effects().changed();
        return Replies.integer(card);
    }

    private static RespValue pfmerge(Connection c, byte[][] argv) {
        byte[] max = new byte[Hll.REGISTERS];
        boolean useDense = false;
        for (int j = 1; j < argv.length; j++) {
            RedisValue o = StringCommands.readAny(c, argv[j]);
            if (o == null) {
                continue;
            }
            StringValue s = checkHll(o);
            if ((s.bytes()[4] & 0xff) == Hll.DENSE) {
                useDense = true;
            }
            if (!Hll.mergeInto(max, s.bytes())) {
                return CORRUPTED;
            }
        }
        c.node().keyEvents().inReadCommand = false; // the destination is looked up for writing: no keymiss
        RedisValue found = lookupWrite(c, argv[1]);
        StringValue v;
        Hll h;
        if (found == null) {
            h = Hll.empty();
            v = StringValue.raw(h.bytes());
            c.keyspace().set(Bytes.of(argv[1]), v);
        } else {
            v = (StringValue) found;
            h = Hll.of(v.bytes());
        }
        if (useDense && !h.toDense()) {
            v.setBytes(h.bytes());
            return CORRUPTED;
        }
        long maxBytes = sparseMaxBytes(c);
        for (int j = 0; j < Hll.REGISTERS; j++) {
            if (max[j] != 0) {
                h.raise(j, max[j], maxBytes);
            }
        }
        h.invalidateCache();
        v.setBytes(h.bytes());
        c.effects().changed();
        Notify.event(c, Notify.STRING, "pfadd", argv[1]);
        return Replies.OK;
    }

    private static RespValue pfdebug(Connection c, byte[][] argv) {
        RedisValue found = lookupWrite(c, argv[2]);
        if (found == null) {
            return Replies.error("ERR The specified key does not exist");
        }
        StringValue v = checkHll(found);
        Hll h = Hll.of(v.bytes());
        v.setBytes(v.bytes());
        if (Args.is(argv[1], "getreg")) {
            if (h.encoding() == Hll.SPARSE) {
                if (!h.toDense()) {
                    return CORRUPTED;
                }
                v.setBytes(h.bytes());
                c.effects().changed();
            }
            List<RespValue> regs = new ArrayList<>(Hll.REGISTERS);
            for (int j = 0; j < Hll.REGISTERS; j++) {
                regs.add(Replies.integer(h.register(j)));
            }
            return Replies.array(regs);
        } else if (Args.is(argv[1], "decode")) {
            if (h.encoding() != Hll.SPARSE) {
                return Replies.error("ERR HLL encoding is not sparse");
            }
            return Replies.bulk(h.decode().getBytes(StandardCharsets.US_ASCII));
        } else if (Args.is(argv[1], "encoding")) {
            return Replies.simple(h.encoding() == Hll.DENSE ? "dense" : "sparse");
        } else if (Args.is(argv[1], "todense")) {
            boolean conv = false;
            if (h.encoding() == Hll.SPARSE) {
                if (!h.toDense()) {
                    return CORRUPTED;
                }
                v.setBytes(h.bytes());
                conv = true;
                c.effects().changed();
            }
            return conv ? Replies.ONE : Replies.ZERO;
        }
        return Replies.error("ERR Unknown PFDEBUG subcommand '" + new String(argv[1], StandardCharsets.ISO_8859_1) + "'");
    }
}
