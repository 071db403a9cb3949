package dev.rcsim.cluster;

import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The read-only CLUSTER replies built from one node's {@link ClusterView}: INFO, NODES, SLOTS, SHARDS,
 * REPLICAS and LINKS, in Redis 7.0.15's exact text and shapes (cluster.c {@code clusterGenNodeDescription},
 * {@code clusterReplyMultiBulkSlots}, {@code clusterReplyShards}).
 *
 * <p>Heartbeat times and message counters come from the node's {@link ClusterBus}.
 */
public final class ClusterReplies {
    private ClusterReplies() {}

    /** CLUSTER INFO text. */
    public static String info(ClusterView v) {
        ClusterBus bus = null;
        return info(v, bus);
    }

    /** CLUSTER INFO text with the message counters of {@code bus} (zeros when null). */
    public static String info(ClusterView v, ClusterBus bus) {
        int assigned = 0;
        int okSlots = 0;
        int pfail = 0;
        int fail = 0;
        for (ClusterNode n : v.slots) {
            if (n == null) {
                continue;
            }
            assigned++;
            if (n.fail) {
                fail++;
            } else if (n.pfail) {
                pfail++;
            } else {
                okSlots++;
            }
        }
        ClusterNode me = v.myself();
        long myEpoch = !me.master && me.replicaOf != null ? me.replicaOf.configEpoch : me.configEpoch;
        return "cluster_state:" + (v.isOk() ? "ok" : "fail") + "\r\n"
                + "cluster_slots_assigned:" + assigned + "\r\n"
                + "cluster_slots_ok:" + okSlots + "\r\n"
                + "cluster_slots_pfail:" + pfail + "\r\n"
                + "cluster_slots_fail:" + fail + "\r\n"
                + "cluster_known_nodes:" + v.knownNodes() + "\r\n"
                + "cluster_size:" + v.size() + "\r\n"
                + "cluster_current_epoch:" + v.currentEpoch() + "\r\n"
                + "cluster_my_epoch:" + myEpoch + "\r\n"
                + (bus == null ? "cluster_stats_messages_sent:0\r\ncluster_stats_messages_received:0\r\n" : bus.statsLines())
                + "total_cluster_links_buffer_limit_exceeded:0\r\n";
    }

    /** CLUSTER NODES text: one line per node, each ending with LF. */
    public static String nodes(ClusterView v, long now) {
        StringBuilder sb = new StringBuilder(128 * v.knownNodes());
        for (ClusterNode n : v.nodes()) {
            line(sb, v, n, now);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One CLUSTER NODES line, without the trailing LF. */
    public static String line(ClusterView v, ClusterNode n, long now) {
        StringBuilder sb = new StringBuilder(128);
        line(sb, v, n, now);
        return sb.toString();
    }

    private static void line(StringBuilder sb, ClusterView v, ClusterNode n, long now) {
        sb.append(n.id).append(' ').append(n.ip).append(':').append(n.port).append('@').append(n.cport)
                .append(' ').append(n.flagString()).append(' ')
                .append(n.replicaOf != null ? n.replicaOf.id : "-").append(' ')
                .append(n.myself ? 0 : n.pingSent).append(' ')
                .append(pong(n, now)).append(' ')
                .append(!n.master && n.replicaOf != null ? n.replicaOf.configEpoch : n.configEpoch).append(' ')
                .append(n.myself || n.linkConnected ? "connected" : "disconnected");
        if (n.master) {
            for (SlotRanges.Range r : v.slotsOf(n)) {
                sb.append(' ').append(r);
            }
        }
        if (n.myself) {
            for (int s = 0; s < HashSlots.SLOTS; s++) {
                ClusterNode to = v.migratingTo(s);
                if (to != null) {
                    sb.append(" [").append(s).append("->-").append(to.id).append(']');
                }
                ClusterNode from = v.importingFrom(s);
                if (from != null) {
                    sb.append(" [").append(s).append("-<-").append(from.id).append(']');
                }
            }
        }
    }

    /** The last PONG time this view holds; myself reads whole seconds as gossip does. */
    private static long pong(ClusterNode n, long now) {
        if (n.myself) {
            return now / 1000 * 1000;
        }
        return n.pongReceived;
    }

    /** CLUSTER SLOTS: one entry per run of slots with the same owner; replicas that are not FAIL and have synced. */
    public static RespValue slots(ClusterView v) {
        List<RespValue> out = new ArrayList<>();
        int start = -1;
        ClusterNode cur = null;
        for (int s = 0; s <= HashSlots.SLOTS; s++) {
            ClusterNode n = s < HashSlots.SLOTS ? v.slots[s] : null;
            if (n != cur || s == HashSlots.SLOTS) {
                if (cur != null) {
                    out.add(slotEntry(v, start, s - 1, cur));
                }
                cur = n;
                start = s;
            }
        }
        return Replies.array(out);
    }

    private static RespValue slotEntry(ClusterView v, int start, int end, ClusterNode master) {
        List<RespValue> e = new ArrayList<>();
        e.add(Replies.integer(start));
        e.add(Replies.integer(end));
        e.add(slotNode(v, master));
        for (ClusterNode r : v.replicasOf(master)) {
            if (r.fail || v.offsetOf(r) == 0) {
                continue;
            }
            e.add(slotNode(v, r));
        }
        return Replies.array(e);
    }

    private static RespValue slotNode(ClusterView v, ClusterNode n) {
        String type = v.config().get("cluster-preferred-endpoint-type");
        RespValue endpoint = "unknown-endpoint".equals(type) ? Replies.NULL_BULK : Replies.bulk(v.endpoint(n));
        RespValue meta = "ip".equals(type) ? Replies.EMPTY_MAP
                : Replies.map(List.of(Replies.bulk("ip"), Replies.bulk(n.ip)));
        return Replies.array(endpoint, Replies.integer(n.port), Replies.bulk(n.id), meta);
    }

    /** CLUSTER SHARDS as 7.0 builds it: one shard per master (slotless ones too), master first. */
    public static RespValue shards(ClusterView v) {
        List<RespValue> out = new ArrayList<>();
        for (ClusterNode n : v.nodes()) {
            if (!n.master) {
                continue;
            }
            List<RespValue> slots = new ArrayList<>();
            for (SlotRanges.Range r : v.slotsOf(n)) {
                slots.add(Replies.integer(r.start()));
                slots.add(Replies.integer(r.end()));
            }
            List<RespValue> members = new ArrayList<>();
            members.add(shardNode(v, n));
            for (ClusterNode r : v.replicasOf(n)) {
                members.add(shardNode(v, r));
            }
            out.add(Replies.map(List.of(Replies.bulk("slots"), Replies.array(slots),
                    Replies.bulk("nodes"), Replies.array(members))));
        }
        return Replies.array(out);
    }

    private static RespValue shardNode(ClusterView v, ClusterNode n) {
        long offset = v.offsetOf(n);
        String health = n.fail ? "fail" : (!n.master && offset == 0 ? "loading" : "online");
        return Replies.map(List.of(
                Replies.bulk("id"), Replies.bulk(n.id),
                Replies.bulk("port"), Replies.integer(n.port),
                Replies.bulk("ip"), Replies.bulk(n.ip),
                Replies.bulk("endpoint"), Replies.bulk(v.endpoint(n)),
                Replies.bulk("role"), Replies.bulk(n.master ? "master" : "replica"),
                Replies.bulk("replication-offset"), Replies.integer(offset),
                Replies.bulk("health"), Replies.bulk(health)));
    }

    /** CLUSTER REPLICAS / SLAVES of a master id. */
    public static RespValue replicas(ClusterView v, byte[] idArg, long now) {
        String id = new String(idArg, java.nio.charset.StandardCharsets.UTF_8);
        ClusterNode n = v.node(id);
        if (n == null) {
            return Replies.rawError("ERR Unknown node " + Replies.rawText(idArg));
        }
        if (!n.master) {
            return Replies.error("ERR The specified node is not a master");
        }
        List<RespValue> out = new ArrayList<>();
        for (ClusterNode r : v.replicasOf(n)) {
            out.add(Replies.bulk(line(v, r, now)));
        }
        return Replies.array(out);
    }

    /** CLUSTER LINKS: an outbound and an inbound link per other node whose link is up. */
    public static RespValue links(ClusterView v, long createdMillis) {
        List<RespValue> out = new ArrayList<>();
        for (ClusterNode n : v.nodes()) {
            if (n.myself || !n.linkConnected) {
                continue;
            }
            out.add(link("to", n, createdMillis));
            out.add(link("from", n, createdMillis));
        }
        return Replies.array(out);
    }

    private static RespValue link(String direction, ClusterNode n, long created) {
        return Replies.map(List.of(
                Replies.bulk("direction"), Replies.bulk(direction),
                Replies.bulk("node"), Replies.bulk(n.id),
                Replies.bulk("create-time"), Replies.integer(created),
                Replies.bulk("events"), Replies.bulk("r"),
                Replies.bulk("send-buffer-allocated"), Replies.integer(0),
                Replies.bulk("send-buffer-used"), Replies.integer(0)));
    }
}
