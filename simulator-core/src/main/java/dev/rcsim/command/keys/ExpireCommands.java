package dev.rcsim.command.keys;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Dispatcher;
import dev.rcsim.command.Notify;
import dev.rcsim.command.ReplyException;
import dev.rcsim.command.strings.StringCommands;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.Keyspace;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.Arrays;

/**
 * Key expiry commands of Redis 7.0 (expire.c): EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with NX/XX/GT/LT,
 * TTL, PTTL, EXPIRETIME, PEXPIRETIME and PERSIST. A time already in the past deletes the key (on a
 * master) and is propagated as DEL; otherwise the command is propagated as PEXPIREAT with the
 * absolute time, as Redis does.
 */
final class ExpireCommands {
    private ExpireCommands() {}

    private static final int NX = 1;
    private static final int XX = 2;
    private static final int GT = 4;
    private static final int LT = 8;

    static void register(CommandTable t) {
        t.add("expire", -3, "write fast", 1, 1, 1).acl("@keyspace @write @fast").run((c, a) -> expire(c, a, true, true));
        t.add("pexpire", -3, "write fast", 1, 1, 1).acl("@keyspace @write @fast").run((c, a) -> expire(c, a, true, false));
        t.add("expireat", -3, "write fast", 1, 1, 1).acl("@keyspace @write @fast").run((c, a) -> expire(c, a, false, true));
        t.add("pexpireat", -3, "write fast", 1, 1, 1).acl("@keyspace @write @fast").run((c, a) -> expire(c, a, false, false));
        t.add("ttl", 2, "readonly fast", 1, 1, 1).acl("@keyspace @read @fast").run((c, a) -> ttl(c, a, false, false));
        t.add("pttl", 2, "readonly fast", 1, 1, 1).acl("@keyspace @read @fast").run((c, a) -> ttl(c, a, true, false));
        t.add("expiretime", 2, "readonly fast", 1, 1, 1).acl("@keyspace @read @fast").run((c, a) -> ttl(c, a, false, true));
        t.add("pexpiretime", 2, "readonly fast", 1, 1, 1).acl("@keyspace @read @fast").run((c, a) -> ttl(c, a, true, true));
        t.add("persist", 2, "write fast", 1, 1, 1).acl("@keyspace @write @fast").run(ExpireCommands::persist);
    }

    private static int parseFlags(byte[][] argv) {
        int flags = 0;
        for (int j = 3; j < argv.length; j++) {
            byte[] a = argv[j];
            if (Args.is(a, "nx")) {
                flags |= NX;
            } else if (Args.is(a, "xx")) {
                flags |= XX;
            } else if (Args.is(a, "gt")) {
                flags |= GT;
            } else if (Args.is(a, "lt")) {
                flags |= LT;
            } else {
                // %s of the raw argument: its bytes as they are, up to a NUL
                throw new ReplyException(Dispatcher.rawError("ERR Unsupported option " + Dispatcher.trunc(a, a.length)));
            }
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            throw Args.error("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & GT) != 0 && (flags & LT) != 0) {
            throw Args.error("ERR GT and LT options at the same time are not compatible");
        }
        return flags;
    }

    /** Redis's expireGenericCommand. */
    private static RespValue expire(Connection c, byte[][] argv, boolean relative, boolean seconds) {
        String name = Args.lower(argv[0]);
        int flags = parseFlags(argv);
        long when = Args.toLong(argv[2]);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw StringCommands.invalidExpire(name);
            }
            when *= 1000;
        }
        long now = c.node().clock().millis();
        long base = relative ? now : 0;
        if (when > Long.MAX_VALUE - base) {
            throw StringCommands.invalidExpire(name);
        }
        when += base;
        Keyspace ks = c.keyspace();
        Bytes key = Bytes.of(argv[1]);
        if (ks.get(key) == null) {
            return Replies.ZERO;
        }
        if (flags != 0) {
            long current = ks.expiryOf(key);
            if ((flags & NX) != 0 && current != -1) {
                return Replies.ZERO;
            }
            if ((flags & XX) != 0 && current == -1) {
                return Replies.ZERO;
            }
            if ((flags & GT) != 0 && (when <= current || current == -1)) {
                return Replies.ZERO;
            }
            if ((flags & LT) != 0 && current != -1 && when >= current) {
                return Replies.ZERO;
            }
        }
        c.effects().changed();
        if (when <= now && !c.node().isReplica()) {
            ks.remove(key);
            Notify.event(c, Notify.GENERIC, "del", argv[1]);
            c.effects().propagateAs(new byte[][] {StringCommands.ascii("DEL"), argv[1]});
            return Replies.ONE;
        }
        ks.expireAt(key, when);
        Notify.event(c, Notify.GENERIC, "expire", argv[1]);
        byte[][] prop = Arrays.copyOf(argv, argv.length);
        prop[0] = StringCommands.ascii("PEXPIREAT");
        prop[2] = Numbers.toBytes(when);
        c.effects().propagateAs(prop);
        return Replies.ONE;
    }

    /** Redis's ttlGenericCommand. */
    private static RespValue ttl(Connection c, byte[][] argv, boolean ms, boolean absolute) {
        if (KeyCommands.peek(c, argv[1]) == null) {
            return Replies.MINUS_TWO;
        }
        long expire = c.keyspace().expiryOf(Bytes.of(argv[1]));
        if (expire == -1) {
            return Replies.MINUS_ONE;
        }
        long ttl = absolute ? expire : expire - c.node().clock().millis();
        if (ttl < 0) {
            ttl = 0;
        }
        return Replies.integer(ms ? ttl : (ttl + 500) / 1000);
    }

    private static RespValue persist(Connection c, byte[][] argv) {
        Keyspace ks = c.keyspace();
        Bytes key = Bytes.of(argv[1]);
        if (ks.get(key) != null && ks.persist(key)) {
            c.effects().changed();
            Notify.event(c, Notify.GENERIC, "persist", argv[1]);
            return Replies.ONE;
        }
        return Replies.ZERO;
    }
}
