package dev.rcsim.server;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis's {@code client-output-buffer-limit}: for each client class (normal, replica, pubsub) a hard
 * limit, a soft limit and the seconds a client may stay over the soft limit, on the bytes queued for
 * the client that the kernel has not taken yet. A client over a limit is closed asynchronously (its
 * further output dropped), logged at WARN as Redis logs it, and counted. Checked after each flush of a
 * client's output (and from the node's cron for the soft limit's seconds), as Redis checks after each
 * reply it queues and in clientsCron.
 *
 * <p>The replica class applies to each replica's link on its master: rcsim's replication stream
 * crosses to replicas inside the JVM, not over a client connection, so a replica's output buffer is
 * the part of the stream the master has produced for it that the replica has not taken (applied and
 * acknowledged) yet, e.g. held by a hold-replication fault or a slow replica ({@link #checkReplica}).
 */
public final class OutputBufferLimits {
    private static final Logger log = LoggerFactory.getLogger(OutputBufferLimits.class);

    /** Redis 7.0's default. */
    public static final String DEFAULT = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
    static final int NORMAL = 0;
    static final int REPLICA = 1;
    static final int PUBSUB = 2;

    // per class: hard, soft (unsigned byte counts; 0 = none), soft seconds
    private final long[] hard = new long[3];
    private final long[] soft = new long[3];
    private final long[] softSeconds = new long[3];
    private boolean normalUnlimited = true;
    private final RedisNode node;

    OutputBufferLimits(RedisNode node) {
        this.node = node;
    }

    /** Reads the configuration value (already validated). */
    void load(String value) {
        String[] t = value.split(" ");
        for (int i = 0; i + 3 < t.length; i += 4) {
            int cls = classOf(t[i]);
            hard[cls] = memtoull(t[i + 1]);
            soft[cls] = memtoull(t[i + 2]);
            softSeconds[cls] = Long.parseLong(t[i + 3].trim().replace("+", ""));
        }
        normalUnlimited = hard[NORMAL] == 0 && soft[NORMAL] == 0;
    }

    /**
     * CONFIG SET: the value with {@code update}'s classes replaced, or throws with Redis's reason
     * (setConfigClientOutputBufferLimitOption: the value is split on single spaces, four words a class).
     */
    public static String merge(String current, String update) {
        if (update.isEmpty()) {
            return current; // Redis accepts an empty value and changes nothing
        }
        String[] t = update.split(" ", -1);
        if (t.length % 4 != 0) {
            throw new IllegalArgumentException("Wrong number of arguments in buffer limit configuration.");
        }
        for (int i = 0; i < t.length; i++) {
            if (i % 4 == 0) {
                if (classOf(t[i]) < 0) {
                    throw new IllegalArgumentException("Invalid client class specified in buffer limit configuration.");
                }
            } else if (i % 4 == 3 ? seconds(t[i]) < 0 : memtoull(t[i]) == null) {
                throw new IllegalArgumentException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
        }
        String[] cur = current.split(" ");
        for (int i = 0; i < t.length; i += 4) {
            int at = classOf(t[i]) * 4;
            cur[at + 1] = Long.toUnsignedString(memtoull(t[i + 1]));
            cur[at + 2] = Long.toUnsignedString(memtoull(t[i + 2]));
            cur[at + 3] = String.valueOf(seconds(t[i + 3]));
        }
        return String.join(" ", cur);
    }

    private static int classOf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "slave", "replica" -> REPLICA;
            case "pubsub" -> PUBSUB;
            default -> -1; // including "master": not a class with limits
        };
    }

    /** Redis's memtoull: digits with an optional b/k/kb/m/mb/g/gb unit, unsigned (wraps like C); null if invalid. */
    static Long memtoull(String p) {
        int u = 0;
        while (u < p.length() && p.charAt(u) >= '0' && p.charAt(u) <= '9') {
            u++;
        }
        String unit = p.substring(u).toLowerCase(Locale.ROOT);
        long mul = switch (unit) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 0;
        };
        if (mul == 0 || u >= 128) {
            return null;
        }
        if (u == 0) {
            return 0L; // strtoull of no digits
        }
        try {
            return Long.parseUnsignedLong(p.substring(0, u)) * mul;
        } catch (NumberFormatException overflow) {
            return null;
        }
    }

    /** strtoll as Redis validates soft seconds: leading blanks, a sign, digits, nothing after, no overflow; -1 if invalid. */
    private static long seconds(String s) {
        String v = s.stripLeading();
        if (v.startsWith("+")) {
            v = v.substring(1);
        }
        if (v.isEmpty()) {
            return s.isEmpty() ? 0 : -1;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException overflow) {
            return -1;
        }
    }

    /**
     * After output was queued for {@code c}: closes it (asynchronously) when it is over its class's
     * hard limit, or has been over the soft limit for longer than the soft seconds. Costs a field read
     * for a normal client while the normal class has no limits (Redis's default).
     */
    void check(Connection c) {
        int cls = c.isReplicaLink() ? -1 : c.subscriptionCount() > 0 ? PUBSUB : NORMAL;
        if (cls < 0 || (cls == NORMAL && normalUnlimited) || c.isClosing()) {
            return;
        }
        long used = c.outputBufferBytes();
        if (used == 0) {
            c.obufSoftLimitReachedSeconds = 0;
            return;
        }
        long since = overLimit(cls, used, c.obufSoftLimitReachedSeconds);
        c.obufSoftLimitReachedSeconds = Math.max(since, 0);
        if (since < 0) {
            String info = ClientInfo.line(c, node.clock().millis());
            node.stats().outputBufferLimitDisconnections++;
            c.closeAsap();
            log.warn("node {}:{}: Client {} scheduled to be closed ASAP for overcoming of output buffer limits.",
                    node.host(), node.port(), info);
        }
    }

    /**
     * Redis's checkClientOutputBufferLimits for {@code used} bytes queued for a client of class
     * {@code cls} that first went over the soft limit at {@code softSince} (seconds of the node's clock,
     * 0: not over it): -1 when the client is over its limits, else the new soft-since value.
     */
    private long overLimit(int cls, long used, long softSince) {
        boolean overHard = hard[cls] != 0 && Long.compareUnsigned(used, hard[cls]) >= 0;
        if (soft[cls] == 0 || Long.compareUnsigned(used, soft[cls]) < 0) {
            return overHard ? -1 : 0;
        }
        long now = node.clock().millis() / 1000;
        if (softSince == 0) {
            return overHard ? -1 : now;
        }
        return overHard || now - softSince > softSeconds[cls] ? -1 : softSince;
    }

    /**
     * The replica class, for a replica's link on its master: {@code used} is the replication stream
     * queued for the replica that it has not taken yet. Returns -1 when the link must be closed (after
     * logging it as Redis logs the replica client, {@code addr} being the replica's address), else the
     * new soft-since value to keep for the link. Call on the master's loop.
     */
    public long checkReplica(long used, long softSince, String addr) {
        if (used <= 0) {
            return 0;
        }
        long since = overLimit(REPLICA, used, softSince);
        if (since < 0) {
            node.stats().outputBufferLimitDisconnections++;
            log.warn("node {}:{}: Client addr={} flags=S omem={} cmd=psync scheduled to be closed ASAP for overcoming of output buffer limits.",
                    node.host(), node.port(), addr, used);
        }
        return since;
    }

    /** The clients' soft-limit seconds run out also when nothing more is written to them (clientsCron). */
    void cron() {
        for (Connection c : node.clients().all()) {
            if (c.outputBufferBytes() > 0) {
                check(c);
            }
        }
        node.replication().checkReplicaOutputLimits();
    }
}
