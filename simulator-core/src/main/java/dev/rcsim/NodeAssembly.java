package dev.rcsim;

import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.replication.Replication;
import dev.rcsim.internal.Internals;
import dev.rcsim.bus.SimNetwork;
import dev.rcsim.cluster.ClusterBus;
import dev.rcsim.cluster.ClusterView;
import dev.rcsim.cluster.NodesConf;
import dev.rcsim.events.EventLog;
import dev.rcsim.fault.Faults;
import dev.rcsim.server.NodeConfig;
import dev.rcsim.server.RedisNode;
import dev.rcsim.time.SimClock;
import java.util.List;
import java.util.Map;

/**
 * How the simulator makes one node of its cluster: the server (config, clock, the node's run of the
 * seeded streams), its parts from the layers above (the faults that manage it, its cluster bus, the
 * replication reachability over the simulated network, what SHUTDOWN does), and its restart as
 * redis-server restarts with its nodes.conf.
 */
final class NodeAssembly {
    private final SimClock clock;
    private final EventLog events;
    private final Faults faults;
    private final ClusterRandom random;
    private final List<RedisNode> running;
    private SimNetwork network;

    NodeAssembly(SimClock clock, EventLog events, Faults faults, ClusterRandom random, List<RedisNode> running) {
        this.clock = clock;
        this.events = events;
        this.faults = faults;
        this.random = random;
        this.running = running;
    }

    /** The simulated bus network the nodes installed from now on join. */
    void network(SimNetwork network) {
        this.network = network;
    }

    /** Creates and starts the {@code index}-th node: cluster-enabled, on {@code host:port} (0: any port). */
    RedisNode create(int index, String host, int port, Map<String, String> config) {
        NodeConfig cfg = new NodeConfig();
        cfg.set("cluster-enabled", "yes");
        cfg.set("bind", host);
        cfg.set("port", String.valueOf(port));
        config.forEach(cfg::set);
        RedisNode n = dev.rcsim.node.StandardNode.create(cfg, clock, random.nextRun(index));
        n.start();
        running.add(n);
        return n;
    }

    /** SHUTDOWN on {@code n}: the port closes, as a kill. Call on the node's loop. */
    void onShutdown(RedisNode n) {
        n.onShutdown(() -> {
            running.remove(n);
            n.stop(); // SHUTDOWN: the port closes, as a kill
        });
    }

    /** Puts a node whose view is set on the bus; {@code formed}: born agreeing (see {@link ClusterBus#install}). */
    void install(RedisNode n, boolean formed) {
        Internals.faults(Faults.class).manage(faults, n);
        ClusterBus bus = ClusterBus.install(n, network, events, formed);
        Replication.of(n).reachable = other -> {
            String a = n.host() + ":" + n.port();
            String o = other.host() + ":" + other.port();
            return network.reachable(a, o) && network.reachable(o, a);
        };
        if (bus == null) {
            throw new IllegalStateException("bus not installed");
        }
    }

    /**
     * A new server for the {@code index}-th node {@code old}: same config and port, the cluster view it
     * had when it stopped (nodes.conf), its faults, an empty dataset and its next run of streams. Not yet
     * on the bus.
     */
    RedisNode restart(int index, RedisNode old) {
        if (old.isRunning()) {
            old.stop();
        }
        ClusterView saved = old.call(() -> NodeCluster.of(old).view());
        RedisNode n = dev.rcsim.node.StandardNode.create(old.config(), clock, random.nextRun(index));
        n.gate().inheritFaults(old.gate());
        n.start();
        running.add(n);
        n.call(() -> {
            NodeCluster.of(n).replaceView(NodesConf.load(saved, n.config(), () -> Replication.of(n).offset()));
            onShutdown(n);
            return null;
        });
        return n;
    }
}
