package dev.rcsim.ui;

import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.cluster.ClusterNode;
import dev.rcsim.cluster.ClusterView;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.replication.Replication;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node's own view, copied on its event loop (the only place its state may be read): what it
 * believes about itself (flags, epochs, master, cluster_state, replication offset and lag), who owns
 * each slot as runs of {@code start, end, owner}, the other nodes it flags (PFAIL, FAIL, handshake,
 * noaddr) or has no link to, and its open (migrating / importing) slots. Node references are indexes in
 * the simulator's node list; {@code -1} is no owner, {@code -2} a node the simulator does not know.
 */
record NodeView(String state, long currentEpoch, long configEpoch, String flags, int master, long offset,
        long lagBytes, long lagMs, int known, int[] runs, List<Other> others, List<int[]> migrating,
        List<int[]> importing, long nodeTimeout) {

    /** Another node as this view has it: only entries worth showing (flagged, or link down). */
    record Other(int node, String flags, boolean connected, long configEpoch) {}

    /** Reads {@code n}'s view; call on its event loop. {@code index} maps node ids to list positions. */
    static NodeView read(RedisNode n, Map<String, Integer> index) {
        ClusterView v = NodeCluster.of(n).view();
        Replication r = Replication.of(n);
        long lag = r.lag();
        long lagMs = lag > 0 ? Math.max(0, n.clock().millis() - r.lastIoMillis()) : 0;
        long timeout = Long.parseLong(n.config().get("cluster-node-timeout"));
        if (v == null) {
            return new NodeView("", 0, 0, r.isReplica() ? "slave" : "master", -1, r.offset(), lag, lagMs, 1, new int[0],
                    List.of(), List.of(), List.of(), timeout);
        }
        ClusterNode me = v.myself();
        int[] buf = new int[48];
        int len = 0;
        ClusterNode cur = v.owner(0);
        int start = 0;
        List<int[]> mig = new ArrayList<>(0);
        List<int[]> imp = new ArrayList<>(0);
        for (int s = 0; s <= HashSlots.SLOTS; s++) {
            ClusterNode o = s < HashSlots.SLOTS ? v.owner(s) : null;
            if (s == HashSlots.SLOTS || o != cur) {
                if (len + 3 > buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                buf[len++] = start;
                buf[len++] = s - 1;
                buf[len++] = ref(cur, index);
                cur = o;
                start = s;
            }
            if (s < HashSlots.SLOTS) {
                ClusterNode to = v.migratingTo(s);
                if (to != null) {
                    mig.add(new int[] {s, ref(to, index)});
                }
                ClusterNode from = v.importingFrom(s);
                if (from != null) {
                    imp.add(new int[] {s, ref(from, index)});
                }
            }
        }
        List<Other> others = new ArrayList<>();
        for (ClusterNode o : v.nodes()) {
            if (o == me) {
                continue;
            }
            if (o.isPfail() || o.isFailed() || o.isHandshake() || !o.isLinkConnected() || o.flags().contains("noaddr")) {
                others.add(new Other(ref(o, index), o.flags(), o.isLinkConnected(), o.configEpoch()));
            }
        }
        ClusterNode m = v.myMaster();
        long cfg = !me.isMaster() && m != null ? m.configEpoch() : me.configEpoch();
        return new NodeView(v.isOk() ? "ok" : "fail", v.currentEpoch(), cfg, me.flags(), m == null ? -1 : ref(m, index),
                r.offset(), lag, lagMs, v.knownNodes(), java.util.Arrays.copyOf(buf, len), others, mig, imp, timeout);
    }

    private static int ref(ClusterNode n, Map<String, Integer> index) {
        if (n == null) {
            return -1;
        }
        Integer i = index.get(n.id());
        return i == null ? -2 : i;
    }
}
