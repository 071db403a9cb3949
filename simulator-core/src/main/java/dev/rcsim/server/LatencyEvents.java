package dev.rcsim.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latency monitor's time series (latency.c): per event ("command", "fast-command"), up to 160
 * samples of (unix second, milliseconds), one per second (the worst of that second), and the all-time
 * maximum. Events are kept in the order they were first seen (Redis's dict order is hash order).
 */
public final class LatencyEvents {
    /** LATENCY_TS_LEN. */
    public static final int LEN = 160;

    /** One event's ring of samples. */
    public static final class Series {
        public final long[] time = new long[LEN];
        public final long[] latency = new long[LEN];
        public int idx;
        public long max;
    }

    private final Map<String, Series> events = new LinkedHashMap<>();

    public Map<String, Series> all() {
        return events;
    }

    /** latencyAddSample. */
    public void add(String event, long nowSeconds, long ms) {
        Series ts = events.computeIfAbsent(event, e -> new Series());
        if (ms > ts.max) {
            ts.max = ms;
        }
        int prev = (ts.idx + LEN - 1) % LEN;
        if (ts.time[prev] == nowSeconds) {
            if (ms > ts.latency[prev]) {
                ts.latency[prev] = ms;
            }
            return;
        }
        ts.time[ts.idx] = nowSeconds;
        ts.latency[ts.idx] = ms;
        ts.idx = (ts.idx + 1) % LEN;
    }

    /** latencyResetEvent: the named event (case-insensitive), or all when null; returns how many went. */
    public int reset(String event) {
        int n = 0;
        for (var it = events.keySet().iterator(); it.hasNext();) {
            String e = it.next();
            if (event == null || e.equalsIgnoreCase(event)) {
                it.remove();
                n++;
            }
        }
        return n;
    }
}
