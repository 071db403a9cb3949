package dev.rcsim.ui;

import dev.rcsim.bus.BusMessage;
import dev.rcsim.bus.SimNetwork;
import dev.rcsim.time.SimClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cluster bus as the page shows it: a {@link SimNetwork.Tap} that keeps the last {@link #CAPACITY}
 * messages (type, sender, receiver, outcome, clock time) in a ring and counts every message by type.
 * Installed only while a UI is attached; the tap's cost is one small record and a short lock per message.
 */
final class BusTimeline implements SimNetwork.Tap {
    static final int CAPACITY = 4096;

    /** One message offered to the network. */
    record Sent(long time, String from, String to, String type, String outcome, String about) {}

    private final SimClock clock;
    private final Ring<Sent> ring = new Ring<>(CAPACITY);
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    BusTimeline(SimClock clock) {
        this.clock = clock;
    }

    @Override
    public void sent(String from, String to, BusMessage m, String outcome) {
        String type = m.type.name();
        counts.computeIfAbsent(type, k -> new LongAdder()).increment();
        ring.add(new Sent(clock.millis(), from, to, type, outcome, m.aboutId == null ? "" : m.aboutId));
    }

    /** Number the next message will get. */
    long next() {
        return ring.next();
    }

    /** The messages from number {@code from} on, at most the {@code max} newest, oldest first. */
    List<Ring.Numbered<Sent>> since(long from, int max) {
        return ring.since(from, max);
    }

    Map<String, Long> counts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
