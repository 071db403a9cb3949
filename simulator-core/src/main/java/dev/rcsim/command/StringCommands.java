package dev.rcsim.command;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.Keyspace;
import dev.rcsim.keyspace.StringValue;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;

/** String commands (GET, SET...). Work in progress beyond GET/SET: filled by the strings work. */
final class StringCommands {
    private StringCommands() {}

    static void register(CommandTable t) {
        t.add("get", 2, "readonly fast", 1, 1, 1).acl("@read @string @fast").run(StringCommands::get);
        t.add("set", -3, "write denyoom", 1, 1, 1).acl("@write @string @slow").run(StringCommands::set);
    }

    /** The string under key, null if absent, WRONGTYPE otherwise; counts keyspace hits and misses. */
    static StringValue readString(Connection c, byte[] key) {
        StringValue v = Args.lookup(c, key, StringValue.class);
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

    private static final int NX = 1;
    private static final int XX = 2;
    private static final int KEEPTTL = 4;
    private static final int GET = 8;

    private static RespValue set(Connection c, byte[][] argv) {
        int flags = 0;
        long expireAt = -1;
        boolean hasExpire = false;
        String unit = null;
        for (int i = 3; i < argv.length; i++) {
            byte[] a = argv[i];
            boolean hasNext = i + 1 < argv.length;
            if (Args.is(a, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (Args.is(a, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (Args.is(a, "get")) {
                flags |= GET;
            } else if (Args.is(a, "keepttl") && !hasExpire) {
                flags |= KEEPTTL;
            } else if ((Args.is(a, "ex") || Args.is(a, "px") || Args.is(a, "exat") || Args.is(a, "pxat"))
                    && !hasExpire && (flags & KEEPTTL) == 0 && hasNext) {
                unit = Args.lower(a);
                long n = Args.toLong(argv[++i]);
                hasExpire = true;
                expireAt = expireArgToAbsolute(c, unit, n, "set");
            } else {
                return Replies.SYNTAX;
            }
        }
        Keyspace ks = c.keyspace();
        Bytes key = Bytes.of(argv[1]);
        RespValue old = null;
        if ((flags & GET) != 0) {
            StringValue ov = Args.lookup(c, argv[1], StringValue.class);
            old = ov == null ? Replies.NULL_BULK : Replies.bulk(ov.bytes());
        }
        boolean exists = ks.exists(key);
        if (((flags & NX) != 0 && exists) || ((flags & XX) != 0 && !exists)) {
            return (flags & GET) != 0 ? old : Replies.NULL_BULK;
        }
        ks.set(key, new StringValue(argv[2]), (flags & KEEPTTL) != 0);
        if (hasExpire) {
            ks.expireAt(key, expireAt);
            byte[][] prop = {"SET".getBytes(), argv[1], argv[2], "PXAT".getBytes(), Long.toString(expireAt).getBytes()};
            if ((flags & (NX | XX | GET)) == 0) {
                c.propagateAs = prop;
            }
        }
        c.node().dirty++;
        return (flags & GET) != 0 ? old : Replies.OK;
    }

    /**
     * Converts an EX/PX/EXAT/PXAT argument to an absolute time in ms with Redis's checks:
     * {@code ERR invalid expire time in 'cmd' command} for values <= 0 or overflowing.
     */
    static long expireArgToAbsolute(Connection c, String unit, long n, String cmd) {
        RespValue invalid = Replies.error("ERR invalid expire time in '" + cmd + "' command");
        if (n <= 0) {
            throw new ReplyException(invalid);
        }
        boolean seconds = unit.equals("ex") || unit.equals("exat");
        if (seconds && n > Long.MAX_VALUE / 1000) {
            throw new ReplyException(invalid);
        }
        long ms = seconds ? n * 1000 : n;
        if (unit.equals("ex") || unit.equals("px")) {
            long now = c.node().clock().millis();
            if (ms > Long.MAX_VALUE - now) {
                throw new ReplyException(invalid);
            }
            ms += now;
        }
        return ms;
    }
}
