package dev.rcsim.fault;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.events.NodeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Named troubleshooting scenarios ({@code cluster.scenarios()}): each stages a problem users meet with
 * Redis Cluster through the fault API and ordinary commands, waits (advancing a simulated clock) until a
 * client would see it, and returns the {@link Fault} whose {@code heal()} undoes it. After a heal, call
 * {@code cluster.awaitHealthy()} to let the cluster converge.
 *
 * <p>Not staged here: uncovered slots and a resharding stuck half way (they need CLUSTER DELSLOTS /
 * SETSLOT), and a true MOVED loop between two nodes (two views pointing at each other needs SETSLOT too).
 */
public final class Scenarios {
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private final RedisClusterSimulator cluster;

    /** Scenarios on {@code cluster}; use {@code cluster.scenarios()}. */
    public Scenarios(RedisClusterSimulator cluster) {
        this.cluster = cluster;
    }

    /**
     * {@code CLUSTERDOWN The cluster is down} from a master with no replica: kills {@code master} and
     * waits until every other node has flagged it FAIL and reports {@code cluster_state:fail} (its slots
     * have no live owner and none can be promoted). Heal restarts it (empty dataset).
     */
    public Fault masterDownWithoutReplica(SimNode master) {
        if (!cluster.replicasOf(master).isEmpty()) {
            throw new IllegalArgumentException(master.address() + " has replicas; this scenario needs a master without one");
        }
        Fault kill = cluster.faults().kill(master);
        cluster.awaitCondition("cluster_state:fail on every running node", () -> allRunning("fail"), LIMIT);
        return kill;
    }

    /**
     * {@code CLUSTERDOWN The cluster is down} on the minority side of a partition: cuts the bus between
     * {@code node} and every other node and waits until {@code node} reports {@code cluster_state:fail}
     * (after the node timeout it sees the majority of masters PFAIL). If {@code node} is a master with a
     * replica, the majority fails it over meanwhile and keeps serving its slots. Heal restores the links.
     */
    public Fault minorityPartition(SimNode node) {
        List<SimNode> rest = new ArrayList<>(cluster.nodes());
        rest.remove(node);
        rest.removeAll(cluster.spares());
        Fault cut = cluster.faults().partition(List.of(node), rest);
        cluster.awaitCondition(node.address() + " reporting cluster_state:fail", () -> "fail".equals(state(node)), LIMIT);
        return cut;
    }

    /**
     * {@code CLUSTERDOWN The cluster is down} from lost quorum: kills a majority of the masters (the
     * first {@code masters/2 + 1}), so the survivors can neither mark them FAIL (failure reports need a
     * majority of masters) nor elect a replica (votes need one too); waits until every running node
     * reports {@code cluster_state:fail}. Heal restarts the killed masters.
     */
    public Fault lostQuorum() {
        List<SimNode> masters = cluster.masters();
        if (masters.size() < 2) {
            throw new IllegalStateException("lost quorum needs at least 2 masters");
        }
        List<Fault> kills = new ArrayList<>();
        for (int i = 0; i < masters.size() / 2 + 1; i++) {
            kills.add(cluster.faults().kill(masters.get(i)));
        }
        cluster.awaitCondition("cluster_state:fail on every running node", () -> allRunning("fail"), LIMIT);
        return Fault.group("lost-quorum", "cluster", kills);
    }

    /**
     * A stale view that redirects to the old owner: cuts {@code observer} off the bus, then sends
     * {@code CLUSTER FAILOVER} to {@code master}'s replica and waits until the replica serves the slots
     * and {@code master} has become its replica. Until the node timeout makes it fail, {@code observer}
     * still believes {@code master} owns them and answers {@code MOVED <slot> <old master>}, where the
     * client gets a second {@code MOVED} to the new master. Act within the node timeout; heal restores
     * the links and the observer learns the new owner.
     */
    public Fault staleTopology(SimNode observer, SimNode master) {
        List<SimNode> replicas = cluster.replicasOf(master);
        if (replicas.isEmpty() || observer == master || replicas.contains(observer)) {
            throw new IllegalArgumentException("needs a master with a replica and an observer that is neither");
        }
        SimNode replica = replicas.get(0);
        List<SimNode> rest = new ArrayList<>(cluster.nodes());
        rest.remove(observer);
        rest.removeAll(cluster.spares());
        Fault cut = cluster.faults().partition(List.of(observer), rest);
        String reply = call(replica, "CLUSTER", "FAILOVER");
        if (!reply.equals("+OK")) {
            cut.heal();
            throw new IllegalStateException("CLUSTER FAILOVER answered " + reply);
        }
        int slot = master.slots().get(0).start();
        cluster.awaitCondition("the manual failover of " + master.address(),
                () -> replica.ownsSlot(slot) && !master.isMaster(), Duration.ofSeconds(10));
        return cut;
    }

    private boolean allRunning(String state) {
        for (NodeMetrics m : cluster.metrics().nodes()) {
            if (m.running() && !cluster.spares().contains(cluster.node(m.id())) && !state.equals(m.clusterState())) {
                return false;
            }
        }
        return true;
    }

    private String state(SimNode n) {
        return cluster.metrics(n).clusterState();
    }

    /** Sends one command as a client and returns the first line of the reply. */
    private static String call(SimNode n, String... args) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(n.host(), n.port()), 2000);
            s.setSoTimeout(5000);
            StringBuilder req = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) {
                req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
