package dev.rcsim.command;

import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.LatencyEvents;
import dev.rcsim.server.LatencyHistogram;
import dev.rcsim.server.NodeStats;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The LATENCY command and INFO latencystats as Redis 7.0.15 (latency.c, server.c): the latency monitor
 * samples "command" and "fast-command" events (the node's real execution time, in ms, when it reaches
 * {@code latency-monitor-threshold}), with HISTORY, LATEST, RESET, GRAPH (the sparkline) and DOCTOR
 * (Redis's report and advice for those events); HISTOGRAM and latencystats read each command's
 * {@link LatencyHistogram}. rcsim has no fork, AOF, expire-cycle or eviction events to sample.
 */
public final class LatencyCommands {
    private LatencyCommands() {}

    public static void register(CommandTable t) {
        String flags = "admin noscript loading stale";
        String acl = "@admin @slow @dangerous";
        CommandSpec latency = t.add("latency", -2, "", 0, 0, 0).acl("@slow");
        latency.sub("history", 3, flags, 0, 0, 0).acl(acl).run(LatencyCommands::history);
        latency.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow").run((c, a) -> HelpText.LATENCY);
        latency.sub("reset", -2, flags, 0, 0, 0).acl(acl).run(LatencyCommands::reset);
        latency.sub("latest", 2, flags, 0, 0, 0).acl(acl).run(LatencyCommands::latest);
        latency.sub("doctor", 2, flags, 0, 0, 0).acl(acl).run((c, a) -> Replies.verbatim(doctor(c.node())));
        latency.sub("graph", 3, flags, 0, 0, 0).acl(acl).run(LatencyCommands::graph);
        latency.sub("histogram", -2, flags, 0, 0, 0).acl(acl).run(LatencyCommands::histogram);
    }

    /**
     * call()'s latencyAddSampleIfNeeded, called by the Dispatcher only for commands that ran 1 ms or
     * more (a threshold is at least 1 ms), so the common path never reads the configuration.
     */
    static void sample(RedisNode node, CommandSpec spec, long usec) {
        long threshold = node.config().longValue("latency-monitor-threshold");
        long ms = usec / 1000;
        if (threshold > 0 && ms >= threshold) {
            node.stats().latencyEvents.add(spec.fast ? "fast-command" : "command", node.clock().millis() / 1000, ms);
        }
    }

    private static LatencyEvents events(Connection c) {
        return c.node().stats().latencyEvents;
    }

    private static RespValue history(Connection c, byte[][] argv) {
        LatencyEvents.Series ts = events(c).all().get(Args.str(argv[2]));
        List<RespValue> out = new ArrayList<>();
        if (ts != null) {
            for (int j = 0; j < LatencyEvents.LEN; j++) {
                int i = (ts.idx + j) % LatencyEvents.LEN;
                if (ts.time[i] != 0) {
                    out.add(Replies.array(Replies.integer(ts.time[i]), Replies.integer(ts.latency[i])));
                }
            }
        }
        return Replies.array(out);
    }

    private static RespValue latest(Connection c, byte[][] argv) {
        List<RespValue> out = new ArrayList<>();
        for (Map.Entry<String, LatencyEvents.Series> e : events(c).all().entrySet()) {
            LatencyEvents.Series ts = e.getValue();
            int last = (ts.idx + LatencyEvents.LEN - 1) % LatencyEvents.LEN;
            out.add(Replies.array(Replies.bulk(e.getKey()), Replies.integer(ts.time[last]), Replies.integer(ts.latency[last]),
                    Replies.integer(ts.max)));
        }
        return Replies.array(out);
    }

    private static RespValue reset(Connection c, byte[][] argv) {
        if (argv.length == 2) {
            return Replies.integer(events(c).reset(null));
        }
        int n = 0;
        for (int j = 2; j < argv.length; j++) {
            n += events(c).reset(Args.str(argv[j]));
        }
        return Replies.integer(n);
    }

    // ------------------------------------------------------------------ HISTOGRAM and INFO latencystats

    private static void cdf(List<RespValue> out, String name, LatencyHistogram h) {
        long[] b = h.cumulativeBuckets();
        List<RespValue> buckets = new ArrayList<>(b.length);
        for (long v : b) {
            buckets.add(Replies.integer(v));
        }
        out.add(Replies.bulk(name));
        out.add(Replies.map(List.of(Replies.bulk("calls"), Replies.integer(h.totalCount()),
                Replies.bulk("histogram_usec"), Replies.map(buckets))));
    }

    private static NodeStats.CommandStat stat(RedisNode node, String fullName) {
        NodeStats.CommandStat st = node.stats().commands.get(fullName);
        return st != null && st.latency.totalCount() > 0 ? st : null;
    }

    private static RespValue histogram(Connection c, byte[][] argv) {
        RedisNode node = c.node();
        List<RespValue> out = new ArrayList<>();
        if (argv.length == 2) {
            for (CommandSpec spec : NodeCommands.of(node).table().all()) {
                addWithSubcommands(node, out, spec);
            }
            return Replies.map(out);
        }
        for (int j = 2; j < argv.length; j++) {
            CommandSpec spec = byFullName(node, Args.str(argv[j]));
            if (spec != null) {
                addWithSubcommands(node, out, spec);
            }
        }
        return Replies.map(out);
    }

    /** lookupCommandBySds: "get", or "config|get" for a subcommand. */
    private static CommandSpec byFullName(RedisNode node, String name) {
        int bar = name.indexOf('|');
        if (bar < 0) {
            return NodeCommands.of(node).table().lookup(name);
        }
        CommandSpec container = NodeCommands.of(node).table().lookup(name.substring(0, bar));
        return container == null ? null : container.subcommands().get(name.substring(bar + 1).toLowerCase(Locale.ROOT));
    }

    private static void addWithSubcommands(RedisNode node, List<RespValue> out, CommandSpec spec) {
        NodeStats.CommandStat st = stat(node, spec.fullName);
        if (st != null) {
            cdf(out, spec.fullName, st.latency);
        }
        for (CommandSpec sub : spec.subcommands().values()) {
            NodeStats.CommandStat s = stat(node, sub.fullName);
            if (s != null) {
                cdf(out, sub.fullName, s.latency);
            }
        }
    }

    /** The body of INFO's "# Latencystats" section (each line ends with CRLF). */
    public static void infoSection(RedisNode node, StringBuilder sb) {
        sb.append("# Latencystats\r\n");
        String[] ps = node.config().get("latency-tracking-info-percentiles").trim().split("\\s+");
        for (CommandSpec spec : NodeCommands.of(node).table().all()) {
            infoLine(node, sb, spec, ps);
            for (CommandSpec sub : spec.subcommands().values()) {
                infoLine(node, sb, sub, ps);
            }
        }
    }

    private static void infoLine(RedisNode node, StringBuilder sb, CommandSpec spec, String[] ps) {
        NodeStats.CommandStat st = stat(node, spec.fullName);
        if (st == null) {
            return;
        }
        sb.append("latency_percentiles_usec_").append(spec.fullName).append(':');
        boolean first = true;
        for (String p : ps) {
            if (p.isEmpty()) {
                continue;
            }
            double pct;
            try {
                pct = Double.parseDouble(p);
            } catch (NumberFormatException e) {
                continue; // rcsim's CONFIG SET does not validate this list as Redis does
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('p').append(trimDouble(pct)).append('=')
                    .append(String.format(Locale.ROOT, "%.3f", st.latency.valueAtPercentile(pct) / 1000.0));
        }
        sb.append("\r\n");
    }

    /** sprintf("%f") then trimDoubleString: 50.000000 -> 50, 99.900000 -> 99.9. */
    static String trimDouble(double d) {
        String s = String.format(Locale.ROOT, "%f", d);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }

    // ------------------------------------------------------------------ GRAPH

    private static RespValue graph(Connection c, byte[][] argv) {
        String name = Args.str(argv[2]);
        LatencyEvents.Series ts = events(c).all().get(name);
        if (ts == null) {
            return Replies.error(Dispatcher.sanitize("ERR No samples available for event '" + name + "'"));
        }
        return Replies.verbatim(Sparkline.latencyGraph(name, ts, c.node().clock().millis() / 1000));
    }

    // ------------------------------------------------------------------ DOCTOR

    static final String DISABLED = "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may "
            + "use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space "
            + "mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";

    /** createLatencyReport for the events rcsim samples. */
    static String doctor(RedisNode node) {
        Map<String, LatencyEvents.Series> events = node.stats().latencyEvents.all();
        long threshold = node.config().longValue("latency-monitor-threshold");
        if (events.isEmpty() && threshold == 0) {
            return DISABLED;
        }
        StringBuilder r = new StringBuilder();
        boolean slowlogEnabled = false;
        boolean slowlogTuning = false;
        boolean slowlogInspect = false;
        boolean scheduler = false;
        boolean largeObjects = false;
        int advices = 0;
        int eventnum = 0;
        long now = node.clock().millis() / 1000;
        long slower = Numbers.parseLong(node.config().get("slowlog-log-slower-than").getBytes());
        for (Map.Entry<String, LatencyEvents.Series> e : events.entrySet()) {
            String event = e.getKey();
            LatencyEvents.Series ts = e.getValue();
            eventnum++;
            if (eventnum == 1) {
                r.append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you "
                        + "Dave?\n\n");
            }
            long samples = 0;
            long sum = 0;
            long period = 0;
            for (int j = 0; j < LatencyEvents.LEN; j++) {
                if (ts.time[j] == 0) {
                    continue;
                }
                samples++;
                sum += ts.latency[j];
                if (period == 0 || ts.time[j] < period) {
                    period = ts.time[j];
                }
            }
            long avg = 0;
            long mad = 0;
            if (samples > 0) {
                avg = sum / samples;
                period = now - period;
                if (period == 0) {
                    period = 1;
                }
                long dev = 0;
                for (int j = 0; j < LatencyEvents.LEN; j++) {
                    if (ts.time[j] != 0) {
                        dev += Math.abs(avg - ts.latency[j]);
                    }
                }
                mad = dev / samples;
            }
            r.append(String.format(Locale.ROOT,
                    "%d. %s: %d latency spikes (average %dms, mean deviation %dms, period %.2f sec). Worst all time event %dms.",
                    eventnum, event, samples, avg, mad, (double) period / samples, ts.max));
            if (event.equals("command")) {
                if (slower < 0) {
                    slowlogEnabled = true;
                    advices++;
                } else if (slower / 1000 > threshold) {
                    slowlogTuning = true;
                    advices++;
                }
                slowlogInspect = true;
                largeObjects = true;
                advices += 2;
            }
            if (event.equals("fast-command")) {
                scheduler = true;
                advices++;
            }
            r.append('\n');
        }
        if (eventnum == 0 && advices == 0) {
            r.append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. "
                    + "I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
        } else if (eventnum > 0 && advices == 0) {
            r.append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis "
                    + "community to get some help, providing this report in your help request.\n");
        } else {
            r.append("\nI have a few advices for you:\n\n");
            if (slowlogEnabled) {
                r.append("- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log "
                        + "Redis feature using the command 'CONFIG SET slowlog-log-slower-than ").append(threshold * 1000)
                        .append("'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n");
            }
            if (slowlogTuning) {
                r.append("- Your current Slow Log configuration only logs events that are slower than your configured latency "
                        + "monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ").append(threshold * 1000)
                        .append("'.\n");
            }
            if (slowlogInspect) {
                r.append("- Check your Slow Log to understand what are the commands you are running which are too slow to "
                        + "execute. Please check https://redis.io/commands/slowlog for more information.\n");
            }
            if (scheduler) {
                r.append("- The system is slow to execute Redis code paths not containing system calls. This usually means the "
                        + "system does not provide Redis CPU time to run for long periods. You should try to:\n"
                        + "  1) Lower the system load.\n"
                        + "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
                        + "  3) Check if you have a \"noisy neighbour\" problem.\n"
                        + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
                        + "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using "
                        + "Jemalloc. However this may create fragmentation problems.\n");
            }
            if (largeObjects) {
                r.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. "
                        + "If you have very large objects that are often deleted, expired, or evicted, try to fragment those "
                        + "objects into multiple smaller objects.\n");
            }
        }
        return r.toString();
    }
}
