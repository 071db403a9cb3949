package dev.rcsim.ui;

import dev.rcsim.events.ClusterEvent;
import dev.rcsim.events.EventLog;
import java.util.List;
import java.util.function.Consumer;

/**
 * The event log as the page shows it: a listener keeping the last {@link #CAPACITY} events (redirects
 * included), numbered so each push sends only what is new.
 */
final class EventFeed implements Consumer<ClusterEvent> {
    static final int CAPACITY = 2048;

    private final Ring<ClusterEvent> ring = new Ring<>(CAPACITY);

    EventFeed(EventLog log) {
        for (ClusterEvent e : log.last(CAPACITY)) {
            accept(e);
        }
    }

    @Override
    public void accept(ClusterEvent e) {
        ring.add(e);
    }

    long next() {
        return ring.next();
    }

    /** Events from number {@code from} on, at most the {@code max} newest, oldest first. */
    List<Ring.Numbered<ClusterEvent>> since(long from, int max) {
        return ring.since(from, max);
    }
}
