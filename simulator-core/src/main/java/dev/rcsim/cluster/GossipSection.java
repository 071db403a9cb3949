package dev.rcsim.cluster;

import dev.rcsim.bus.BusMessage;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The gossip section of one node's PING/PONG/MEET messages (Redis's {@code clusterSetGossipEntry},
 * {@code clusterProcessGossipSection}, {@code clusterStartHandshake}): which nodes a message tells
 * about, what the receiver learns from it (failure reports, PONG times, new nodes to handshake with).
 * Touched only on the node's event loop.
 *
 * <p>Differs from Redis: an entry is an immutable record shared by the messages in flight while the
 * node it describes does not change (Redis writes it into each packet).
 */
final class GossipSection {
    private final ClusterBus bus;
    private long gossipStamp;

    GossipSection(ClusterBus bus) {
        this.bus = bus;
    }

    /**
     * The gossip section: about a tenth of the known nodes (at least 3), plus every PFAIL bus.node. Picks
     * are marked with a per-call stamp instead of searched for in the chosen list.
     */
    List<BusMessage.Gossip> section() {
        ClusterView v = NodeCluster.of(bus.node).view();
        List<ClusterNode> all = v.table();
        int size = all.size();
        int fresh = size - 2;
        int wanted = Math.min(Math.max(3, size / 10), fresh);
        List<ClusterNode> pfail = v.pfailNodes();
        List<BusMessage.Gossip> out = new ArrayList<>(Math.max(0, wanted) + pfail.size());
        long stamp = ++gossipStamp;
        int chosen = 0;
        int maxIter = wanted * 3;
        while (fresh > 0 && chosen < wanted && maxIter-- > 0) {
            ClusterNode n = all.get(bus.gossipRandom.nextInt(size));
            if (n.myself || n.pfail) {
                continue;
            }
            if (n.handshake || n.noaddr || (!n.linkConnected && !v.hasSlots(n))) {
                fresh--;
                continue;
            }
            if (n.gossipMark == stamp) {
                continue;
            }
            n.gossipMark = stamp;
            out.add(gossipEntry(n));
            chosen++;
            fresh--;
        }
        for (int i = 0; i < pfail.size(); i++) {
            ClusterNode n = pfail.get(i);
            if (!n.handshake && !n.noaddr && !n.myself) {
                out.add(gossipEntry(n));
            }
        }
        return out;
    }

    /**
     * The gossip entry about {@code n}: the one built last time when nothing it shows changed since
     * (entries are immutable, so the messages in flight share them instead of each holding a copy).
     */
    static BusMessage.Gossip gossipEntry(ClusterNode n) {
        BusMessage.Gossip g = n.lastGossip;
        long pong = n.pongReceived / 1000;
        if (g != null && g.pingSent() == n.pingSent && g.pongReceived() == pong && g.master() == n.master
                && g.pfail() == n.pfail && g.fail() == n.fail && g.handshake() == n.handshake && g.noaddr() == n.noaddr) {
            return g;
        }
        g = new BusMessage.Gossip(n.id, n.ip, n.port, n.master, n.pfail, n.fail, n.handshake, n.noaddr, n.pingSent, pong);
        n.lastGossip = g;
        return g;
    }

    static ClusterNode handshakeNode(ClusterView v, String ip, int port) {
        for (ClusterNode n : v.nodes()) {
            if (n.handshake && n.port == port && n.ip.equals(ip)) {
                return n;
            }
        }
        return null;
    }

    void process(ClusterView v, ClusterNode sender, BusMessage m, long now, boolean meetOnly) {
        for (BusMessage.Gossip g : m.gossip) {
            ClusterNode n = v.node(g.id());
            if (n != null) {
                if (meetOnly) {
                    continue;
                }
                if (sender != null && sender.master && !n.myself) {
                    if (g.pfail() || g.fail()) {
                        if (bus.failures.addReport(n, sender, now)) {
                            bus.event("FAILURE_REPORT", n.id + " from " + sender.id);
                        }
                        bus.failures.markFailingIfNeeded(v, n, now);
                    } else if (bus.failures.removeReport(n, sender)) {
                        bus.event("FAILURE_REPORT_REMOVED", n.id + " from " + sender.id);
                    }
                }
                if (!g.pfail() && !g.fail() && n.pingSent == 0 && bus.failures.count(n, now) == 0) {
                    long pong = g.pongReceived() * 1000;
                    if (pong <= now + 500 && pong > n.pongReceived) {
                        n.pongReceived = pong;
                    }
                }
            } else if (sender != null && !g.noaddr() && !g.handshake() && !v.blacklist.containsKey(g.id())
                    && handshakeNode(v, g.ip(), g.port()) == null) {
                startHandshake(v, g.ip(), g.port(), false);
            }
        }
    }

    /** Starts a handshake with ip:port (CLUSTER MEET, or a node learned from gossip). */
    void startHandshake(ClusterView v, String ip, int port, boolean meet) {
        if (handshakeNode(v, ip, port) != null) {
            return;
        }
        ClusterNode h = v.addNode(RedisNode.hex40(bus.idRandom), ip, port);
        h.handshake = true;
        h.meet = meet;
        h.linkConnected = false;
        h.ctime = bus.now();
    }
}
