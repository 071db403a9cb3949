package dev.rcsim.junit5;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.events.ClusterEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test cluster kept in JUnit's extension store: started from a {@link ClusterSpec}, reset between
 * the tests that share it, closed by JUnit when its class or method scope ends.
 */
final class ClusterResource implements ExtensionContext.Store.CloseableResource {
    static final int REPORTED_EVENTS = 30;

    private final ClusterSpec spec;
    private final long seed;
    private RedisClusterSimulator sim;
    private List<String> baseline;
    private boolean used;
    private final boolean shared;

    /** {@code shared}: the cluster serves several tests and is reset between them (so its formed topology is kept). */
    ClusterResource(ClusterSpec spec, boolean shared) {
        this.spec = spec;
        this.seed = spec.effectiveSeed();
        this.shared = shared;
        start();
    }

    private void start() {
        try {
            sim = spec.start(seed);
        } catch (RuntimeException e) {
            throw new IllegalStateException("rcsim: could not start the test cluster (seed " + seed + "): " + e.getMessage(), e);
        }
        baseline = shared ? topology(sim) : null;
    }

    ClusterSpec spec() {
        return spec;
    }

    RedisClusterSimulator simulator() {
        return sim;
    }

    long seed() {
        return seed;
    }

    /** Marks the start of a test; from the second test on, resets the cluster first. */
    void beginTest() {
        if (used) {
            reset();
        }
        used = true;
    }

    /**
     * Puts the cluster back as it was formed: heals every fault; rebuilds it from the same seed if a node
     * was killed or the topology changed (a failover, a migration); else FLUSHALL on every master and
     * waits for the replicas to apply it. The event log and fault history start empty.
     */
    void reset() {
        boolean killed = false;
        for (String line : sim.faults().history()) {
            if (line.contains(" kill ")) {
                killed = true;
                break;
            }
        }
        sim.faults().healAll();
        if (killed || baseline == null || !sim.nodes().stream().allMatch(SimNode::isRunning) || !topology(sim).equals(baseline)) {
            sim.close();
            start();
            return;
        }
        for (SimNode m : sim.masters()) {
            Object r = dev.rcsim.admin.NodeClient.callOnce(m.host(), m.port(), "FLUSHALL");
            if (r instanceof dev.rcsim.admin.NodeClient.Error e) {
                throw new IllegalStateException("rcsim: FLUSHALL on " + m.address() + " failed: " + e.message());
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (SimNode r : sim.replicas()) {
            while (r.replicationLag() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        sim.events().clear();
        sim.faults().clearHistory();
    }

    /**
     * The cluster as each running node describes it in CLUSTER NODES (ids, addresses, flags, masters,
     * slots; not the timestamps, epochs or link states, which change by themselves).
     */
    private static List<String> topology(RedisClusterSimulator sim) {
        List<String> out = new ArrayList<>();
        for (SimNode n : sim.nodes()) {
            if (!n.isRunning()) {
                out.add(n.id() + " down");
                continue;
            }
            // the node's own CLUSTER NODES reply, produced on its loop (cheaper than a connection)
            String r = n.clusterNodes();
            StringBuilder sb = new StringBuilder(n.id()).append(" sees:");
            for (String line : r.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 8) {
                    continue;
                }
                sb.append(" | ").append(f[0]).append(' ').append(f[1]).append(' ').append(f[2]).append(' ').append(f[3]);
                for (int i = 8; i < f.length; i++) {
                    sb.append(' ').append(f[i]);
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** What a failed test prints: the seed, the fault script that ran, the last events. */
    String report() {
        StringBuilder sb = new StringBuilder();
        sb.append("rcsim: cluster seed ").append(seed).append(" (repeat with -D").append(ClusterSpec.SEED_PROPERTY).append('=')
                .append(seed).append(" or @RedisClusterTest(seed = ").append(seed).append("L))\n");
        List<String> script = sim.faults().history();
        sb.append("rcsim: fault script that ran").append(script.isEmpty() ? ": (none)\n" : ":\n");
        for (String s : script) {
            sb.append("  ").append(s).append('\n');
        }
        List<ClusterEvent> last = sim.events().last(REPORTED_EVENTS);
        sb.append("rcsim: last ").append(last.size()).append(" events").append(last.isEmpty() ? ": (none)\n" : ":\n");
        for (ClusterEvent e : last) {
            sb.append("  ").append(e).append('\n');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        sim.close();
    }
}
