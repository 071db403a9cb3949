package dev.rcsim.server;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The process's file descriptors shared out between the nodes running in it. Redis lowers its default
 * {@code maxclients} (10000) to what {@code ulimit -n} allows, keeping 32 descriptors
 * (CONFIG_MIN_RESERVED_FDS) for itself; here several nodes share one process, so a node that keeps the
 * default gets {@code (limit - reserve) / nodes running}, where the reserve is Redis's 32 plus the
 * descriptors the JVM already held when the first node started (jars, the event loops' selectors).
 * Shares are recomputed as nodes start and stop. A node's clients then meet {@code -ERR max number of
 * clients reached} before the process runs out of descriptors. This is per process, not per node: the
 * one static table here is the process's.
 */
final class DescriptorBudget {
    private DescriptorBudget() {}

    /** Redis's CONFIG_MIN_RESERVED_FDS. */
    static final long REDIS_RESERVED = 32;
    /** Redis's default maxclients, the most a share can be. */
    static final long DEFAULT_MAXCLIENTS = 10000;

    private static final Set<RedisNode> RUNNING = new LinkedHashSet<>();
    private static long limit = -1;
    private static long reserve;

    static synchronized void joined(RedisNode n) {
        measure();
        RUNNING.add(n);
        reshare();
    }

    static synchronized void left(RedisNode n) {
        if (RUNNING.remove(n)) {
            reshare();
        }
    }

    /** The maxclients a node keeping the default gets now (at least 1, at most 10000). */
    static synchronized long share() {
        measure();
        if (limit <= 0) {
            return DEFAULT_MAXCLIENTS;
        }
        long s = (limit - reserve) / Math.max(1, RUNNING.size());
        return Math.max(1, Math.min(DEFAULT_MAXCLIENTS, s));
    }

    /** The process's descriptor limit, or -1 when the platform does not tell. */
    static synchronized long processLimit() {
        measure();
        return limit;
    }

    private static void reshare() {
        String s = String.valueOf(share());
        for (RedisNode n : RUNNING) {
            n.config().setDefault("maxclients", s);
        }
    }

    private static void measure() {
        if (limit >= 0) {
            return;
        }
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
            limit = unix.getMaxFileDescriptorCount();
            reserve = REDIS_RESERVED + Math.max(0, unix.getOpenFileDescriptorCount());
        } else {
            limit = 0; // unknown: every node keeps Redis's default
        }
    }
}
