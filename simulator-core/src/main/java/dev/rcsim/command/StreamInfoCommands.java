package dev.rcsim.command;

import dev.rcsim.keyspace.StreamGroup;
import dev.rcsim.keyspace.StreamValue;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * XINFO GROUPS, XINFO CONSUMERS and XINFO HELP as Redis 7.0.15 (t_stream.c xinfoCommand): groups
 * with name, consumers, pending, last-delivered-id, entries-read (nil when unknown) and lag (nil when
 * it cannot be computed, streamReplyWithCGLag's rules); consumers with name, pending and idle (7.0
 * has no {@code inactive}). XINFO STREAM is not implemented: its radix-tree-nodes figure needs Redis's
 * rax node layout, which is not modelled, so the subcommand is unknown here.
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
            return Replies.error("NOGROUP No such consumer group '" + Args.str(argv[3]) + "' for key name '"
                    + Args.str(argv[2]) + "'");
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
