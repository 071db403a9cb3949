package dev.rcsim.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's event log: every cluster decision and fault, in order, with listeners. Two runs with
 * the same seed and the same steps produce the same log. Redirects are logged at debug level through
 * SLF4J, everything else at info. Real Redis writes some of these decisions to its log file ("Marking
 * node ... as failing", "Failover election won"); here they are data a test can wait for and assert on.
 * One log belongs to one cluster ({@code cluster.events()}); events are kept up to a capacity.
 */
public final class EventLog {
    private static final Logger log = LoggerFactory.getLogger("dev.rcsim.events");
    private final java.util.ArrayDeque<ClusterEvent> events = new java.util.ArrayDeque<>();
    private final List<Consumer<ClusterEvent>> listeners = new CopyOnWriteArrayList<>();
    private final LongSupplier clock;
    private final int capacity;
    private volatile long recorded;
    private final RedirectCounters redirects = new RedirectCounters();

    /** A log stamped by {@code clockMillis} (the cluster clock), with the default capacity. */
    public EventLog(LongSupplier clockMillis) {
        this(clockMillis, 100_000);
    }

    /** A log keeping the last {@code capacity} events. */
    public EventLog(LongSupplier clockMillis, int capacity) {
        this.clock = clockMillis;
        this.capacity = capacity;
    }

    /** Records an event now. Thread-safe: nodes on different event loops record concurrently. */
    public void record(String node, String type, String detail) {
        ClusterEvent e = new ClusterEvent(clock.getAsLong(), node, type, detail);
        synchronized (events) {
            if (events.size() >= capacity) {
                events.pollFirst();
            }
            events.add(e);
            recorded++;
        }
        if (isRedirect(type)) {
            log.debug("{}", e);
        } else {
            log.info("{}", e);
        }
        for (Consumer<ClusterEvent> l : listeners) {
            l.accept(e);
        }
    }

    /**
     * Counts a redirect or routing error a node served instead of running a command, and records it as
     * an event of type {@code kind} (logged at debug) with detail {@code slot S[ detail]}.
     */
    public void redirect(String node, String kind, int slot, String detail) {
        redirects.count(node, kind, slot);
        record(node, kind, "slot " + slot + (detail.isEmpty() ? "" : " " + detail));
    }

    /** Redirects served per node, by kind and slot (not cleared by the event log's capacity). */
    public RedirectCounters redirects() {
        return redirects;
    }

    private static boolean isRedirect(String type) {
        return switch (type) {
            case "MOVED", "ASK", "TRYAGAIN", "CROSSSLOT", "CLUSTERDOWN" -> true;
            default -> false;
        };
    }

    /** How many events were recorded so far (including any dropped beyond the capacity). */
    public long count() {
        return recorded;
    }

    public void addListener(Consumer<ClusterEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ClusterEvent> listener) {
        listeners.remove(listener);
    }

    /** A copy of every event so far. */
    public List<ClusterEvent> all() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    public List<ClusterEvent> matching(Predicate<ClusterEvent> p) {
        List<ClusterEvent> out = new ArrayList<>();
        for (ClusterEvent e : all()) {
            if (p.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The last {@code n} events, oldest first (printed with a failed test). */
    public List<ClusterEvent> last(int n) {
        synchronized (events) {
            List<ClusterEvent> all = new ArrayList<>(events);
            return new ArrayList<>(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }

    public void clear() {
        synchronized (events) {
            events.clear();
        }
        redirects.clear();
    }
}
