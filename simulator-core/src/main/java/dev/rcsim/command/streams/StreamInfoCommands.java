package dev.rcsim.command.streams;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Dispatcher;
import dev.rcsim.command.HelpText;
import dev.rcsim.command.ReplyException;
import dev.rcsim.keyspace.StreamGroup;
import dev.rcsim.keyspace.StreamID;
import dev.rcsim.keyspace.StreamValue;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * XINFO GROUPS, XINFO CONSUMERS and XINFO HELP as Redis 7.0.15 (t_stream.c xinfoCommand): groups
 * with name, consumers, pending, last-delivered-id, entries-read (nil when unknown) and lag (nil when
 * it cannot be computed, streamReplyWithCGLag's rules); consumers with name, pending and idle (7.0
 * has no {@code inactive}); XINFO STREAM [FULL [COUNT n]] (xinfoReplyWithStreamInfo) with
 * radix-tree-keys (the stream's listpack nodes) and radix-tree-nodes (the rax over their master IDs,
 * {@link RaxNodes}).
 */
final class StreamInfoCommands {
    private StreamInfoCommands() {}

    private static final String[] HELP = {
        "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
        "HELP",
        "    Prints this help.",
    };
    private static final RespValue HELP_REPLY = HelpText.reply(HELP);

    static void register(CommandTable t) {
        CommandSpec x = t.add("xinfo", -2, "", 0, 0, 0).acl("@slow");
        x.sub("consumers", 4, "readonly", 2, 2, 1).acl("@read @stream @slow").run(StreamInfoCommands::consumers);
        x.sub("groups", 3, "readonly", 2, 2, 1).acl("@read @stream @slow").run(StreamInfoCommands::groups);
        x.sub("stream", -3, "readonly", 2, 2, 1).acl("@read @stream @slow").run(StreamInfoCommands::stream);
        x.sub("help", 2, "loading stale", 0, 0, 0).acl("@stream @slow").run((c, a) -> help());
    }

    private static RespValue help() {
        return HELP_REPLY;
    }

    private static StreamValue existing(Connection c, byte[] key) {
        StreamValue s = StreamCommands.stream(c, key);
        if (s == null) {
            throw new ReplyException(Replies.NO_SUCH_KEY);
        }
        return s;
    }

    private static RespValue consumers(Connection c, byte[][] argv) {
        StreamValue s = existing(c, argv[2]);
        StreamGroup g = s.groups.get(dev.rcsim.keyspace.Bytes.of(argv[3]));
        if (g == null) {
            return Replies.rawError("NOGROUP No such consumer group '" + Replies.rawText(argv[3]) + "' for key name '"
                    + Replies.rawText(argv[2]) + "'");
        }
        long now = StreamCommands.now(c);
        List<RespValue> out = new ArrayList<>(g.consumers.size());
        for (StreamGroup.Consumer k : g.consumers.values()) {
            long idle = Math.max(0, now - k.seenTime);
            out.add(Replies.map(List.of(Replies.bulk("name"), Replies.bulk(k.name.bytes()),
                    Replies.bulk("pending"), Replies.integer(k.pel.size()),
                    Replies.bulk("idle"), Replies.integer(idle))));
        }
        return Replies.array(out);
    }

    private static RespValue groups(Connection c, byte[][] argv) {
        StreamValue s = existing(c, argv[2]);
        List<RespValue> out = new ArrayList<>(s.groups.size());
        for (StreamGroup g : s.groups.values()) {
            out.add(Replies.map(List.of(Replies.bulk("name"), Replies.bulk(g.name.bytes()),
                    Replies.bulk("consumers"), Replies.integer(g.consumers.size()),
                    Replies.bulk("pending"), Replies.integer(g.pel.size()),
                    Replies.bulk("last-delivered-id"), StreamCommands.id(g.lastId),
                    Replies.bulk("entries-read"),
                    g.entriesRead != StreamGroup.INVALID_ENTRIES_READ ? Replies.integer(g.entriesRead) : Replies.NULL_BULK,
                    Replies.bulk("lag"), lag(s, g))));
        }
        return Replies.array(out);
    }

    private static RespValue syntax(byte[][] argv) {
        return Replies.error(Dispatcher.sanitize("ERR unknown subcommand or wrong number of arguments for '"
                + Args.str(argv[1]) + "'. Try XINFO HELP."));
    }

    /** XINFO STREAM key [FULL [COUNT n]]: COUNT defaults to 10, a negative one means 10, 0 means all. */
    private static RespValue stream(Connection c, byte[][] argv) {
        StreamValue s = existing(c, argv[2]);
        int optc = argv.length - 3;
        boolean full = optc > 0;
        long count = 10;
        if (full) {
            if ((optc != 1 && optc != 3) || !Args.is(argv[3], "full") || (optc == 3 && !Args.is(argv[4], "count"))) {
                return syntax(argv);
            }
        }
        if (optc == 3) {
            count = Args.toLong(argv[5]);
            if (count < 0) {
                count = 10;
            }
        }
        List<RespValue> m = new ArrayList<>(20);
        m.add(Replies.bulk("length"));
        m.add(Replies.integer(s.length()));
        m.add(Replies.bulk("radix-tree-keys"));
        m.add(Replies.integer(s.nodeCount()));
        m.add(Replies.bulk("radix-tree-nodes"));
        m.add(Replies.integer(RaxNodes.count(s.nodeKeys())));
        m.add(Replies.bulk("last-generated-id"));
        m.add(StreamCommands.id(s.lastId));
        m.add(Replies.bulk("max-deleted-entry-id"));
        m.add(StreamCommands.id(s.maxDeletedId));
        m.add(Replies.bulk("entries-added"));
        m.add(Replies.integer(s.entriesAdded));
        m.add(Replies.bulk("recorded-first-entry-id"));
        m.add(StreamCommands.id(s.firstId()));
        if (!full) {
            m.add(Replies.bulk("groups"));
            m.add(Replies.integer(s.groups.size()));
            m.add(Replies.bulk("first-entry"));
            m.add(edge(s, false));
            m.add(Replies.bulk("last-entry"));
            m.add(edge(s, true));
            return Replies.map(m);
        }
        List<RespValue> entries = new ArrayList<>();
        for (Map.Entry<StreamID, ?> e : s.range(StreamID.MIN, StreamID.MAX, false).entrySet()) {
            if (count > 0 && entries.size() >= count) {
                break;
            }
            entries.add(StreamCommands.entry(e.getKey(), s.get(e.getKey())));
        }
        m.add(Replies.bulk("entries"));
        m.add(Replies.array(entries));
        List<RespValue> groups = new ArrayList<>(s.groups.size());
        for (StreamGroup g : s.groups.values()) {
            groups.add(fullGroup(s, g, count));
        }
        m.add(Replies.bulk("groups"));
        m.add(Replies.array(groups));
        return Replies.map(m);
    }

    /** The first (or last) entry, nil when the stream is empty. */
    private static RespValue edge(StreamValue s, boolean last) {
        for (Map.Entry<StreamID, ?> e : s.range(StreamID.MIN, StreamID.MAX, last).entrySet()) {
            return StreamCommands.entry(e.getKey(), s.get(e.getKey()));
        }
        return Replies.NULL_BULK;
    }

    private static RespValue fullGroup(StreamValue s, StreamGroup g, long count) {
        List<RespValue> pel = new ArrayList<>();
        for (var e : g.pel.entrySet()) {
            if (count > 0 && pel.size() >= count) {
                break;
            }
            StreamGroup.Pending p = e.getValue();
            pel.add(Replies.array(StreamCommands.id(e.getKey()), Replies.bulk(p.consumer.name.bytes()),
                    Replies.integer(p.deliveryTime), Replies.integer(p.deliveryCount)));
        }
        List<RespValue> consumers = new ArrayList<>(g.consumers.size());
        for (StreamGroup.Consumer k : g.consumers.values()) {
            List<RespValue> cpel = new ArrayList<>();
            for (var e : k.pel.entrySet()) {
                if (count > 0 && cpel.size() >= count) {
                    break;
                }
                cpel.add(Replies.array(StreamCommands.id(e.getKey()), Replies.integer(e.getValue().deliveryTime),
                        Replies.integer(e.getValue().deliveryCount)));
            }
            consumers.add(Replies.map(List.of(Replies.bulk("name"), Replies.bulk(k.name.bytes()),
                    Replies.bulk("seen-time"), Replies.integer(k.seenTime),
                    Replies.bulk("pel-count"), Replies.integer(k.pel.size()),
                    Replies.bulk("pending"), Replies.array(cpel))));
        }
        return Replies.map(List.of(Replies.bulk("name"), Replies.bulk(g.name.bytes()),
                Replies.bulk("last-delivered-id"), StreamCommands.id(g.lastId),
                Replies.bulk("entries-read"),
                g.entriesRead != StreamGroup.INVALID_ENTRIES_READ ? Replies.integer(g.entriesRead) : Replies.NULL_BULK,
                Replies.bulk("lag"), lag(s, g),
                Replies.bulk("pel-count"), Replies.integer(g.pel.size()),
                Replies.bulk("pending"), Replies.array(pel),
                Replies.bulk("consumers"), Replies.array(consumers)));
    }

    /** streamReplyWithCGLag: entries-added minus the group's (known or estimated) read counter, else nil. */
    static RespValue lag(StreamValue s, StreamGroup g) {
        if (s.entriesAdded == 0) {
            return Replies.ZERO;
        }
        if (g.entriesRead != StreamGroup.INVALID_ENTRIES_READ && !StreamGroupCommands.hasTombstones(s, g.lastId, null)) {
            return Replies.integer(s.entriesAdded - g.entriesRead);
        }
        long read = StreamGroupCommands.estimateDistance(s, g.lastId);
        if (read != StreamGroup.INVALID_ENTRIES_READ) {
            return Replies.integer(s.entriesAdded - read);
        }
        return Replies.NULL_BULK;
    }
}
