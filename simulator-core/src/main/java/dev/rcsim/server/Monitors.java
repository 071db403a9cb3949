package dev.rcsim.server;

import dev.rcsim.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code server.monitors} and {@code replicationFeedMonitors}: the clients in MONITOR mode
 * and the line each executed command becomes,
 * {@code +<sec>.<usec> [<db> <ip:port>] "arg" ...}, time from the simulator clock, arguments quoted
 * as Redis's {@code sdscatrepr}; a script's calls show {@code lua} as their address. rcsim has no
 * unix socket, so the {@code unix:} form never occurs.
 */
public final class Monitors {
    private final List<Connection> monitors = new ArrayList<>();
    private final RedisNode node;

    Monitors(RedisNode node) {
        this.node = node;
    }

    /** True when no client monitors: the dispatcher's one check per command. */
    public boolean isEmpty() {
        return monitors.isEmpty();
    }

    /** MONITOR: the client receives every later command (it is not sent its own MONITOR). */
    public void add(Connection c) {
        if (!c.monitor()) {
            c.setMonitor(true);
            monitors.add(c);
        }
    }

    /** RESET or a closed connection: leaves MONITOR mode. */
    public void remove(Connection c) {
        if (c.monitor()) {
            c.setMonitor(false);
            monitors.remove(c);
        }
    }

    public int size() {
        return monitors.size();
    }

    /** Sends the command line to every monitor; {@code argv} already has sensitive arguments redacted. */
    public void feed(Connection c, byte[][] argv) {
        if (monitors.isEmpty()) {
            return;
        }
        long us = node.clock().micros();
        StringBuilder sb = new StringBuilder(64);
        String frac = String.valueOf(us % 1_000_000);
        sb.append('+').append(us / 1_000_000).append('.');
        sb.append("000000", 0, 6 - frac.length()).append(frac);
        sb.append(" [").append(c.db()).append(' ').append(c.scriptClient() ? "lua" : c.remoteAddress()).append("] ");
        for (int j = 0; j < argv.length; j++) {
            repr(sb, argv[j]);
            if (j != argv.length - 1) {
                sb.append(' ');
            }
        }
        sb.append("\r\n");
        RespValue line = new RespValue.Raw(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (Connection m : monitors) {
            if (m == c) {
                if (c.replyMode() != Connection.ReplyMode.OFF) {
                    c.sendAfterReply(line); // after its own reply, as Redis feeds monitors after the call
                }
            } else if (m.replyMode() != Connection.ReplyMode.OFF && !m.isClosing()) {
                m.push(line);
            }
        }
    }

    /** Redis's {@code sdscatrepr}: a quoted string with C escapes and {@code \xhh} for unprintable bytes. */
    public static void repr(StringBuilder sb, byte[] s) {
        sb.append('"');
        for (byte b : s) {
            int ch = b & 0xff;
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (ch >= 0x20 && ch < 0x7f) {
                        sb.append((char) ch);
                    } else {
                        sb.append("\\x").append(Character.forDigit(ch >> 4, 16)).append(Character.forDigit(ch & 15, 16));
                    }
                }
            }
        }
        sb.append('"');
    }
}
