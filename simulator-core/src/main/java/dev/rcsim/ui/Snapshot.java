package dev.rcsim.ui;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.Fault;
import dev.rcsim.internal.Internals;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Builds the page's picture of the cluster as JSON: every node's own {@link NodeView}, read on that
 * node's event loop (submitted, then awaited with a deadline; a node whose loop does not answer in time
 * is shown with its last view, marked stale), slot maps shared by the nodes that agree on them (so 200
 * identical views cost one map), faults in effect and redirect counts. Runs on the UI's own thread, so it
 * works while a test is stopped at a breakpoint.
 */
final class Snapshot {
    private static final long DEADLINE_MS = 1000;

    private final RedisClusterSimulator cluster;
    private final Map<Integer, NodeView> last = new HashMap<>();
    /** The node timeout the last snapshot read (from the first node that answered). */
    private volatile long nodeTimeout = 15000;

    Snapshot(RedisClusterSimulator cluster) {
        this.cluster = cluster;
    }

    /** Node names as fault scripts know them: {@code master:N}, {@code replica:N.M}, {@code spare:N}. */
    static List<String> names(RedisClusterSimulator cluster) {
        List<String> out = new ArrayList<>();
        for (SimNode n : cluster.nodes()) {
            out.add(name(cluster, n));
        }
        return out;
    }

    private static String name(RedisClusterSimulator c, SimNode n) {
        int m = c.masters().indexOf(n);
        if (m >= 0) {
            return "master:" + m;
        }
        for (int i = 0; i < c.masters().size(); i++) {
            int r = c.replicasOf(c.masters().get(i)).indexOf(n);
            if (r >= 0) {
                return "replica:" + i + "." + r;
            }
        }
        return "spare:" + c.spares().indexOf(n);
    }

    /** Appends the {@code "nodes"}, {@code "maps"}, {@code "faults"} fields (without braces). */
    synchronized void write(StringBuilder sb, List<String> names, Iterable<Fault> extraFaults) {
        List<SimNode> nodes = cluster.nodes();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).id(), i);
        }
        List<Future<NodeView>> pending = new ArrayList<>(nodes.size());
        for (SimNode n : nodes) {
            RedisNode rn = Internals.node(n);
            Future<NodeView> f = null;
            if (rn.isRunning() && rn.loop() != null) {
                try {
                    f = rn.loop().submit(() -> NodeView.read(rn, index));
                } catch (RuntimeException shutDown) {
                    f = null;
                }
            }
            pending.add(f);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        List<int[]> maps = new ArrayList<>();
        Map<RunsKey, Integer> mapIndex = new HashMap<>();
        long timeout = -1;
        sb.append("\"nodes\":[");
        for (int i = 0; i < nodes.size(); i++) {
            SimNode n = nodes.get(i);
            NodeView v = null;
            boolean stale = false;
            Future<NodeView> f = pending.get(i);
            if (f != null) {
                try {
                    v = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (timeout < 0) {
                        timeout = v.nodeTimeout();
                    }
                    last.put(i, v);
                } catch (java.util.concurrent.TimeoutException slow) {
                    f.cancel(false);
                    v = last.get(i);
                    stale = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    v = last.get(i);
                    stale = true;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                    v = null;
                }
            }
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"addr\":");
            Json.str(sb, n.address()).append(",\"id\":");
            Json.str(sb, n.id()).append(",\"name\":");
            Json.str(sb, i < names.size() ? names.get(i) : "node:" + i).append(",\"running\":").append(n.isRunning())
                    .append(",\"stale\":").append(stale).append(",\"redirects\":{");
            boolean first = true;
            for (Map.Entry<String, Long> e : cluster.events().redirects().servedBy(n.address()).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                Json.str(sb, e.getKey()).append(':').append(e.getValue());
            }
            sb.append('}');
            if (v != null && n.isRunning()) {
                Integer map = mapIndex.computeIfAbsent(new RunsKey(v.runs()), k -> {
                    maps.add(k.runs);
                    return maps.size() - 1;
                });
                writeView(sb.append(",\"v\":"), v, map);
            }
            sb.append('}');
        }
        if (timeout >= 0) {
            nodeTimeout = timeout;
        }
        sb.append("],\"maps\":[");
        for (int m = 0; m < maps.size(); m++) {
            if (m > 0) {
                sb.append(',');
            }
            ints(sb, maps.get(m));
        }
        sb.append("],\"faults\":[");
        boolean first = true;
        for (Fault f : cluster.faults().active()) {
            first = fault(sb, f, first);
        }
        for (Fault f : extraFaults) {
            if (f.isActive()) {
                first = fault(sb, f, first);
            }
        }
        sb.append(']');
    }

    /** cluster-node-timeout as the nodes last reported it (they all share it unless CONFIG SET changed one). */
    long nodeTimeout() {
        return nodeTimeout;
    }

    private static boolean fault(StringBuilder sb, Fault f, boolean first) {
        if (!first) {
            sb.append(',');
        }
        Json.str(sb, f.toString());
        return false;
    }

    private static void writeView(StringBuilder sb, NodeView v, int map) {
        sb.append("{\"state\":");
        Json.str(sb, v.state()).append(",\"epoch\":").append(v.currentEpoch()).append(",\"cfg\":").append(v.configEpoch())
                .append(",\"flags\":");
        Json.str(sb, v.flags()).append(",\"master\":").append(v.master()).append(",\"offset\":").append(v.offset())
                .append(",\"lag\":").append(v.lagBytes()).append(",\"lagMs\":").append(v.lagMs())
                .append(",\"known\":").append(v.known()).append(",\"map\":").append(map).append(",\"others\":[");
        for (int i = 0; i < v.others().size(); i++) {
            NodeView.Other o = v.others().get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append('[').append(o.node()).append(',');
            Json.str(sb, o.flags()).append(',').append(o.connected()).append(',').append(o.configEpoch()).append(']');
        }
        sb.append("],\"mig\":");
        pairs(sb, v.migrating());
        sb.append(",\"imp\":");
        pairs(sb, v.importing());
        sb.append('}');
    }

    private static void pairs(StringBuilder sb, List<int[]> l) {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            ints(sb, l.get(i));
        }
        sb.append(']');
    }

    private static void ints(StringBuilder sb, int[] a) {
        sb.append('[');
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(a[i]);
        }
        sb.append(']');
    }

    /** A slot map as a hash key. */
    private record RunsKey(int[] runs) {
        @Override
        public boolean equals(Object o) {
            return o instanceof RunsKey k && java.util.Arrays.equals(runs, k.runs);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(runs);
        }
    }
}
