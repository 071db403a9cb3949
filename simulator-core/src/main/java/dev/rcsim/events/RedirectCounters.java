package dev.rcsim.events;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many redirects and routing errors each node served, by kind ({@code MOVED}, {@code ASK},
 * {@code TRYAGAIN}, {@code CROSSSLOT}, {@code CLUSTERDOWN}) and by slot. Real Redis keeps no such
 * counter (it only counts errors by prefix in {@code INFO errorstats}); the simulator counts every reply
 * its router returns instead of running a command. Counted by node address, so a restarted node keeps
 * its counts. Thread-safe.
 */
public final class RedirectCounters {
    private final Map<String, Map<String, LongAdder>> byNode = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bySlot = new ConcurrentHashMap<>();

    /** Counts one redirect of {@code kind} for {@code slot} (-1 when none) served by {@code node}. */
    public void count(String node, String kind, int slot) {
        byNode.computeIfAbsent(node, k -> new ConcurrentHashMap<>()).computeIfAbsent(kind, k -> new LongAdder()).increment();
        bySlot.computeIfAbsent(node + " " + kind + " " + slot, k -> new LongAdder()).increment();
    }

    /** Redirects of {@code kind} served by {@code node} ({@code host:port}). */
    public long served(String node, String kind) {
        Map<String, LongAdder> m = byNode.get(node);
        LongAdder a = m == null ? null : m.get(kind);
        return a == null ? 0 : a.sum();
    }

    /** Redirects of {@code kind} for {@code slot} served by {@code node}. */
    public long served(String node, String kind, int slot) {
        LongAdder a = bySlot.get(node + " " + kind + " " + slot);
        return a == null ? 0 : a.sum();
    }

    /** Every kind {@code node} served, with its count, sorted by kind. */
    public Map<String, Long> servedBy(String node) {
        Map<String, Long> out = new TreeMap<>();
        Map<String, LongAdder> m = byNode.get(node);
        if (m != null) {
            m.forEach((k, v) -> out.put(k, v.sum()));
        }
        return out;
    }

    /** Forgets every count (between tests sharing a cluster). */
    public void clear() {
        byNode.clear();
        bySlot.clear();
    }
}
