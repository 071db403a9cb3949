package dev.rcsim.command.keys;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Notify;
import dev.rcsim.command.strings.StringCommands;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.DumpFormat;
import dev.rcsim.keyspace.Dumpable;
import dev.rcsim.keyspace.Keyspace;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.keyspace.StringValue;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * OBJECT (ENCODING, REFCOUNT, IDLETIME, FREQ, HELP), DUMP and RESTORE / RESTORE-ASKING. IDLETIME and
 * FREQ answer or refuse according to maxmemory-policy exactly as Redis 7.0; DUMP payloads are rcsim's
 * own ({@link DumpFormat}), so they are only exchangeable between rcsim nodes.
 */
final class ObjectCommands {
    private ObjectCommands() {}

    static void register(CommandTable t) {
        CommandSpec object = t.add("object", -2, "", 0, 0, 0).acl("@slow");
        object.sub("encoding", 3, "readonly", 2, 2, 1).acl("@keyspace @read @slow").run(ObjectCommands::encoding);
        object.sub("freq", 3, "readonly", 2, 2, 1).acl("@keyspace @read @slow").run(ObjectCommands::freq);
        object.sub("idletime", 3, "readonly", 2, 2, 1).acl("@keyspace @read @slow").run(ObjectCommands::idletime);
        object.sub("help", 2, "loading stale", 0, 0, 0).acl("@keyspace @slow").run(ObjectCommands::help);
        object.sub("refcount", 3, "readonly", 2, 2, 1).acl("@keyspace @read @slow").run(ObjectCommands::refcount);
        t.add("dump", 2, "readonly", 1, 1, 1).acl("@keyspace @read @slow").run(ObjectCommands::dump);
        t.add("restore", -4, "write denyoom", 1, 1, 1).acl("@keyspace @write @slow @dangerous").run(ObjectCommands::restore);
        t.add("restore-asking", -4, "write denyoom asking", 1, 1, 1).acl("@keyspace @write @slow @dangerous")
                .asking().run(ObjectCommands::restore);
    }

    private static final String ADJUST = " Please note that when switching between policies at runtime LRU and LFU data"
            + " will take some time to adjust.";

    private static boolean lfuPolicy(Connection c) {
        return c.node().config().get("maxmemory-policy").endsWith("-lfu");
    }

    private static RespValue encoding(Connection c, byte[][] argv) {
        RedisValue v = KeyCommands.peek(c, argv[2]);
        return v == null ? Replies.NULL_BULK : Replies.bulk(v.encoding());
    }

    private static RespValue refcount(Connection c, byte[][] argv) {
        RedisValue v = KeyCommands.peek(c, argv[2]);
        if (v == null) {
            return Replies.NULL_BULK;
        }
        return Replies.integer(v instanceof StringValue s && s.isShared() ? Integer.MAX_VALUE : 1);
    }

    private static RespValue idletime(Connection c, byte[][] argv) {
        RedisValue v = KeyCommands.peek(c, argv[2]);
        if (v == null) {
            return Replies.NULL_BULK;
        }
        if (lfuPolicy(c)) {
            return Replies.error("ERR An LFU maxmemory policy is selected, idle time not tracked." + ADJUST);
        }
        return Replies.integer(c.keyspace().access().idleSeconds(Bytes.of(argv[2]), c.node().clock().millis()));
    }

    private static RespValue freq(Connection c, byte[][] argv) {
        RedisValue v = KeyCommands.peek(c, argv[2]);
        if (v == null) {
            return Replies.NULL_BULK;
        }
        if (!lfuPolicy(c)) {
            return Replies.error("ERR An LFU maxmemory policy is not selected, access frequency not tracked." + ADJUST);
        }
        return Replies.integer(c.keyspace().access().frequency(Bytes.of(argv[2]), c.node().clock().millis(), decayMinutes(c)));
    }

    private static long decayMinutes(Connection c) {
        return c.node().config().has("lfu-decay-time") ? c.node().config().longValue("lfu-decay-time") : 1;
    }

    private static final String[] HELP = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    };

    private static RespValue help(Connection c, byte[][] argv) {
        List<RespValue> out = new ArrayList<>(HELP.length);
        for (String line : HELP) {
            out.add(Replies.simple(line));
        }
        return Replies.array(out);
    }

    private static RespValue dump(Connection c, byte[][] argv) {
        RedisValue v = StringCommands.readAny(c, argv[1]);
        if (v == null) {
            return Replies.NULL_BULK;
        }
        if (!(v instanceof StringValue) && !(v instanceof Dumpable)) {
            return Replies.error("ERR rcsim cannot DUMP values of type " + v.type() + " yet");
        }
        return Replies.bulk(DumpFormat.dump(v));
    }

    /** Redis 7.0's restoreCommand, checks in the same order. */
    private static RespValue restore(Connection c, byte[][] argv) {
        boolean replace = false;
        boolean absTtl = false;
        long idle = -1;
        long freq = -1;
        for (int j = 4; j < argv.length; j++) {
            int additional = argv.length - j - 1;
            if (Args.is(argv[j], "replace")) {
                replace = true;
            } else if (Args.is(argv[j], "absttl")) {
                absTtl = true;
            } else if (Args.is(argv[j], "idletime") && additional >= 1 && freq == -1) {
                idle = Args.toLong(argv[++j]);
                if (idle < 0) {
                    return Replies.error("ERR Invalid IDLETIME value, must be >= 0");
                }
            } else if (Args.is(argv[j], "freq") && additional >= 1 && idle == -1) {
                freq = Args.toLong(argv[++j]);
                if (freq < 0 || freq > 255) {
                    return Replies.error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                }
            } else {
                return Replies.SYNTAX;
            }
        }
        Keyspace ks = c.keyspace();
        Bytes key = Bytes.of(argv[1]);
        if (!replace && ks.get(key) != null) {
            return Replies.error("BUSYKEY Target key name already exists.");
        }
        long ttl = Args.toLong(argv[2]);
        if (ttl < 0) {
            return Replies.error("ERR Invalid TTL value, must be >= 0");
        }
        byte[] payload = argv[3];
        if (!DumpFormat.verify(payload)) {
            return Replies.error("ERR DUMP payload version or checksum are wrong");
        }
        RedisValue value;
        try {
            value = DumpFormat.load(payload);
        } catch (DumpFormat.BadFormatException e) {
            return Replies.error("ERR Bad data format");
        }
        boolean deleted = replace && ks.remove(key);
        long now = c.node().clock().millis();
        if (ttl != 0 && !absTtl) {
            ttl += now;
        }
        if (ttl != 0 && ttl <= now && !c.node().isReplica()) {
            if (deleted) {
                c.effects().changed();
                Notify.event(c, Notify.GENERIC, "del", argv[1]);
                c.effects().propagateAs(new byte[][] {StringCommands.ascii("DEL"), argv[1]});
            }
            return Replies.OK;
        }
        ks.set(key, value);
        if (ttl != 0) {
            ks.expireAt(key, ttl);
            if (!absTtl) {
                byte[][] prop = new byte[argv.length + 1][];
                System.arraycopy(argv, 0, prop, 0, argv.length);
                prop[2] = Numbers.toBytes(ttl);
                prop[argv.length] = StringCommands.ascii("ABSTTL");
                c.effects().propagateAs(prop);
            }
        }
        boolean lfu = lfuPolicy(c);
        ks.access().restore(key, now, lfu ? -1 : idle, lfu ? freq : -1);
        c.effects().changed();
        Notify.event(c, Notify.GENERIC, "restore", argv[1]);
        return Replies.OK;
    }
}
