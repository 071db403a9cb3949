package dev.rcsim.command.streams;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.HelpText;
import dev.rcsim.command.Notify;
import static dev.rcsim.command.streams.StreamCommands.ascii;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.StreamGroup;
import dev.rcsim.keyspace.StreamID;
import dev.rcsim.keyspace.StreamValue;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER, HELP) and the consumer-group side of
 * XREADGROUP/XCLAIM (t_stream.c): serving new entries into the PEL, re-serving a consumer's history,
 * entries-read bookkeeping, and the commands replication receives instead (Redis's
 * streamPropagateXCLAIM / streamPropagateGroupID / consumer creation). A command that propagates more
 * than one command sends all but the last straight to the replication stream and leaves the last in
 * {@code c.effects().propagateAs} for the dispatcher.
 */
final class StreamGroupCommands {
    private StreamGroupCommands() {}

    private static final String[] HELP = {
        "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
        "HELP",
        "    Prints this help.",
    };
    private static final RespValue HELP_REPLY = HelpText.reply(HELP);

    /** Commands a running XREADGROUP/XCLAIM wants replicated; only the node's event-loop thread touches it. */
    private static final ThreadLocal<List<byte[][]>> PENDING = ThreadLocal.withInitial(ArrayList::new);

    static void register(CommandTable t) {
        CommandSpec x = t.add("xgroup", -2, "", 0, 0, 0).acl("@slow");
        x.sub("create", -5, "write denyoom", 2, 2, 1).acl("@write @stream @slow").run(StreamGroupCommands::xgroup);
        x.sub("setid", -5, "write", 2, 2, 1).acl("@write @stream @slow").run(StreamGroupCommands::xgroup);
        x.sub("destroy", 4, "write", 2, 2, 1).acl("@write @stream @slow").run(StreamGroupCommands::xgroup);
        x.sub("createconsumer", 5, "write denyoom", 2, 2, 1).acl("@write @stream @slow").run(StreamGroupCommands::xgroup);
        x.sub("delconsumer", 5, "write", 2, 2, 1).acl("@write @stream @slow").run(StreamGroupCommands::xgroup);
        x.sub("help", 2, "loading stale", 0, 0, 0).acl("@stream @slow").run((c, a) -> help());
    }

    private static RespValue help() {
        return HELP_REPLY;
    }

    private static RespValue subcommandSyntax(byte[][] argv) {
        return Replies.error("ERR unknown subcommand or wrong number of arguments for '" + Args.str(argv[1]) + "'. Try "
                + Args.str(argv[0]).toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    private static RespValue xgroup(Connection c, byte[][] argv) {
        byte[] opt = argv[1];
        boolean mkstream = false;
        long entriesRead = StreamGroup.INVALID_ENTRIES_READ;
        StreamValue s = null;
        StreamGroup cg = null;
        boolean create = Args.is(opt, "create");
        boolean setid = Args.is(opt, "setid");
        if (argv.length >= 4) {
            if ((create || setid) && argv.length >= 5) {
                int i = 5;
                while (i < argv.length) {
                    if (create && Args.is(argv[i], "mkstream")) {
                        mkstream = true;
                        i++;
                    } else if (Args.is(argv[i], "entriesread") && i + 1 < argv.length) {
                        entriesRead = Args.toLong(argv[i + 1]);
                        if (entriesRead < 0 && entriesRead != StreamGroup.INVALID_ENTRIES_READ) {
                            return Replies.error("ERR value for ENTRIESREAD must be positive or -1");
                        }
                        i += 2;
                    } else {
                        return subcommandSyntax(argv);
                    }
                }
            }
            s = StreamCommands.stream(c, argv[2]);
            if (!mkstream) {
                if (s == null) {
                    return Replies.error("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you "
                            + "may want to use the MKSTREAM option to create an empty stream automatically.");
                }
                cg = s.groups.get(Bytes.of(argv[3]));
                if (cg == null && (setid || Args.is(opt, "createconsumer") || Args.is(opt, "delconsumer"))) {
                    return Replies.rawError("NOGROUP No such consumer group '" + Replies.rawText(argv[3]) + "' for key name '"
                            + Replies.rawText(argv[2]) + "'");
                }
            } else if (s != null) {
                cg = s.groups.get(Bytes.of(argv[3]));
            }
        }
        if (create && argv.length >= 5 && argv.length <= 8) {
            StreamID id;
            if (argv[4].length == 1 && argv[4][0] == '$') {
                id = s != null ? s.lastId : StreamID.MIN;
            } else {
                id = StreamIds.parse(argv[4], 0, true);
            }
            if (s == null) {
                s = new StreamValue();
                c.keyspace().set(Bytes.of(argv[2]), s);
                c.effects().changed();
            }
            if (s.groups.containsKey(Bytes.of(argv[3]))) {
                return Replies.error("BUSYGROUP Consumer Group name already exists");
            }
            s.groups.put(Bytes.of(argv[3]), new StreamGroup(Bytes.of(argv[3]), id, entriesRead));
            c.effects().changed();
            Notify.event(c, Notify.STREAM, "xgroup-create", argv[2]);
            return Replies.OK;
        } else if (setid && (argv.length == 5 || argv.length == 7)) {
            StreamID id;
            if (argv[4].length == 1 && argv[4][0] == '$') {
                id = s.lastId;
            } else {
                id = StreamIds.parse(argv[4], 0, false);
            }
            cg.lastId = id;
            cg.entriesRead = entriesRead;
            c.effects().changed();
            Notify.event(c, Notify.STREAM, "xgroup-setid", argv[2]);
            return Replies.OK;
        } else if (Args.is(opt, "destroy") && argv.length == 4) {
            if (cg == null) {
                return Replies.ZERO;
            }
            s.groups.remove(cg.name);
            c.effects().changed();
            Notify.event(c, Notify.STREAM, "xgroup-destroy", argv[2]);
            return Replies.ONE;
        } else if (Args.is(opt, "createconsumer") && argv.length == 5) {
            Bytes name = Bytes.of(argv[4]);
            if (cg.consumers.containsKey(name)) {
                return Replies.ZERO;
            }
            cg.consumer(name, StreamCommands.now(c), true);
            c.effects().changed();
            Notify.event(c, Notify.STREAM, "xgroup-createconsumer", argv[2]);
            return Replies.ONE;
        } else if (Args.is(opt, "delconsumer") && argv.length == 5) {
            StreamGroup.Consumer k = cg.consumers.remove(Bytes.of(argv[4]));
            long pending = 0;
            if (k != null) {
                pending = k.pel.size();
                for (StreamID id : k.pel.keySet()) {
                    cg.pel.remove(id);
                }
                Notify.event(c, Notify.STREAM, "xgroup-delconsumer", argv[2]);
            }
            c.effects().changed();
            return Replies.integer(pending);
        }
        return subcommandSyntax(argv);
    }

    // ------------------------------------------------------------------ XREADGROUP serving

    /** streamReplyWithRangeFromConsumerPEL: the consumer's pending entries from {@code start}, deliveries counted. */
    static RespValue replyFromPel(Connection c, byte[] key, StreamValue s, StreamGroup g, StreamGroup.Consumer consumer,
            StreamID start, long count) {
        List<RespValue> out = new ArrayList<>();
        if (start == null) {
            return Replies.array(out);
        }
        long now = StreamCommands.now(c);
        for (Map.Entry<StreamID, StreamGroup.Pending> e : consumer.pel.tailMap(start, true).entrySet()) {
            if (count > 0 && out.size() >= count) {
                break;
            }
            byte[][] fv = s.get(e.getKey());
            if (fv != null) {
                out.add(StreamCommands.entry(e.getKey(), fv));
                StreamGroup.Pending p = e.getValue();
                p.deliveryTime = now;
                p.deliveryCount++;
                propagateXclaim(c, key, g, g.name.bytes(), e.getKey(), p);
            } else {
                out.add(Replies.array(StreamCommands.id(e.getKey()), Replies.NULL_ARRAY));
            }
        }
        return Replies.array(out);
    }

    /** streamReplyWithRange with a group: new entries after {@code start}, added to the PELs unless NOACK. */
    static RespValue replyNew(Connection c, byte[] key, StreamValue s, StreamGroup g, StreamGroup.Consumer consumer,
            StreamID start, long count, boolean noack) {
        List<RespValue> out = new ArrayList<>();
        if (start == null) {
            return Replies.array(out);
        }
        long now = StreamCommands.now(c);
        boolean propagateLastId = false;
        List<StreamID> served = new ArrayList<>();
        for (Map.Entry<StreamID, ?> e : s.range(start, StreamID.MAX, false).entrySet()) {
            if (count > 0 && served.size() >= count) {
                break;
            }
            served.add(e.getKey());
        }
        for (StreamID id : served) {
            if (id.compareTo(g.lastId) > 0) {
                if (g.entriesRead != StreamGroup.INVALID_ENTRIES_READ && !hasTombstones(s, id, null)) {
                    g.entriesRead++;
                } else if (s.entriesAdded != 0) {
                    g.entriesRead = estimateDistance(s, id);
                }
                g.lastId = id;
                propagateLastId = true;
            }
            out.add(StreamCommands.entry(id, s.get(id)));
            if (!noack) {
                StreamGroup.Pending p = g.pel.get(id);
                if (p == null) {
                    p = new StreamGroup.Pending(now, 1, consumer);
                    g.pel.put(id, p);
                    consumer.pel.put(id, p);
                } else {
                    p.consumer.pel.remove(id);
                    p.consumer = consumer;
                    p.deliveryTime = now;
                    p.deliveryCount = 1;
                    consumer.pel.put(id, p);
                }
                propagateXclaim(c, key, g, g.name.bytes(), id, p);
            }
        }
        if (propagateLastId) {
            propagateSetId(c, key, g, g.name.bytes());
        }
        return Replies.array(out);
    }

    /** streamRangeHasTombstones. */
    static boolean hasTombstones(StreamValue s, StreamID start, StreamID end) {
        if (s.length() == 0 || s.maxDeletedId.isZero()) {
            return false;
        }
        if (s.firstId().compareTo(s.maxDeletedId) > 0) {
            return false;
        }
        StreamID a = start == null ? StreamID.MIN : start;
        StreamID b = end == null ? StreamID.MAX : end;
        return a.compareTo(s.maxDeletedId) <= 0 && s.maxDeletedId.compareTo(b) <= 0;
    }

    /** streamEstimateDistanceFromFirstEverEntry. */
    static long estimateDistance(StreamValue s, StreamID id) {
        if (s.entriesAdded == 0) {
            return 0;
        }
        if (s.length() == 0 && id.compareTo(s.lastId) < 1) {
            return s.entriesAdded;
        }
        int cmpLast = id.compareTo(s.lastId);
        if (cmpLast == 0) {
            return s.entriesAdded;
        } else if (cmpLast > 0) {
            return StreamGroup.INVALID_ENTRIES_READ;
        }
        int cmpFirst = id.compareTo(s.firstId());
        if (s.maxDeletedId.isZero() || s.maxDeletedId.compareTo(s.firstId()) < 0) {
            if (cmpFirst < 0) {
                return s.entriesAdded - s.length();
            } else if (cmpFirst == 0) {
                return s.entriesAdded - s.length() + 1;
            }
        }
        return StreamGroup.INVALID_ENTRIES_READ;
    }

    // ------------------------------------------------------------------ propagation

    static void propagate(Connection c, byte[][] cmd) {
        PENDING.get().add(cmd);
    }

    /** XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n FORCE JUSTID LASTID group-last-id. */
    static void propagateXclaim(Connection c, byte[] key, StreamGroup g, byte[] group, StreamID id, StreamGroup.Pending p) {
        propagate(c, new byte[][] {ascii("XCLAIM"), key, group, p.consumer.name.bytes(), ascii("0"), id.toBytes(),
            ascii("TIME"), Numbers.toBytes(p.deliveryTime), ascii("RETRYCOUNT"), Numbers.toBytes(p.deliveryCount),
            ascii("FORCE"), ascii("JUSTID"), ascii("LASTID"), g.lastId.toBytes()});
    }

    /** XGROUP SETID key group last-id ENTRIESREAD n. */
    static void propagateSetId(Connection c, byte[] key, StreamGroup g, byte[] group) {
        propagate(c, new byte[][] {ascii("XGROUP"), ascii("SETID"), key, group, g.lastId.toBytes(),
            ascii("ENTRIESREAD"), Numbers.toBytes(g.entriesRead)});
    }

    /**
     * Sends the collected commands but the last one to the replication stream and returns the last
     * (for {@code c.effects().propagateAs}); PING when nothing needs replicating (the command must not be
     * replayed as it is).
     */
    static byte[][] lastPropagated(Connection c) {
        List<byte[][]> list = PENDING.get();
        try {
            if (list.isEmpty()) {
                return new byte[][] {ascii("PING")};
            }
            for (int i = 0; i < list.size() - 1; i++) {
                c.effects().alsoPropagate(c.db(), list.get(i));
            }
            return list.get(list.size() - 1);
        } finally {
            list.clear();
        }
    }

    /** Redis's streamCreateConsumer notification: XCLAIM/XAUTOCLAIM create the consumer they name. */
    static void notifyIfNew(Connection c, StreamGroup g, Bytes consumer, byte[] key) {
        if (!g.consumers.containsKey(consumer)) {
            Notify.event(c, Notify.STREAM, "xgroup-createconsumer", key);
        }
    }
}
