package dev.rcsim.junit5;

import dev.rcsim.events.ClusterEvent;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a selection of the cluster's event log (the failure message lists the events). */
public final class EventsAssert extends AbstractAssert<EventsAssert, List<ClusterEvent>> {
    private final String what;

    EventsAssert(List<ClusterEvent> events, String what) {
        super(events, EventsAssert.class);
        this.what = what;
    }

    /** Exactly {@code n} events. */
    public EventsAssert count(int n) {
        if (actual.size() != n) {
            failWithMessage("Expecting %s %s but found %s:%n%s", n, what, actual.size(), list(actual));
        }
        return this;
    }

    public EventsAssert isEmpty() {
        return count(0);
    }

    public EventsAssert isNotEmpty() {
        if (actual.isEmpty()) {
            failWithMessage("Expecting %s, but there is none", what);
        }
        return this;
    }

    /** Narrows to the events on {@code node} ({@code host:port}). */
    public EventsAssert on(String node) {
        List<ClusterEvent> out = new ArrayList<>();
        for (ClusterEvent e : actual) {
            if (e.node().equals(node)) {
                out.add(e);
            }
        }
        return new EventsAssert(out, what + " on " + node);
    }

    /** Narrows to the events about hash slot {@code slot} (redirects: detail {@code slot S ...}). */
    public EventsAssert forSlot(int slot) {
        List<ClusterEvent> out = new ArrayList<>();
        String p = "slot " + slot;
        for (ClusterEvent e : actual) {
            if (e.detail().equals(p) || e.detail().startsWith(p + " ")) {
                out.add(e);
            }
        }
        return new EventsAssert(out, what + " for slot " + slot);
    }

    /** Narrows to the events on {@code node}. */
    public EventsAssert on(dev.rcsim.SimNode node) {
        return on(node.address());
    }

    /** Narrows to the events whose detail contains {@code text}. */
    public EventsAssert withDetailContaining(String text) {
        List<ClusterEvent> out = new ArrayList<>();
        for (ClusterEvent e : actual) {
            if (e.detail().contains(text)) {
                out.add(e);
            }
        }
        return new EventsAssert(out, what + " with detail containing '" + text + "'");
    }

    private static String list(List<ClusterEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (ClusterEvent e : events) {
            sb.append("  ").append(e).append('\n');
        }
        return sb.toString();
    }
}
