package dev.rcsim.junit5;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about a simulated cluster, checked against what each running node answers over its
 * socket. Nodes that are not running (killed) are skipped: a client could not ask them either.
 */
public final class ClusterAssert extends AbstractAssert<ClusterAssert, RedisClusterSimulator> {
    ClusterAssert(RedisClusterSimulator actual) {
        super(actual, ClusterAssert.class);
    }

    private List<SimNode> running() {
        isNotNull();
        List<SimNode> out = new ArrayList<>();
        for (SimNode n : actual.nodes()) {
            if (n.isRunning() && !actual.spares().contains(n)) {
                out.add(n);
            }
        }
        if (out.isEmpty()) {
            failWithMessage("Expecting a running cluster node, but none is running");
        }
        return out;
    }

    /** Asks a node; a node that cannot answer (paused, blackholed, replies delayed on a simulated clock) fails the check. */
    private Object call(SimNode n, String... args) {
        try {
            return dev.rcsim.admin.NodeClient.callOnce(n.host(), n.port(), args);
        } catch (java.io.UncheckedIOException e) {
            failWithMessage("Expecting %s to answer %s, but: %s", n.address(), String.join(" ", args), e.getCause());
            return null;
        }
    }

    private Map<String, String> info(SimNode n) {
        Object r = call(n, "CLUSTER", "INFO");
        Map<String, String> out = new LinkedHashMap<>();
        if (r instanceof String s) {
            for (String line : s.split("\r\n")) {
                int c = line.indexOf(':');
                if (c > 0) {
                    out.put(line.substring(0, c), line.substring(c + 1));
                }
            }
        }
        return out;
    }

    /** CLUSTER NODES lines of {@code n}, split into fields. */
    private List<String[]> nodes(SimNode n) {
        Object r = call(n, "CLUSTER", "NODES");
        List<String[]> out = new ArrayList<>();
        if (r instanceof String s) {
            for (String line : s.split("\n")) {
                if (!line.isBlank()) {
                    out.add(line.trim().split(" "));
                }
            }
        }
        return out;
    }

    /** Every running node's CLUSTER INFO says {@code cluster_state:ok}. */
    public ClusterAssert isHealthy() {
        for (SimNode n : running()) {
            String state = info(n).get("cluster_state");
            if (!"ok".equals(state)) {
                failWithMessage("Expecting every node to report cluster_state:ok, but %s reports cluster_state:%s", n.address(), state);
            }
        }
        return this;
    }

    /** Every running node's CLUSTER INFO says all 16384 slots are assigned and ok. */
    public ClusterAssert hasAllSlotsCovered() {
        for (SimNode n : running()) {
            Map<String, String> i = info(n);
            if (!"16384".equals(i.get("cluster_slots_assigned")) || !"16384".equals(i.get("cluster_slots_ok"))) {
                failWithMessage("Expecting all 16384 slots covered, but %s reports cluster_slots_assigned:%s, cluster_slots_ok:%s, "
                        + "cluster_slots_pfail:%s, cluster_slots_fail:%s", n.address(), i.get("cluster_slots_assigned"),
                        i.get("cluster_slots_ok"), i.get("cluster_slots_pfail"), i.get("cluster_slots_fail"));
            }
        }
        return this;
    }

    /**
     * No running node flags another running node {@code fail} or {@code fail?} in CLUSTER NODES. A node
     * that is down (killed) is rightly flagged {@code fail} by the others, as in Redis, and is not counted.
     */
    public ClusterAssert hasNoFailedNodes() {
        java.util.Set<String> runningIds = new java.util.HashSet<>();
        for (SimNode n : running()) {
            runningIds.add(n.id());
        }
        for (SimNode n : running()) {
            for (String[] f : nodes(n)) {
                if (f.length > 2 && f[2].contains("fail") && runningIds.contains(f[0])) {
                    failWithMessage("Expecting no failed nodes, but %s flags %s %s as %s", n.address(), f[0], f[1], f[2]);
                }
            }
        }
        return this;
    }

    /** {@code node} says it is a master, and every other running node lists it as a master. */
    public ClusterAssert hasMaster(SimNode node) {
        return hasMaster(node.port());
    }

    /** The node on {@code port} says it is a master, and every other running node lists it as one. */
    public ClusterAssert hasMaster(int port) {
        for (SimNode n : running()) {
            for (String[] f : nodes(n)) {
                if (f.length > 2 && f[1].split("@")[0].endsWith(":" + port)) {
                    if (!f[2].contains("master")) {
                        failWithMessage("Expecting port %s to be a master, but %s lists it as %s", port, n.address(), f[2]);
                    }
                }
            }
        }
        SimNode self = actual.node(port);
        if (self == null || !self.isRunning()) {
            failWithMessage("Expecting a running master on port %s, but no node of the cluster is running there", port);
        }
        return this;
    }

    /** All running nodes report the same slot -> master map (by node id, from CLUSTER NODES). */
    public ClusterAssert agreesOnTopology() {
        Map<Integer, String> reference = null;
        String referenceNode = null;
        for (SimNode n : running()) {
            Map<Integer, String> owners = slotOwners(nodes(n));
            if (reference == null) {
                reference = owners;
                referenceNode = n.address();
            } else if (!owners.equals(reference)) {
                for (int slot = 0; slot < 16384; slot++) {
                    String a = reference.get(slot);
                    String b = owners.get(slot);
                    if (a == null ? b != null : !a.equals(b)) {
                        failWithMessage("Expecting all nodes to agree on the topology, but for slot %s %s names %s and %s names %s",
                                slot, referenceNode, a, n.address(), b);
                    }
                }
            }
        }
        return this;
    }

    private static Map<Integer, String> slotOwners(List<String[]> lines) {
        Map<Integer, String> out = new TreeMap<>();
        for (String[] f : lines) {
            if (f.length < 9 || !f[2].contains("master")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String r = f[i];
                if (r.startsWith("[")) {
                    continue; // migrating / importing
                }
                int dash = r.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? r : r.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(r.substring(dash + 1));
                for (int s = from; s <= to; s++) {
                    out.put(s, f[0]);
                }
            }
        }
        return out;
    }

    /** Asserts the event log has at least one event of {@code type}; chain {@code count(n)} for an exact number. */
    public EventsAssert hasEvents(String type) {
        isNotNull();
        EventsAssert a = new EventsAssert(actual.events().matching(e -> e.type().equals(type)), "events of type " + type);
        a.isNotEmpty();
        return a;
    }

    /**
     * The redirects and routing errors of {@code kind} (MOVED, ASK, TRYAGAIN, CROSSSLOT, CLUSTERDOWN) the
     * nodes served instead of running a command, as recorded in the event log; narrow with
     * {@code forSlot(s)} and {@code on(node)}: {@code assertThat(cluster).servedRedirects("MOVED").forSlot(s).count(1)}.
     */
    public EventsAssert servedRedirects(String kind) {
        isNotNull();
        return new EventsAssert(actual.events().matching(e -> e.type().equals(kind)), kind + " redirects served");
    }

    /** Asserts the event log has no event of {@code type}. */
    public ClusterAssert hasNoEvents(String type) {
        isNotNull();
        new EventsAssert(actual.events().matching(e -> e.type().equals(type)), "events of type " + type).isEmpty();
        return this;
    }

    /** Assertions on the whole event log. */
    public EventsAssert events() {
        isNotNull();
        return new EventsAssert(actual.events().all(), "all events");
    }
}
