package dev.rcsim.command.bitmaps;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.IndexRange;
import dev.rcsim.command.Notify;
import dev.rcsim.command.strings.StringCommands;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.StringValue;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * The bitmap family of Redis 7.0 (bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and
 * BITFIELD_RO, on string values. Checking order and errors follow Redis; writes leave the string
 * raw-encoded as Redis's dbUnshareStringValue does.
 */
public final class BitmapCommands {
    private BitmapCommands() {}

    private static final String OFFSET_ERR = "ERR bit offset is not an integer or out of range";
    private static final String TYPE_ERR =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    public static void register(CommandTable t) {
        t.add("setbit", 4, "write denyoom", 1, 1, 1).acl("@write @bitmap @slow").run(BitmapCommands::setbit);
        t.add("getbit", 3, "readonly fast", 1, 1, 1).acl("@read @bitmap @fast").run(BitmapCommands::getbit);
        t.add("bitcount", -2, "readonly", 1, 1, 1).acl("@read @bitmap @slow").run(BitmapCommands::bitcount);
        t.add("bitpos", -3, "readonly", 1, 1, 1).acl("@read @bitmap @slow").run(BitmapCommands::bitpos);
        t.add("bitop", -4, "write denyoom", 2, -1, 1).acl("@write @bitmap @slow").run(BitmapCommands::bitop);
        t.add("bitfield", -2, "write denyoom", 1, 1, 1).acl("@write @bitmap @slow").run((c, a) -> bitfield(c, a, false));
        t.add("bitfield_ro", -2, "readonly fast", 1, 1, 1).acl("@read @bitmap @fast").run((c, a) -> bitfield(c, a, true));
    }

    /** getBitOffsetFromArgument: {@code #n} multiplies by the field width when {@code bits > 0}. */
    private static long bitOffset(Connection c, byte[] arg, int bits) {
        byte[] p = arg;
        boolean hash = false;
        if (bits > 0 && arg.length > 1 && arg[0] == '#') {
            p = java.util.Arrays.copyOfRange(arg, 1, arg.length);
            hash = true;
        }
        long off = Args.toLong(p, Replies.error(OFFSET_ERR));
        if (hash) {
            off *= bits;
        }
        if (off < 0 || (off >> 3) >= c.node().config().longValue("proto-max-bulk-len")) {
            throw Args.error(OFFSET_ERR);
        }
        return off;
    }

    /** lookupStringObjectForBitCommand: creates or grows the string so bit {@code maxBit} exists. */
    private static StringValue forWrite(Connection c, byte[] key, long maxBit) {
        int need = (int) ((maxBit >> 3) + 1);
        StringValue v = Args.lookup(c, key, StringValue.class);
        if (v == null) {
            v = StringValue.raw(new byte[need]);
            c.keyspace().set(Bytes.of(key), v);
            return v;
        }
        byte[] b = v.bytes();
        if (b.length < need) {
            byte[] n = new byte[need];
            System.arraycopy(b, 0, n, 0, b.length);
            b = n;
        }
        v.setBytes(b);
        return v;
    }

    private static RespValue setbit(Connection c, byte[][] argv) {
        long off = bitOffset(c, argv[2], 0);
        long on = Args.toLong(argv[3], Replies.error("ERR bit is not an integer or out of range"));
        if ((on & ~1L) != 0) {
            return Replies.error("ERR bit is not an integer or out of range");
        }
        StringValue prev = Args.lookup(c, argv[1], StringValue.class);
        boolean grown = prev == null || prev.bytes().length < (off >> 3) + 1;
        StringValue v = forWrite(c, argv[1], off);
        byte[] b = v.bytes();
        int idx = (int) (off >> 3);
        int bit = 7 - (int) (off & 7);
        int old = (b[idx] >> bit) & 1;
        if (grown || old != on) { // Redis changes nothing (no dirty, no event) when the bit already has the value
            b[idx] = (byte) ((b[idx] & ~(1 << bit)) | ((int) on << bit));
            c.effects().changed();
            Notify.event(c, Notify.STRING, "setbit", argv[1]);
        }
        return Replies.integer(old);
    }

    private static RespValue getbit(Connection c, byte[][] argv) {
        long off = bitOffset(c, argv[2], 0);
        StringValue v = StringCommands.readString(c, argv[1]);
        if (v == null) {
            return Replies.ZERO;
        }
        byte[] b = v.bytes();
        long idx = off >> 3;
        if (idx >= b.length) {
            return Replies.ZERO;
        }
        return Replies.integer((b[(int) idx] >> (7 - (int) (off & 7))) & 1);
    }

    private static int bitAt(byte[] b, long i) {
        return (b[(int) (i >> 3)] >> (7 - (int) (i & 7))) & 1;
    }

    private static RespValue bitcount(Connection c, byte[][] argv) {
        StringValue v = StringCommands.readString(c, argv[1]);
        if (v == null) {
            return Replies.ZERO;
        }
        byte[] b = v.bytes();
        long start;
        long end;
        boolean isBit = false;
        long totlen = b.length;
        if (argv.length == 4 || argv.length == 5) {
            start = Args.toLong(argv[2]);
            end = Args.toLong(argv[3]);
            if (start < 0 && end < 0 && start > end) {
                return Replies.ZERO;
            }
            if (argv.length == 5) {
                if (Args.is(argv[4], "bit")) {
                    isBit = true;
                } else if (!Args.is(argv[4], "byte")) {
                    return Replies.SYNTAX;
                }
            }
            if (isBit) {
                totlen <<= 3;
            }
            long[] r = IndexRange.clampInclusive(start, end, totlen);
            start = r[0];
            end = r[1];
        } else if (argv.length == 2) {
            start = 0;
            end = totlen - 1;
        } else {
            return Replies.SYNTAX;
        }
        if (start > end) {
            return Replies.ZERO;
        }
        long count = 0;
        if (isBit) {
            for (long i = start; i <= end; i++) {
                count += bitAt(b, i);
            }
        } else {
            for (long i = start; i <= end; i++) {
                count += Integer.bitCount(b[(int) i] & 0xff);
            }
        }
        return Replies.integer(count);
    }

    private static RespValue bitpos(Connection c, byte[][] argv) {
        long bit = Args.toLong(argv[2]);
        if (bit != 0 && bit != 1) {
            return Replies.error("ERR The bit argument must be 1 or 0.");
        }
        StringValue v = StringCommands.readString(c, argv[1]);
        if (v == null) {
            return Replies.integer(bit == 1 ? -1 : 0);
        }
        byte[] b = v.bytes();
        long totlen = b.length;
        long start;
        long end;
        boolean isBit = false;
        boolean endGiven = false;
        if (argv.length >= 4 && argv.length <= 6) {
            start = Args.toLong(argv[3]);
            if (argv.length == 6) {
                if (Args.is(argv[5], "bit")) {
                    isBit = true;
                } else if (!Args.is(argv[5], "byte")) {
                    return Replies.SYNTAX;
                }
            }
            if (argv.length >= 5) {
                end = Args.toLong(argv[4]);
                endGiven = true;
            } else {
                end = isBit ? (totlen << 3) + 7 : totlen - 1;
            }
            if (isBit) {
                totlen <<= 3;
            }
            long[] r = IndexRange.clampInclusive(start, end, totlen);
            start = r[0];
            end = r[1];
        } else if (argv.length == 3) {
            start = 0;
            end = totlen - 1;
        } else {
            return Replies.SYNTAX;
        }
        if (start > end) {
            return Replies.integer(-1);
        }
        long from = isBit ? start : start << 3;
        long to = isBit ? end : (end << 3) + 7;
        for (long i = from; i <= to; i++) {
            if (bitAt(b, i) == bit) {
                return Replies.integer(i);
            }
        }
        if (bit == 1 || endGiven) {
            return Replies.integer(-1);
        }
        return Replies.integer(isBit ? to + 1 : (end + 1) << 3);
    }

    private static RespValue bitop(Connection c, byte[][] argv) {
        int op;
        if (Args.is(argv[1], "and")) {
            op = 0;
        } else if (Args.is(argv[1], "or")) {
            op = 1;
        } else if (Args.is(argv[1], "xor")) {
            op = 2;
        } else if (Args.is(argv[1], "not")) {
            op = 3;
        } else {
            return Replies.SYNTAX;
        }
        if (op == 3 && argv.length != 4) {
            return Replies.error("ERR BITOP NOT must be called with a single source key.");
        }
        int n = argv.length - 3;
        byte[][] src = new byte[n][];
        int maxlen = 0;
        for (int j = 0; j < n; j++) {
            dev.rcsim.keyspace.RedisValue o = StringCommands.readAny(c, argv[j + 3]);
            if (o != null && !(o instanceof StringValue)) {
                return Replies.WRONGTYPE;
            }
            src[j] = o == null ? new byte[0] : ((StringValue) o).bytes();
            maxlen = Math.max(maxlen, src[j].length);
        }
        Bytes dest = Bytes.of(argv[2]);
        if (maxlen > 0) {
            byte[] res = new byte[maxlen];
            for (int i = 0; i < maxlen; i++) {
                int out = i < src[0].length ? src[0][i] & 0xff : 0;
                if (op == 3) {
                    out = ~out & 0xff;
                }
                for (int j = 1; j < n; j++) {
                    int x = i < src[j].length ? src[j][i] & 0xff : 0;
                    out = op == 0 ? out & x : op == 1 ? out | x : out ^ x;
                }
                res[i] = (byte) out;
            }
            c.keyspace().set(dest, StringValue.raw(res));
            c.effects().changed();
            Notify.event(c, Notify.STRING, "set", dest.bytes());
        } else if (c.keyspace().remove(dest)) {
            c.effects().changed();
            Notify.event(c, Notify.GENERIC, "del", dest.bytes());
        }
        return Replies.integer(maxlen);
    }

    // ---- BITFIELD ----

    private static final int GET = 0;
    private static final int SET = 1;
    private static final int INCRBY = 2;
    private static final int WRAP = 0;
    private static final int SAT = 1;
    private static final int FAIL = 2;

    private record Op(int opcode, boolean sign, int bits, long offset, long value, int overflow) {}

    private static RespValue bitfield(Connection c, byte[][] argv, boolean ro) {
        List<Op> ops = new ArrayList<>();
        int ow = WRAP;
        boolean readonly = true;
        long highest = 0;
        for (int j = 2; j < argv.length; j++) {
            int rem = argv.length - j - 1;
            byte[] sub = argv[j];
            int opcode;
            if (Args.is(sub, "get") && rem >= 2) {
                opcode = GET;
            } else if (Args.is(sub, "set") && rem >= 3) {
                opcode = SET;
            } else if (Args.is(sub, "incrby") && rem >= 3) {
                opcode = INCRBY;
            } else if (Args.is(sub, "overflow") && rem >= 1) {
                byte[] t = argv[++j];
                if (Args.is(t, "wrap")) {
                    ow = WRAP;
                } else if (Args.is(t, "sat")) {
                    ow = SAT;
                } else if (Args.is(t, "fail")) {
                    ow = FAIL;
                } else {
                    return Replies.error("ERR Invalid OVERFLOW type specified");
                }
                continue;
            } else {
                return Replies.SYNTAX;
            }
            byte[] type = argv[j + 1];
            boolean sign;
            if (type.length > 0 && (type[0] == 'i' || type[0] == 'I')) {
                sign = true;
            } else if (type.length > 0 && (type[0] == 'u' || type[0] == 'U')) {
                sign = false;
            } else {
                return Replies.error(TYPE_ERR);
            }
            long bits;
            try {
                bits = dev.rcsim.protocol.Numbers.parseLong(java.util.Arrays.copyOfRange(type, 1, type.length));
            } catch (NumberFormatException e) {
                return Replies.error(TYPE_ERR);
            }
            if (bits < 1 || (sign && bits > 64) || (!sign && bits > 63)) {
                return Replies.error(TYPE_ERR);
            }
            long off = bitOffset(c, argv[j + 2], (int) bits);
            long value = 0;
            if (opcode != GET) {
                readonly = false;
                highest = Math.max(highest, off + bits - 1);
                value = Args.toLong(argv[j + 3]);
            }
            ops.add(new Op(opcode, sign, (int) bits, off, value, ow));
            j += opcode == GET ? 2 : 3;
        }
        StringValue v;
        if (readonly) {
            dev.rcsim.keyspace.RedisValue o = StringCommands.readAny(c, argv[1]);
            if (o != null && !(o instanceof StringValue)) {
                return Replies.WRONGTYPE;
            }
            v = (StringValue) o;
        } else {
            if (ro) {
                return Replies.error("ERR BITFIELD_RO only supports the GET subcommand");
            }
            v = forWrite(c, argv[1], highest);
        }
        List<RespValue> out = new ArrayList<>(ops.size());
        int changes = 0;
        for (Op op : ops) {
            byte[] b = v == null ? new byte[0] : v.bytes();
            if (op.opcode == GET) {
                long val = getBits(b, op.offset, op.bits);
                if (op.sign && op.bits < 64 && ((val >>> (op.bits - 1)) & 1) != 0) {
                    val |= -1L << op.bits;
                }
                out.add(Replies.integer(val));
                continue;
            }
            changes++;
            long oldval = getBits(b, op.offset, op.bits);
            long newval;
            long retval;
            long[] limit = new long[1];
            int overflow;
            if (op.sign) {
                if (op.bits < 64 && ((oldval >>> (op.bits - 1)) & 1) != 0) {
                    oldval |= -1L << op.bits;
                }
                if (op.opcode == INCRBY) {
                    overflow = signedOverflow(oldval, op.value, op.bits, op.overflow, limit);
                    newval = overflow != 0 ? limit[0] : oldval + op.value;
                    retval = newval;
                } else {
                    newval = op.value;
                    overflow = signedOverflow(newval, 0, op.bits, op.overflow, limit);
                    if (overflow != 0) {
                        newval = limit[0];
                    }
                    retval = oldval;
                }
            } else {
                if (op.opcode == INCRBY) {
                    newval = oldval + op.value;
                    overflow = unsignedOverflow(oldval, op.value, op.bits, op.overflow, limit);
                    if (overflow != 0) {
                        newval = limit[0];
                    }
                    retval = newval;
                } else {
                    newval = op.value;
                    overflow = unsignedOverflow(newval, 0, op.bits, op.overflow, limit);
                    if (overflow != 0) {
                        newval = limit[0];
                    }
                    retval = oldval;
                }
            }
            if (overflow != 0 && op.overflow == FAIL) {
                out.add(Replies.NULL_BULK);
            } else {
                out.add(Replies.integer(retval));
                setBits(b, op.offset, op.bits, newval);
            }
        }
        if (changes > 0) {
            c.effects().changed(changes);
            Notify.event(c, Notify.STRING, "setbit", argv[1]);
        }
        return Replies.array(out);
    }

    private static long getBits(byte[] b, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++) {
            long i = offset + j;
            long idx = i >> 3;
            int bit = idx < b.length ? (b[(int) idx] >> (7 - (int) (i & 7))) & 1 : 0;
            value = (value << 1) | bit;
        }
        return value;
    }

    private static void setBits(byte[] b, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            int bitval = (int) ((value >>> (bits - 1 - j)) & 1);
            long i = offset + j;
            int idx = (int) (i >> 3);
            int shift = 7 - (int) (i & 7);
            b[idx] = (byte) ((b[idx] & ~(1 << shift)) | (bitval << shift));
        }
    }

    private static int signedOverflow(long value, long incr, int bits, int ow, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxincr = max - value;
        long minincr = min - value;
        int res;
        if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) {
            res = 1;
            if (ow == SAT) {
                limit[0] = max;
            }
        } else if (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr)) {
            res = -1;
            if (ow == SAT) {
                limit[0] = min;
            }
        } else {
            return 0;
        }
        if (ow == WRAP) {
            long cval = value + incr;
            if (bits < 64) {
                long mask = -1L << bits;
                long msb = 1L << (bits - 1);
                cval = (cval & msb) != 0 ? cval | mask : cval & ~mask;
            }
            limit[0] = cval;
        }
        return res;
    }

    private static int unsignedOverflow(long value, long incr, int bits, int ow, long[] limit) {
        long max = (1L << bits) - 1;
        long maxincr = max - value;
        long minincr = -value;
        int res;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxincr)) {
            res = 1;
            if (ow == SAT) {
                limit[0] = max;
            }
        } else if (incr < 0 && incr < minincr) {
            res = -1;
            if (ow == SAT) {
                limit[0] = 0;
            }
        } else {
            return 0;
        }
        if (ow == WRAP) {
            limit[0] = (value + incr) & ~(-1L << bits);
        }
        return res;
    }
}
