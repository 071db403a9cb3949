package dev.rcsim.cluster;

import java.util.Iterator;

/**
 * Failure reports and the PFAIL -> FAIL promotion of one node's view (Redis's
 * {@code clusterNodeAddFailureReport}, {@code clusterNodeCleanupFailureReports},
 * {@code markNodeAsFailingIfNeeded}, {@code clearNodeFailureIfNeeded}). A report is a PFAIL or FAIL
 * flag that a master gossiped about a node; it stays valid for 2 x node_timeout. A node becomes FAIL
 * when this view has it PFAIL and the valid reports (+1 if this node is a master) reach size/2+1.
 */
final class FailureDetector {
    /** One master's report that a node is failing, refreshed by each new report from it. */
    record Report(ClusterNode sender, long[] time) {}

    /** The report list of a node nobody reported (immutable; replaced by the first report). */
    static final java.util.List<Report> NO_REPORTS = java.util.List.of();

    private final ClusterBus bus;

    FailureDetector(ClusterBus bus) {
        this.bus = bus;
    }

    private long validity() {
        return bus.nodeTimeout() * 2;
    }

    /** Adds or refreshes the report of {@code sender} about {@code node}; true if it is new. */
    boolean addReport(ClusterNode node, ClusterNode sender, long now) {
        for (Report r : node.reports) {
            if (r.sender() == sender) {
                r.time()[0] = now;
                return false;
            }
        }
        if (node.reports == NO_REPORTS) {
            node.reports = new java.util.ArrayList<>();
        }
        node.reports.add(new Report(sender, new long[] {now}));
        return true;
    }

    /** Removes the report of {@code sender} about {@code node}; true if there was one. */
    boolean removeReport(ClusterNode node, ClusterNode sender) {
        return !node.reports.isEmpty() && node.reports.removeIf(r -> r.sender() == sender);
    }

    /** Valid reports about {@code node}, after dropping stale ones (CLUSTER COUNT-FAILURE-REPORTS). */
    int count(ClusterNode node, long now) {
        if (node.reports.isEmpty()) {
            return 0;
        }
        long maxAge = validity();
        for (Iterator<Report> it = node.reports.iterator(); it.hasNext(); ) {
            if (now - it.next().time()[0] > maxAge) {
                it.remove();
            }
        }
        return node.reports.size();
    }

    /** Promotes PFAIL to FAIL when enough masters agree, and broadcasts FAIL. */
    void markFailingIfNeeded(ClusterView v, ClusterNode node, long now) {
        if (!node.pfail || node.fail || node.myself) {
            return;
        }
        int needed = v.size() / 2 + 1;
        int failures = count(node, now);
        if (v.myself().master) {
            failures++;
        }
        if (failures < needed) {
            return;
        }
        v.setPfail(node, false);
        node.fail = true;
        node.failTime = now;
        bus.event("FAIL", node.id + " quorum " + failures + "/" + needed);
        bus.broadcastFail(node);
        bus.todoUpdateState();
    }

    /** Clears FAIL on a reachable node: at once for replicas and slotless masters, else after 2 x node_timeout. */
    void clearIfNeeded(ClusterView v, ClusterNode node, long now) {
        if (!node.fail) {
            return;
        }
        if (!node.master || !v.hasSlots(node)) {
            node.fail = false;
            bus.event("FAIL_CLEARED", node.id + " reachable, " + (node.master ? "master without slots" : "replica"));
            bus.todoUpdateState();
            return;
        }
        if (now - node.failTime > bus.nodeTimeout() * 2) {
            node.fail = false;
            bus.event("FAIL_CLEARED", node.id + " reachable, slots not taken over");
            bus.todoUpdateState();
        }
    }
}
