package dev.rcsim.server;

import java.util.HashMap;
import java.util.Map;

/** Counters behind INFO stats and commandstats. Updated on the node's event loop only. */
public final class NodeStats {
    public long connectionsReceived;
    public long rejectedConnections;
    /**
     * Clients closed for their output buffer. Not in INFO: Redis 7.0.15 has no such field (7.2 added
     * client_output_buffer_limit_disconnections), and INFO's fields are 7.0's.
     */
    public long outputBufferLimitDisconnections;
    public long commandsProcessed;
    public long netInput;
    public long netOutput;
    public long keyspaceHits;
    public long keyspaceMisses;
    public long expiredKeys;
    public long errorReplies;
    public long rejectedCalls;
    public long failedCalls;
    public long pubsubMessages;
    public long totalBlockingKeys;
    public final Map<String, CommandStat> commands = new HashMap<>();
    public final Map<String, Long> errors = new HashMap<>();

    /** calls, usec, rejected and failed calls of one command. */
    public static final class CommandStat {
        public long calls;
        public long usec;
        public long rejected;
        public long failed;
        /** LATENCY HISTOGRAM / INFO latencystats: this command's call durations. */
        public final LatencyHistogram latency = new LatencyHistogram();
    }

    /** latency-tracking (refreshed with the node's limits after CONFIG SET). */
    public boolean latencyTracking = true;
    /** The latency monitor's events (not cleared by CONFIG RESETSTAT, as in Redis). */
    public final LatencyEvents latencyEvents = new LatencyEvents();

    public CommandStat of(String fullName) {
        return commands.computeIfAbsent(fullName, k -> new CommandStat());
    }

    /** The hot-path form of {@link #of(String)}: an array read by the command's dense index. */
    public CommandStat of(int index, String fullName) {
        CommandStat[] a = byIndex;
        if (index < a.length) {
            CommandStat s = a[index];
            if (s != null) {
                return s;
            }
        }
        CommandStat s = of(fullName);
        if (index >= a.length) {
            byIndex = a = java.util.Arrays.copyOf(a, Math.max(index + 1, a.length * 2));
        }
        a[index] = s;
        return s;
    }

    private CommandStat[] byIndex = new CommandStat[512];

    public void reset() {
        connectionsReceived = 0;
        rejectedConnections = 0;
        outputBufferLimitDisconnections = 0;
        commandsProcessed = 0;
        netInput = 0;
        netOutput = 0;
        keyspaceHits = 0;
        keyspaceMisses = 0;
        expiredKeys = 0;
        errorReplies = 0;
        rejectedCalls = 0;
        failedCalls = 0;
        pubsubMessages = 0;
        commands.clear();
        java.util.Arrays.fill(byIndex, null);
        errors.clear();
    }
}
