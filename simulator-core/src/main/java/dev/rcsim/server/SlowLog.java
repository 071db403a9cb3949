package dev.rcsim.server;

import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Redis's slow log ({@code slowlog.c}): commands whose execution on this node took at least
 * {@code slowlog-log-slower-than} microseconds (-1 disables, 0 logs every command), newest first,
 * at most {@code slowlog-max-len} entries (trimmed when the next command is logged or not, as Redis).
 * Durations are the node's real execution time; entry timestamps are simulator-clock seconds.
 */
public final class SlowLog {
    static final int MAX_ARGC = 32;
    static final int MAX_STRING = 128;

    /** One entry, as SLOWLOG GET reports it. */
    record Entry(long id, long time, long duration, byte[][] args, String peer, String name) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final RedisNode node;
    private long nextId;
    private long slowerThan;
    private long maxLen;

    SlowLog(RedisNode node) {
        this.node = node;
    }

    /** Re-reads {@code slowlog-log-slower-than} and {@code slowlog-max-len} (CONFIG SET). */
    void refresh(NodeConfig config) {
        slowerThan = config.longValue("slowlog-log-slower-than");
        maxLen = config.longValue("slowlog-max-len");
    }

    /**
     * The first half of Redis's slowlogPushEntryIfNeeded, for every command that may be logged:
     * trims the log to {@code slowlog-max-len} (when the log is enabled) and says whether a command
     * that ran {@code durationMicros} is to be {@link #push pushed}.
     */
    public boolean accepts(long durationMicros) {
        if (slowerThan < 0) {
            return false;
        }
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
        return durationMicros >= slowerThan;
    }

    /** Logs a command {@link #accepts accepted}; {@code argv} already has sensitive arguments redacted. */
    public void push(Connection c, byte[][] argv, long durationMicros) {
        entries.addFirst(new Entry(nextId++, node.clock().millis() / 1000, durationMicros, trimmed(argv),
                c.remoteAddress(), c.name() == null ? "" : c.name()));
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    private static byte[][] trimmed(byte[][] argv) {
        int n = Math.min(argv.length, MAX_ARGC);
        byte[][] out = new byte[n][];
        for (int j = 0; j < n; j++) {
            if (n != argv.length && j == n - 1) {
                out[j] = ("... (" + (argv.length - n + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (argv[j].length > MAX_STRING) {
                byte[] more = ("... (" + (argv[j].length - MAX_STRING) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
                out[j] = Arrays.copyOf(argv[j], MAX_STRING + more.length);
                System.arraycopy(more, 0, out[j], MAX_STRING, more.length);
            } else {
                out[j] = argv[j].clone();
            }
        }
        return out;
    }

    public int size() {
        return entries.size();
    }

    public void reset() {
        entries.clear();
    }

    /** SLOWLOG GET: the newest {@code count} entries. */
    public RespValue get(long count) {
        List<RespValue> out = new ArrayList<>();
        Iterator<Entry> it = entries.iterator();
        while (count-- > 0 && it.hasNext()) {
            Entry e = it.next();
            List<RespValue> args = new ArrayList<>(e.args().length);
            for (byte[] a : e.args()) {
                args.add(Replies.bulk(a));
            }
            out.add(Replies.array(List.of(Replies.integer(e.id()), Replies.integer(e.time()), Replies.integer(e.duration()),
                    Replies.array(args), Replies.bulk(e.peer()), Replies.bulk(e.name()))));
        }
        return Replies.array(out);
    }
}
