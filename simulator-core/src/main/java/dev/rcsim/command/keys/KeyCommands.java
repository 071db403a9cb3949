package dev.rcsim.command.keys;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Notify;
import dev.rcsim.command.strings.StringCommands;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.Keyspace;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.keyspace.Glob;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The generic keyspace commands of Redis 7.0 (db.c): DEL, UNLINK, EXISTS, TYPE, TOUCH, RENAME(NX),
 * COPY, MOVE, KEYS, SCAN, RANDOMKEY. Expiry commands live in {@link ExpireCommands}, OBJECT / DUMP /
 * RESTORE in {@link ObjectCommands}. Lookups that Redis does with LOOKUP_NOTOUCH (EXISTS, TYPE) leave
 * the access time alone.
 */
public final class KeyCommands {
    private KeyCommands() {}

    public static void register(CommandTable t) {
        t.add("del", -2, "write", 1, -1, 1).acl("@keyspace @write @slow").run(KeyCommands::del);
        t.add("unlink", -2, "write fast", 1, -1, 1).acl("@keyspace @write @fast").run(KeyCommands::del);
        t.add("exists", -2, "readonly fast", 1, -1, 1).acl("@keyspace @read @fast").run(KeyCommands::exists);
        t.add("type", 2, "readonly fast", 1, 1, 1).acl("@keyspace @read @fast").run(KeyCommands::type);
        t.add("touch", -2, "readonly fast", 1, -1, 1).acl("@keyspace @read @fast").run(KeyCommands::touch);
        t.add("rename", 3, "write", 1, 2, 1).acl("@keyspace @write @slow").run((c, a) -> rename(c, a, false));
        t.add("renamenx", 3, "write fast", 1, 2, 1).acl("@keyspace @write @fast").run((c, a) -> rename(c, a, true));
        t.add("copy", -3, "write denyoom", 1, 2, 1).acl("@keyspace @write @slow").run(KeyCommands::copy);
        t.add("move", 3, "write fast", 1, 1, 1).acl("@keyspace @write @fast").run(KeyCommands::move);
        t.add("keys", 2, "readonly", 0, 0, 0).acl("@keyspace @read @slow @dangerous").run(KeyCommands::keys);
        t.add("scan", -2, "readonly", 0, 0, 0).acl("@keyspace @read @slow").run(KeyScan::scan);
        t.add("randomkey", 1, "readonly", 0, 0, 0).acl("@keyspace @read @slow").run(KeyCommands::randomkey);
        ExpireCommands.register(t);
        ObjectCommands.register(t);
    }

    /** Redis's lookupKeyReadWithFlags(LOOKUP_NOTOUCH): passive expiry and hit/miss stats, no access-time update. */
    static RedisValue peek(Connection c, byte[] key) {
        RedisValue v = c.keyspace().peek(Bytes.of(key));
        if (v == null) {
            c.node().stats().keyspaceMisses++;
        } else {
            c.node().stats().keyspaceHits++;
        }
        return v;
    }

    private static RespValue del(Connection c, byte[][] argv) {
        Keyspace ks = c.keyspace();
        long n = 0;
        for (int i = 1; i < argv.length; i++) {
            Bytes key = Bytes.of(argv[i]);
            if (ks.peek(key) != null && ks.remove(key)) {
                n++;
                c.effects().changed();
                Notify.event(c, Notify.GENERIC, "del", argv[i]);
            }
        }
        return Replies.integer(n);
    }

    private static RespValue exists(Connection c, byte[][] argv) {
        long n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (peek(c, argv[i]) != null) {
                n++;
            }
        }
        return Replies.integer(n);
    }

    private static RespValue type(Connection c, byte[][] argv) {
        RedisValue v = peek(c, argv[1]);
        return Replies.simple(v == null ? "none" : v.type());
    }

    private static RespValue touch(Connection c, byte[][] argv) {
        long n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (StringCommands.readAny(c, argv[i]) != null) {
                n++;
            }
        }
        return Replies.integer(n);
    }

    private static RespValue rename(Connection c, byte[][] argv, boolean nx) {
        Keyspace ks = c.keyspace();
        Bytes src = Bytes.of(argv[1]);
        Bytes dst = Bytes.of(argv[2]);
        RedisValue v = ks.get(src);
        if (v == null) {
            return Replies.NO_SUCH_KEY;
        }
        if (src.equals(dst)) {
            return nx ? Replies.ZERO : Replies.OK;
        }
        long expire = ks.expiryOf(src);
        if (ks.get(dst) != null) {
            if (nx) {
                return Replies.ZERO;
            }
            ks.remove(dst);
        }
        ks.set(dst, v);
        if (expire != -1) {
            ks.expireAt(dst, expire);
        }
        ks.access().transfer(src, ks.access(), dst);
        ks.remove(src);
        c.effects().changed();
        Notify.event(c, Notify.GENERIC, "rename_from", argv[1]);
        Notify.event(c, Notify.GENERIC, "rename_to", argv[2]);
        return nx ? Replies.ONE : Replies.OK;
    }

    /** SELECT-style db index check: "ERR DB index is out of range". */
    private static int dbIndex(Connection c, byte[] arg) {
        int db = Args.toInt(arg);
        if (db < 0 || db >= c.node().dbCount()) {
            throw Args.error("ERR DB index is out of range");
        }
        return db;
    }

    private static final RespValue SAME_OBJECT = Replies.error("ERR source and destination objects are the same");

    private static RespValue copy(Connection c, byte[][] argv) {
        RedisNode node = c.node();
        int dstDb = c.db();
        boolean replace = false;
        for (int j = 3; j < argv.length; j++) {
            int additional = argv.length - j - 1;
            if (Args.is(argv[j], "replace")) {
                replace = true;
            } else if (Args.is(argv[j], "db") && additional >= 1) {
                dstDb = dbIndex(c, argv[++j]);
            } else {
                return Replies.SYNTAX;
            }
        }
        if (node.config().clusterEnabled() && (c.db() != 0 || dstDb != 0)) {
            return Replies.error("ERR Copying to another database is not allowed in cluster mode");
        }
        Bytes key = Bytes.of(argv[1]);
        Bytes newKey = Bytes.of(argv[2]);
        if (dstDb == c.db() && key.equals(newKey)) {
            return SAME_OBJECT;
        }
        Keyspace src = c.keyspace();
        RedisValue v = StringCommands.readAny(c, argv[1]);
        if (v == null) {
            return Replies.ZERO;
        }
        long expire = src.expiryOf(key);
        Keyspace dst = node.db(dstDb);
        boolean delete = false;
        if (dst.get(newKey) != null) {
            if (!replace) {
                return Replies.ZERO;
            }
            delete = true;
        }
        if (delete) {
            dst.remove(newKey);
        }
        dst.set(newKey, v.copy());
        if (expire != -1) {
            dst.expireAt(newKey, expire);
        }
        node.touchKey(dstDb, newKey);
        node.effects().changed();
        Notify.event(c, Notify.GENERIC, "copy_to", argv[2], dstDb);
        return Replies.ONE;
    }

    private static RespValue move(Connection c, byte[][] argv) {
        RedisNode node = c.node();
        if (node.config().clusterEnabled()) {
            return Replies.error("ERR MOVE is not allowed in cluster mode");
        }
        int dstDb = Args.toInt(argv[2]);
        if (dstDb < 0 || dstDb >= node.dbCount()) {
            return Replies.error("ERR DB index is out of range");
        }
        if (dstDb == c.db()) {
            return SAME_OBJECT;
        }
        Keyspace src = c.keyspace();
        Bytes key = Bytes.of(argv[1]);
        RedisValue v = src.get(key);
        if (v == null) {
            return Replies.ZERO;
        }
        long expire = src.expiryOf(key);
        Keyspace dst = node.db(dstDb);
        if (dst.get(key) != null) {
            return Replies.ZERO;
        }
        dst.set(key, v);
        if (expire != -1) {
            dst.expireAt(key, expire);
        }
        src.access().transfer(key, dst.access(), key);
        src.remove(key);
        node.touchKey(dstDb, key);
        node.effects().changed();
        Notify.event(c, Notify.GENERIC, "move_from", argv[1]);
        Notify.event(c, Notify.GENERIC, "move_to", argv[1], dstDb);
        return Replies.ONE;
    }

    private static RespValue keys(Connection c, byte[][] argv) {
        byte[] pattern = argv[1];
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<RespValue> out = new ArrayList<>();
        for (Bytes k : c.keyspace().keys()) {
            if (all || Glob.matches(pattern, k.bytes(), false)) {
                out.add(Replies.bulk(k.bytes()));
            }
        }
        return Replies.array(out);
    }

    private static RespValue randomkey(Connection c, byte[][] argv) {
        List<Bytes> keys = c.keyspace().keys();
        if (keys.isEmpty()) {
            return Replies.NULL_BULK;
        }
        return Replies.bulk(keys.get(c.node().random().nextInt(keys.size())).bytes());
    }
}
