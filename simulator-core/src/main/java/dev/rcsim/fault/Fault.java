package dev.rcsim.fault;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fault in effect: what was done ({@code kind}, e.g. {@code pause}), to whom ({@code target},
 * {@code host:port}), and how to undo it. Healing is idempotent; {@link #close()} heals, so a fault
 * can scope a block with try-with-resources. Instantaneous faults (reset-connections) are healed as
 * soon as they are applied. Redis has no notion of a fault: each one is something done to a node's
 * surroundings (its process, its port, its links), which the node only notices the way a real one would.
 */
public final class Fault implements AutoCloseable {
    private final Faults owner;
    private final String kind;
    private final String target;
    private final String args;
    private final Runnable undo;
    private final java.util.List<String> involved;
    private final AtomicBoolean active = new AtomicBoolean(true);

    /** A fault made of others (a scenario): healing heals the parts, newest first; the parts are logged, not the group. */
    public static Fault group(String kind, String target, java.util.List<Fault> parts) {
        java.util.List<Fault> reversed = new java.util.ArrayList<>(parts);
        java.util.Collections.reverse(reversed);
        return new Fault(null, kind, target, "", () -> reversed.forEach(Fault::heal));
    }

    /**
     * A fault staged outside {@link Faults} (a troubleshooting scenario of {@code cluster.scenarios()}):
     * not recorded in the fault history, undone by {@code undo} on heal.
     */
    public static Fault scenario(String kind, String target, String args, Runnable undo) {
        return new Fault(null, kind, target, args, undo);
    }

    Fault(Faults owner, String kind, String target, String args, Runnable undo) {
        this(owner, kind, target, args, java.util.List.of(target), undo);
    }

    Fault(Faults owner, String kind, String target, String args, java.util.List<String> involved, Runnable undo) {
        this.involved = java.util.List.copyOf(involved);
        this.owner = owner;
        this.kind = kind;
        this.target = target;
        this.args = args;
        this.undo = undo;
    }

    /** The fault's name in the script grammar: kill, pause, slow, latency, refuse, blackhole... */
    public String kind() {
        return kind;
    }

    /** The node it acts on, {@code host:port}. */
    public String target() {
        return target;
    }

    /** True when the fault acts on the node at {@code address}: its target, or either end of a bus fault. */
    boolean involves(String address) {
        return target.equals(address) || involved.contains(address);
    }

    public boolean isActive() {
        return active.get();
    }

    /** Undoes the fault (restarts a killed node, resumes a paused one...); recorded in the event log. */
    public void heal() {
        if (active.compareAndSet(true, false)) {
            undo.run();
            if (owner != null) {
                owner.healed(this);
            }
        }
    }

    @Override
    public void close() {
        heal();
    }

    /** The fault as a script command, e.g. {@code latency 127.0.0.1:7000 50ms}. */
    @Override
    public String toString() {
        return kind + " " + target + (args.isEmpty() ? "" : " " + args);
    }
}
