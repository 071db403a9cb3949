package dev.rcsim.cluster;

import dev.rcsim.bus.BusMessage;
import dev.rcsim.bus.MessageType;
import dev.rcsim.bus.SimNetwork;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.events.EventLog;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.replication.Replication;
import dev.rcsim.server.Connection;
import dev.rcsim.server.PubSubRegistry;
import dev.rcsim.server.Redirector;
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
 * link drops silently), PONG times are taken from any PONG of the sender, and there is no nodes.conf
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
    private long iteration;
    private boolean todoState = true;
    private long firstCallTime;
    private long amongMinorityTime;
    private ClusterView routedView;
    private Router router;
    private boolean syncRequested;

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
            ClusterView v = node.cluster;
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
            bus.firstCallTime = formed ? now - WRITABLE_DELAY : now;
            bus.attachView(v);
            node.redirector = bus::check;
            node.pubsub().bus = bus.new Pubsub();
            node.clusterCron = bus::cron;
            node.setPart(BUS, bus);
            net.register(bus.address, bus);
            return bus;
        });
    }

    /** The bus of a node, or null when it has none. */
    public static ClusterBus of(RedisNode node) {
        return node.part(BUS);
    }

    private void attachView(ClusterView v) {
        v.stateGate = this::gate;
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
        node.cluster = v;
        attachView(v);
        v.updateState();
    }

    ClusterView view() {
        return node.cluster;
    }

    long now() {
        return node.clock().millis();
    }

    long nodeTimeout() {
        return Math.max(1, node.config().longValue("cluster-node-timeout"));
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
        return node.isRunning() && node.clusterCron != null && node.part(BUS) == this;
    }

    public RedisNode redisNode() {
        return node;
    }

    // ------------------------------------------------------------------ routing

    private RespValue check(Connection c, CommandSpec spec, byte[][] argv, List<byte[][]> queued) {
        ClusterView v = node.cluster;
        if (v != routedView) {
            attachView(v);
        }
        return router.check(c, spec, argv, queued);
    }

    // ------------------------------------------------------------------ cluster_state

    private boolean gate(boolean wantOk, boolean isOk) {
        ClusterView v = node.cluster;
        long now = now();
        boolean master = v.myself().master;
        recordMinority(v, now);
        if (master && !isOk && now - firstCallTime < WRITABLE_DELAY) {
            return false;
        }
        if (wantOk == isOk) {
            return true;
        }
        if (wantOk && master && now - amongMinorityTime < rejoinDelay()) {
            return false;
        }
        event("STATE", wantOk ? "ok" : "fail");
        return true;
    }

    /** Remembers when this node last saw fewer than size/2+1 reachable slot-owning masters. */
    private void recordMinority(ClusterView v, long now) {
        java.util.Set<ClusterNode> owners = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int reachable = 0;
        ClusterNode prev = null;
        for (ClusterNode n : v.slots) {
            if (n != prev) { // one look-up per run of slots with the same owner
                prev = n;
                if (n != null && owners.add(n) && !n.pfail && !n.fail) {
                    reachable++;
                }
            }
        }
        if (reachable < owners.size() / 2 + 1) {
            amongMinorityTime = now;
        }
    }

    private long rejoinDelay() {
        return Math.max(500, Math.min(5000, nodeTimeout()));
    }

    // ------------------------------------------------------------------ cron

    private void cron() {
        if (node.gate().isPaused()) {
            return; // a paused process (SIGSTOP, DEBUG SLEEP) runs no cron and sends nothing
        }
        ClusterView v = node.cluster;
        long now = now();
        long timeout = nodeTimeout();
        iteration++;
        long handshakeTimeout = Math.max(timeout, 1000);
        for (ClusterNode n : new ArrayList<>(v.nodes())) {
            if (n.myself || n.noaddr) {
                continue;
            }
            if (n.handshake && now - n.ctime > handshakeTimeout) {
                v.removeNode(n);
                continue;
            }
            if (!n.linkConnected) {
                connect(v, n, now);
            }
        }
        expireBlacklist(v, now);
        if (iteration % 10 == 0) {
            ClusterNode oldest = null;
            List<ClusterNode> all = new ArrayList<>(v.nodes());
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
        for (ClusterNode n : new ArrayList<>(v.nodes())) {
            if (n.myself || n.noaddr || n.handshake) {
                continue;
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
                n.pfail = true;
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
        if (net.endpoint(addressOf(n)) == null) {
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
        return n.ip + ":" + n.port;
    }

    // ------------------------------------------------------------------ sending

    BusMessage header(MessageType type, List<BusMessage.Gossip> gossip, String aboutId, long aboutEpoch,
            BitSet aboutSlots, byte[] channel, byte[] message, int extraFlags) {
        ClusterView v = node.cluster;
        ClusterNode me = v.myself();
        ClusterNode master = me.master ? me : me.replicaOf;
        long configEpoch = master != null ? master.configEpoch : me.configEpoch;
        BitSet slots = master != null ? v.slotBits(master) : new BitSet();
        int mflags = extraFlags;
        if (me.master && election.manualFailoverInProgress()) {
            mflags |= BusMessage.MF_PAUSED;
        }
        return new BusMessage(type, me.id, me.ip, me.port, v.currentEpoch(), configEpoch, me.master, me.nofailover,
                me.master || me.replicaOf == null ? null : me.replicaOf.id, slots, node.replication().offset(), mflags,
                v.isOk(), gossip, aboutId, aboutEpoch, aboutSlots, channel, message);
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

    private void reply(BusMessage to, BusMessage m) {
        if (net.send(address, to.senderAddress(), m)) {
            sent[m.type.ordinal()]++;
        }
    }

    void sendPing(ClusterNode to, MessageType type) {
        BusMessage m = header(type, gossip(), null, 0, null, null, null, 0);
        if (type == MessageType.PING || type == MessageType.MEET) {
            to.pingSent = now();
        }
        send(to, m);
    }

    /** Sends {@code m} to every node with a link, except handshake nodes. */
    void broadcast(BusMessage m) {
        for (ClusterNode n : new ArrayList<>(node.cluster.nodes())) {
            if (!n.myself && !n.handshake) {
                send(n, m);
            }
        }
    }

    /** A PONG to every node (after a promotion or an epoch change). */
    void broadcastPong(boolean siblingsOnly) {
        ClusterView v = node.cluster;
        ClusterNode me = v.myself();
        for (ClusterNode n : new ArrayList<>(v.nodes())) {
            if (n.myself || n.handshake || !n.linkConnected) {
                continue;
            }
            if (siblingsOnly && (n.master || me.replicaOf == null || n.replicaOf != me.replicaOf)) {
                continue;
            }
            send(n, header(MessageType.PONG, gossip(), null, 0, null, null, null, 0));
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

    /** The gossip section: about a tenth of the known nodes (at least 3), plus every PFAIL node. */
    private List<BusMessage.Gossip> gossip() {
        ClusterView v = node.cluster;
        List<ClusterNode> all = new ArrayList<>(v.nodes());
        int fresh = all.size() - 2;
        int wanted = Math.min(Math.max(3, all.size() / 10), fresh);
        List<BusMessage.Gossip> out = new ArrayList<>(wanted + 2);
        List<ClusterNode> chosen = new ArrayList<>(wanted);
        int maxIter = wanted * 3;
        while (fresh > 0 && chosen.size() < wanted && maxIter-- > 0) {
            ClusterNode n = all.get(gossipRandom.nextInt(all.size()));
            if (n.myself || n.pfail) {
                continue;
            }
            if (n.handshake || n.noaddr || (!n.linkConnected && !v.hasSlots(n))) {
                fresh--;
                continue;
            }
            if (chosen.contains(n)) {
                continue;
            }
            chosen.add(n);
            fresh--;
        }
        for (ClusterNode n : all) {
            if (n.pfail && !n.handshake && !n.noaddr && !n.myself) {
                chosen.add(n);
            }
        }
        for (ClusterNode n : chosen) {
            out.add(new BusMessage.Gossip(n.id, n.ip, n.port, n.master, n.pfail, n.fail, n.handshake, n.noaddr,
                    n.pingSent, n.pongReceived / 1000));
        }
        return out;
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public void receive(BusMessage m) {
        if (!node.isRunning() || node.cluster == null || node.gate().isPaused()) {
            return; // a paused node reads nothing; its peers see no PONG and time it out
        }
        received[m.type.ordinal()]++;
        ClusterView v = node.cluster;
        long now = now();
        ClusterNode sender = v.node(m.senderId);
        if (sender != null && sender.handshake) {
            sender = null;
        }
        if (sender != null && sender.myself) {
            return;
        }
        if (sender != null) {
            sender.dataReceived = now;
            if (m.currentEpoch > v.currentEpoch()) {
                v.setCurrentEpoch(m.currentEpoch);
                event("CURRENT_EPOCH", String.valueOf(m.currentEpoch));
            }
            if (m.senderIsMaster && m.configEpoch > sender.configEpoch) {
                sender.configEpoch = m.configEpoch;
            }
            sender.replOffset = m.replOffset;
            election.onHeader(sender, m);
        }
        switch (m.type) {
            case PING, PONG, MEET -> onHeartbeat(v, sender, m, now);
            case FAIL -> {
                if (sender != null) {
                    ClusterNode failing = v.node(m.aboutId);
                    if (failing != null && !failing.fail && !failing.myself) {
                        failing.fail = true;
                        failing.failTime = now;
                        failing.pfail = false;
                        event("FAIL", failing.id + " from FAIL message of " + m.senderId);
                        todoUpdateState();
                        v.updateState();
                    }
                }
            }
            case PUBLISH -> {
                if (sender != null) {
                    node.pubsub().deliver(Bytes.of(m.channel), m.message);
                }
            }
            case PUBLISHSHARD -> {
                if (sender != null) {
                    node.pubsub().deliverShard(Bytes.of(m.channel), m.message);
                }
            }
            case FAILOVER_AUTH_REQUEST -> {
                if (sender != null) {
                    election.maybeVote(sender, m, now);
                }
            }
            case FAILOVER_AUTH_ACK -> {
                if (sender != null) {
                    election.onAck(sender, m);
                }
            }
            case MFSTART -> {
                if (sender != null && sender.replicaOf == v.myself()) {
                    election.onMfStart(sender, now);
                }
            }
            case UPDATE -> {
                if (sender != null) {
                    ClusterNode n = v.node(m.aboutId);
                    if (n != null && n.configEpoch < m.aboutEpoch) {
                        if (!n.master) {
                            setNodeAsMaster(v, n);
                        }
                        n.configEpoch = m.aboutEpoch;
                        updateSlotsConfigWith(v, n, m.aboutEpoch, m.aboutSlots);
                    }
                }
            }
            default -> { }
        }
    }

    private void onHeartbeat(ClusterView v, ClusterNode sender, BusMessage m, long now) {
        if (m.type != MessageType.PONG) {
            if (sender == null && m.type == MessageType.MEET && handshakeNode(v, m.senderIp, m.senderPort) == null) {
                ClusterNode h = v.addNode(RedisNode.hex40(idRandom), m.senderIp, m.senderPort);
                h.handshake = true;
                h.linkConnected = false;
                h.ctime = now;
                processGossip(v, null, m, now, true);
            }
            reply(m, header(MessageType.PONG, gossip(), null, 0, null, null, null, 0));
        }
        if (sender == null && m.type == MessageType.PONG) {
            ClusterNode h = handshakeNode(v, m.senderIp, m.senderPort);
            if (h == null) {
                return;
            }
            v.removeNode(h);
            if (v.node(m.senderId) != null || v.blacklist.containsKey(m.senderId)) {
                return;
            }
            ClusterNode n = v.addNode(m.senderId, m.senderIp, m.senderPort);
            n.linkConnected = true;
            n.ctime = now;
            n.dataReceived = now;
            n.master = m.senderIsMaster;
            event("HANDSHAKE", "learned " + m.senderId);
            sender = n;
            if (m.currentEpoch > v.currentEpoch()) {
                v.setCurrentEpoch(m.currentEpoch);
            }
            if (m.senderIsMaster) {
                n.configEpoch = m.configEpoch;
            }
        }
        if (sender == null) {
            return;
        }
        sender.nofailover = m.senderNoFailover;
        if (m.type == MessageType.PONG) {
            sender.pongReceived = now;
            sender.pingSent = 0;
            sender.linkConnected = true;
            if (sender.pfail) {
                sender.pfail = false;
                event("PFAIL_CLEARED", sender.id);
                todoUpdateState();
            } else if (sender.fail) {
                failures.clearIfNeeded(v, sender, now);
            }
        }
        // role switch
        if (m.masterId == null) {
            if (!sender.master) {
                setNodeAsMaster(v, sender);
            }
        } else {
            ClusterNode master = v.node(m.masterId);
            if (sender.master) {
                for (int s = 0; s < HashSlots.SLOTS; s++) {
                    if (v.slots[s] == sender) {
                        v.slots[s] = null;
                    }
                }
                sender.master = false;
                sender.migrateTo = false;
                todoUpdateState();
            }
            if (master != null && sender.replicaOf != master) {
                v.setReplicaOf(sender, master);
            }
        }
        ClusterNode senderMaster = sender.master ? sender : sender.replicaOf;
        boolean dirty = senderMaster != null && (m.slots == null || !v.ownsExactly(senderMaster, m.slots));
        if (sender.master && dirty) {
            updateSlotsConfigWith(v, sender, m.configEpoch, m.slots);
        }
        if (dirty) {
            for (int s = m.slots.nextSetBit(0); s >= 0; s = m.slots.nextSetBit(s + 1)) {
                ClusterNode owner = v.slots[s];
                if (owner == sender || owner == null) {
                    continue;
                }
                if (owner.configEpoch > m.configEpoch) {
                    send(sender, header(MessageType.UPDATE, List.of(), owner.id, owner.configEpoch, v.slotBits(owner),
                            null, null, 0));
                    break;
                }
            }
        }
        ClusterNode me = v.myself();
        if (me.master && sender.master && m.configEpoch == me.configEpoch) {
            handleEpochCollision(v, sender);
        }
        processGossip(v, sender, m, now, false);
    }

    private static ClusterNode handshakeNode(ClusterView v, String ip, int port) {
        for (ClusterNode n : v.nodes()) {
            if (n.handshake && n.port == port && n.ip.equals(ip)) {
                return n;
            }
        }
        return null;
    }

    private void processGossip(ClusterView v, ClusterNode sender, BusMessage m, long now, boolean meetOnly) {
        for (BusMessage.Gossip g : m.gossip) {
            ClusterNode n = v.node(g.id());
            if (n != null) {
                if (meetOnly) {
                    continue;
                }
                if (sender != null && sender.master && !n.myself) {
                    if (g.pfail() || g.fail()) {
                        if (failures.addReport(n, sender, now)) {
                            event("FAILURE_REPORT", n.id + " from " + sender.id);
                        }
                        failures.markFailingIfNeeded(v, n, now);
                    } else if (failures.removeReport(n, sender)) {
                        event("FAILURE_REPORT_REMOVED", n.id + " from " + sender.id);
                    }
                }
                if (!g.pfail() && !g.fail() && n.pingSent == 0 && failures.count(n, now) == 0) {
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
        ClusterNode h = v.addNode(RedisNode.hex40(idRandom), ip, port);
        h.handshake = true;
        h.meet = meet;
        h.linkConnected = false;
        h.ctime = now();
    }

    private void setNodeAsMaster(ClusterView v, ClusterNode n) {
        if (n.master) {
            return;
        }
        ClusterNode old = n.replicaOf;
        if (old != null && !n.myself) {
            n.migrateTo = true; // a replica that took over from its master is a replica migration target
        }
        n.master = true;
        n.replicaOf = null;
        if (old != null && v.replicasOf(old).isEmpty()) {
            old.migrateTo = false;
        }
        todoUpdateState();
    }

    /**
     * Redis's clusterUpdateSlotsConfigWith: {@code sender} claims {@code claimed} with
     * {@code senderEpoch}; it takes every slot that is unassigned or owned with a lower configEpoch. If
     * this node's master (or this node) lost all its slots, this node follows the sender as a replica.
     */
    void updateSlotsConfigWith(ClusterView v, ClusterNode sender, long senderEpoch, BitSet claimed) {
        if (sender.myself) {
            return;
        }
        ClusterNode me = v.myself();
        ClusterNode curMaster = me.master ? me : me.replicaOf;
        ClusterNode newMaster = null;
        List<Integer> dirty = new ArrayList<>();
        int migratedOurs = 0;
        boolean changed = false;
        for (int s = claimed.nextSetBit(0); s >= 0; s = claimed.nextSetBit(s + 1)) {
            ClusterNode owner = v.slots[s];
            if (owner == sender || v.importingFrom[s] != null) {
                continue;
            }
            if (owner == null || owner.configEpoch < senderEpoch) {
                if (owner == me && node.db(0).countKeysInSlot(s) > 0) {
                    dirty.add(s);
                }
                if (owner != null && owner == curMaster) {
                    newMaster = sender;
                    migratedOurs++;
                }
                v.slots[s] = sender;
                changed = true;
            }
        }
        if (changed) {
            todoUpdateState();
            v.updateState();
        }
        if (newMaster != null && curMaster != null && !v.hasSlots(curMaster)
                && (node.config().yes("cluster-allow-replica-migration") || claimed.cardinality() == migratedOurs)) {
            event("CONFIG_CHANGE", "reconfiguring as a replica of " + sender.id);
            becomeReplicaOf(v, sender);
        } else if (!dirty.isEmpty()) {
            for (int s : dirty) {
                for (Bytes k : new ArrayList<>(node.db(0).slotKeys(s))) {
                    node.db(0).remove(k);
                    node.dirty++;
                }
            }
        }
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
        Replication r = node.replication();
        boolean linked = r.masterNode() == mb.node && r.linkUp();
        if (linked && !syncRequested) {
            return;
        }
        if (r.syncing() || !net.reachable(address, mb.address) || !net.reachable(mb.address, address)) {
            return;
        }
        syncRequested = false;
        Replication.sync(mb.node, node);
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
                v.slots[s] = me;
                taken++;
            }
        }
        Replication.promote(node);
        todoUpdateState();
        v.updateState();
        event("PROMOTED", "took " + taken + " slots of " + old.id + " with configEpoch " + me.configEpoch);
        broadcastPong(false);
        election.resetManualFailover();
    }

    /** Redis's clusterHandleConfigEpochCollision: the lower id takes a new configEpoch. */
    private void handleEpochCollision(ClusterView v, ClusterNode sender) {
        ClusterNode me = v.myself();
        if (sender.configEpoch != me.configEpoch || sender.id.compareTo(me.id) <= 0) {
            return;
        }
        v.setCurrentEpoch(v.currentEpoch() + 1);
        me.configEpoch = v.currentEpoch();
        event("EPOCH_COLLISION", "with " + sender.id + ", configEpoch now " + me.configEpoch);
    }

    /** Bump without consensus (BUMPEPOCH, FAILOVER TAKEOVER): true if the epoch changed. */
    boolean bumpEpochWithoutConsensus(ClusterView v) {
        long max = 0;
        for (ClusterNode n : v.nodes()) {
            max = Math.max(max, n.configEpoch);
        }
        ClusterNode me = v.myself();
        boolean uniqueMax = me.configEpoch == max;
        if (uniqueMax) {
            for (ClusterNode n : v.nodes()) {
                if (n != me && n.configEpoch == max) {
                    uniqueMax = false;
                }
            }
        }
        if (me.configEpoch == 0 || !uniqueMax) {
            v.setCurrentEpoch(v.currentEpoch() + 1);
            me.configEpoch = v.currentEpoch();
            event("CONFIG_EPOCH", "bumped to " + me.configEpoch + " without consensus");
            return true;
        }
        return false;
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
            ClusterView v = node.cluster;
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
