package dev.rcsim.replication;

import dev.rcsim.server.NodeConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's replication backlog (Redis's {@code server.repl_backlog}): the last
 * {@code repl-backlog-size} bytes of the stream it produced (master) or applied (replica), kept as the
 * commands they encode, so that a PSYNC from an offset it still covers can be answered with the missing
 * part ({@code addReplyReplicationBacklog}). Inactive until the first replica attaches.
 *
 * <p>Differs from Redis: trimmed by whole commands (Redis trims 16 KB blocks), never freed by
 * {@code repl-backlog-ttl}. Used on the node's loop; the INFO fields are read from any thread.
 */
final class ReplBacklog {
    /** Redis's CONFIG_REPL_BACKLOG_MIN_SIZE: a smaller repl-backlog-size is taken as this. */
    static final long MIN_SIZE = 16 * 1024;

    /** One command of the stream: its argv, its RESP length and the offset of its last byte. */
    record Entry(byte[][] argv, long length, long end) {}

    private final java.util.function.Supplier<NodeConfig> config;
    private volatile boolean active;
    private volatile long start;
    /** The commands of the backlog, oldest first. */
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private String sizeText;
    private long sizeBytes;

    ReplBacklog(java.util.function.Supplier<NodeConfig> config) {
        this.config = config;
    }

    /** repl_backlog_active. */
    boolean active() {
        return active;
    }

    /** repl_backlog_first_byte_offset while active. */
    long start() {
        return start;
    }

    /** Empties the backlog and makes it active, its next byte being {@code nextOffset}. */
    void resetAt(long nextOffset) {
        entries.clear();
        active = true;
        start = nextOffset;
    }

    /** Makes an inactive backlog active from {@code nextOffset}, keeping nothing before. */
    void activateIfNeeded(long nextOffset) {
        if (!active) {
            active = true;
            start = nextOffset;
        }
    }

    /** Adds one command of the stream, trimming the oldest whole commands beyond repl-backlog-size. */
    void add(Entry e) {
        if (!active) {
            return;
        }
        entries.add(e);
        long size = size();
        long histlen = e.end() - start + 1;
        // whole commands are dropped until at most repl-backlog-size bytes remain: a command bigger than
        // the backlog leaves it empty (the next PSYNC from before it needs a full sync), never pinned
        while (!entries.isEmpty() && histlen > size) {
            Entry old = entries.poll();
            histlen -= old.length();
            start = old.end() + 1;
        }
    }

    /**
     * The commands from {@code psyncOffset} on (the stream's last byte being {@code lastOffset}), or null
     * when the backlog does not cover that offset or it falls inside a command.
     */
    List<Entry> from(long psyncOffset, long lastOffset) {
        if (!active || psyncOffset < start || psyncOffset > lastOffset + 1) {
            return null;
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.end() >= psyncOffset) {
                if (out.isEmpty() && e.end() - e.length() + 1 != psyncOffset) {
                    return null; // not on a command boundary: not the same history after all
                }
                out.add(e);
            }
        }
        return out;
    }

    /** repl-backlog-size in bytes (at least 16 KB), parsed again only when the setting changes. */
    long size() {
        NodeConfig c = config.get();
        String raw = c.get("repl-backlog-size");
        if (raw != sizeText) {
            sizeText = raw;
            sizeBytes = Math.max(MIN_SIZE, c.longValue("repl-backlog-size"));
        }
        return sizeBytes;
    }
}
