package dev.rcsim;

import dev.rcsim.cluster.ClusterNode;
import dev.rcsim.cluster.ClusterView;
import dev.rcsim.cluster.HashSlots;
import dev.rcsim.cluster.LocalBus;
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
    private boolean started;

    private RedisClusterSimulator(Builder b) {
        this.b = b;
        this.seed = b.seed != null ? b.seed : new Random().nextLong();
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
        Random rnd = new Random(seed);
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
        return this;
    }

    private void form(List<RedisNode> created) {
        int formed = b.masters * (1 + b.replicas);
        List<SlotRanges.Range> split = b.masters == 0 ? List.of() : SlotRanges.split(b.masters);
        for (int i = 0; i < created.size(); i++) {
            RedisNode n = created.get(i);
            SimNode me = nodes.get(i);
            boolean member = i < formed;
            n.call(() -> {
                ClusterView v = new ClusterView(n.config(), me.id(), n.host(), n.port(), () -> n.replication().offset());
                if (member) {
                    v.setCurrentEpoch(formed);
                    for (int j = 0; j < formed; j++) {
                        SimNode o = nodes.get(j);
                        ClusterNode cn = v.addNode(o.id(), o.host(), o.port());
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
                n.pubsub().bus = new LocalBus(n, () -> running, id -> {
                    SimNode s = byId.get(id);
                    return s == null ? null : s.redisNode();
                });
                n.onShutdown = () -> running.remove(n);
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

    /** Stops every node. */
    @Override
    public void close() {
        for (SimNode n : nodes) {
            n.stop();
        }
        running.clear();
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
                return new dev.rcsim.admin.ClusterAdmin(n.host(), n.port());
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

    /** Options of a simulated cluster. */
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
