package dev.rcsim.fault;

import dev.rcsim.events.EventLog;
import dev.rcsim.command.CommandTable;
import dev.rcsim.internal.Internals;
import dev.rcsim.internal.NodeLifecycle;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.replication.Replication;
import dev.rcsim.server.ClientGate;
import dev.rcsim.server.Connection;
import dev.rcsim.server.NodePart;
import dev.rcsim.server.RedisNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The fault API of a simulated cluster ({@code cluster.faults()}): each method starts one fault at the
 * edge of a node — its port, its client connections, its replication link — and returns the {@link
 * Fault}, which heals it. The cluster logic never learns about faults; it only sees what a real node
 * would see (a closed port, silent clients, a stalled stream).
 *
 * <p>Every start and heal is recorded in the event log (types {@code FAULT} and {@code HEAL}) and in
 * {@link #history()} as a line of the fault-script grammar, so a failed test can print the script that
 * ran and a later run can replay it. The same code serves the {@code RCSIM FAULT} command.
 *
 * <p>Node faults: kill, pause, slow, latency (whole node or named commands), tryAgain (a slot answers
 * TRYAGAIN), refuse/blackhole/reset connections, hold/slow replication. Bus faults (a simulated
 * cluster's bus only): partition, cut, busDelay, busLoss. {@link #heal(FaultTarget)} heals every fault
 * involving a node, at either end of a bus fault.
 *
 * <p>Faults of one kind on one node do not stack: a second {@code latency} replaces the first, and
 * healing either clears it (a per-command latency replaces the delay of the commands it names).
 */
public final class Faults {
    /** The faults managing a node: set by {@link #manage}, else a private set made on first use. */
    private static final NodePart<Faults> OWNER = NodePart.named("faults",
            node -> new Faults(node.clock(), new EventLog(node.clock()::millis), s -> node, Faults.STANDALONE));

    private final SimClock clock;
    private final EventLog events;
    private final Function<String, RedisNode> resolver;
    private final NodeLifecycle lifecycle;
    private final long origin;
    private final List<Fault> active = new CopyOnWriteArrayList<>();
    private final List<String> history = new CopyOnWriteArrayList<>();

    static {
        Internals.register(new Internals.FaultMachinery() {
            @Override
            public Object create(SimClock clock, EventLog events, Function<String, RedisNode> resolver, NodeLifecycle lifecycle) {
                return new Faults(clock, events, resolver, lifecycle);
            }

            @Override
            public void manage(Object faults, RedisNode node) {
                ((Faults) faults).manage(node);
            }

            @Override
            public void registerCommands(CommandTable table) {
                RcsimCommand.register(table);
            }
        });
    }

    /**
     * Faults over nodes found by {@code resolver} ({@code host:port}, port or node id, for scripts);
     * created by the simulator — use {@code cluster.faults()}.
     */
    private Faults(SimClock clock, EventLog events, Function<String, RedisNode> resolver, NodeLifecycle lifecycle) {
        this.clock = clock;
        this.events = events;
        this.resolver = resolver;
        this.lifecycle = lifecycle;
        this.origin = clock.millis();
    }

    /** A node outside any simulator: stop it, and start the same node again with an empty dataset. */
    static final NodeLifecycle STANDALONE = new NodeLifecycle() {
        @Override
        public void kill(RedisNode n) {
            n.stop();
        }

        @Override
        public void restart(RedisNode n) {
            for (int i = 0; i < n.dbCount(); i++) {
                n.db(i).clear();
            }
            n.start();
        }
    };

    /** Declares {@code node} as managed by these faults (RCSIM FAULT sent to it goes through them). */
    void manage(RedisNode node) {
        node.setPart(OWNER, this);
    }

    /** The faults managing {@code node}, or a private set for a node outside any simulator. */
    static Faults of(RedisNode node) {
        return node.part(OWNER);
    }

    public EventLog events() {
        return events;
    }

    SimClock clock() {
        return clock;
    }

    // ---------------------------------------------------------------- node faults

    /**
     * Kills the node: its port closes and its clients are disconnected. Heal restarts it on the same port
     * as a Redis without persistence comes back: same id and cluster view, empty dataset; the cluster bus
     * then brings it back in (a returning master with a replacement becomes its replica).
     */
    public Fault kill(FaultTarget node) {
        return kill(resolve(node.address()));
    }

    /**
     * The longest duration a fault takes (a pause, delay, latency...): one day of the cluster clock. A
     * longer one is refused, so every timed fault ends, and can be healed, within a test's lifetime.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(1);

    /** {@code d} itself when it is null (untimed) or between 0 and {@link #MAX_DURATION}; else refused. */
    static Duration bounded(Duration d) {
        if (d != null && (d.isNegative() || d.compareTo(MAX_DURATION) > 0)) {
            throw new IllegalArgumentException("duration must be between 0 and " + MAX_DURATION.toMillis() + " ms, got " + d);
        }
        return d;
    }

    Fault kill(RedisNode n) {
        // the fault is listed before the port closes: whoever sees the node down finds its kill to heal
        Fault f = start(n, "kill", "", () -> lifecycle.restart(live(n)));
        lifecycle.kill(n);
        return f;
    }

    /**
     * Pauses the node until healed: it stops reading its clients (requests wait in order and run when
     * healed) and stops applying its replication stream. Differs from a stopped process: the node's own
     * timers (key expiry, blocked-command timeouts) still run, while its cluster bus falls silent (no
     * cron, incoming messages dropped), so peers flag it PFAIL after the node timeout.
     */
    public Fault pause(FaultTarget node) {
        return pause(resolve(node.address()), null);
    }

    /** Pauses the node for {@code d} of the cluster clock, then heals by itself. */
    public Fault pause(FaultTarget node, Duration d) {
        return pause(resolve(node.address()), d);
    }

    Fault pause(RedisNode n, Duration d) {
        bounded(d);
        n.gate().pause();
        Replication.of(n).holdStream();
        Fault f = start(n, "pause", d == null ? "" : "for " + FaultScript.format(d), () -> {
            n.gate().resume();
            Replication.of(n).resumeStream();
        });
        healAfter(f, n, d);
        return f;
    }

    /** Makes the node slow: each request occupies it {@code perCommand} before running, one after another. */
    public Fault slow(FaultTarget node, Duration perCommand) {
        return slow(resolve(node.address()), perCommand);
    }

    Fault slow(RedisNode n, Duration perCommand) {
        bounded(perCommand);
        n.gate().perCommandDelay(perCommand.toMillis());
        return start(n, "slow", FaultScript.format(perCommand), () -> live(n).gate().perCommandDelay(0));
    }

    /** Delays every reply of the node by {@code delay} of the cluster clock (network latency to its clients). */
    public Fault latency(FaultTarget node, Duration delay) {
        return latency(resolve(node.address()), delay);
    }

    Fault latency(RedisNode n, Duration delay) {
        bounded(delay);
        n.gate().replyDelay(delay.toMillis());
        return start(n, "latency", FaultScript.format(delay), () -> live(n).gate().replyDelay(0));
    }

    /**
     * Delays only the replies to the named commands by {@code delay} of the cluster clock: a reply to
     * one of them leaves late, and replies that follow it on the same connection wait behind it (as on
     * a TCP stream, a later reply cannot overtake an earlier one); other connections, and replies to
     * other commands sent before it, are unaffected. Names are case-insensitive top-level command
     * names ({@code "GET"}, {@code "CLUSTER"}); {@code "CLUSTER|SLOTS"} names one subcommand. A request
     * queued inside MULTI is matched by its own name (its {@code +QUEUED} is delayed), EXEC by {@code
     * "EXEC"}; a blocking command that blocks has its eventual reply delayed. Adds to a whole-node
     * {@link #latency(FaultTarget, Duration)}; a second latency on the same command replaces the first.
     * With no command named it is the whole-node latency.
     */
    public Fault latency(FaultTarget node, Duration delay, String... commands) {
        return latency(resolve(node.address()), delay, List.of(commands));
    }

    Fault latency(RedisNode n, Duration delay, List<String> commands) {
        if (commands.isEmpty()) {
            return latency(n, delay);
        }
        bounded(delay);
        List<String> names = new ArrayList<>();
        for (String c : commands) {
            if (c == null || c.isBlank() || c.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("bad command name '" + c + "'");
            }
            names.add(c.toUpperCase(java.util.Locale.ROOT));
        }
        n.gate().commandDelay(delay.toMillis(), names);
        return start(n, "latency", FaultScript.format(delay) + " " + String.join(" ", names),
                () -> live(n).gate().commandDelay(0, names));
    }

    /**
     * Forces {@code TRYAGAIN} for a slot: while in effect, the node answers {@code -TRYAGAIN Multiple
     * keys request during rehashing of slot} (Redis's error for a multi-key command during a resharding)
     * to every command with keys in {@code slot} that it would otherwise serve itself; a command it would
     * redirect still gets its MOVED/ASK, keyless commands are unaffected. Counted as a TRYAGAIN the node
     * served in the event log and {@link EventLog#redirects()}. Clients retry TRYAGAIN (Jedis a few
     * times, then gives up), so this tests a client's retry path without staging a resharding.
     */
    public Fault tryAgain(FaultTarget node, int slot) {
        return tryAgain(resolve(node.address()), slot);
    }

    Fault tryAgain(RedisNode n, int slot) {
        if (slot < 0 || slot > 16383) {
            throw new IllegalArgumentException("Invalid or out of range slot");
        }
        n.gate().forceTryAgain(slot, true);
        return start(n, "tryagain", String.valueOf(slot), () -> live(n).gate().forceTryAgain(slot, false));
    }

    /** New client connections to the node are closed at once; existing ones keep working. */
    public Fault refuseConnections(FaultTarget node) {
        return refuseConnections(resolve(node.address()));
    }

    Fault refuseConnections(RedisNode n) {
        n.gate().refuseConnections(true);
        return start(n, "refuse", "", () -> live(n).gate().refuseConnections(false));
    }

    /** Client requests to the node are read and dropped: never run, never answered (connections stay open). */
    public Fault blackhole(FaultTarget node) {
        return blackhole(resolve(node.address()), null);
    }

    /** A blackhole that heals by itself after {@code d}. */
    public Fault blackhole(FaultTarget node, Duration d) {
        return blackhole(resolve(node.address()), d);
    }

    Fault blackhole(RedisNode n, Duration d) {
        bounded(d);
        n.gate().blackhole(true);
        Fault f = start(n, "blackhole", d == null ? "" : "for " + FaultScript.format(d), () -> live(n).gate().blackhole(false));
        healAfter(f, n, d);
        return f;
    }

    /** Closes every client connection of the node now (clients see a reset and reconnect). Already healed. */
    public Fault resetConnections(FaultTarget node) {
        return resetConnections(resolve(node.address()));
    }

    Fault resetConnections(RedisNode n) {
        n.gate().resetConnections();
        Fault f = start(n, "reset", "", () -> {});
        f.heal();
        return f;
    }

    /** The replica stops applying its master's stream (it falls behind; its offset stops) until healed. */
    public Fault holdReplication(FaultTarget replica) {
        return holdReplication(resolve(replica.address()));
    }

    Fault holdReplication(RedisNode n) {
        requireReplica(n);
        Replication.of(n).holdStream();
        return start(n, "hold-replication", "", () -> Replication.of(live(n)).resumeStream());
    }

    /** The replica applies each command of its master's stream {@code lag} late. */
    public Fault slowReplication(FaultTarget replica, Duration lag) {
        return slowReplication(resolve(replica.address()), lag);
    }

    Fault slowReplication(RedisNode n, Duration lag) {
        bounded(lag);
        requireReplica(n);
        Replication.of(n).delayStream(lag.toMillis());
        return start(n, "slow-replication", FaultScript.format(lag), () -> Replication.of(live(n)).delayStream(0));
    }

    private static void requireReplica(RedisNode n) {
        Replication r = Replication.of(n);
        if (!r.isReplica()) {
            throw new IllegalArgumentException(n.host() + ":" + n.port() + " is not a replica");
        }
    }

    /**
     * Splits the cluster bus between two sides: every bus link (and replication stream) between a node
     * of {@code side} and a node of {@code otherSide} is cut, both ways; links inside a side stay up.
     * Client connections are not touched. Heal restores exactly those links.
     */
    public Fault partition(Collection<? extends FaultTarget> side, Collection<? extends FaultTarget> otherSide) {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        side.forEach(n -> a.add(n.address()));
        otherSide.forEach(n -> b.add(n.address()));
        return partitionAddresses(a, b);
    }

    Fault partitionAddresses(List<String> a, List<String> b) {
        dev.rcsim.bus.SimNetwork net = network();
        for (String x : a) {
            for (String y : b) {
                net.cut(x, y);
                net.cut(y, x);
            }
        }
        List<String> involved = new ArrayList<>(a);
        involved.addAll(b);
        return start(String.join(",", a), "partition", "| " + String.join(",", b), involved, () -> {
            for (String x : a) {
                for (String y : b) {
                    net.uncut(x, y);
                    net.uncut(y, x);
                }
            }
        });
    }

    /**
     * Cuts the cluster-bus link from {@code from} to {@code to} only (one way): {@code to} stops hearing
     * {@code from}, while {@code from} still hears {@code to}. Heal restores the link.
     */
    public Fault cut(FaultTarget from, FaultTarget to) {
        return cutAddresses(from.address(), to.address());
    }

    Fault cutAddresses(String from, String to) {
        dev.rcsim.bus.SimNetwork net = network();
        net.cut(from, to);
        return start(from, "cut", "> " + to, List.of(from, to), () -> net.uncut(from, to));
    }

    /** Delays every cluster-bus message from {@code from} to {@code to} by {@code d} of the cluster clock. */
    public Fault busDelay(FaultTarget from, FaultTarget to, Duration d) {
        return busDelayAddresses(from.address(), to.address(), d);
    }

    Fault busDelayAddresses(String from, String to, Duration d) {
        bounded(d);
        dev.rcsim.bus.SimNetwork net = network();
        net.delay(from, to, d.toMillis());
        return start(from, "bus-delay", "> " + to + " " + FaultScript.format(d), List.of(from, to), () -> net.delay(from, to, 0));
    }

    /** Drops each cluster-bus message from {@code from} to {@code to} with {@code probability} (seeded). */
    public Fault busLoss(FaultTarget from, FaultTarget to, double probability) {
        return busLossAddresses(from.address(), to.address(), probability);
    }

    Fault busLossAddresses(String from, String to, double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("loss probability must be between 0 and 1: " + probability);
        }
        dev.rcsim.bus.SimNetwork net = network();
        net.loss(from, to, probability);
        return start(from, "bus-loss", "> " + to + " " + probability, List.of(from, to), () -> net.loss(from, to, 0));
    }

    /** Restarts a node that is down, as {@code RCSIM FAULT <node> RESTART} does (see below); refused for a running node. */
    public void restart(FaultTarget node) {
        restart(resolve(node.address()));
    }

    /**
     * Restarts a node that is down: heals the {@code kill} fault in effect on it, or, for a node stopped
     * otherwise ({@code cluster.kill}, SHUTDOWN), restarts it through the simulator (event {@code
     * RESTART}). A paused node is killed and started again; refused for a running node.
     */
    void restart(RedisNode n) {
        String a = address(n);
        boolean healed = false;
        for (Fault f : new ArrayList<>(active)) {
            if (f.kind().equals("kill") && f.target().equals(a)) {
                f.heal();
                healed = true;
            }
        }
        if (!healed) {
            RedisNode current = resolve(a);
            if (current.isRunning() && current.gate().isPaused()) {
                // a stopped process (SIGSTOP): restarting it is what an operator does, kill and start;
                // its pause ends with the old process (its waiting requests die with their connections)
                Fault killed = kill(current);
                for (Fault f : new ArrayList<>(active)) {
                    if (f.kind().equals("pause") && f.target().equals(a)) {
                        f.heal();
                    }
                }
                killed.heal();
                return;
            }
            if (current.isRunning()) {
                throw new IllegalArgumentException(a + " is running");
            }
            lifecycle.restart(current);
        }
    }

    /** True when these faults run over a simulated cluster bus. */
    boolean hasNetwork() {
        return lifecycle.network() != null;
    }

    dev.rcsim.bus.SimNetwork network() {
        dev.rcsim.bus.SimNetwork net = lifecycle.network();
        if (net == null) {
            throw new UnsupportedOperationException("bus faults need the cluster bus of a simulated cluster");
        }
        return net;
    }

    // ---------------------------------------------------------------- bookkeeping

    /** Faults in effect, oldest first. */
    public List<Fault> active() {
        return List.copyOf(active);
    }

    /** Heals every fault in effect, newest first. */
    public void healAll() {
        healNewestFirst(new ArrayList<>(active));
    }

    private static void healNewestFirst(List<Fault> faults) {
        Collections.reverse(faults);
        for (Fault f : faults) {
            f.heal();
        }
    }

    /**
     * Heals every fault in effect that involves {@code node}, newest first: its own faults, and bus
     * faults with the node at either end (a cut into it, a partition with it on either side — the whole
     * partition heals).
     */
    public void heal(FaultTarget node) {
        heal(resolve(node.address()));
    }

    void heal(RedisNode n) {
        healNewestFirst(involving(n));
    }

    /** The faults in effect that involve {@code n} (see {@link #heal(FaultTarget)}), oldest first. */
    List<Fault> involving(RedisNode n) {
        String a = address(n);
        List<Fault> out = new ArrayList<>();
        for (Fault f : active) {
            if (f.involves(a)) {
                out.add(f);
            }
        }
        return out;
    }

    /** What ran so far, as fault-script lines ({@code at 1.5s pause 127.0.0.1:7000}). */
    public List<String> history() {
        return List.copyOf(history);
    }

    /** The history as one script text, replayable with {@link #parse(String)}. */
    public String historyScript() {
        return String.join("\n", history);
    }

    /** Forgets the history (faults in effect stay). */
    public void clearHistory() {
        history.clear();
    }

    /** A new empty script over these faults: {@code faults.script().at(ofSeconds(1)).kill(node)...run()}. */
    public FaultScript script() {
        return new FaultScript(this);
    }

    /** A script from its text form, one step a line (see {@link FaultScript}). */
    public FaultScript parse(String text) {
        return FaultScript.parse(this, text);
    }

    RedisNode resolve(String ref) {
        RedisNode n = resolver.apply(ref);
        if (n == null) {
            throw new IllegalArgumentException("no node " + ref + " in this cluster");
        }
        return n;
    }

    private Fault start(RedisNode n, String kind, String args, Runnable undo) {
        String a = address(n);
        return start(a, kind, args, List.of(a), undo);
    }

    private Fault start(String target, String kind, String args, List<String> involved, Runnable undo) {
        Fault f = new Fault(this, kind, target, args, involved, undo);
        active.add(f);
        String text = f.toString();
        events.record(f.target(), "FAULT", text);
        history.add("at " + FaultScript.format(Duration.ofMillis(clock.millis() - origin)) + " " + text);
        return f;
    }

    void healed(Fault f) {
        active.remove(f);
        events.record(f.target(), "HEAL", f.toString());
        history.add("at " + FaultScript.format(Duration.ofMillis(clock.millis() - origin)) + " heal " + f.target() + " " + f.kind());
    }

    private void healAfter(Fault f, RedisNode n, Duration d) {
        if (d == null) {
            return;
        }
        clock.schedule(n.loop(), d.toMillis(), f::heal);
    }

    /**
     * The process now serving {@code n}'s address: heals act on it, so a fault outlives a kill and
     * restart of its node (the restarted node inherits the network-side faults of its gate).
     */
    private RedisNode live(RedisNode n) {
        try {
            RedisNode now = resolver.apply(address(n));
            return now != null ? now : n;
        } catch (RuntimeException unknown) {
            return n;
        }
    }

    static String address(RedisNode n) {
        return n.host() + ":" + n.port();
    }
}
