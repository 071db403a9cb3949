package dev.rcsim.bus;

import dev.rcsim.time.SimClock;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The simulated cluster bus network of one simulator: it carries {@link BusMessage}s between nodes,
 * addressed by each node's {@code ip:port}, over one link per direction. Links can be cut, delayed or
 * made lossy; a message is delivered on the receiver's event loop at clock time + delay (through
 * {@link SimClock#schedule}, so it works in real and simulated time). Loss draws from the simulator's
 * seeded random source.
 *
 * <p>Differs from Redis's TCP bus: there is no connection setup; a send to an address where no running
 * node listens fails at once (like a refused connect), while a cut link silently drops (like a
 * partition: the sender only notices missing replies).
 */
public final class SimNetwork {
    /** A node attached to the network. */
    public interface Endpoint {
        /** The executor messages are delivered on (the node's event loop). */
        Executor executor();

        /** False once the node stopped: sends to it fail. */
        boolean isAlive();

        /** Called on {@link #executor()} with each delivered message. */
        void receive(BusMessage m);
    }

    /**
     * Sees every message offered to the network, with what became of it: {@code delivered} (scheduled
     * for delivery), {@code cut}, {@code lost} or {@code down} (no running node at {@code to}). Called on
     * the sender's thread; must be cheap and must not block. For observers such as the teaching view.
     */
    @FunctionalInterface
    public interface Tap {
        void sent(String from, String to, BusMessage m, String outcome);
    }

    private static final Tap[] NO_TAPS = {};
    /** Off by default: with no tap a send pays one volatile read. */
    private volatile Tap[] taps = NO_TAPS;

    private static final class Link {
        volatile boolean cut;
        volatile long delayMs;
        volatile double loss;
    }

    private final SimClock clock;
    private final Random random;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    /** Links with a fault, by sender then receiver address; a missing link is a healthy one. */
    private final Map<String, Map<String, Link>> links = new ConcurrentHashMap<>();

    public SimNetwork(SimClock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    public SimClock clock() {
        return clock;
    }

    /** Attaches a node at {@code address} (replacing a previous node there, e.g. after a restart). */
    public void register(String address, Endpoint e) {
        endpoints.put(address, e);
    }

    public void unregister(String address, Endpoint e) {
        endpoints.remove(address, e);
    }

    /**
     * Opens a bus link from {@code from} to {@code to}, as a TCP connect: true when a running node
     * listens there (a cut link still connects; its messages are dropped), false like a refused
     * connect. The link carries nothing by itself: only {@link #send} delivers.
     */
    public boolean connect(String from, String to) {
        return endpoint(to) != null;
    }

    /** The running node at {@code address}, or null. */
    public Endpoint endpoint(String address) {
        Endpoint e = endpoints.get(address);
        return e != null && e.isAlive() ? e : null;
    }

    /**
     * Sends {@code m} from {@code from} to {@code to}. Returns false when no running node listens at
     * {@code to} (the sender sees its link down); a cut or lossy link returns true and drops silently.
     */
    public boolean send(String from, String to, BusMessage m) {
        Tap[] t = taps;
        Endpoint e = endpoint(to);
        if (e == null) {
            tap(t, from, to, m, "down");
            return false;
        }
        Link l = link(from, to, false);
        long delay = 0;
        if (l != null) {
            if (l.cut) {
                tap(t, from, to, m, "cut");
                return true;
            }
            if (l.loss > 0) {
                synchronized (random) {
                    if (random.nextDouble() < l.loss) {
                        tap(t, from, to, m, "lost");
                        return true;
                    }
                }
            }
            delay = l.delayMs;
        }
        tap(t, from, to, m, "delivered");
        clock.schedule(e.executor(), delay, () -> {
            if (endpoints.get(to) == e && e.isAlive()) {
                e.receive(m);
            }
        });
        return true;
    }

    private static void tap(Tap[] t, String from, String to, BusMessage m, String outcome) {
        for (Tap x : t) {
            x.sent(from, to, m, outcome);
        }
    }

    /** Adds an observer of every send (see {@link Tap}). */
    public synchronized void addTap(Tap t) {
        Tap[] a = java.util.Arrays.copyOf(taps, taps.length + 1);
        a[a.length - 1] = t;
        taps = a;
    }

    public synchronized void removeTap(Tap t) {
        java.util.List<Tap> l = new java.util.ArrayList<>(java.util.Arrays.asList(taps));
        l.remove(t);
        taps = l.toArray(NO_TAPS);
    }

    /** True when messages from {@code from} reach {@code to} (not cut; loss and delay aside). */
    public boolean reachable(String from, String to) {
        Link l = link(from, to, false);
        return l == null || !l.cut;
    }

    /** Cuts the link from {@code from} to {@code to} (one direction). */
    public void cut(String from, String to) {
        link(from, to, true).cut = true;
    }

    /** Ends a cut of the link from {@code from} to {@code to}, leaving any delay or loss on it. */
    public void uncut(String from, String to) {
        Link l = link(from, to, false);
        if (l != null) {
            l.cut = false;
        }
    }

    /** Restores the link from {@code from} to {@code to}: no cut, no delay, no loss. */
    public void heal(String from, String to) {
        Map<String, Link> out = links.get(from);
        if (out != null) {
            out.remove(to);
        }
    }

    /** Cuts every link between nodes of different groups, both ways. */
    @SafeVarargs
    public final void partition(Set<String>... groups) {
        for (int i = 0; i < groups.length; i++) {
            for (int j = 0; j < groups.length; j++) {
                if (i == j) {
                    continue;
                }
                for (String a : groups[i]) {
                    for (String b : groups[j]) {
                        cut(a, b);
                    }
                }
            }
        }
    }

    /** Heals every link. */
    public void healAll() {
        links.clear();
    }

    /** Delays every message from {@code from} to {@code to} by {@code ms}. */
    public void delay(String from, String to, long ms) {
        link(from, to, true).delayMs = Math.max(0, ms);
    }

    /** Drops each message from {@code from} to {@code to} with {@code probability} (seeded). */
    public void loss(String from, String to, double probability) {
        link(from, to, true).loss = probability;
    }

    /** The link from {@code from} to {@code to}: created when {@code create}, else null when healthy. */
    private Link link(String from, String to, boolean create) {
        if (!create) {
            if (links.isEmpty()) {
                return null; // no fault anywhere: the common case costs no look-up
            }
            Map<String, Link> out = links.get(from);
            return out == null ? null : out.get(to);
        }
        return links.computeIfAbsent(from, k -> new ConcurrentHashMap<>()).computeIfAbsent(to, k -> new Link());
    }
}
