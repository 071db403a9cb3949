package dev.rcsim.replication;

import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.command.Blocking;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.BlockedState;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;
import dev.rcsim.server.ReplicationFeed;
import dev.rcsim.cluster.ReplicationControl;
import dev.rcsim.replication.ReplBacklog.Entry;
import dev.rcsim.time.SimClock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node's replication state and stream, as INFO replication, ROLE and WAIT report it.
 *
 * <p>A master counts every write it propagates (its RESP encoding, as Redis's master_repl_offset) and
 * hands it to each replica's event loop, in order; the replica runs it as its master link (no
 * redirection, no READONLY check, no reply) and acknowledges the offset back on the master's loop.
 * Like Redis, a master sends {@code PING} down the stream every {@code repl-ping-replica-period}
 * seconds of the simulator clock.
 *
 * <p>Replication ids, the backlog and PSYNC follow Redis 7.0 (replication.c): every node has a
 * replication id ({@code master_replid}) and offset; a master (and a replica, from its master's
 * stream) keeps the last {@code repl-backlog-size} bytes of its stream as a backlog. A replica
 * (re)pointed at a master asks to continue from its own id and offset + 1
 * ({@code masterTryPartialResynchronization}): when the master's id, or its previous id
 * ({@code master_replid2}) up to {@code second_repl_offset}, matches and the backlog still covers
 * that offset, the replica keeps its dataset and gets only the missing part of the backlog
 * ({@code +CONTINUE}, {@code sync_partial_ok}); otherwise its dataset is replaced by a copy of the
 * master's ({@code sync_partial_err} and {@code sync_full}). A promoted replica shifts its ids
 * ({@code shiftReplicationId}); a master creating its backlog for its first replica takes a new id.
 *
 * <p>Differs from Redis: there is no RDB transfer (a full sync copies the master's dataset at once),
 * the stream starts with one {@code PING} at attach time so a fresh replica already has a non-zero
 * offset, acknowledgements are sent after each batch of the stream the replica applies (the commands
 * that reached it in one event-loop turn) instead of once per second, WAIT
 * waits for the master's offset at WAIT time rather than the client's last write, the backlog is
 * trimmed by whole commands (Redis trims 16 KB blocks) and is never freed by {@code repl-backlog-ttl},
 * and a replica never asks for a full sync with {@code PSYNC ? -1} (a restarted node has a fresh id,
 * so it fails the partial resync and full-syncs, as a Redis without persistence does).
 */
public final class Replication implements ReplicationFeed, ReplicationControl {
    private static final byte[][] PING = {"PING".getBytes()};
    private static final byte[] SELECT = "SELECT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** SELECT 0..15, shared (the stream's SELECTs are the only entries whose first element is {@link #SELECT}). */
    private static final byte[][][] SELECTS = new byte[16][][];

    static {
        for (int i = 0; i < SELECTS.length; i++) {
            SELECTS[i] = select(i);
        }
    }
    private static final RespValue WAIT_ON_REPLICA = Replies.error("ERR WAIT cannot be used with replica instances. "
            + "Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the "
            + "default) writes to replicas are just local and are not propagated.");

    static final String NO_ID = "0000000000000000000000000000000000000000";
    static final long BACKLOG_MIN_SIZE = ReplBacklog.MIN_SIZE;

    private final RedisNode node;
    private volatile String replId;
    private volatile String replId2 = NO_ID;
    private volatile long secondOffset = -1;
    private volatile long masterReplOffset;
    private final ReplBacklog backlog;
    private long syncFull;
    private long syncPartialOk;
    private long syncPartialErr;

    // master side
    private final List<ReplicaLink> replicas = new CopyOnWriteArrayList<>();
    /** Redis's server.slaveseldb: the database the stream last SELECTed, -1 when it must name one again. */
    private int seldb = -1;
    private SimClock.Timer pingTimer;
    private final List<Waiter> waiters = new ArrayList<>();
    /** Replicas that connected over a client socket (SYNC / PSYNC from outside the simulator). */
    private final SocketReplicas socketReplicas = new SocketReplicas();

    // replica side
    private volatile Replication master;
    private volatile long lastIoMillis;
    // replica side, replication faults: a held stream waits here; a lagging one is applied later
    private final java.util.ArrayDeque<Held> heldStream = new java.util.ArrayDeque<>();
    private volatile boolean streamHeld;
    private volatile long streamDelayMillis;
    private long streamDueAt;
    private int streamDelayed;
    private volatile ReplicaLink myLink;
    // replica's loop: inside receiveBatch, the offset to acknowledge at its end (0: none)
    private boolean inBatch;
    private long batchAck;
    private volatile boolean syncing;
    /** Whether this master's stream reaches a replica (the simulated network); null: always. */
    public volatile java.util.function.Predicate<RedisNode> reachable;

    /**
     * A replica attached to this master, and the offset it last acknowledged. The stream crosses to the
     * replica's loop in batches: the master appends each command to {@code pending} and hands the
     * replica one task per batch (not one per command), which applies the batch in order and sends one
     * acknowledgement for it.
     */
    private static final class ReplicaLink implements Runnable {
        final Replication master;
        final Replication replica;
        volatile long ackOffset;
        /** The link was cut by the network: nothing more flows until a new sync. */
        volatile boolean broken;
        /** Master's loop: when the stream queued for the replica went over the replica class's soft limit (s), or 0. */
        long obufSoftLimitReachedSeconds;
        /** Closed by the master (output buffer limit): what the replica had not taken is lost with it. */
        volatile boolean closed;
        // guarded by this: commands sent but not yet taken by the replica's loop
        private java.util.ArrayDeque<Entry> pending = new java.util.ArrayDeque<>();
        private boolean handedOver;

        ReplicaLink(Replication master, Replication replica) {
            this.master = master;
            this.replica = replica;
        }

        /** Master's loop: queues one command, handing the replica a batch task if none is waiting. */
        void send(Entry e) {
            boolean handOver;
            synchronized (this) {
                pending.add(e);
                handOver = !handedOver;
                handedOver = true;
            }
            if (handOver) {
                replica.node.loop().execute(this);
            }
        }

        /** Replica's loop: applies the batch that arrived. */
        @Override
        public void run() {
            java.util.ArrayDeque<Entry> batch;
            synchronized (this) {
                batch = pending;
                pending = new java.util.ArrayDeque<>();
                handedOver = false;
            }
            replica.receiveBatch(batch, master, this);
        }
    }

    /** A command of the stream waiting (held stream or client pause), and what applies it. */
    private record Held(byte[][] argv, Runnable action) {}


    /** A client blocked in WAIT. */
    private record Waiter(Connection c, BlockedState state, long offset, long needed, SimClock.Timer[] timer) {}

    @Override
    public boolean linkedTo(RedisNode master) {
        return masterNode() == master && linkUp();
    }

    @Override
    public void syncFrom(RedisNode master) {
        sync(master, node);
    }

    @Override
    public void promote() {
        promote(node);
    }

    /** The replication part of {@code node}. */
    public static Replication of(RedisNode node) {
        return (Replication) node.replication();
    }

    public Replication(RedisNode node) {
        this.node = node;
        this.replId = RedisNode.hex40(node.random("repl-id"));
        this.backlog = new ReplBacklog(node::config);
    }

    /** master_replid: this node's replication id (a replica's is its master's, since its last sync). */
    public String replId() {
        return replId;
    }

    /** master_replid2: the id this node's history had before its last promotion or id change, or 40 zeros. */
    public String replId2() {
        return replId2;
    }

    /** second_repl_offset: the last offset + 1 up to which {@link #replId2()} is valid, or -1. */
    public long secondOffset() {
        return secondOffset;
    }

    /** INFO stats sync_full: full resynchronisations served as a master. Read on the node's loop. */
    @Override
    public long syncFull() {
        return syncFull;
    }

    /** INFO stats sync_partial_ok: partial resynchronisations (PSYNC +CONTINUE) served as a master. */
    @Override
    public long syncPartialOk() {
        return syncPartialOk;
    }

    /** INFO stats sync_partial_err: PSYNC requests this master refused (then served with a full sync). */
    @Override
    public long syncPartialErr() {
        return syncPartialErr;
    }

    /** CONFIG RESETSTAT: clears the sync counters. Call on the node's loop. */
    @Override
    public void resetStats() {
        syncFull = 0;
        syncPartialOk = 0;
        syncPartialErr = 0;
    }

    /** master_repl_offset: bytes of stream produced (master) or applied (replica). */
    @Override
    public long offset() {
        return masterReplOffset;
    }

    public boolean isReplica() {
        return master != null;
    }

    /** The master this node replicates from, or null. */
    public RedisNode masterNode() {
        return master == null ? null : master.node;
    }

    /** Replica nodes attached to this master, in attach order. */
    public List<RedisNode> replicaNodes() {
        List<RedisNode> out = new ArrayList<>();
        for (ReplicaLink l : replicas) {
            out.add(l.replica.node);
        }
        return out;
    }

    /**
     * How many bytes of its master's stream this replica has not applied yet (0 for a master). Safe
     * from any thread.
     */
    public long lag() {
        Replication m = master;
        return m == null ? 0 : Math.max(0, m.masterReplOffset - masterReplOffset);
    }

    /**
     * Makes {@code replica} a replica of {@code master}: marks it read-only, installs the master's
     * replication feed and sends the first PING. Call before clients use either node.
     */
    public static void attach(RedisNode masterNode, RedisNode replicaNode) {
        Replication m = Replication.of(masterNode);
        Replication r = Replication.of(replicaNode);
        masterNode.call(() -> {
            r.master = m;
            r.lastIoMillis = replicaNode.clock().millis();
            replicaNode.setReplica(true);
            ReplicaLink link = new ReplicaLink(m, r);
            r.myLink = link;
            link.ackOffset = m.masterReplOffset;
            // as redis-cli --cluster create's CLUSTER REPLICATE of a fresh node: its PSYNC with its own
            // id fails, and the master serves a full sync (creating its backlog with a new id)
            m.syncPartialErr++;
            m.syncFull++;
            m.createBacklogIfNeeded();
            r.resetHistory(m.replId, m.masterReplOffset);
            m.replicas.add(link);
            masterNode.effects().replicateTo(m::propagate);
            m.feed(PING);
            m.schedulePing();
            return null;
        });
    }

    private void schedulePing() {
        if (pingTimer != null || node.loop() == null) {
            return;
        }
        long period = Math.max(1, node.config().longValue("repl-ping-replica-period")) * 1000;
        pingTimer = node.clock().schedule(node.loop(), period, () -> {
            pingTimer = null;
            if (node.isRunning() && (!replicas.isEmpty() || !socketReplicas.live().isEmpty())) {
                feed(PING);
                schedulePing();
            }
        });
    }

    /** When the replica last heard from its master's stream (clock millis). */
    @Override
    public long lastIoMillis() {
        return lastIoMillis;
    }

    /** True on a replica whose link to its master is up (master running, not cut by the network). */
    public boolean linkUp() {
        Replication m = master;
        ReplicaLink l = myLink;
        return m != null && l != null && !l.broken && m.node.isRunning();
    }

    /** True while a full sync is under way. */
    @Override
    public boolean syncing() {
        return syncing;
    }

    /**
     * Promotion (failover won, CLUSTER RESET of a replica): stops replicating and keeps the data, the
     * offset and the backlog; like Redis's replicationUnsetMaster it shifts the replication ids (the
     * old one becomes master_replid2, valid up to offset + 1, and a new one is drawn), so that the
     * other replicas of the old master can continue from it partially. Writes from now on are counted
     * in this node's own stream. Call on the node's loop.
     */
    public static void promote(RedisNode node) {
        Replication r = Replication.of(node);
        if (node.isReplica() || r.master != null) {
            r.shiftReplicationId();
        }
        r.master = null;
        r.myLink = null;
        node.setReplica(false);
        node.effects().replicateTo(r::propagate);
        r.seldb = -1;
    }

    /**
     * Makes {@code replicaNode} a replica of {@code masterNode} as Redis's PSYNC does: the replica asks
     * to continue from its own replication id and offset + 1; the master accepts when one of its ids
     * matches (the second only up to second_repl_offset) and its backlog still covers that offset, and
     * then sends only the missing part of its backlog (the replica keeps its dataset, and takes the
     * master's id, shifting its own to master_replid2 when they differ). Otherwise the replica's
     * dataset is replaced by a copy of the master's, taken on the master's loop (a full sync; there is
     * no RDB transfer). The master counts sync_partial_ok, or sync_partial_err and sync_full. Call on
     * the replica's loop.
     */
    public static void sync(RedisNode masterNode, RedisNode replicaNode) {
        Replication m = Replication.of(masterNode);
        Replication r = Replication.of(replicaNode);
        if (m == r || masterNode.loop() == null) {
            return;
        }
        r.syncing = true;
        r.master = null;
        r.myLink = null;
        r.replicas.clear();
        replicaNode.effects().replicateTo(null);
        replicaNode.setReplica(true);
        String psyncId = r.replId;
        long psyncOffset = r.masterReplOffset + 1;
        masterNode.loop().execute(() -> {
            if (!masterNode.isRunning()) {
                replicaNode.loop().execute(() -> r.syncing = false);
                return;
            }
            m.replicas.removeIf(l -> l.replica == r);
            List<Entry> missing = m.tryPartial(psyncId, psyncOffset);
            ReplicaLink link = new ReplicaLink(m, r);
            masterNode.effects().replicateTo(m::propagate);
            if (missing != null) {
                m.syncPartialOk++;
                link.ackOffset = psyncOffset - 1;
                m.replicas.add(link);
                m.schedulePing();
                String id = m.replId;
                replicaNode.loop().execute(() -> r.continueFrom(m, link, id, missing));
                return;
            }
            m.syncPartialErr++;
            m.syncFull++;
            m.createBacklogIfNeeded();
            int dbs = masterNode.dbCount();
            List<java.util.Map<dev.rcsim.keyspace.Bytes, Object[]>> snapshot = new ArrayList<>(dbs);
            for (int i = 0; i < dbs; i++) {
                java.util.Map<dev.rcsim.keyspace.Bytes, Object[]> db = new java.util.LinkedHashMap<>();
                dev.rcsim.keyspace.Keyspace ks = masterNode.db(i);
                ks.forEach((k, v) -> db.put(k, new Object[] {v.copy(), ks.expiryOf(k)}));
                snapshot.add(db);
            }
            long off = m.masterReplOffset;
            String id = m.replId;
            link.ackOffset = off;
            m.replicas.add(link);
            m.schedulePing();
            replicaNode.loop().execute(() -> {
                r.syncing = false;
                for (int i = 0; i < dbs && i < replicaNode.dbCount(); i++) {
                    dev.rcsim.keyspace.Keyspace ks = replicaNode.db(i);
                    ks.clear();
                    for (var e : snapshot.get(i).entrySet()) {
                        ks.set(e.getKey(), (dev.rcsim.keyspace.RedisValue) e.getValue()[0]);
                        long at = (Long) e.getValue()[1];
                        if (at >= 0) {
                            ks.expireAt(e.getKey(), at);
                        }
                    }
                    replicaNode.touchAllKeys(i);
                }
                replicaNode.effects().changed();
                r.master = m;
                r.myLink = link;
                r.resetHistory(id, off);
                r.lastIoMillis = replicaNode.clock().millis();
                if (NodeCluster.of(replicaNode).view() != null && NodeCluster.of(masterNode).view() != null) {
                    NodeCluster.of(replicaNode).view().noteOffset(NodeCluster.of(masterNode).view().myself().id(), off);
                }
            });
        });
    }

    /**
     * Master side of PSYNC (masterTryPartialResynchronization): the backlog commands from
     * {@code psyncOffset} on, or null when a full sync is needed.
     */
    private List<Entry> tryPartial(String psyncId, long psyncOffset) {
        if (!psyncId.equals(replId) && (!psyncId.equals(replId2) || psyncOffset > secondOffset)) {
            return null;
        }
        return backlog.from(psyncOffset, masterReplOffset);
    }

    /** Replica side of +CONTINUE: keeps the dataset, takes the master's id, applies the missing stream. */
    private void continueFrom(Replication m, ReplicaLink link, String masterId, List<Entry> missing) {
        syncing = false;
        master = m;
        myLink = link;
        if (!masterId.equals(replId)) {
            replId2 = replId;
            secondOffset = masterReplOffset + 1;
            replId = masterId;
        }
        backlog.activateIfNeeded(masterReplOffset + 1);
        lastIoMillis = node.clock().millis();
        if (NodeCluster.of(node).view() != null && NodeCluster.of(m.node).view() != null) {
            NodeCluster.of(node).view().noteOffset(NodeCluster.of(m.node).view().myself().id(), masterReplOffset);
        }
        for (Entry e : missing) {
            receive(e.argv(), e.end(), m, link);
        }
    }

    /** After a full sync: the master's id and offset, no second id, an empty backlog from offset + 1. */
    private void resetHistory(String id, long offset) {
        replId = id;
        replId2 = NO_ID;
        secondOffset = -1;
        masterReplOffset = offset;
        backlog.resetAt(offset + 1);
    }

    /** A master's first replica: creates the backlog, with a new id and no second id (syncCommand). */
    private void createBacklogIfNeeded() {
        if (backlog.active()) {
            return;
        }
        replId = RedisNode.hex40(node.random("repl-id"));
        replId2 = NO_ID;
        secondOffset = -1;
        backlog.resetAt(masterReplOffset + 1);
    }

    /** Redis's shiftReplicationId: the current id becomes the second one, valid up to offset + 1. */
    private void shiftReplicationId() {
        replId2 = replId;
        secondOffset = masterReplOffset + 1;
        replId = RedisNode.hex40(node.random("repl-id"));
    }

    /** Stops the PING timer (node shutdown). */
    @Override
    public void stop() {
        if (pingTimer != null) {
            pingTimer.cancel();
            pingTimer = null;
        }
    }

    /**
     * The master's feed: called on the master's loop with each write of database {@code db}, in
     * execution order. As Redis's replicationFeedSlaves, a SELECT goes first when {@code db} is not
     * the one the stream last selected.
     */
    public void propagate(int db, byte[][] argv) {
        if (db != seldb) {
            seldb = db;
            feed(db < SELECTS.length ? SELECTS[db] : select(db));
        }
        feed(argv);
    }

    private static byte[][] select(int db) {
        return new byte[][] {SELECT, Integer.toString(db).getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
    }

    private void feed(byte[][] argv) {
        long len = encodedLength(argv);
        long off = masterReplOffset + len;
        masterReplOffset = off;
        Entry sent = new Entry(argv, len, off);
        backlog.add(sent);
        socketReplicas.feed(argv);
        java.util.function.Predicate<RedisNode> canReach = reachable;
        for (ReplicaLink l : replicas) {
            Replication r = l.replica;
            if (r.master != this && !r.syncing) {
                replicas.remove(l);
                continue;
            }
            if (r.node.loop() == null || !r.node.isRunning() || l.broken) {
                continue;
            }
            if (canReach != null && !canReach.test(r.node)) {
                l.broken = true;
                continue;
            }
            l.send(sent);
            checkOutputLimit(l);
        }
    }

    /**
     * client-output-buffer-limit's replica class: the replica's output buffer is the stream sent to it
     * that it has not acknowledged yet. Over the limit, the master drops the link as Redis closes the
     * replica's client (freeClientAsync): it is no longer one of the master's replicas, and the replica
     * finds its link down and reconnects with PSYNC. Master's loop.
     */
    private void checkOutputLimit(ReplicaLink l) {
        long since = node.outputLimits().checkReplica(masterReplOffset - l.ackOffset, l.obufSoftLimitReachedSeconds,
                l.replica.node.host() + ":" + l.replica.node.port());
        if (since >= 0) {
            l.obufSoftLimitReachedSeconds = since;
            return;
        }
        l.closed = true;
        l.broken = true;
        replicas.remove(l);
    }

    /** From the master's cron: the soft limit's seconds run out also while nothing more is written. */
    @Override
    public void checkReplicaOutputLimits() {
        for (ReplicaLink l : replicas) {
            if (!l.broken && masterReplOffset > l.ackOffset) {
                checkOutputLimit(l);
            }
        }
    }

    /**
     * Replication fault: this replica stops applying its master's stream (the link is up but nothing
     * arrives, as when the replica's link stalls); the stream waits, in order, until {@link #resumeStream()}.
     */
    public void holdStream() {
        streamHeld = true;
    }

    /** Applies what the held stream queued, in order, then follows the master again. */
    public void resumeStream() {
        streamHeld = false;
        if (node.loop() == null) {
            return;
        }
        node.loop().execute(this::drainHeldStream);
    }

    /**
     * Applies what waits in the held stream, in order, until the stream is held again or a client pause
     * postpones the next command. Called on the node's loop, also when a client pause ends.
     */
    @Override
    public void drainHeldStream() {
        while (!streamHeld && !heldStream.isEmpty() && !postponedByPause(heldStream.peek().argv())) {
            heldStream.poll().action().run();
        }
    }

    /**
     * A client pause postpones the master link's commands as Redis 7.0's processCommand does (the master
     * client is not a replica client): everything under ALL, writes under WRITE. The stream carries only
     * writes, PING and SELECT.
     */
    private boolean postponedByPause(byte[][] argv) {
        dev.rcsim.server.ClientPause.Type t = node.pause().type();
        return t == dev.rcsim.server.ClientPause.Type.ALL
                || (t == dev.rcsim.server.ClientPause.Type.WRITE && !pingOrSelect(argv));
    }

    private static boolean pingOrSelect(byte[][] argv) {
        return argv == PING || (argv.length == 2 && argv[0] == SELECT);
    }

    public boolean isStreamHeld() {
        return streamHeld;
    }

    /** Replication fault: each command of the stream is applied {@code millis} of the node's clock late (0 ends it). */
    public void delayStream(long millis) {
        streamDelayMillis = Math.max(0, millis);
    }

    public long streamDelayMillis() {
        return streamDelayMillis;
    }

    /** Replica side: a batch of the stream, in order; one acknowledgement for what it applied. */
    private void receiveBatch(java.util.ArrayDeque<Entry> batch, Replication from, ReplicaLink link) {
        inBatch = true;
        try {
            for (Entry e : batch) {
                receive(e.argv(), e.end(), from, link);
            }
        } finally {
            inBatch = false;
        }
        long off = batchAck;
        if (off > 0) {
            batchAck = 0;
            from.node.loop().execute(() -> from.acknowledged(link, off));
        }
    }

    /** Replica side: applies one command of the stream (unless held or delayed), then acknowledges. */
    private void receive(byte[][] argv, long off, Replication from, ReplicaLink link) {
        if (streamHeld || !heldStream.isEmpty() || postponedByPause(argv)) {
            heldStream.add(new Held(argv, () -> delayOrApply(argv, off, from, link)));
            return;
        }
        delayOrApply(argv, off, from, link);
    }

    private void delayOrApply(byte[][] argv, long off, Replication from, ReplicaLink link) {
        long delay = streamDelayMillis;
        if (delay > 0 || streamDelayed > 0) {
            long now = node.clock().millis();
            long due = Math.max(now + delay, streamDueAt);
            streamDueAt = due;
            streamDelayed++;
            node.clock().schedule(node.loop(), due - now, () -> {
                streamDelayed--;
                if (streamHeld || !heldStream.isEmpty() || postponedByPause(argv)) {
                    heldStream.add(new Held(argv, () -> apply(argv, off, from, link)));
                } else {
                    apply(argv, off, from, link);
                }
            });
            return;
        }
        apply(argv, off, from, link);
    }

    private void apply(byte[][] argv, long off, Replication from, ReplicaLink link) {
        if (master != from || link != myLink || link.closed || !node.isRunning()) {
            return;
        }
        node.applyFromMaster(argv);
        backlog.add(new Entry(argv, off - masterReplOffset, off));
        masterReplOffset = off;
        socketReplicas.feed(argv);
        lastIoMillis = node.clock().millis();
        if (NodeCluster.of(node).view() != null) {
            NodeCluster.of(node).view().noteOffset(NodeCluster.of(from.node).view() != null ? NodeCluster.of(from.node).view().myself().id() : "", off);
        }
        if (inBatch) {
            batchAck = off; // acknowledged once at the end of the batch
        } else {
            from.node.loop().execute(() -> from.acknowledged(link, off));
        }
    }

    private void acknowledged(ReplicaLink link, long off) {
        if (off > link.ackOffset) {
            link.ackOffset = off;
        }
        if (NodeCluster.of(node).view() != null && NodeCluster.of(link.replica.node).view() != null) {
            NodeCluster.of(node).view().noteOffset(NodeCluster.of(link.replica.node).view().myself().id(), link.ackOffset);
        }
        wakeWaiters();
    }

    /** Completes the WAITs that enough replicas acknowledged. */
    private void wakeWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.c().blocked() != w.state()) {
                it.remove();
                continue;
            }
            long n = acked(w.offset());
            if (n >= w.needed()) {
                it.remove();
                finish(w, n);
            }
        }
    }

    private void finish(Waiter w, long n) {
        if (w.timer()[0] != null) {
            w.timer()[0].cancel();
        }
        if (w.c().blocked() == w.state()) {
            node.completeBlocked(w.c(), Replies.integer(n));
        }
    }

    private long acked(long offset) {
        long n = socketReplicas.acked(offset);
        for (ReplicaLink l : replicas) {
            if (l.ackOffset >= offset) {
                n++;
            }
        }
        return n;
    }

    /** RESP length of a command as the replication stream carries it. */
    static long encodedLength(byte[][] argv) {
        long n = 1 + digits(argv.length) + 2;
        for (byte[] a : argv) {
            n += 1 + digits(a.length) + 2 + a.length + 2;
        }
        return n;
    }

    private static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private static final RespValue NO_REPLY = new RespValue.Raw(new byte[0]);

    /**
     * SYNC / PSYNC from a client, once Redis's checks passed (syncCommand): PSYNC with an id and offset
     * the backlog covers gets {@code +CONTINUE [<replid>]} and the missing stream; otherwise a full
     * resync: {@code +FULLRESYNC <replid> <offset>} (PSYNC only), then {@code $<len>} and the RDB
     * snapshot of the node's databases ({@link dev.rcsim.keyspace.RdbWriter}), no CRLF after it, then
     * the stream from that offset on. The client becomes a replica of this node: it gets no replies any
     * more, shows in INFO replication and ROLE, and counts for WAIT through REPLCONF ACK. After
     * {@code REPLCONF rdb-only 1} the connection closes after the snapshot. Call on the node's loop.
     */
    public RespValue serveSocketReplica(Connection c, byte[][] argv) {
        if (socketReplicas.of(c) != null) {
            return NO_REPLY; // Redis ignores SYNC from a client that already is a replica
        }
        boolean psync = argv.length >= 3 && dev.rcsim.command.Args.is(argv[0], "psync");
        SocketReplicas.Conf conf = socketReplicas.conf(c);
        SocketReplicas.Replica r = new SocketReplicas.Replica(c, conf);
        r.ackMillis = node.clock().millis();
        if (master == null) {
            node.effects().replicateTo(this::propagate); // a replica forwards its master's stream instead (apply)
        }
        if (psync) {
            String id = new String(argv[1], java.nio.charset.StandardCharsets.ISO_8859_1);
            long from = Numbers.parseLong(argv[2]);
            List<Entry> missing = tryPartial(id, from);
            if (missing != null) {
                syncPartialOk++;
                StringBuilder head = new StringBuilder("+CONTINUE");
                if (conf.capaPsync2) {
                    head.append(' ').append(replId);
                }
                head.append("\r\n");
                c.setReplyMode(Connection.ReplyMode.OFF);
                c.push(new RespValue.Raw(head.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
                r.ackOffset = from - 1;
                socketReplicas.add(r);
                for (Entry e : missing) {
                    c.push(new RespValue.Raw(SocketReplicas.encode(e.argv())));
                }
                schedulePing();
                return NO_REPLY;
            }
            if (!id.startsWith("?")) {
                syncPartialErr++;
            }
        }
        syncFull++;
        createBacklogIfNeeded();
        seldb = -1; // Redis's slaveseldb = -1: the stream names its database again
        long off = masterReplOffset;
        dev.rcsim.keyspace.RdbWriter.Snapshot snap = conf.excludeData
                ? dev.rcsim.keyspace.RdbWriter.write(List.of(), aux()) : snapshot();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(snap.bytes().length + 96);
        if (psync) {
            out.writeBytes(("+FULLRESYNC " + replId + " " + off + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        if (conf.capaEof) { // repl-diskless-sync is yes, as by default in 7.0 (not settable in rcsim)
            // diskless (rdbSaveRioWithEOFMark): the length is not known up front, a random mark ends it
            byte[] mark = RedisNode.hex40(node.random("repl-mark")).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            out.writeBytes("$EOF:".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.writeBytes(mark);
            out.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.writeBytes(snap.bytes());
            out.writeBytes(mark);
        } else {
            out.writeBytes(("$" + snap.bytes().length + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.writeBytes(snap.bytes());
        }
        c.setReplyMode(Connection.ReplyMode.OFF);
        c.push(new RespValue.Raw(out.toByteArray()));
        if (conf.rdbOnly) {
            c.closeAfterReply();
            return NO_REPLY;
        }
        r.ackOffset = 0;
        socketReplicas.add(r);
        schedulePing();
        return NO_REPLY;
    }

    /** The node's databases as an RDB file, with this node's replication id and offset in its aux fields. */
    public dev.rcsim.keyspace.RdbWriter.Snapshot snapshot() {
        List<dev.rcsim.keyspace.Keyspace> dbs = new ArrayList<>(node.dbCount());
        for (int i = 0; i < node.dbCount(); i++) {
            dbs.add(node.db(i));
        }
        return dev.rcsim.keyspace.RdbWriter.write(dbs, aux());
    }

    private dev.rcsim.keyspace.RdbWriter.Aux aux() {
        return new dev.rcsim.keyspace.RdbWriter.Aux(dev.rcsim.command.ServerInfo.VERSION, node.clock().millis() / 1000,
                node.memory().used(), 0, replId, masterReplOffset);
    }

    /**
     * REPLCONF as Redis 7.0's replconfCommand: option / value pairs (listening-port, ip-address, capa,
     * rdb-only, rdb-filter-only, getack), {@code +OK}; {@code ACK <offset>} from a replica client
     * records its offset (waking WAITs) and, like GETACK, replies nothing.
     */
    public RespValue replconf(Connection c, byte[][] argv) {
        if (argv.length % 2 == 0) {
            return Replies.SYNTAX;
        }
        SocketReplicas.Conf conf = socketReplicas.conf(c);
        for (int j = 1; j < argv.length; j += 2) {
            String opt = new String(argv[j], java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
            byte[] v = argv[j + 1];
            switch (opt) {
                case "listening-port" -> {
                    try {
                        conf.listeningPort = (int) Numbers.parseLong(v);
                    } catch (NumberFormatException e) {
                        return Replies.NOT_INTEGER;
                    }
                }
                case "ip-address" -> {
                    if (v.length >= 46) {
                        return Replies.error("ERR REPLCONF ip-address provided by replica instance is too long: " + v.length + " bytes");
                    }
                    conf.ipAddress = new String(v, java.nio.charset.StandardCharsets.ISO_8859_1);
                }
                case "capa" -> {
                    if (dev.rcsim.command.Args.is(v, "psync2")) {
                        conf.capaPsync2 = true;
                    } else if (dev.rcsim.command.Args.is(v, "eof")) {
                        conf.capaEof = true;
                    }
                }
                case "ack" -> {
                    SocketReplicas.Replica r = socketReplicas.of(c);
                    if (r == null) {
                        return NO_REPLY;
                    }
                    long off;
                    try {
                        off = Numbers.parseLong(v);
                    } catch (NumberFormatException e) {
                        return NO_REPLY;
                    }
                    if (off > r.ackOffset) {
                        r.ackOffset = off;
                    }
                    r.ackMillis = node.clock().millis();
                    wakeWaiters();
                    return NO_REPLY;
                }
                case "getack" -> {
                    return NO_REPLY;
                }
                case "rdb-only" -> {
                    long x;
                    try {
                        x = Numbers.parseLong(v);
                    } catch (NumberFormatException e) {
                        return Replies.NOT_INTEGER;
                    }
                    if (x < 0 || x > 1) {
                        return Replies.error("ERR value is out of range, value must between 0 and 1");
                    }
                    conf.rdbOnly = x == 1;
                }
                case "rdb-filter-only" -> {
                    conf.excludeData = true; // an include filter: only what it names (functions) is sent
                    for (String f : new String(v, java.nio.charset.StandardCharsets.ISO_8859_1).trim().split("\\s+")) {
                        if (!f.isEmpty() && !f.equalsIgnoreCase("functions")) {
                            return Replies.error("ERR Unsupported rdb-filter-only option: " + f);
                        }
                    }
                }
                default -> {
                    return Replies.error("ERR Unrecognized REPLCONF option: " + new String(argv[j], java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        return Replies.OK;
    }

    /** WAIT numreplicas timeout: replies with the replicas that acknowledged, blocking until enough did or the timeout. */
    public static RespValue waitCommand(Connection c, byte[][] argv) {
        RedisNode node = c.node();
        Replication rep = Replication.of(node);
        if (rep.master != null) {
            return WAIT_ON_REPLICA;
        }
        long needed;
        long timeout;
        try {
            needed = Numbers.parseLong(argv[1]);
        } catch (NumberFormatException e) {
            return Replies.NOT_INTEGER;
        }
        try {
            timeout = Numbers.parseLong(argv[2]);
        } catch (NumberFormatException e) {
            return Replies.error("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0) {
            return Replies.error("ERR timeout is negative");
        }
        long offset = rep.masterReplOffset;
        long n = rep.acked(offset);
        if (n >= needed || c.denyBlocking() || c.inMulti()) {
            return Replies.integer(n);
        }
        node.block(c, argv, List.of(), 0, Replies.ZERO);
        BlockedState state = c.blocked();
        SimClock.Timer[] timer = new SimClock.Timer[1];
        Waiter w = new Waiter(c, state, offset, needed, timer);
        rep.waiters.add(w);
        if (timeout > 0) {
            timer[0] = node.clock().schedule(node.loop(), timeout, () -> {
                rep.waiters.remove(w);
                timer[0] = null;
                rep.finish(w, rep.acked(offset));
            });
        }
        return Blocking.BLOCKED;
    }

    /** The replicas attached to this master (Redis's listLength(server.slaves)). */
    public int replicaCount() {
        return replicas.size() + socketReplicas.live().size();
    }

    /** The body of INFO's "# Replication" section (each line ends with CRLF). */
    @Override
    public String infoSection() {
        StringBuilder sb = new StringBuilder(512);
        Replication m = master;
        long off = masterReplOffset;
        if (m == null) {
            sb.append("role:master\r\n");
        } else {
            long ago = (node.clock().millis() - lastIoMillis) / 1000;
            sb.append("role:slave\r\n")
                    .append("master_host:").append(m.node.host()).append("\r\n")
                    .append("master_port:").append(m.node.port()).append("\r\n")
                    .append("master_link_status:").append(linkUp() ? "up" : "down").append("\r\n")
                    .append("master_last_io_seconds_ago:").append(ago).append("\r\n")
                    .append("master_sync_in_progress:0\r\n")
                    .append("slave_read_repl_offset:").append(off).append("\r\n")
                    .append("slave_repl_offset:").append(off).append("\r\n")
                    .append("slave_priority:100\r\n")
                    .append("slave_read_only:").append(node.config().yes("replica-read-only") ? 1 : 0).append("\r\n")
                    .append("replica_announced:1\r\n");
        }
        List<SocketReplicas.Replica> outside = socketReplicas.live();
        sb.append("connected_slaves:").append(replicas.size() + outside.size()).append("\r\n");
        int i = 0;
        for (ReplicaLink l : replicas) {
            sb.append("slave").append(i++).append(":ip=").append(l.replica.node.host())
                    .append(",port=").append(l.replica.node.port())
                    .append(",state=online,offset=").append(l.ackOffset).append(",lag=0\r\n");
        }
        for (SocketReplicas.Replica r : outside) {
            sb.append("slave").append(i++).append(":ip=").append(r.ip())
                    .append(",port=").append(r.conf.listeningPort)
                    .append(",state=online,offset=").append(r.ackOffset)
                    .append(",lag=").append(Math.max(0, (node.clock().millis() - r.ackMillis) / 1000)).append("\r\n");
        }
        sb.append("master_failover_state:no-failover\r\n")
                .append("master_replid:").append(replId).append("\r\n")
                .append("master_replid2:").append(replId2).append("\r\n")
                .append("master_repl_offset:").append(off).append("\r\n")
                .append("second_repl_offset:").append(secondOffset).append("\r\n")
                .append("repl_backlog_active:").append(backlog.active() ? 1 : 0).append("\r\n")
                .append("repl_backlog_size:")
                .append(Math.max(BACKLOG_MIN_SIZE, node.config().longValue("repl-backlog-size"))).append("\r\n")
                .append("repl_backlog_first_byte_offset:").append(backlog.active() ? backlog.start() : 0).append("\r\n")
                .append("repl_backlog_histlen:").append(backlog.active() ? off - backlog.start() + 1 : 0).append("\r\n");
        return sb.toString();
    }

    /** ROLE reply: {@code master offset [[ip port offset]...]} or {@code slave host port connected offset}. */
    @Override
    public RespValue roleReply() {
        Replication m = master;
        if (m != null) {
            return Replies.array(List.of(Replies.bulk("slave"), Replies.bulk(m.node.host()),
                    Replies.integer(m.node.port()), Replies.bulk("connected"), Replies.integer(masterReplOffset)));
        }
        List<RespValue> rs = new ArrayList<>();
        for (ReplicaLink l : replicas) {
            rs.add(Replies.array(Replies.bulk(l.replica.node.host()), Replies.bulk(String.valueOf(l.replica.node.port())),
                    Replies.bulk(String.valueOf(l.ackOffset))));
        }
        for (SocketReplicas.Replica r : socketReplicas.live()) {
            rs.add(Replies.array(Replies.bulk(r.ip()), Replies.bulk(String.valueOf(r.conf.listeningPort)),
                    Replies.bulk(String.valueOf(r.ackOffset))));
        }
        return Replies.array(List.of(Replies.bulk("master"), Replies.integer(masterReplOffset), Replies.array(rs)));
    }
}
