package dev.rcsim.cluster;

import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.server.NodeConfig;
import java.util.function.LongSupplier;

/**
 * What a Redis node saves in nodes.conf and loads when it restarts: its id, the node table with roles,
 * flags and configEpochs, the slot owners, currentEpoch and lastVoteEpoch. The simulator keeps it in
 * memory: {@link #load} builds the restarted node's view from the view the node had when it stopped.
 * Links, pending pings and failure reports are not saved, as in Redis.
 */
public final class NodesConf {
    private NodesConf() {}

    /** A new view for a restarted node, equal to what {@code saved} would have written to nodes.conf. */
    public static ClusterView load(ClusterView saved, NodeConfig config, LongSupplier ownOffset) {
        ClusterNode me = saved.myself();
        ClusterView v = new ClusterView(config, me.id, me.ip, me.port, ownOffset);
        for (ClusterNode o : saved.nodes()) {
            ClusterNode n = o.myself ? v.myself() : v.addNode(o.id, o.ip, o.port);
            n.cport = o.cport;
            n.master = o.master;
            v.setPfail(n, o.pfail);
            n.fail = o.fail;
            n.failTime = o.failTime;
            n.handshake = o.handshake;
            n.noaddr = o.noaddr;
            n.nofailover = o.nofailover;
            n.configEpoch = o.configEpoch;
            n.pongReceived = o.pongReceived;
            n.migrateTo = o.migrateTo;
        }
        for (ClusterNode o : saved.nodes()) {
            if (o.replicaOf != null) {
                ClusterNode m = v.node(o.replicaOf.id);
                v.node(o.id).replicaOf = m;
            }
        }
        for (int s = 0; s < HashSlots.SLOTS; s++) {
            ClusterNode o = saved.slots[s];
            v.setOwner(s, o == null ? null : v.node(o.id));
        }
        v.setCurrentEpoch(saved.currentEpoch());
        v.setLastVoteEpoch(saved.lastVoteEpoch());
        v.blacklist.putAll(saved.blacklist);
        return v; // cluster_state stays fail until the restarted node's bus re-derives it
    }
}
