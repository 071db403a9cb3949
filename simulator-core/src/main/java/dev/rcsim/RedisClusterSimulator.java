package dev.rcsim;

import dev.rcsim.fault.Faults;
import dev.rcsim.bus.SimNetwork;
import dev.rcsim.events.EventLog;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.internal.Internals;
import dev.rcsim.internal.TeachingViewProvider;
import dev.rcsim.internal.NodeLifecycle;
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
 * <p>Node ids and all other random choices come from one seed, logged at start, through named
 * sub-streams ({@code ClusterRandom}). This class is the facade; the jobs are done by {@code Topology}
 * (the nodes as formed), {@code NodeAssembly} (making, installing and restarting a node), {@code
 * ClusterFormation} (what redis-cli --cluster create leaves), {@code HealthCheck} and {@code ClusterWaits}.
 *
 * <p>Differences from a real cluster: all nodes live in one JVM; their cluster bus is simulated (no bus
 * port: messages pass through a simulated network whose links faults can cut, delay or make lossy);
 * nothing persists (a restarted node keeps its nodes.conf view and loses its data); time can be
 * simulated ({@link Builder#clock}), so waits such as {@link #awaitHealthy()} advance it instead of
 * sleeping. docs/compatibility.md lists the command-level differences.
 */
public final class RedisClusterSimulator implements AutoCloseable {
    static {
        Internals.register(new Internals.Handles() {
            @Override
            public RedisNode node(Object handle) {
                return ((SimNode) handle).redisNode();
            }

            @Override
            public SimNetwork network(Object cluster) {
                return ((RedisClusterSimulator) cluster).network();
            }
        });
    }

    private static final Logger log = LoggerFactory.getLogger(RedisClusterSimulator.class);

    private final Builder b;
    private final long seed;
    private final Topology topology = new Topology();
    private final List<SimNode> nodes = topology.nodes;
    private final List<RedisNode> running = new CopyOnWriteArrayList<>();
    private final EventLog events;
    private final List<TeachingView> uis = new CopyOnWriteArrayList<>();
    private final ClusterRandom random;
    private final NodeAssembly assembly;
    private final ClusterWaits waits;
    private SimNetwork network;
    private boolean started;
    private final dev.rcsim.fault.Faults faults;

    private RedisClusterSimulator(Builder b) {
        this.b = b;
        this.seed = b.seed != null ? b.seed : new Random().nextLong();
        this.events = new EventLog(b.clock::millis);
        this.faults = (Faults) Internals.faults(Faults.class).create(b.clock, events, topology::resolveOrNull, new NodeLifecycle() {
            @Override
            public void kill(RedisNode n) {
                topology.simNodeOf(n).stop();
            }

            @Override
            public void restart(RedisNode n) {
                RedisClusterSimulator.this.restart(topology.simNodeOf(n));
            }

            @Override
            public SimNetwork network() {
                return network;
            }
        });
        this.random = new ClusterRandom(seed);
        this.assembly = new NodeAssembly(b.clock, events, faults, random, running);
        this.waits = new ClusterWaits(b.clock, events, nodes, seed);
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
        dev.rcsim.node.StandardNode.prepare();
        int total = b.masters * (1 + b.replicas) + b.spares;
        List<RedisNode> created = new ArrayList<>(total);
        try {
            for (int i = 0; i < total; i++) {
                created.add(assembly.create(i, b.host, b.basePort == 0 ? 0 : b.basePort + i, b.config));
            }
        } catch (RuntimeException e) {
            created.forEach(RedisNode::stop);
            throw e;
        }
        for (int i = 0; i < total; i++) {
            topology.add(i, new SimNode(created.get(i), random.nodeId(i)), b.masters, b.replicas);
        }
        ClusterFormation.form(created, topology, assembly);
        network = new SimNetwork(b.clock, random.network());
        assembly.network(network);
        for (RedisNode n : created) {
            assembly.install(n, true);
        }
        return this;
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
        TeachingViewProvider provider = java.util.ServiceLoader.load(TeachingViewProvider.class,
                        RedisClusterSimulator.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the teaching view (dev.rcsim.ui) is not on the class path"));
        TeachingView ui = (TeachingView) provider.start(this, host, port);
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
    public dev.rcsim.Scenarios scenarios() {
        return new dev.rcsim.Scenarios(this);
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
        RedisNode n = assembly.restart(nodes.indexOf(node), node.redisNode());
        node.replace(n);
        assembly.install(n, false);
        events.record(node.address(), "RESTART", "");
        return node;
    }

    /**
     * Waits until {@code condition} holds: in simulated time it advances the clock in 100 ms steps up
     * to {@code timeout} of simulated time; in real time it polls until {@code timeout} of wall time.
     */
    public void awaitCondition(String what, java.util.function.BooleanSupplier condition, java.time.Duration timeout) {
        waits.await(what, condition, timeout, false);
    }

    /** Waits (up to 120 s of cluster time) until {@link #isHealthy()}. */
    public RedisClusterSimulator awaitHealthy() {
        return awaitHealthy(java.time.Duration.ofSeconds(120));
    }

    /** {@link #awaitHealthy()} with a limit: cluster time for a simulated clock, wall time otherwise. */
    public RedisClusterSimulator awaitHealthy(java.time.Duration limit) {
        waits.await("a healthy cluster", this::isHealthy, limit, true);
        return this;
    }

    /**
     * Waits until another node serves the slots {@code oldMaster} owned and the cluster is healthy;
     * returns the new master.
     */
    public SimNode awaitFailover(SimNode oldMaster) {
        return waits.awaitFailover(oldMaster);
    }

    /**
     * True when every running node of the cluster has cluster_state ok, sees all 16384 slots served by
     * running masters, agrees with the others on every slot's owner and flags no running node as
     * failing.
     */
    public boolean isHealthy() {
        return HealthCheck.isHealthy(nodes, null);
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
        return Collections.unmodifiableList(topology.masters);
    }

    public List<SimNode> replicas() {
        return Collections.unmodifiableList(topology.replicas);
    }

    /** Cluster-enabled nodes outside the formed cluster. */
    public List<SimNode> spares() {
        return Collections.unmodifiableList(topology.spares);
    }

    /** Replicas attached to {@code master} at formation. */
    public List<SimNode> replicasOf(SimNode master) {
        return Collections.unmodifiableList(topology.replicasOf(master));
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
        return topology.members();
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
        return topology.masterFor(key);
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
        return topology.byPort(port);
    }

    public SimNode node(String id) {
        return topology.byId(id);
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
        RedisNode n = topology.resolveOrNull(ref);
        if (n == null) {
            throw new IllegalArgumentException("no node " + ref + " in this cluster");
        }
        return topology.simNodeOf(n);
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
