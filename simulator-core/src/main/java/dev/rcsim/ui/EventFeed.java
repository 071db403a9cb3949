package dev.rcsim.ui;

import dev.rcsim.events.ClusterEvent;
import dev.rcsim.events.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The event log as the page shows it: a listener keeping the last {@link #CAPACITY} events (redirects
 * included), each with a sequence number so each push sends only what is new.
 */
final class EventFeed implements Consumer<ClusterEvent> {
    static final int CAPACITY = 2048;

    record Numbered(long seq, ClusterEvent event) {}

    private final ClusterEvent[] ring = new ClusterEvent[CAPACITY];
    private long next;

    EventFeed(EventLog log) {
        for (ClusterEvent e : log.last(CAPACITY)) {
            accept(e);
        }
    }

    @Override
    public void accept(ClusterEvent e) {
        synchronized (ring) {
            ring[(int) (next % CAPACITY)] = e;
            next++;
        }
    }

    long next() {
        synchronized (ring) {
            return next;
        }
    }

    /** Events from sequence {@code from} on, at most the {@code max} newest, oldest first. */
    List<Numbered> since(long from, int max) {
        synchronized (ring) {
            long start = Math.max(0, Math.max(Math.max(from, next - CAPACITY), next - max));
            List<Numbered> out = new ArrayList<>((int) (next - start));
            for (long s = start; s < next; s++) {
                out.add(new Numbered(s, ring[(int) (s % CAPACITY)]));
            }
            return out;
        }
    }
}
