package dev.rcsim.fault;

import dev.rcsim.server.RedisNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A timed list of fault steps, built fluently or parsed from text, run against the cluster clock:
 * {@link #run()} advances a simulated clock to each step's time, or waits for it in real time. Each
 * step is logged (event type {@code SCRIPT}) before it runs.
 *
 * <pre>{@code
 * cluster.faults().script()
 *     .at(ofSeconds(1)).kill(master)
 *     .at(ofSeconds(5)).heal()
 *     .run();
 * }</pre>
 *
 * The text form has one step a line ({@code #} starts a comment); times are offsets from the start of
 * the run ({@code 500ms}, {@code 1.5s}, {@code 2m}); a node is {@code host:port}, a port, a node id, or
 * (on a {@code RedisClusterSimulator}) a symbolic name of the cluster as formed at start:
 * {@code master:N} (the N-th master in slot order, from 0 — the same node after a failover made it a
 * replica), {@code replica:N} (the first replica formed for master N), {@code replica:N.M} (its M-th),
 * {@code spare:N}. Names are resolved when the text is parsed; the steps and the fault history show the
 * nodes' real addresses.
 * <pre>
 * at 1s kill 127.0.0.1:7000
 * at 1s kill master:0                     # the first master as formed
 * at 2s pause 127.0.0.1:7001 [for 3s]
 * at 2s slow 127.0.0.1:7001 20ms          # per-command delay
 * at 2s latency 127.0.0.1:7001 50ms       # reply delay
 * at 2s latency 127.0.0.1:7001 50ms GET HGETALL   # reply delay of these commands only
 * at 2s tryagain 127.0.0.1:7000 1234      # -TRYAGAIN for keys of slot 1234
 * at 2s refuse 127.0.0.1:7001             # refuse new connections
 * at 2s blackhole 127.0.0.1:7001 [for 3s]
 * at 2s reset 127.0.0.1:7001              # close client connections
 * at 2s hold-replication 127.0.0.1:7004
 * at 2s slow-replication 127.0.0.1:7004 100ms
 * at 3s partition 127.0.0.1:7000,127.0.0.1:7003 | 127.0.0.1:7001,127.0.0.1:7002
 * at 3s cut 127.0.0.1:7000 > 127.0.0.1:7001        # one-way bus cut
 * at 3s partition master:0 | master:1,master:2,replica:1,replica:2.0
 * at 3s bus-delay 127.0.0.1:7000 > 127.0.0.1:7001 2s
 * at 3s bus-loss 127.0.0.1:7000 > 127.0.0.1:7001 0.3
 * at 5s heal all
 * at 5s heal 127.0.0.1:7001               # every fault involving the node
 * </pre>
 * {@code partition} cuts the cluster bus between the two comma-separated sides until healed.
 *
 * <p>Redis has nothing like it; it plays the part of a chaos tool (kill -STOP, iptables, tc netem) on a
 * timeline, and a failed test prints the script of the faults it ran ({@link Faults#historyScript()}).
 */
public final class FaultScript {
    private final Faults faults;
    private final List<Step> steps = new ArrayList<>();
    private long cursor;

    /** One timed step: its time offset, its text form and what it does. */
    private record Step(long atMillis, String text, Consumer<Faults> action) {}

    FaultScript(Faults faults) {
        this.faults = faults;
    }

    /** Following steps happen {@code offset} after the start of the run. */
    public FaultScript at(Duration offset) {
        if (offset.isNegative()) {
            throw new IllegalArgumentException("negative time " + offset);
        }
        cursor = offset.toMillis();
        return this;
    }

    public FaultScript kill(FaultTarget n) {
        return step("kill " + n.address(), f -> f.kill(f.resolve(n.address())));
    }

    public FaultScript pause(FaultTarget n) {
        return step("pause " + n.address(), f -> f.pause(f.resolve(n.address()), null));
    }

    public FaultScript pause(FaultTarget n, Duration d) {
        return step("pause " + n.address() + " for " + format(d), f -> f.pause(f.resolve(n.address()), d));
    }

    public FaultScript slow(FaultTarget n, Duration perCommand) {
        return step("slow " + n.address() + " " + format(perCommand), f -> f.slow(f.resolve(n.address()), perCommand));
    }

    public FaultScript latency(FaultTarget n, Duration delay) {
        return step("latency " + n.address() + " " + format(delay), f -> f.latency(f.resolve(n.address()), delay));
    }

    /** Reply delay for the named commands only (see {@link Faults#latency(FaultTarget, Duration, String...)}). */
    public FaultScript latency(FaultTarget n, Duration delay, String... commands) {
        if (commands.length == 0) {
            return latency(n, delay);
        }
        List<String> names = upper(List.of(commands));
        return step("latency " + n.address() + " " + format(delay) + " " + String.join(" ", names),
                f -> f.latency(f.resolve(n.address()), delay, names));
    }

    /** Forces TRYAGAIN for {@code slot} on {@code n} (see {@link Faults#tryAgain}). */
    public FaultScript tryAgain(FaultTarget n, int slot) {
        return step("tryagain " + n.address() + " " + slot, f -> f.tryAgain(f.resolve(n.address()), slot));
    }

    private static List<String> upper(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String c : names) {
            out.add(c.toUpperCase(Locale.ROOT));
        }
        return out;
    }

    public FaultScript refuseConnections(FaultTarget n) {
        return step("refuse " + n.address(), f -> f.refuseConnections(f.resolve(n.address())));
    }

    public FaultScript blackhole(FaultTarget n) {
        return step("blackhole " + n.address(), f -> f.blackhole(f.resolve(n.address()), null));
    }

    public FaultScript resetConnections(FaultTarget n) {
        return step("reset " + n.address(), f -> f.resetConnections(f.resolve(n.address())));
    }

    public FaultScript holdReplication(FaultTarget replica) {
        return step("hold-replication " + replica.address(), f -> f.holdReplication(f.resolve(replica.address())));
    }

    public FaultScript slowReplication(FaultTarget replica, Duration lag) {
        return step("slow-replication " + replica.address() + " " + format(lag), f -> f.slowReplication(f.resolve(replica.address()), lag));
    }

    /** Splits the cluster bus between {@code side} and {@code otherSide} (see {@link Faults#partition}). */
    public FaultScript partition(Collection<? extends FaultTarget> side, Collection<? extends FaultTarget> otherSide) {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        side.forEach(n -> a.add(n.address()));
        otherSide.forEach(n -> b.add(n.address()));
        return step("partition " + String.join(",", a) + " | " + String.join(",", b), f -> f.partitionAddresses(a, b));
    }

    /** One-way cut of the cluster-bus link {@code from -> to} (see {@link Faults#cut}). */
    public FaultScript cut(FaultTarget from, FaultTarget to) {
        return step("cut " + from.address() + " > " + to.address(), f -> f.cutAddresses(from.address(), to.address()));
    }

    /** Delay on the cluster-bus link {@code from -> to} (see {@link Faults#busDelay}). */
    public FaultScript busDelay(FaultTarget from, FaultTarget to, Duration d) {
        return step("bus-delay " + from.address() + " > " + to.address() + " " + format(d),
                f -> f.busDelayAddresses(from.address(), to.address(), d));
    }

    /** Message loss on the cluster-bus link {@code from -> to} (see {@link Faults#busLoss}). */
    public FaultScript busLoss(FaultTarget from, FaultTarget to, double probability) {
        return step("bus-loss " + from.address() + " > " + to.address() + " " + probability,
                f -> f.busLossAddresses(from.address(), to.address(), probability));
    }

    /** Heals every fault in effect. */
    public FaultScript heal() {
        return step("heal all", Faults::healAll);
    }

    /** Heals every fault in effect on {@code n}. */
    public FaultScript heal(FaultTarget n) {
        return step("heal " + n.address(), f -> f.heal(f.resolve(n.address())));
    }

    private FaultScript step(String text, Consumer<Faults> action) {
        steps.add(new Step(cursor, text, action));
        return this;
    }

    /**
     * Runs the steps in time order (steps at the same time in the order given). On a simulated clock
     * the clock is advanced to each step's time; on the system clock this thread waits for it.
     * Returns when the last step has run.
     */
    public FaultScript run() {
        List<Step> ordered = new ArrayList<>(steps);
        ordered.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis())); // stable
        SimClock clock = faults.clock();
        long startNanos = System.nanoTime();
        long done = 0;
        for (Step s : ordered) {
            if (clock.isSimulated()) {
                if (s.atMillis() > done) {
                    clock.advance(Duration.ofMillis(s.atMillis() - done));
                    done = s.atMillis();
                }
            } else {
                long due = startNanos + s.atMillis() * 1_000_000L;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
            }
            faults.events().record("cluster", "SCRIPT", "at " + format(Duration.ofMillis(s.atMillis())) + " " + s.text());
            s.action().accept(faults);
        }
        return this;
    }

    /** The script's text form, one step a line, parseable by {@link Faults#parse(String)}. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            sb.append("at ").append(format(Duration.ofMillis(s.atMillis()))).append(' ').append(s.text()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    // ---------------------------------------------------------------- text form

    static FaultScript parse(Faults faults, String text) {
        FaultScript script = new FaultScript(faults);
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                parseLine(script, faults, line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("fault script line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
            }
        }
        return script;
    }

    private static void parseLine(FaultScript s, Faults faults, String line) {
        String[] w = line.split("\\s+");
        if (w.length < 3 || !w[0].equalsIgnoreCase("at")) {
            throw new IllegalArgumentException("expected 'at <time> <fault> ...'");
        }
        s.at(parseDuration(w[1]));
        String kind = w[2].toLowerCase(Locale.ROOT);
        if (kind.equals("partition")) {
            String rest = line.substring(line.toLowerCase(Locale.ROOT).indexOf("partition") + "partition".length()).trim();
            String[] sides = rest.split("\\|");
            if (sides.length != 2) {
                throw new IllegalArgumentException("expected 'partition <node>,<node> | <node>,...'");
            }
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (String ref : sides[0].trim().split("\\s*,\\s*")) {
                a.add(Faults.address(faults.resolve(ref)));
            }
            for (String ref : sides[1].trim().split("\\s*,\\s*")) {
                b.add(Faults.address(faults.resolve(ref)));
            }
            s.step("partition " + String.join(",", a) + " | " + String.join(",", b), f -> f.partitionAddresses(a, b));
            return;
        }
        if (kind.equals("cut") || kind.equals("bus-delay") || kind.equals("bus-loss")) {
            // at <t> cut A > B | at <t> bus-delay A > B 50ms | at <t> bus-loss A > B 0.3
            int need = kind.equals("cut") ? 6 : 7;
            if (w.length != need || !w[4].equals(">")) {
                throw new IllegalArgumentException("expected '" + kind + " <node> > <node>" + (need == 7 ? " <value>'" : "'"));
            }
            String from = Faults.address(faults.resolve(w[3]));
            String to = Faults.address(faults.resolve(w[5]));
            if (kind.equals("cut")) {
                s.step("cut " + from + " > " + to, f -> f.cutAddresses(from, to));
            } else if (kind.equals("bus-delay")) {
                Duration d = parseDuration(w[6]);
                s.step("bus-delay " + from + " > " + to + " " + format(d), f -> f.busDelayAddresses(from, to, d));
            } else {
                double p;
                try {
                    p = Double.parseDouble(w[6]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad probability '" + w[6] + "'");
                }
                s.step("bus-loss " + from + " > " + to + " " + p, f -> f.busLossAddresses(from, to, p));
            }
            return;
        }
        if (kind.equals("heal")) {
            need(w, 4);
            if (w[3].equalsIgnoreCase("all")) {
                s.step("heal all", Faults::healAll);
            } else {
                RedisNode n = faults.resolve(w[3]);
                s.step("heal " + Faults.address(n), f -> f.heal(n));
            }
            return;
        }
        need(w, 4);
        RedisNode n = faults.resolve(w[3]);
        String a = Faults.address(n);
        switch (kind) {
            case "kill" -> s.step("kill " + a, f -> f.kill(n));
            case "pause" -> {
                Duration d = forDuration(w);
                s.step("pause " + a + (d == null ? "" : " for " + format(d)), f -> f.pause(n, d));
            }
            case "blackhole" -> {
                Duration d = forDuration(w);
                s.step("blackhole " + a + (d == null ? "" : " for " + format(d)), f -> f.blackhole(n, d));
            }
            case "slow" -> {
                Duration d = arg(w);
                s.step("slow " + a + " " + format(d), f -> f.slow(n, d));
            }
            case "latency" -> {
                if (w.length < 5) {
                    throw new IllegalArgumentException("expected a duration after the node");
                }
                Duration d = parseDuration(w[4]);
                List<String> names = upper(List.of(w).subList(5, w.length));
                s.step("latency " + a + " " + format(d) + (names.isEmpty() ? "" : " " + String.join(" ", names)),
                        f -> f.latency(n, d, names));
            }
            case "tryagain" -> {
                if (w.length != 5) {
                    throw new IllegalArgumentException("expected one slot after the node");
                }
                int slot;
                try {
                    slot = Integer.parseInt(w[4]);
                } catch (NumberFormatException e) {
                    slot = -1;
                }
                if (slot < 0 || slot > 16383) {
                    throw new IllegalArgumentException("bad slot '" + w[4] + "'");
                }
                int sl = slot;
                s.step("tryagain " + a + " " + sl, f -> f.tryAgain(n, sl));
            }
            case "refuse" -> s.step("refuse " + a, f -> f.refuseConnections(n));
            case "reset" -> s.step("reset " + a, f -> f.resetConnections(n));
            case "hold-replication" -> s.step("hold-replication " + a, f -> f.holdReplication(n));
            case "slow-replication" -> {
                Duration d = arg(w);
                s.step("slow-replication " + a + " " + format(d), f -> f.slowReplication(n, d));
            }
            default -> throw new IllegalArgumentException("unknown fault '" + w[2] + "'");
        }
    }

    private static void need(String[] w, int n) {
        if (w.length < n) {
            throw new IllegalArgumentException("missing node");
        }
    }

    private static Duration arg(String[] w) {
        if (w.length != 5) {
            throw new IllegalArgumentException("expected one duration after the node");
        }
        return parseDuration(w[4]);
    }

    private static Duration forDuration(String[] w) {
        if (w.length == 4) {
            return null;
        }
        if (w.length == 6 && w[4].equalsIgnoreCase("for")) {
            return parseDuration(w[5]);
        }
        throw new IllegalArgumentException("expected nothing or 'for <time>' after the node");
    }

    /** Parses {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1h} or a bare number of milliseconds. */
    public static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        double mul;
        String num;
        if (t.endsWith("ms")) {
            mul = 1;
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            mul = 1000;
            num = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            mul = 60_000;
            num = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            mul = 3_600_000;
            num = t.substring(0, t.length() - 1);
        } else {
            mul = 1;
            num = t;
        }
        double v;
        try {
            v = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad time '" + s + "'");
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("bad time '" + s + "'");
        }
        return Duration.ofMillis(Math.round(v * mul));
    }

    /** Formats a duration the way scripts write it: {@code 1.5s}, {@code 250ms}, {@code 0s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        if (ms >= 1000) {
            return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
        }
        return ms + "ms";
    }
}
