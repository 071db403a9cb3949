package dev.rcsim.cluster;

import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.bus.BusMessage;
import dev.rcsim.bus.MessageType;
import dev.rcsim.bus.SimNetwork;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.events.EventLog;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.NodeConfig;
import dev.rcsim.server.PubSubRegistry;
import dev.rcsim.command.Redirector;
import dev.rcsim.server.NodePart;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * One node's end of the cluster bus (Redis's cluster.c): {@code clusterCron} every 100 ms of the
 * node's clock (heartbeats, handshakes, PFAIL, replica election and migration, cluster_state), and
 * {@code clusterProcessPacket} for every message the {@link SimNetwork} delivers (epochs, roles, slot
 * ownership, UPDATE, gossip and failure reports, FAIL, PUBLISH, votes, manual failover). Everything
 * reads and changes only this node's own {@link ClusterView}, on the node's event loop; random choices
 * come from a seeded source handed in by the simulator.
 *
 * <p>Differs from Redis: links are not TCP connections (a send to a stopped node fails at once, a cut
 * link drops silently; only a dropped PING is sent again once the cut heals, as TCP would deliver it), PONG times are taken from any PONG of the sender, and there is no nodes.conf
 * file (the simulator keeps the saved view in memory for a restart).
 */
public final class ClusterBus implements SimNetwork.Endpoint {
    /** The node's bus, set by {@link #install} (the last one installed). */
    private static final NodePart<ClusterBus> BUS = NodePart.named("cluster-bus");
    static final long WRITABLE_DELAY = 2000;
    static final long MF_TIMEOUT = 5000;

    final RedisNode node;
    final SimNetwork net;
    private final EventLog events;
    /** This node's streams (see {@link RedisNode#random(String)}): gossip targets, election delays, handshake ids. */
    final Random gossipRandom;
    final Random electionRandom;
    final Random idRandom;
    final String address;
    final long[] sent = new long[MessageType.values().length];
    final long[] received = new long[MessageType.values().length];
    final FailureDetector failures = new FailureDetector(this);
    final Election election = new Election(this);
    final GossipSection gossip = new GossipSection(this);
    final SlotConfig slotConfig = new SlotConfig(this);
    final PacketHandler packets = new PacketHandler(this);
    private final ClusterStateGate stateGate = new ClusterStateGate(this);
    private long iteration;
    private boolean todoState = true;
    private ClusterView routedView;
    private Router router;
    private boolean syncRequested;
    private String timeoutRaw;
    private long timeout;
    /** Set when another bus was installed for the same node (it then receives nothing). */
    private volatile boolean superseded;

    private ClusterBus(RedisNode node, SimNetwork net, EventLog events) {
        this.node = node;
        this.net = net;
        this.events = events;
        this.gossipRandom = node.random("gossip");
        this.electionRandom = node.random("election");
        this.idRandom = node.random("node-id");
        this.address = node.host() + ":" + node.port();
    }

    /**
     * Attaches {@code node} (whose {@code cluster} view is set) to the bus and starts its cron.
     * {@code formed}: the view was born agreeing (links up, heard from everyone just now, no writable
     * delay); otherwise the node starts like a restarted Redis (links down, writable delay).
     */
    public static ClusterBus install(RedisNode node, SimNetwork net, EventLog events, boolean formed) {
        ClusterBus bus = new ClusterBus(node, net, events);
        return node.call(() -> {
            long now = node.clock().millis();
            ClusterView v = NodeCluster.of(node).view();
            for (ClusterNode n : v.nodes()) {
                if (n.myself) {
                    continue;
                }
                n.ctime = now;
                if (formed) {
                    n.pongReceived = now;
                    n.dataReceived = now;
                    n.linkConnected = true;
                } else {
                    n.linkConnected = false;
                    n.pingSent = 0;
                }
            }
            bus.stateGate.firstCallTime = formed ? now - WRITABLE_DELAY : now;
            bus.attachView(v);
            NodeCluster.of(node).redirector = bus::check;
            node.pubsub().bus = bus.new Pubsub();
            NodeCluster.of(node).cron = bus::cron;
            ClusterBus old = node.part(BUS);
            node.setPart(BUS, bus);
            if (old != null && old != bus) {
                old.superseded = true;
            }
            net.register(bus.address, bus);
            return bus;
        });
    }

    /** The bus of a node, or null when it has none. */
    public static ClusterBus of(RedisNode node) {
        return node.part(BUS);
    }

    private void attachView(ClusterView v) {
        v.stateGate = stateGate::gate;
        routedView = v;
        router = new Router(v);
        router.listener = (kind, slot, message) -> {
            if (events != null) {
                int sp = message.indexOf(' ');
                String rest = kind.equals("MOVED") || kind.equals("ASK")
                        ? "to " + message.substring(message.lastIndexOf(' ') + 1)
                        : message.substring(sp + 1);
                events.redirect(address, kind, slot, rest);
            }
        };
    }

    /** Replaces the node's view (CLUSTER RESET). */
    void replaceView(ClusterView v) {
        NodeCluster.of(node).replaceView(v);
        attachView(v);
        v.updateState();
    }

    ClusterView view() {
        return NodeCluster.of(node).view();
    }

    long now() {
        return node.clock().millis();
    }

    long nodeTimeout() {
        String raw = node.config().all().get("cluster-node-timeout");
        if (raw != timeoutRaw) { // parsed again only when CONFIG SET stored a new value
            timeout = Math.max(1, NodeConfig.parseMemory(raw));
            timeoutRaw = raw;
        }
        return timeout;
    }

    void event(String type, String detail) {
        if (events != null) {
            events.record(address, type, detail);
        }
    }

    void todoUpdateState() {
        todoState = true;
    }

    @Override
    public Executor executor() {
        return node.loop();
    }

    @Override
    public boolean isAlive() {
        return node.isRunning() && NodeCluster.of(node).cron != null && !superseded;
    }

    public RedisNode redisNode() {
        return node;
    }

    // ------------------------------------------------------------------ routing

    private RespValue check(Connection c, CommandSpec spec, byte[][] argv, List<byte[][]> queued) {
        ClusterView v = NodeCluster.of(node).view();
        if (v != routedView) {
            attachView(v);
        }
        return router.check(c, spec, argv, queued);
    }

    // ------------------------------------------------------------------ cron

    private void cron() {
        if (node.gate().isPaused()) {
            return; // a paused process (SIGSTOP, DEBUG SLEEP) runs no cron and sends nothing
        }
        ClusterView v = NodeCluster.of(node).view();
        long now = now();
        long timeout = nodeTimeout();
        iteration++;
        long handshakeTimeout = Math.max(timeout, 1000);
        List<ClusterNode> table = v.table(); // live: only the current entry may be removed, then i steps back
        for (int i = 0; i < table.size(); i++) {
            ClusterNode n = table.get(i);
            if (n.myself || n.noaddr) {
                continue;
            }
            if (n.handshake && now - n.ctime > handshakeTimeout) {
                v.removeNode(n);
                i--;
                continue;
            }
            if (!n.linkConnected) {
                connect(v, n, now);
            }
        }
        expireBlacklist(v, now);
        if (iteration % 10 == 0) {
            ClusterNode oldest = null;
            List<ClusterNode> all = table;
            for (int i = 0; i < 5; i++) {
                ClusterNode n = all.get(gossipRandom.nextInt(all.size()));
                if (n.myself || n.handshake || !n.linkConnected || n.pingSent != 0) {
                    continue;
                }
                if (oldest == null || n.pongReceived < oldest.pongReceived) {
                    oldest = n;
                }
            }
            if (oldest != null) {
                sendPing(oldest, MessageType.PING);
            }
        }
        boolean updateState = false;
        for (int i = 0; i < table.size(); i++) { // sends and PFAIL flags only: the table does not change
            ClusterNode n = table.get(i);
            if (n.myself || n.noaddr || n.handshake) {
                continue;
            }
            if (n.pingLost && n.pingSent != 0 && n.linkConnected && reachable(n)) {
                resendLostPing(n);
            }
            if (n.linkConnected && now - n.linkCtime > timeout && n.pingSent != 0 && now - n.pingSent > timeout / 2
                    && now - n.dataReceived > timeout / 2) {
                n.linkConnected = false; // the link looks stuck: reconnect (and ping again) on the next run
            }
            if (n.linkConnected && n.pingSent == 0 && now - n.pongReceived > timeout / 2) {
                sendPing(n, MessageType.PING);
                continue;
            }
            if (election.isManualFailoverReplica(n)) {
                sendPing(n, MessageType.PING);
                continue;
            }
            if (n.pingSent == 0) {
                continue;
            }
            long delay = Math.min(now - n.pingSent, now - n.dataReceived);
            if (delay > timeout && !n.pfail && !n.fail) {
                v.setPfail(n, true);
                event("PFAIL", n.id + " no pong for " + delay + " ms");
                updateState = true;
                failures.markFailingIfNeeded(v, n, now);
            }
        }
        election.cron(now);
        ClusterNode me = v.myself();
        if (!me.master && me.replicaOf != null) {
            ensureReplication(me.replicaOf);
        }
        if (updateState || todoState || !v.isOk()) {
            todoState = false;
            v.updateState();
        }
    }

    private void expireBlacklist(ClusterView v, long now) {
        if (!v.blacklist.isEmpty()) {
            v.blacklist.values().removeIf(t -> t < now);
        }
    }

    /** Opens a link to a node whose link is down; the first message is a MEET for CLUSTER MEET handshakes. */
    private void connect(ClusterView v, ClusterNode n, long now) {
        if (!net.connect(address, addressOf(n))) {
            if (n.pingSent == 0) {
                n.pingSent = now; // like Redis after a failed connect: the node times out from now
            }
            return;
        }
        n.linkConnected = true;
        n.linkCtime = now;
        long old = n.pingSent;
        sendPing(n, n.meet ? MessageType.MEET : MessageType.PING);
        if (old != 0) {
            n.pingSent = old;
        }
        n.meet = false;
    }

    static String addressOf(ClusterNode n) {
        String a = n.address;
        if (a == null) {
            a = n.ip + ":" + n.port;
            n.address = a;
        }
        return a;
    }

    // ------------------------------------------------------------------ sending

    BusMessage header(MessageType type, List<BusMessage.Gossip> gossip, String aboutId, long aboutEpoch,
            BitSet aboutSlots, byte[] channel, byte[] message, int extraFlags) {
        ClusterView v = NodeCluster.of(node).view();
        ClusterNode me = v.myself();
        ClusterNode master = me.master ? me : me.replicaOf;
        long configEpoch = master != null ? master.configEpoch : me.configEpoch;
        BitSet slots = master != null ? v.sharedSlotBits(master) : new BitSet();
        int mflags = extraFlags;
        if (me.master && election.manualFailoverInProgress()) {
            mflags |= BusMessage.MF_PAUSED;
        }
        return new BusMessage(type, me.id, me.ip, me.port, v.currentEpoch(), configEpoch, me.master, me.nofailover,
                me.master || me.replicaOf == null ? null : me.replicaOf.id, slots, NodeCluster.of(node).replication().offset(), mflags,
                v.isOk(), gossip, aboutId, aboutEpoch, aboutSlots, channel, message, addressOf(me));
    }

    /** Sends a message on the link to {@code to}; a failed send marks the link down. */
    boolean send(ClusterNode to, BusMessage m) {
        if (!to.linkConnected) {
            return false;
        }
        if (!net.send(address, addressOf(to), m)) {
            to.linkConnected = false;
            return false;
        }
        sent[m.type.ordinal()]++;
        return true;
    }

    void reply(BusMessage to, BusMessage m) {
        if (net.send(address, to.senderAddress(), m)) {
            sent[m.type.ordinal()]++;
        }
    }

    void sendPing(ClusterNode to, MessageType type) {
        BusMessage m = header(type, gossip.section(), null, 0, null, null, null, 0);
        if (type == MessageType.PING || type == MessageType.MEET) {
            to.pingSent = now();
            to.pingLost = type == MessageType.PING && !reachable(to);
        }
        send(to, m);
    }

    /** True when neither direction of the link to {@code n} is cut (a PING and its PONG get through). */
    private boolean reachable(ClusterNode n) {
        String a = addressOf(n);
        return net.reachable(address, a) && net.reachable(a, address);
    }

    /**
     * The PING that a cut dropped (or whose PONG it dropped), sent again now that the link is whole:
     * Redis's TCP link never loses it, it arrives once the partition heals (retransmission) and keeps
     * its ping_sent time. Without it the node would wait for the link timeout, which the peer's own
     * PINGs keep from firing (they refresh data_received), and a PFAIL/FAIL flag would stay for good.
     */
    private void resendLostPing(ClusterNode n) {
        long old = n.pingSent;
        sendPing(n, MessageType.PING);
        n.pingSent = old;
    }

    /** Sends {@code m} to every node with a link, except handshake nodes. */
    void broadcast(BusMessage m) {
        List<ClusterNode> table = NodeCluster.of(node).view().table();
        for (int i = 0; i < table.size(); i++) { // a send never changes the table
            ClusterNode n = table.get(i);
            if (!n.myself && !n.handshake) {
                send(n, m);
            }
        }
    }

    /** A PONG to every node (after a promotion or an epoch change). */
    void broadcastPong(boolean siblingsOnly) {
        ClusterView v = NodeCluster.of(node).view();
        ClusterNode me = v.myself();
        List<ClusterNode> table = v.table();
        for (int i = 0; i < table.size(); i++) { // a send never changes the table
            ClusterNode n = table.get(i);
            if (n.myself || n.handshake || !n.linkConnected) {
                continue;
            }
            if (siblingsOnly && (n.master || me.replicaOf == null || n.replicaOf != me.replicaOf)) {
                continue;
            }
            send(n, header(MessageType.PONG, gossip.section(), null, 0, null, null, null, 0));
        }
    }

    /**
     * Redis's CLUSTER SETSLOT NODE on the importing node: after the epoch bump it broadcasts a PONG
     * so that the others learn the new owner at once instead of at the next heartbeat.
     */
    public void slotImported() {
        broadcastPong(false);
    }

    void broadcastFail(ClusterNode failing) {
        broadcast(header(MessageType.FAIL, List.of(), failing.id, 0, null, null, null, 0));
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public void receive(BusMessage m) {
        packets.receive(m);
    }

    /** Redis's clusterSetMaster: this node becomes a replica of {@code master} and replicates from it. */
    void becomeReplicaOf(ClusterView v, ClusterNode master) {
        ClusterNode me = v.myself();
        if (me.master) {
            me.master = false;
            for (int s = 0; s < HashSlots.SLOTS; s++) {
                v.migratingTo[s] = null;
                v.importingFrom[s] = null;
            }
            v.setMigrating(0, null);
        }
        me.migrateTo = false;
        v.setReplicaOf(me, master);
        election.resetManualFailover();
        event("ROLE", "replica of " + master.id);
        todoUpdateState();
        v.updateState();
        syncRequested = true;
        ensureReplication(master);
    }

    /** Connects (or reconnects) the replication link to {@code master} when it is down and reachable. */
    private void ensureReplication(ClusterNode master) {
        SimNetwork.Endpoint e = net.endpoint(addressOf(master));
        if (!(e instanceof ClusterBus mb)) {
            return;
        }
        ReplicationControl r = NodeCluster.of(node).replication();
        boolean linked = r.linkedTo(mb.node);
        if (linked && !syncRequested) {
            return;
        }
        if (r.syncing() || !net.reachable(address, mb.address) || !net.reachable(mb.address, address)) {
            return;
        }
        syncRequested = false;
        r.syncFrom(mb.node);
    }

    /** This node takes its master's slots (failover won, or TAKEOVER) and tells everyone. */
    void replaceMaster(ClusterView v) {
        ClusterNode me = v.myself();
        ClusterNode old = me.replicaOf;
        if (me.master || old == null) {
            return;
        }
        me.master = true;
        me.replicaOf = null;
        if (!v.replicasOf(old).isEmpty() || old.migrateTo) {
            me.migrateTo = true;
        }
        int taken = 0;
        for (int s = 0; s < HashSlots.SLOTS; s++) {
            if (v.slots[s] == old) {
                v.setOwner(s, me);
                taken++;
            }
        }
        NodeCluster.of(node).replication().promote();
        todoUpdateState();
        v.updateState();
        event("PROMOTED", "took " + taken + " slots of " + old.id + " with configEpoch " + me.configEpoch);
        broadcastPong(false);
        election.resetManualFailover();
    }

    /** The counters for CLUSTER INFO. */
    String statsLines() {
        StringBuilder sb = new StringBuilder();
        long total = 0;
        for (MessageType t : MessageType.values()) {
            if (sent[t.ordinal()] > 0) {
                sb.append("cluster_stats_messages_").append(t.statName()).append("_sent:").append(sent[t.ordinal()]).append("\r\n");
                total += sent[t.ordinal()];
            }
        }
        sb.append("cluster_stats_messages_sent:").append(total).append("\r\n");
        total = 0;
        for (MessageType t : MessageType.values()) {
            if (received[t.ordinal()] > 0) {
                sb.append("cluster_stats_messages_").append(t.statName()).append("_received:").append(received[t.ordinal()]).append("\r\n");
                total += received[t.ordinal()];
            }
        }
        sb.append("cluster_stats_messages_received:").append(total).append("\r\n");
        return sb.toString();
    }

    /** PUBLISH and SPUBLISH over the bus: to every node, or to this node's shard. */
    private final class Pubsub implements PubSubRegistry.Bus {
        @Override
        public void publish(Bytes channel, byte[] message) {
            broadcast(header(MessageType.PUBLISH, List.of(), null, 0, null, channel.bytes(), message, 0));
        }

        @Override
        public void spublish(Bytes channel, byte[] message) {
            ClusterView v = NodeCluster.of(node).view();
            ClusterNode me = v.myself();
            ClusterNode master = me.master ? me : me.replicaOf;
            if (master == null) {
                return;
            }
            BusMessage m = header(MessageType.PUBLISHSHARD, List.of(), null, 0, null, channel.bytes(), message, 0);
            if (!master.myself) {
                send(master, m);
            }
            for (ClusterNode r : v.replicasOf(master)) {
                if (!r.myself) {
                    send(r, m);
                }
            }
        }
    }
}
