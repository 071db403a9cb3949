package dev.rcsim.server;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.Keyspace;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.time.RandomStreams;
import dev.rcsim.time.SimClock;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated Redis server: its port, configuration, databases, clients, pub/sub, blocked clients
 * and watched keys. Everything runs on one event loop, one command at a time, like Redis's main
 * thread. Its parts of the upper layers (command processor, replication, cluster) are final fields made
 * in the constructor through {@link NodeParts}.
 */
public final class RedisNode {
    private static final Logger log = LoggerFactory.getLogger(RedisNode.class);

    private final NodeConfig config;
    private final SimClock clock;
    private final RandomStreams randoms;
    private final Random random;
    private final String runId;
    private final CommandProcessor commands;
    private final Keyspace[] dbs;
    private final NodeStats stats = new NodeStats();
    private final ClientRegistry clients = new ClientRegistry(this);
    private final PubSubRegistry pubsub = new PubSubRegistry();
    private final Map<Connection.WatchedKey, Set<Connection>> watchers = new HashMap<>();
    private final Map<Connection.WatchedKey, LinkedHashSet<Connection>> blockedOnKey = new HashMap<>();
    private final LinkedHashSet<Connection.WatchedKey> readyKeys = new LinkedHashSet<>();
    private final long startMillis;
    private final ReplicationFeed replication;
    private final ClusterHooks clusterPart;
    private final ClientGate gate = new ClientGate(this);
    private final ClientPause pause = new ClientPause(this);
    private final dev.rcsim.acl.AclUsers acl = new dev.rcsim.acl.AclUsers();
    private final MaxMemory memory;
    private final Random keyRandom;
    private boolean applyingFromMaster;
    private final OutputBufferLimits outputLimits = new OutputBufferLimits(this);
    private final Monitors monitors = new Monitors(this);
    private final SlowLog slowlog = new SlowLog(this);
    private final KeyEvents keyEvents = new KeyEvents(pubsub);
    private final KeyspaceHooks hooks = new KeyspaceHooks(this);
    private final Tracking tracking = new Tracking(this);
    private EventLoop loop;
    private Channel serverChannel;
    private SimClock.Timer cron;
    private volatile boolean running;
    private long protoMaxBulkLen;
    private long queryBufferLimit;
    /** hz (clamped to 1..500) and active-expire-effort, parsed once per CONFIG SET for the cron. */
    private int cronHz;
    private int activeExpireEffort;

    /** DEBUG SET-ACTIVE-EXPIRE: when false the cron runs no active expiry (lazy expiry stays). */
    private volatile boolean activeExpireEnabled = true;
    /** The dirty counter and the running command's replication effect (Redis's server.dirty, alsoPropagate). */
    private final WriteEffects effects = new WriteEffects();
    /** LASTSAVE, rdb_last_save_time: the start, then each SAVE/BGSAVE (seconds on the node's clock). */
    private long lastSaveSeconds;
    /** True when this node is a replica: keyless writes get -READONLY. */
    private volatile boolean replica;
    /** What SHUTDOWN does instead of only stopping this node (the simulator also forgets it), or null. */
    private Runnable shutdownHook;
    private Connection masterLink;
    private long lastClusterCron;

    /** A node drawing from {@code random}'s next value as its seed (see {@link #RedisNode(NodeConfig, SimClock, RandomStreams, NodeParts)}). */
    public RedisNode(NodeConfig config, SimClock clock, Random random, NodeParts parts) {
        this(config, clock, RandomStreams.seeded(random.nextLong()), parts);
    }

    /**
     * A node whose random choices come from the named streams of {@code randoms} (one run of one node):
     * {@code run-id}, {@code commands} (SRANDMEMBER, RANDOMKEY, SPOP...: {@link #random()}), {@code keyspace}
     * (active expiry, eviction and LFU samples), and what the layers above draw through {@link #random(String)}.
     * {@code parts} makes this node's command processor, replication part and cluster part (see {@link
     * NodeParts}); {@code node.StandardNode} is the usual maker.
     */
    public RedisNode(NodeConfig config, SimClock clock, RandomStreams randoms, NodeParts parts) {
        this.config = config;
        this.clock = clock;
        this.randoms = randoms;
        this.random = randoms.stream("commands");
        this.runId = hex40(randoms.stream("run-id"));
        this.startMillis = clock.millis();
        this.lastSaveSeconds = startMillis / 1000;
        int n = Integer.parseInt(config.get("databases"));
        this.dbs = new Keyspace[n];
        boolean cluster = config.clusterEnabled();
        // the keyspace's own sub-stream (active expiry, eviction samples, LFU)
        this.keyRandom = randoms.stream("keyspace");
        for (int i = 0; i < n; i++) {
            dbs[i] = new Keyspace(clock::millis, cluster && i == 0);
            dbs[i].keepExpiredWhile(() -> pause.isPaused() || replica); // a replica waits for its master's DEL
            dbs[i].access().seed(keyRandom.nextLong());
            dbs[i].expiredIsLiveWhile(() -> applyingFromMaster);
            dbs[i].id = i;
            dbs[i].listener(hooks);
        }
        this.memory = new MaxMemory(this, dbs, keyRandom);
        refreshLimits();
        acl.setRequirePass(config.get("requirepass"));
        acl.setPubsubDefault(config.get("acl-pubsub-default"));
        this.replication = parts.replication(this);
        this.clusterPart = parts.cluster(this);
        this.commands = parts.commands(this);
    }

    /** Keyspace notifications, tracking and replication of the keys this node deletes on its own. */
    KeyspaceHooks hooks() {
        return hooks;
    }

    /** used_memory, maxmemory and eviction of this node. */
    public MaxMemory memory() {
        return memory;
    }

    /** Where client-side faults act (pause, latency, refused connections...). */
    public ClientGate gate() {
        return gate;
    }

    /** This node's ACL users and ACL LOG (each node has its own, as each redis-server). */
    public dev.rcsim.acl.AclUsers acl() {
        return acl;
    }

    /** CLIENT PAUSE and the manual-failover pause: postponed clients, held expiry. */
    public ClientPause pause() {
        return pause;
    }

    /** Clients in MONITOR mode. */
    public Monitors monitors() {
        return monitors;
    }

    /** Keyspace notifications ({@code notify-keyspace-events}). */
    public KeyEvents keyEvents() {
        return keyEvents;
    }

    /** CLIENT TRACKING: the tracking table and invalidation messages. */
    public Tracking tracking() {
        return tracking;
    }

    /** SLOWLOG entries of this node. */
    public SlowLog slowlog() {
        return slowlog;
    }

    /** Replication state (INFO replication, ROLE, offsets); {@code Replication.of(node)} is the whole part. */
    public ReplicationFeed replication() {
        return replication;
    }

    /** The command processor; {@code NodeCommands.of(node)} is the command layer's whole part. */
    public CommandProcessor processor() {
        return commands;
    }

    /** The cluster part; {@code NodeCluster.of(node)} is the cluster layer's whole part (view, router, bus). */
    public ClusterHooks clusterPart() {
        return clusterPart;
    }

    /** A client with no connection (Redis's fake clients, like the Lua client): replies are returned, never sent. */
    public Connection fakeClient() {
        Connection c = new Connection(0, this, null);
        c.setAuthenticated(true);
        c.setReplyMode(Connection.ReplyMode.OFF);
        return c;
    }

    public static String hex40(Random random) {
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    /**
     * Readies the shared event-loop group. In a cold JVM it takes a hundred milliseconds or more (class
     * loading); {@code node.StandardNode.prepare} builds the command table on a second thread meanwhile.
     */
    public static void prepareNetwork() {
        NodeServer.group();
    }

    /** Binds the port and starts the background tasks (active expiry). */
    public RedisNode start() {
        loop = NodeServer.loopFor(clock);
        try {
            serverChannel = NodeServer.bind(this, loop, firstWord(config.get("bind")), port());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int bound = ((java.net.InetSocketAddress) serverChannel.localAddress()).getPort();
        config.set("port", String.valueOf(bound));
        running = true;
        DescriptorBudget.joined(this);
        JvmMemoryGuard.start();
        scheduleCron();
        return this;
    }

    private static final byte[] DEL = {'D', 'E', 'L'};

    /** A key deleted because its TTL passed: the replicas get a DEL, as from Redis's deleteExpiredKeyAndPropagate. */
    /** A key deleted by expiry or eviction reaches replicas as DEL (propagateDeletion). */
    void propagateDeletion(int db, Bytes key) {
        if (effects.replicating()) {
            effects.alsoPropagate(db, new byte[][] {DEL, key.bytes()});
        }
    }

    /** What commands report of their writes, and where the dispatcher sends it (replication). */
    public WriteEffects effects() {
        return effects;
    }

    private void scheduleCron() {
        int hz = cronHz;
        cron = clock.schedule(loop, 1000 / hz, () -> {
            if (!running) {
                return;
            }
            // a client pause holds expiry; a replica waits for DELs; a script on the script thread sees no key expire
            if (activeExpireEnabled && !replica && !pause.isPaused() && !commands.scriptRunning()) {
                dev.rcsim.keyspace.ActiveExpiry.cycle(dbs, keyRandom, activeExpireEffort, hz,
                        clock.isSimulated());
            }
            memory.cron();
            outputLimits.cron();
            tracking.limitUsedSlots(); // also after each command's checks; here too for a CONFIG SET on an idle node
            if (clusterPart.hasCron() && clock.millis() - lastClusterCron >= 100) {
                lastClusterCron = clock.millis();
                clusterPart.cron();
            }
            scheduleCron();
        });
    }

    /** Closes the port and every client; data is dropped. */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        DescriptorBudget.left(this);
        if (cron != null) {
            cron.cancel();
        }
        replication.stop();
        Channel ch = serverChannel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        if (loop.inEventLoop()) {
            clients.closeAll();
        } else {
            loop.submit(clients::closeAll).syncUninterruptibly();
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Runs {@code task} on this node's event loop and waits for its result. */
    public <T> T call(Callable<T> task) {
        if (loop == null || loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return loop.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public EventLoop loop() {
        return loop;
    }

    public int port() {
        return Integer.parseInt(config.get("port"));
    }

    /** The address the node announces and is known by: cluster-announce-ip if set, else its first bind address. */
    public String host() {
        String announced = config.get("cluster-announce-ip");
        return announced.isEmpty() ? firstWord(config.get("bind")) : announced;
    }

    /** What {@code s.split("\\s+")[0]} gives, without a regex (host() is asked per reply and per gossip). */
    private static String firstWord(String s) {
        int end = 0;
        while (end < s.length() && " \t\n\u000B\f\r".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return s.substring(0, end);
    }

    /** True when this node is a replica (REPLICAOF host port, CLUSTER REPLICATE): writes from clients get -READONLY. */
    public boolean isReplica() {
        return replica;
    }

    /** Makes this node a replica ({@code true}) or a master again ({@code false}); replication calls it. */
    public void setReplica(boolean replica) {
        this.replica = replica;
    }

    /** DEBUG SET-ACTIVE-EXPIRE: {@code false} stops the cron's active expiry (keys still expire lazily). */
    public void setActiveExpire(boolean enabled) {
        this.activeExpireEnabled = enabled;
    }

    /** LASTSAVE: the unix time (seconds, node clock) of the last SAVE/BGSAVE, else of the start. */
    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    /** A SAVE or BGSAVE finished now: LASTSAVE and rdb_last_save_time move to this second. */
    public void markSaved() {
        this.lastSaveSeconds = clock.millis() / 1000;
    }

    /** What SHUTDOWN runs instead of {@link #stop()} (the simulator's hook also forgets the node). */
    public void onShutdown(Runnable hook) {
        this.shutdownHook = hook;
    }

    /** SHUTDOWN's effect after its checks: the hook given to {@link #onShutdown}, else {@link #stop()}. */
    public void shutdown() {
        Runnable hook = shutdownHook;
        if (hook != null) {
            hook.run();
        } else {
            stop();
        }
    }

    public NodeConfig config() {
        return config;
    }

    /** Re-reads limits after CONFIG SET. */
    public void refreshLimits() {
        protoMaxBulkLen = config.longValue("proto-max-bulk-len");
        queryBufferLimit = config.longValue("client-query-buffer-limit");
        cronHz = Math.max(1, Math.min(500, Integer.parseInt(config.get("hz"))));
        activeExpireEffort = Integer.parseInt(config.get("active-expire-effort"));
        stats.latencyTracking = config.yes("latency-tracking");
        memory.refresh(config);
        outputLimits.load(config.get("client-output-buffer-limit"));
        slowlog.refresh(config);
        keyEvents.refresh(config);
        for (Keyspace db : dbs) {
            db.access().lfuLogFactor((int) config.longValue("lfu-log-factor"));
            db.access().lfuDecayTime(config.longValue("lfu-decay-time"));
            db.reportMisses = keyEvents.enabled(KeyEvents.KEY_MISS);
        }
    }

    /** client-output-buffer-limit, as last configured. */
    public OutputBufferLimits outputLimits() {
        return outputLimits;
    }

    long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    long queryBufferLimit() {
        return queryBufferLimit;
    }

    public SimClock clock() {
        return clock;
    }

    /** The stream of the commands' random choices (SRANDMEMBER, RANDOMKEY, SPOP, HRANDFIELD, ZRANDMEMBER, ACL GENPASS). */
    public Random random() {
        return random;
    }

    /** This node's stream named {@code name} (e.g. {@code repl-id}, {@code election}, {@code gossip}). */
    public Random random(String name) {
        return randoms.stream(name);
    }

    public String runId() {
        return runId;
    }

    public long startMillis() {
        return startMillis;
    }

    public Keyspace db(int i) {
        return dbs[i];
    }

    public int dbCount() {
        return dbs.length;
    }

    /** SWAPDB: exchanges the contents of two databases. */
    public void swapDbs(int a, int b) {
        Keyspace t = dbs[a];
        dbs[a] = dbs[b];
        dbs[b] = t;
        dbs[a].id = a;
        dbs[b].id = b;
    }

    public NodeStats stats() {
        return stats;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public PubSubRegistry pubsub() {
        return pubsub;
    }

    /**
     * Runs one command of the replication stream as this node's master link: no redirection, no
     * READONLY check, no reply (Redis's master client). Call on this node's event loop.
     */
    public void applyFromMaster(byte[][] argv) {
        if (masterLink == null) {
            masterLink = new Connection(0, this, null);
            masterLink.markReplicaLink();
            masterLink.setAuthenticated(true);
            masterLink.setReplyMode(Connection.ReplyMode.OFF);
        }
        applyingFromMaster = true;
        try {
            commands.process(masterLink, argv);
        } finally {
            applyingFromMaster = false;
        }
    }

    // ---------------------------------------------------------------- WATCH

    public void watch(Connection c, int db, Bytes key) {
        Connection.WatchedKey wk = new Connection.WatchedKey(db, key);
        if (c.watched().add(wk)) {
            watchers.computeIfAbsent(wk, k -> new HashSet<>()).add(c);
        }
    }

    public void unwatchAll(Connection c) {
        for (Connection.WatchedKey wk : c.watched()) {
            Set<Connection> s = watchers.get(wk);
            if (s != null) {
                s.remove(c);
                if (s.isEmpty()) {
                    watchers.remove(wk);
                }
            }
        }
        c.watched().clear();
        c.setWatchDirty(false);
    }

    /** Signals that a key changed: WATCH-ers fail their EXEC, clients blocked on it are retried. */
    /** True when some client WATCHes a key or is blocked on one: only then do writes need {@link #touchKey}. */
    public boolean hasKeyWaiters() {
        return !watchers.isEmpty() || !blockedOnKey.isEmpty();
    }

    public void touchKey(int db, Bytes key) {
        Connection.WatchedKey wk = new Connection.WatchedKey(db, key);
        if (!watchers.isEmpty()) {
            Set<Connection> s = watchers.get(wk);
            if (s != null) {
                for (Connection c : s) {
                    c.setWatchDirty(true);
                }
            }
        }
        if (!blockedOnKey.isEmpty() && blockedOnKey.containsKey(wk)) {
            readyKeys.add(wk);
        }
    }

    /** FLUSHDB/FLUSHALL/SWAPDB: every watched key of the db is touched. */
    public void touchAllKeys(int db) {
        for (Map.Entry<Connection.WatchedKey, Set<Connection>> e : watchers.entrySet()) {
            if (db < 0 || e.getKey().db() == db) {
                if (dbs[e.getKey().db()].exists(e.getKey().key())) {
                    for (Connection c : e.getValue()) {
                        c.setWatchDirty(true);
                    }
                }
            }
        }
    }

    /**
     * Redis's scanDatabaseForDeletedStreams: a stream key of {@code db} that clients block on and that
     * will be gone (FLUSHDB/FLUSHALL: {@code replacedWith} -1) or no longer a stream (SWAPDB with
     * {@code replacedWith}) is signalled, so a blocked XREADGROUP gets its UNBLOCKED error. Call before
     * the db changes.
     */
    public void signalDeletedStreams(int db, int replacedWith) {
        for (Connection.WatchedKey wk : blockedOnKey.keySet()) {
            if (wk.db() != db || !(dbs[db].get(wk.key()) instanceof dev.rcsim.keyspace.StreamValue)) {
                continue;
            }
            if (replacedWith < 0 || !(dbs[replacedWith].get(wk.key()) instanceof dev.rcsim.keyspace.StreamValue)) {
                readyKeys.add(wk);
            }
        }
    }

    // ---------------------------------------------------------------- blocking

    /**
     * Blocks the client on {@code keys} until one is written (the request is then run again) or the
     * timeout passes ({@code timeoutReply} is sent). A timeout of 0 waits forever.
     */
    public void block(Connection c, byte[][] argv, List<Bytes> keys, long timeoutMillis, RespValue timeoutReply) {
        if (c.blocked() != null) {
            return; // a retry that still finds nothing: stays blocked
        }
        BlockedState b = new BlockedState(argv, keys, c.db(), timeoutReply);
        c.setBlocked(b);
        for (Bytes k : keys) {
            blockedOnKey.computeIfAbsent(new Connection.WatchedKey(c.db(), k), x -> new LinkedHashSet<>()).add(c);
        }
        if (timeoutMillis > 0) {
            b.timer = clock.schedule(loop, timeoutMillis, () -> {
                if (c.blocked() == b) {
                    unblock(c);
                    c.reply(timeoutReply);
                    c.handler.drainPending();
                }
            });
        }
    }

    public int blockedClients() {
        int n = 0;
        for (Connection c : clients.all()) {
            if (c.blocked() != null) {
                n++;
            }
        }
        return n;
    }

    public int blockingKeys() {
        return blockedOnKey.size();
    }

    /** Removes the client from the blocked state without replying. */
    public void unblock(Connection c) {
        BlockedState b = c.blocked();
        if (b == null) {
            return;
        }
        c.setBlocked(null);
        if (b.timer != null) {
            b.timer.cancel();
        }
        for (Bytes k : b.keys) {
            Connection.WatchedKey wk = new Connection.WatchedKey(b.db, k);
            Set<Connection> s = blockedOnKey.get(wk);
            if (s != null) {
                s.remove(c);
                if (s.isEmpty()) {
                    blockedOnKey.remove(wk);
                }
            }
        }
    }

    /** CLIENT UNBLOCK: ends the block with the timeout reply, or with {@code error}. */
    public void unblockWith(Connection c, RespValue reply) {
        unblock(c);
        c.reply(reply);
        c.handler.drainPending();
    }

    /** Serves clients blocked on keys that became ready, in the order they blocked (Redis's handleClientsBlockedOnKeys). */
    public void handleReadyKeys() {
        if (commands.scriptRunning()) {
            return; // a script on the script thread: clients blocked on its keys are served once it ends
        }
        while (!readyKeys.isEmpty()) {
            List<Connection.WatchedKey> ready = new ArrayList<>(readyKeys);
            readyKeys.clear();
            for (Connection.WatchedKey wk : ready) {
                LinkedHashSet<Connection> waiting = blockedOnKey.get(wk);
                if (waiting == null) {
                    continue;
                }
                for (Connection c : new ArrayList<>(waiting)) {
                    BlockedState b = c.blocked();
                    if (b == null || (!b.retryWhenDeleted && !dbs[wk.db()].exists(wk.key()))) {
                        continue;
                    }
                    b.readyKey = wk.key();
                    try {
                        commands.retryBlocked(c, b.argv);
                    } finally {
                        b.readyKey = null;
                    }
                }
            }
        }
    }

    /** Finishes a blocked client whose retry produced a reply. */
    public void completeBlocked(Connection c, RespValue reply) {
        unblock(c);
        c.reply(reply);
        c.flush();
        // like Redis's processUnblockedClients (beforeSleep): the client's pipelined requests run after
        // the ready keys are served, not inside another client's command
        if (loop != null && loop.inEventLoop()) {
            loop.execute(c.handler::drainPending);
        } else {
            c.handler.drainPending();
        }
    }

    // ---------------------------------------------------------------- busy (MIGRATE)

    private Connection busyWith;

    /**
     * Marks the node busy with one client's command (MIGRATE waiting for its target: Redis's main thread
     * is blocked meanwhile). Requests of every other client then wait unexecuted until
     * {@link #endBusy()}, even those already read from the socket.
     */
    public void beginBusy(Connection c) {
        busyWith = c;
    }

    /** Ends {@link #beginBusy}: the requests that waited run, client by client. */
    public void endBusy() {
        busyWith = null;
        for (Connection c : clients.all()) {
            if (!c.pendingRequests.isEmpty() && !c.isBlocked() && c.handler != null) {
                loop.execute(c.handler::drainPending);
            }
        }
    }

    boolean busyWithOther(Connection c) {
        return busyWith != null && busyWith != c;
    }

    // ---------------------------------------------------------------- clients

    void forgetClient(Connection c) {
        monitors.remove(c);
        tracking.disable(c);
        unblock(c);
        unwatchAll(c);
        pubsub.forget(c);
    }

    /** Keys with blocked clients, for tests and INFO. */
    public Map<String, Integer> blockedKeysSnapshot() {
        Map<String, Integer> out = new LinkedHashMap<>();
        blockedOnKey.forEach((k, v) -> out.put(k.key().toString(), v.size()));
        return out;
    }

    // ---------------------------------------------------------------- parts of the layers above

    private final Object partsLock = new Object();
    private Object[] parts = new Object[0];

    /**
     * This node's value of {@code part} (see {@link NodePart}), created on first use when the part has an
     * initial value, else null until {@link #setPart} set it.
     */
    @SuppressWarnings("unchecked")
    public <T> T part(NodePart<T> part) {
        synchronized (partsLock) {
            T v = part.index < parts.length ? (T) parts[part.index] : null;
            if (v == null) {
                v = part.initial(this);
                if (v != null) {
                    store(part, v);
                }
            }
            return v;
        }
    }

    /** Sets this node's value of {@code part}. */
    public <T> void setPart(NodePart<T> part, T value) {
        synchronized (partsLock) {
            store(part, value);
        }
    }

    private void store(NodePart<?> part, Object value) {
        if (part.index >= parts.length) {
            parts = java.util.Arrays.copyOf(parts, Math.max(part.index + 1, NodePart.count()));
        }
        parts[part.index] = value;
    }

    @Override
    public String toString() {
        return "RedisNode[" + host() + ":" + port() + "]";
    }

    static Logger log() {
        return log;
    }
}
