package dev.rcsim;

import dev.rcsim.cluster.ClusterNode;
import dev.rcsim.cluster.ClusterView;
import dev.rcsim.cluster.HashSlots;
import dev.rcsim.bus.SimNetwork;
import dev.rcsim.cluster.ClusterBus;
import dev.rcsim.cluster.NodesConf;
import dev.rcsim.events.ClusterEvent;
import dev.rcsim.events.EventLog;
import dev.rcsim.internal.Internals;
import dev.rcsim.internal.NodeLifecycle;
import dev.rcsim.cluster.Router;
import dev.rcsim.cluster.SlotRanges;
import dev.rcsim.replication.Replication;
import dev.rcsim.server.NodeConfig;
import dev.rcsim.server.RedisNode;
import dev.rcsim.time.SimClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-JVM Redis Cluster: M masters with R replicas each, formed as {@code redis-cli --cluster create}
 * leaves a cluster (slots split the same way, config epochs 1..N in creation order, currentEpoch N,
 * replicas attached and synced), plus optional empty cluster-enabled spare nodes. Every node is a real
 * RESP server on a loopback port and routes with its own view of the cluster.
 *
 * <pre>{@code
 * try (var cluster = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).build().start()) {
 *     var jedis = new JedisCluster(cluster.seeds(HostAndPort::new));
 * }
 * }</pre>
 *
 * <p>Node ids and all other random choices come from one seed, logged at start.
 *
 * <p>Differences from a real cluster: all nodes live in one JVM; their cluster bus is simulated (no bus
 * port: messages pass through a simulated network whose links faults can cut, delay or make lossy);
 * nothing persists (a restarted node keeps its nodes.conf view and loses its data); time can be
 * simulated ({@link Builder#clock}), so waits such as {@link #awaitHealthy()} advance it instead of
 * sleeping. docs/compatibility.md lists the command-level differences.
 */
public final class RedisClusterSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisClusterSimulator.class);

    private final Builder b;
    private final long seed;
    private final List<SimNode> nodes = new CopyOnWriteArrayList<>();
    private final List<SimNode> masters = new ArrayList<>();
    private final List<SimNode> replicas = new ArrayList<>();
    private final List<SimNode> spares = new ArrayList<>();
    private final Map<SimNode, List<SimNode>> replicasOf = new LinkedHashMap<>();
    private final Map<String, SimNode> byId = new LinkedHashMap<>();
    private final List<RedisNode> running = new CopyOnWriteArrayList<>();
    private final EventLog events;
    private final List<TeachingView> uis = new CopyOnWriteArrayList<>();
    private SimNetwork network;
    private Random rnd;
    private boolean started;
    private final dev.rcsim.fault.Faults faults;

    private RedisClusterSimulator(Builder b) {
        this.b = b;
        this.seed = b.seed != null ? b.seed : new Random().nextLong();
        this.events = new EventLog(b.clock::millis);
        this.faults = Internals.faults().create(b.clock, events, this::resolveOrNull, new NodeLifecycle() {
            @Override
            public void kill(RedisNode n) {
                simNodeOf(n).stop();
            }

            @Override
            public void restart(RedisNode n) {
                RedisClusterSimulator.this.restart(simNodeOf(n));
            }

            @Override
            public SimNetwork network() {
                return network;
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates, binds and forms the cluster. */
    public synchronized RedisClusterSimulator start() {
        if (started) {
            return this;
        }
        started = true;
        log.info("rcsim: starting {} masters x {} replicas (+{} spare), seed={}", b.masters, b.replicas, b.spares, seed);
        RedisNode.prepareNetwork();
        Random rnd = new Random(seed);
        this.rnd = rnd;
        int total = b.masters * (1 + b.replicas) + b.spares;
        List<RedisNode> created = new ArrayList<>(total);
        List<String> ids = new ArrayList<>(total);
        try {
            for (int i = 0; i < total; i++) {
                NodeConfig cfg = new NodeConfig();
                cfg.set("cluster-enabled", "yes");
                cfg.set("bind", b.host);
                cfg.set("port", String.valueOf(b.basePort == 0 ? 0 : b.basePort + i));
                b.config.forEach(cfg::set);
                ids.add(RedisNode.hex40(rnd));
                RedisNode n = new RedisNode(cfg, b.clock, new Random(rnd.nextLong()));
                created.add(n.start());
                running.add(n);
            }
        } catch (RuntimeException e) {
            created.forEach(RedisNode::stop);
            throw e;
        }
        for (int i = 0; i < total; i++) {
            SimNode s = new SimNode(created.get(i), ids.get(i));
            nodes.add(s);
            byId.put(s.id(), s);
            if (i < b.masters) {
                masters.add(s);
                replicasOf.put(s, new ArrayList<>());
            } else if (i < b.masters * (1 + b.replicas)) {
                replicas.add(s);
                replicasOf.get(masters.get((i - b.masters) / b.replicas)).add(s);
            } else {
                spares.add(s);
            }
        }
        form(created);
        network = new SimNetwork(b.clock, new Random(rnd.nextLong()));
        for (RedisNode n : created) {
            install(n, true);
        }
        return this;
    }

    /** The handle of a node, also after a restart gave it a new server. */
    private SimNode simNodeOf(RedisNode n) {
        for (SimNode s : nodes) {
            if (s.redisNode() == n) {
                return s;
            }
        }
        throw new IllegalArgumentException(n + " is not a node of this cluster");
    }

    private void install(RedisNode n, boolean formed) {
        Internals.faults().manage(faults, n);
        ClusterBus bus = ClusterBus.install(n, network, events, new Random(rnd.nextLong()), formed);
        n.replication().reachable = other -> {
            String a = n.host() + ":" + n.port();
            String o = other.host() + ":" + other.port();
            return network.reachable(a, o) && network.reachable(o, a);
        };
        if (bus == null) {
            throw new IllegalStateException("bus not installed");
        }
    }

    private void form(List<RedisNode> created) {
        int formed = b.masters * (1 + b.replicas);
        List<SlotRanges.Range> split = b.masters == 0 ? List.of() : SlotRanges.split(b.masters);
        String[] hosts = new String[formed]; // read once: host() parses the bind option on each call
        int[] ports = new int[formed];
        for (int j = 0; j < formed; j++) {
            hosts[j] = nodes.get(j).host();
            ports[j] = nodes.get(j).port();
        }
        for (int i = 0; i < created.size(); i++) {
            RedisNode n = created.get(i);
            SimNode me = nodes.get(i);
            boolean member = i < formed;
            n.call(() -> {
                ClusterView v = new ClusterView(n.config(), me.id(), n.host(), n.port(), () -> n.replication().offset());
                if (member) {
                    v.setCurrentEpoch(formed);
                    for (int j = 0; j < formed; j++) {
                        ClusterNode cn = v.addNode(nodes.get(j).id(), hosts[j], ports[j]);
                        v.setConfigEpoch(cn, j + 1);
                    }
                    for (int m = 0; m < b.masters; m++) {
                        ClusterNode master = v.node(masters.get(m).id());
                        v.assign(split.get(m).start(), split.get(m).end(), master);
                        for (SimNode r : replicasOf.get(masters.get(m))) {
                            v.setReplicaOf(v.node(r.id()), master);
                        }
                    }
                }
                n.cluster = v;
                n.redirector = new Router(v);
                n.onShutdown = () -> {
                running.remove(n);
                n.stop(); // SHUTDOWN: the port closes, as a kill
            };
                return null;
            });
        }
        for (Map.Entry<SimNode, List<SimNode>> e : replicasOf.entrySet()) {
            for (SimNode r : e.getValue()) {
                Replication.attach(e.getKey().redisNode(), r.redisNode());
            }
        }
        // the initial PING reaches each replica on its loop; wait for it, then let every view start
        // from the offsets the nodes gossip right after formation
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (int i = 0; i < formed; i++) {
            RedisNode n = created.get(i);
            offsets.put(nodes.get(i).id(), n.call(() -> n.replication().offset()));
        }
        for (int i = 0; i < formed; i++) {
            RedisNode n = created.get(i);
            n.call(() -> {
                offsets.forEach((id, off) -> n.cluster.noteOffset(id, off));
                return null;
            });
        }
    }

    /**
     * Starts the teaching view of this cluster: a web page on {@code 127.0.0.1:port} (0: any free port)
     * showing every node's own view live, with buttons for faults, slot migration, failover and the
     * simulated clock. It runs on its own threads, so the page keeps showing the cluster while a test
     * stands at a breakpoint. Closed with the cluster, or by closing the handle.
     */
    public TeachingView startUi(int port) {
        return startUi("127.0.0.1", port);
    }

    /** {@link #startUi(int)} on {@code host} (e.g. {@code 0.0.0.0} to reach it from another machine). */
    public TeachingView startUi(String host, int port) {
        TeachingView ui = dev.rcsim.ui.ClusterUi.start(this, host, port);
        uis.add(ui);
        log.info("rcsim: UI at {}", ui.url());
        return ui;
    }

    /** Stops every node. */
    @Override
    public void close() {
        for (TeachingView ui : uis) {
            ui.close();
        }
        uis.clear();
        for (SimNode n : nodes) {
            n.stop();
        }
        running.clear();
    }

    /** The fault API: kill, pause, latency... on this cluster's nodes, and fault scripts. */
    public dev.rcsim.fault.Faults faults() {
        return faults;
    }

    /** Named troubleshooting scenarios (CLUSTERDOWN, lost quorum, stale topology...), each undone by its Fault's heal. */
    public dev.rcsim.fault.Scenarios scenarios() {
        return new dev.rcsim.fault.Scenarios(this);
    }

    /** The event log: PFAIL, FAIL, failure reports, elections, votes, promotions, epoch changes... */
    public EventLog events() {
        return events;
    }

    /**
     * Every node's numbers from its own view: cluster_state, slots assigned, nodes it sees ok,
     * replication offset and lag, redirects served by kind (see {@link dev.rcsim.events.NodeMetrics}).
     */
    public dev.rcsim.events.ClusterMetrics metrics() {
        List<dev.rcsim.events.NodeMetrics> out = new ArrayList<>();
        for (SimNode n : nodes) {
            out.add(NodeMetricsReader.of(n.redisNode(), n.id(), events.redirects()));
        }
        return new dev.rcsim.events.ClusterMetrics(out);
    }

    /** The metrics of one node (see {@link #metrics()}). */
    public dev.rcsim.events.NodeMetrics metrics(SimNode node) {
        return NodeMetricsReader.of(node.redisNode(), node.id(), events.redirects());
    }

    /**
     * The simulated cluster bus network (null before start); the public route to its links is {@link
     * #faults()} (partition, cut, busDelay, busLoss).
     */
    SimNetwork network() {
        return network;
    }

    /** Kills a node: its port closes, its clients are disconnected, its bus falls silent. */
    public void kill(SimNode node) {
        events.record(node.address(), "KILL", "");
        node.stop();
    }

    /**
     * Restarts a stopped (or running) node on the same port with the same id and the cluster
     * configuration it had when it stopped (as Redis reloads nodes.conf), and an empty dataset.
     */
    public synchronized SimNode restart(SimNode node) {
        RedisNode old = node.redisNode();
        if (old.isRunning()) {
            old.stop();
        }
        ClusterView saved = old.call(() -> old.cluster);
        RedisNode n = new RedisNode(old.config(), b.clock, new Random(rnd.nextLong()));
        n.gate().inheritFaults(old.gate());
        n.start();
        running.add(n);
        n.call(() -> {
            n.cluster = NodesConf.load(saved, n.config(), () -> n.replication().offset());
            n.onShutdown = () -> {
                running.remove(n);
                n.stop(); // SHUTDOWN: the port closes, as a kill
            };
            return null;
        });
        node.replace(n);
        install(n, false);
        events.record(node.address(), "RESTART", "");
        return node;
    }

    /**
     * Waits until {@code condition} holds: in simulated time it advances the clock in 100 ms steps up
     * to {@code timeout} of simulated time; in real time it polls until {@code timeout} of wall time.
     */
    public void awaitCondition(String what, java.util.function.BooleanSupplier condition, java.time.Duration timeout) {
        await(what, condition, timeout, false);
    }

    /**
     * The wait loop. {@code onEvents}: in simulated time the condition is only a function of the
     * nodes' cluster state, so it is re-checked when a cluster event was recorded (or every second),
     * and, since the nodes of a simulated cluster share one event loop, whole seconds of steps run in
     * one hand-off to that loop (the timers and the checks then run inline, with no thread switch).
     */
    private void await(String what, java.util.function.BooleanSupplier condition, java.time.Duration timeout, boolean onEvents) {
        SimClock clock = b.clock;
        if (!clock.isSimulated()) {
            long realDeadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > realDeadline) {
                    throw timeout(what, timeout);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            return;
        }
        SimulatedWait w = new SimulatedWait(condition, clock, timeout.toMillis(), onEvents);
        while (true) {
            RedisNode anchor = onEvents ? sharedLoopNode() : null;
            int r = anchor == null ? w.steps(1) : anchor.call(() -> w.steps(10));
            if (r == SimulatedWait.DONE) {
                return;
            }
            if (r == SimulatedWait.TIMED_OUT) {
                throw timeout(what, timeout);
            }
        }
    }

    /** A running node whose event loop every running node shares, or null when they are spread out. */
    private RedisNode sharedLoopNode() {
        RedisNode first = null;
        for (SimNode n : nodes) {
            if (n.isRunning()) {
                RedisNode rn = n.redisNode();
                if (first == null) {
                    first = rn;
                } else if (rn.loop() != first.loop()) {
                    return null;
                }
            }
        }
        return first;
    }

    /** The state of one wait in simulated time: 100 ms steps, condition checks, the time limit. */
    private final class SimulatedWait {
        static final int DONE = 0;
        static final int TIMED_OUT = 1;
        static final int MORE = 2;
        private final java.util.function.BooleanSupplier condition;
        private final SimClock clock;
        private final long start;
        private final long limit;
        private final boolean onEvents;
        private long seen = -1;
        private int steps;

        SimulatedWait(java.util.function.BooleanSupplier condition, SimClock clock, long limit, boolean onEvents) {
            this.condition = condition;
            this.clock = clock;
            this.start = clock.millis();
            this.limit = limit;
            this.onEvents = onEvents;
        }

        /** Runs up to {@code max} steps: check (when due), then advance 100 ms. */
        int steps(int max) {
            for (int i = 0; i < max; i++) {
                if (!onEvents || events.count() != seen || steps % 10 == 0) {
                    seen = events.count();
                    if (condition.getAsBoolean()) {
                        return DONE;
                    }
                }
                steps++;
                if (clock.millis() - start >= limit) {
                    return TIMED_OUT;
                }
                clock.advance(java.time.Duration.ofMillis(100));
            }
            return MORE;
        }
    }

    private AssertionError timeout(String what, java.time.Duration timeout) {
        StringBuilder sb = new StringBuilder("rcsim: timed out after " + timeout.toMillis() + " ms waiting for " + what
                + " (seed=" + seed + "); last events:");
        for (ClusterEvent e : events.last(30)) {
            sb.append("\n  ").append(e);
        }
        return new AssertionError(sb.toString());
    }

    /** Waits (up to 120 s of cluster time) until {@link #isHealthy()}. */
    public RedisClusterSimulator awaitHealthy() {
        return awaitHealthy(java.time.Duration.ofSeconds(120));
    }

    /** {@link #awaitHealthy()} with a limit: cluster time for a simulated clock, wall time otherwise. */
    public RedisClusterSimulator awaitHealthy(java.time.Duration limit) {
        await("a healthy cluster", this::isHealthy, limit, true);
        return this;
    }

    /**
     * Waits until another node serves the slots {@code oldMaster} owned and the cluster is healthy;
     * returns the new master.
     */
    public SimNode awaitFailover(SimNode oldMaster) {
        int slot = -1;
        for (SimNode n : nodes) {
            if (n.isRunning()) {
                RedisNode rn = n.redisNode();
                slot = rn.call(() -> {
                    ClusterView v = rn.cluster;
                    ClusterNode o = v == null ? null : v.node(oldMaster.id());
                    return o == null || v.slotsOf(o).isEmpty() ? -1 : v.slotsOf(o).get(0).start();
                });
                if (slot >= 0) {
                    break;
                }
            }
        }
        if (slot < 0) {
            throw new IllegalArgumentException(oldMaster + " owns no slots in any running node's view");
        }
        int s = slot;
        SimNode[] out = new SimNode[1];
        await("a failover of " + oldMaster, () -> {
            if (!isHealthy(oldMaster)) {
                return false;
            }
            for (SimNode n : nodes) {
                if (n != oldMaster && n.isRunning() && n.ownsSlot(s)) {
                    out[0] = n;
                    return true;
                }
            }
            return false;
        }, java.time.Duration.ofSeconds(120), true);
        return out[0];
    }

    /**
     * True when every running node of the cluster has cluster_state ok, sees all 16384 slots served by
     * running masters, agrees with the others on every slot's owner and flags no running node as
     * failing.
     */
    public boolean isHealthy() {
        return isHealthy(null);
    }

    /** {@link #isHealthy()} leaving {@code ignored} out (an old master that may still be cut off). */
    private boolean isHealthy(SimNode ignored) {
        java.util.Set<String> runningIds = new java.util.HashSet<>();
        for (SimNode n : nodes) {
            if (n.isRunning() && n != ignored) {
                runningIds.add(n.id());
            }
        }
        String reference = null;
        java.util.Set<String> owners = new java.util.LinkedHashSet<>();
        java.util.Set<String> masters = new java.util.HashSet<>();
        for (SimNode n : nodes) {
            if (!n.isRunning() || n == ignored) {
                continue;
            }
            RedisNode rn = n.redisNode();
            Object[] snap = rn.call(() -> {
                ClusterView v = rn.cluster;
                if (v == null) {
                    return null;
                }
                boolean member = v.knownNodes() > 1;
                boolean good = v.isOk();
                for (ClusterNode o : v.nodes()) { // the cheap checks first: failing flags
                    if ((o.isFailed() || o.isPfail()) && runningIds.contains(o.id())) {
                        good = false;
                    }
                }
                StringBuilder map = new StringBuilder();
                java.util.Set<String> ids = new java.util.LinkedHashSet<>();
                ClusterNode cur = null;
                for (int i = 0; i < HashSlots.SLOTS && good && member; i++) {
                    ClusterNode o = v.owner(i);
                    if (o == null || !runningIds.contains(o.id())) {
                        good = false; // an owner that is not running fails the check below anyway: stop here
                    } else if (o != cur) {
                        cur = o;
                        map.append(i).append('=').append(o.id()).append(' ');
                        ids.add(o.id());
                    }
                }
                return new Object[] {member, good, map.toString(), ids, v.myself().isMaster()};
            });
            if (snap == null) {
                continue;
            }
            if ((Boolean) snap[4]) {
                masters.add(n.id());
            }
            if (!(Boolean) snap[0]) {
                continue;
            }
            if (!(Boolean) snap[1]) {
                return false;
            }
            String map = (String) snap[2];
            if (reference == null) {
                reference = map;
                @SuppressWarnings("unchecked")
                java.util.Set<String> ids = (java.util.Set<String>) snap[3];
                owners.addAll(ids);
            } else if (!reference.equals(map)) {
                return false;
            }
        }
        for (String id : owners) {
            if (!runningIds.contains(id) || !masters.contains(id)) {
                return false;
            }
        }
        return reference != null;
    }

    /** The seed of every random choice (node ids...); pass it to {@link Builder#seed} to repeat a run. */
    public long seed() {
        return seed;
    }

    public SimClock clock() {
        return b.clock;
    }

    /** All nodes: masters, then replicas (replica k of master i at index M + i*R + k), then spares. */
    public List<SimNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The masters as formed, in slot order. */
    public List<SimNode> masters() {
        return Collections.unmodifiableList(masters);
    }

    public List<SimNode> replicas() {
        return Collections.unmodifiableList(replicas);
    }

    /** Cluster-enabled nodes outside the formed cluster. */
    public List<SimNode> spares() {
        return Collections.unmodifiableList(spares);
    }

    /** Replicas attached to {@code master} at formation. */
    public List<SimNode> replicasOf(SimNode master) {
        return Collections.unmodifiableList(replicasOf.getOrDefault(master, List.of()));
    }

    /** {@code host:port} of every node of the formed cluster. */
    public List<String> seeds() {
        List<String> out = new ArrayList<>();
        for (SimNode n : members()) {
            out.add(n.address());
        }
        return out;
    }

    /** Seeds as a client's address type, e.g. {@code cluster.seeds(HostAndPort::new)} for Jedis. */
    public <T> Set<T> seeds(BiFunction<String, Integer, T> factory) {
        Set<T> out = new LinkedHashSet<>();
        for (SimNode n : members()) {
            out.add(factory.apply(n.host(), n.port()));
        }
        return out;
    }

    /** One seed address, {@code host:port} of the first master (or first node). */
    public String seedAddress() {
        List<SimNode> m = members();
        return (m.isEmpty() ? nodes : m).get(0).address();
    }

    private List<SimNode> members() {
        List<SimNode> out = new ArrayList<>(masters);
        out.addAll(replicas);
        return out;
    }

    /** The number of hash slots of a Redis Cluster: 16384. */
    public static final int SLOTS = HashSlots.SLOTS;

    /**
     * The hash slot of {@code key}, as CLUSTER KEYSLOT answers: CRC16 of the key (or of its hash tag, the
     * part between the first {@code {}} and the next {@code }}, when that part is not empty) modulo 16384.
     * The key is taken as UTF-8 bytes.
     */
    public static int slotOf(String key) {
        return HashSlots.slot(key);
    }

    /** {@link #slotOf(String)} of a binary key. */
    public static int slotOf(byte[] key) {
        return HashSlots.slot(key);
    }

    /** The master that, in its own view, owns the slot of {@code key}; null if none does. */
    public SimNode masterFor(String key) {
        int slot = HashSlots.slot(key);
        for (SimNode m : nodes) {
            if (m.isRunning() && m.ownsSlot(slot)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Cluster administration (reshard, rebalance, check, fix) as redis-cli --cluster does it: a client
     * that enters through the first running member and sends only commands a node accepts.
     */
    public dev.rcsim.admin.ClusterAdmin admin() {
        for (SimNode n : members()) {
            if (n.isRunning()) {
                return new dev.rcsim.admin.ClusterAdmin(n.host(), n.port()).awaiter(this::awaitCondition);
            }
        }
        throw new IllegalStateException("no running node");
    }

    public SimNode node(int port) {
        for (SimNode n : nodes) {
            if (n.port() == port) {
                return n;
            }
        }
        return null;
    }

    public SimNode node(String id) {
        return byId.get(id);
    }

    /**
     * A node by {@code host:port}, {@code :port}, port, id, or a symbolic name of the cluster as formed
     * (fault scripts): {@code master:N}, {@code replica:N}, {@code replica:N.M}, {@code spare:N}; see
     * {@link NodeNames}. Null if no node has that address, port or id; an unknown symbolic name throws.
     */
    private RedisNode resolveOrNull(String ref) {
        SimNode s = byId.get(ref);
        if (s == null) {
            for (SimNode n : nodes) {
                if (n.address().equals(ref) || (":" + n.port()).equals(ref) || String.valueOf(n.port()).equals(ref)) {
                    s = n;
                    break;
                }
            }
        }
        if (s == null) {
            s = NodeNames.resolve(ref, masters, this::replicasOf, spares);
        }
        return s == null ? null : s.redisNode();
    }

    /**
     * The node a fault script names: {@code host:port}, {@code :port}, port, node id, or a symbolic name
     * of the cluster as formed at start — {@code master:N} (the N-th master, in slot order, from 0; the
     * same node as {@code masters().get(N)}, also after a failover made it a replica), {@code replica:N}
     * (the first replica formed for master N), {@code replica:N.M} (its M-th), {@code spare:N}.
     *
     * @throws IllegalArgumentException when no node has that name
     */
    public SimNode resolve(String ref) {
        RedisNode n = resolveOrNull(ref);
        if (n == null) {
            throw new IllegalArgumentException("no node " + ref + " in this cluster");
        }
        return simNodeOf(n);
    }

    /**
     * Options of a simulated cluster: the shape {@code redis-cli --cluster create --cluster-replicas R}
     * would build, plus what a test needs (seed, clock, ports, spare nodes) and the Redis configuration
     * parameters every node starts with.
     */
    public static final class Builder {
        private int masters = 3;
        private int replicas = 1;
        private int spares;
        private String host = "127.0.0.1";
        private int basePort;
        private Long seed;
        private SimClock clock = SimClock.system();
        private final Map<String, String> config = new LinkedHashMap<>();

        public Builder masters(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("masters must be >= 0");
            }
            this.masters = n;
            return this;
        }

        public Builder replicasPerMaster(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("replicasPerMaster must be >= 0");
            }
            this.replicas = n;
            return this;
        }

        /** Empty cluster-enabled nodes started after the cluster's nodes (for add-node scenarios). */
        public Builder spares(int n) {
            this.spares = n;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** First port; nodes take consecutive ports. 0 (the default) picks ephemeral ports. */
        public Builder basePort(int port) {
            this.basePort = port;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder clock(SimClock clock) {
            this.clock = clock;
            return this;
        }

        /** A Redis configuration parameter applied to every node (e.g. cluster-node-timeout). */
        public Builder config(String name, String value) {
            new NodeConfig().set(name, value); // validates the name
            config.put(name, value);
            return this;
        }

        public RedisClusterSimulator build() {
            return new RedisClusterSimulator(this);
        }

        /** Builds and starts. */
        public RedisClusterSimulator start() {
            return build().start();
        }
    }
}
