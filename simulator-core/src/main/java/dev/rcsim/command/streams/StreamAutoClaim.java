package dev.rcsim.command.streams;

import dev.rcsim.command.Args;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.StreamGroup;
import dev.rcsim.keyspace.StreamID;
import dev.rcsim.keyspace.StreamValue;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID] as Redis 7.0
 * (t_stream.c xautoclaimCommand): scans the group's PEL from {@code start}, at most
 * {@code count * 10} PEL entries looked at and {@code count} claimed or deleted; entries no longer in
 * the stream leave the PEL and are listed as the third reply element. The first element is the
 * cursor: the PEL entry after the last one looked at, or 0-0 at the end. Each claimed or dropped
 * entry is replicated as XCLAIM ... FORCE JUSTID LASTID (like XCLAIM here), not the command itself.
 */
final class StreamAutoClaim {
    private StreamAutoClaim() {}

    private static final int ATTEMPTS_FACTOR = 10;
    private static final long MAX_COUNT = Long.MAX_VALUE / 16;
    private static final RespValue BAD_MIN_IDLE = Replies.error("ERR Invalid min-idle-time argument for XAUTOCLAIM");
    private static final RespValue BAD_COUNT = Replies.error("ERR COUNT must be > 0");

    /** A raxIterator over the PEL: a pending seek (inclusive), else the key after the last one returned. */
    private static final class PelCursor {
        private final NavigableMap<StreamID, StreamGroup.Pending> pel;
        private StreamID seek;
        private StreamID pos;

        PelCursor(NavigableMap<StreamID, StreamGroup.Pending> pel, StreamID start) {
            this.pel = pel;
            this.seek = start;
        }

        StreamID next() {
            if (seek != null) {
                pos = pel.ceilingKey(seek);
                seek = null;
            } else if (pos != null) {
                pos = pel.higherKey(pos);
            }
            return pos;
        }

        void seekFrom(StreamID id) {
            seek = id;
        }
    }

    static RespValue xautoclaim(Connection c, byte[][] argv) {
        long minIdle = Args.toLong(argv[4], BAD_MIN_IDLE);
        if (minIdle < 0) {
            minIdle = 0;
        }
        StreamID start = StreamCommands.intervalId(argv[5], 0, true);
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (Args.is(argv[j], "count") && more > 0) {
                count = Args.toLong(argv[j + 1], BAD_COUNT);
                if (count < 1 || count > MAX_COUNT) {
                    return BAD_COUNT;
                }
                j++;
            } else if (Args.is(argv[j], "justid")) {
                justId = true;
            } else {
                return Replies.SYNTAX;
            }
        }
        StreamValue s = StreamCommands.stream(c, argv[1]);
        StreamGroup g = s == null ? null : s.groups.get(Bytes.of(argv[2]));
        if (g == null) {
            return Replies.rawError("NOGROUP No such key '" + Replies.rawText(argv[1]) + "' or consumer group '"
                    + Replies.rawText(argv[2]) + "'");
        }
        long attempts = count * ATTEMPTS_FACTOR;
        long now = StreamCommands.now(c);
        Bytes name = Bytes.of(argv[3]);
        StreamGroup.Consumer consumer = null;
        List<RespValue> claimed = new ArrayList<>();
        List<RespValue> deleted = new ArrayList<>();
        PelCursor it = new PelCursor(g.pel, start);
        StreamID id;
        while (attempts-- != 0 && count != 0 && (id = it.next()) != null) {
            StreamGroup.Pending nack = g.pel.get(id);
            byte[][] fv = s.get(id);
            if (fv == null) {
                StreamGroupCommands.propagateXclaim(c, argv[1], g, argv[2], id, nack);
                c.effects().changed();
                g.pel.remove(id);
                nack.consumer.pel.remove(id);
                deleted.add(StreamCommands.id(id));
                it.seekFrom(id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - nack.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                StreamGroupCommands.notifyIfNew(c, g, name, argv[1]);
                consumer = g.touchConsumer(name, now);
            }
            if (nack.consumer != consumer) {
                nack.consumer.pel.remove(id);
            }
            nack.deliveryTime = now;
            if (!justId) {
                nack.deliveryCount++;
            }
            if (nack.consumer != consumer) {
                consumer.pel.put(id, nack);
                nack.consumer = consumer;
            }
            claimed.add(justId ? StreamCommands.id(id) : StreamCommands.entry(id, fv));
            count--;
            StreamGroupCommands.propagateXclaim(c, argv[1], g, argv[2], id, nack);
            c.effects().changed();
        }
        StreamID next = it.next();
        c.effects().propagateAs(StreamGroupCommands.lastPropagated(c));
        return Replies.array(StreamCommands.id(next == null ? StreamID.MIN : next), Replies.array(claimed),
                Replies.array(deleted));
    }
}
