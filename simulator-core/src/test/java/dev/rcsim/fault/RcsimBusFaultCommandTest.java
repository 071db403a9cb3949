package dev.rcsim.fault;

import static dev.rcsim.testing.Nodes.flagsOf;
import static dev.rcsim.testing.Nodes.call;
import static dev.rcsim.fault.FaultsTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.events.ClusterEvent;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cluster-bus faults and RESTART over RESP, acting from the node that receives RCSIM FAULT. */
class RcsimBusFaultCommandTest {
    private RedisClusterSimulator sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    private void start(SimClock clock) {
        sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(5).clock(clock)
                .config("cluster-node-timeout", "5000").config("rcsim-faults", "yes").start();
    }

    /** The RESP array of bulk strings {@code lines}. */
    private static String bulks(String... lines) {
        StringBuilder sb = new StringBuilder("*" + lines.length + "\r\n");
        for (String l : lines) {
            sb.append('$').append(l.length()).append("\r\n").append(l).append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void partitionedMasterIsFailedOverAndHealRejoinsItAsAReplica() throws Exception {
        start(SimClock.simulated());
        SimNode m = sim.masters().get(0);
        SimNode replica = sim.replicasOf(m).get(0);
        SimNode other = sim.masters().get(1);
        List<String> others = new ArrayList<>();
        for (SimNode n : sim.nodes()) {
            if (n != m) {
                others.add(n.address());
            }
        }
        assertThat(call(m, "RCSIM", "FAULT", "PARTITION")).isEqualTo("+OK\r\n");
        String line = "partition " + m.address() + " | " + String.join(",", others);
        assertThat(call(m, "RCSIM", "FAULT", "LIST")).isEqualTo(bulks(line));
        assertThat(call(other, "RCSIM", "FAULT", "LIST")).isEqualTo(bulks(line)); // it involves every node
        assertThat(Internals.network(sim).reachable(m.address(), other.address())).isFalse();
        assertThat(Internals.network(sim).reachable(other.address(), m.address())).isFalse();
        assertThat(Internals.network(sim).reachable(other.address(), replica.address())).isTrue();

        SimNode promoted = sim.awaitFailover(m);
        assertThat(promoted).isEqualTo(replica);
        assertThat(flagsOf(other, m)).isEqualTo("master,fail");

        assertThat(call(m, "RCSIM", "FAULT", "HEAL")).isEqualTo("+OK\r\n");
        assertThat(sim.faults().active()).isEmpty();
        sim.awaitHealthy();
        // healthy (FAIL cleared on the PONG of a slot-less master) can come before the old master's first
        // heartbeat as a replica reaches the other node: as in Redis, the role spreads with the next PING
        sim.awaitCondition("the other master to see the old master as a replica",
                () -> flagsOf(other, m).equals("slave"), java.time.Duration.ofSeconds(10));
        assertThat(sim.events().matching(e -> e.type().equals("HEAL"))).extracting(ClusterEvent::detail)
                .containsExactly(line);
    }

    @Test
    void busFaultsOverRespNameNodesSymbolically() throws Exception {
        start(SimClock.simulated());
        SimNode a = sim.masters().get(0);
        SimNode b = sim.masters().get(1);
        SimNode r = sim.replicasOf(b).get(0);
        try (RawClient ca = new RawClient(a.port())) {
            assertThat(ca.call("RCSIM", "FAULT", "CUT", "master:1")).isEqualTo("+OK\r\n");
            assertThat(ca.call("RCSIM", "FAULT", "PARTITION", "replica:1")).isEqualTo("+OK\r\n");
            assertThat(ca.call("RCSIM", "FAULT", "LIST")).isEqualTo(bulks("cut " + a.address() + " > " + b.address(),
                    "partition " + a.address() + " | " + r.address()));
            assertThat(ca.call("RCSIM", "FAULT", "CUT", "master:9")).startsWith("-ERR no node master:9 in this cluster");
            assertThat(ca.call("RCSIM", "FAULT", "HEAL")).isEqualTo("+OK\r\n");
        }
        assertThat(sim.faults().active()).isEmpty();
    }

    @Test
    void busFaultsAreListedAndHealedFromEitherEnd() throws Exception {
        start(SimClock.simulated());
        SimNode a = sim.masters().get(0);
        SimNode b = sim.masters().get(1);
        SimNode c = sim.masters().get(2);
        SimNode d = sim.replicasOf(c).get(0);
        try (RawClient ca = new RawClient(a.port()); RawClient cb = new RawClient(b.port());
                RawClient cd = new RawClient(d.port())) {
            assertThat(ca.call("RCSIM", "FAULT", "CUT", b.address())).isEqualTo("+OK\r\n");
            assertThat(ca.call("RCSIM", "FAULT", "BUS-DELAY", b.address(), "2000")).isEqualTo("+OK\r\n");
            assertThat(ca.call("RCSIM", "FAULT", "BUS-LOSS", String.valueOf(b.port()), "0.25")).isEqualTo("+OK\r\n");
            assertThat(ca.call("RCSIM", "FAULT", "PARTITION", c.address(), d.address())).isEqualTo("+OK\r\n");
            String cut = "cut " + a.address() + " > " + b.address();
            String delay = "bus-delay " + a.address() + " > " + b.address() + " 2s";
            String loss = "bus-loss " + a.address() + " > " + b.address() + " 0.25";
            String partition = "partition " + a.address() + " | " + c.address() + "," + d.address();
            assertThat(ca.call("RCSIM", "FAULT", "LIST")).isEqualTo(bulks(cut, delay, loss, partition));
            assertThat(cb.call("RCSIM", "FAULT", "LIST")).isEqualTo(bulks(cut, delay, loss));
            assertThat(cd.call("RCSIM", "FAULT", "LIST")).isEqualTo(bulks(partition));
            assertThat(Internals.network(sim).reachable(a.address(), b.address())).isFalse();
            assertThat(Internals.network(sim).reachable(b.address(), a.address())).isTrue(); // one way
            assertThat(Internals.network(sim).reachable(d.address(), a.address())).isFalse();

            assertThat(cb.call("RCSIM", "FAULT", "HEAL")).isEqualTo("+OK\r\n"); // the cut into b and the rest
            assertThat(Internals.network(sim).reachable(a.address(), b.address())).isTrue();
            assertThat(sim.faults().active()).extracting(Fault::kind).containsExactly("partition");
            assertThat(cd.call("RCSIM", "FAULT", "HEAL")).isEqualTo("+OK\r\n"); // a listed side heals the whole partition
            assertThat(sim.faults().active()).isEmpty();
            assertThat(Internals.network(sim).reachable(d.address(), a.address())).isTrue();
        }
        assertThat(sim.events().matching(e -> e.type().equals("FAULT"))).hasSize(4);
        assertThat(sim.events().matching(e -> e.type().equals("HEAL"))).hasSize(4);
        sim.awaitHealthy();
    }

    @Test
    void badBusFaultRequestsAreRefusedWithErr() throws Exception {
        start(SimClock.simulated());
        SimNode a = sim.masters().get(0);
        try (RawClient c = new RawClient(a.port())) {
            assertThat(c.call("RCSIM", "FAULT", "CUT", "127.0.0.1:1")).isEqualTo("-ERR no node 127.0.0.1:1 in this cluster\r\n");
            assertThat(c.call("RCSIM", "FAULT", "PARTITION", "nosuchnode")).isEqualTo("-ERR no node nosuchnode in this cluster\r\n");
            assertThat(c.call("RCSIM", "FAULT", "CUT", a.address())).isEqualTo("-ERR " + a.address() + " is this node\r\n");
            String b = sim.masters().get(1).address();
            assertThat(c.call("RCSIM", "FAULT", "BUS-DELAY", b, "soon")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(c.call("RCSIM", "FAULT", "BUS-DELAY", b, "-1")).isEqualTo("-ERR milliseconds must be between 0 and 86400000\r\n");
            assertThat(c.call("RCSIM", "FAULT", "BUS-LOSS", b, "often")).isEqualTo("-ERR value is not a valid float\r\n");
            assertThat(c.call("RCSIM", "FAULT", "BUS-LOSS", b, "1.5")).isEqualTo("-ERR loss probability must be between 0 and 1\r\n");
            assertThat(c.call("RCSIM", "FAULT", "BUS-LOSS", b)).isEqualTo("-ERR wrong number of arguments for 'rcsim fault bus-loss'\r\n");
            assertThat(c.call("RCSIM", "FAULT", "CUT")).isEqualTo("-ERR wrong number of arguments for 'rcsim fault cut'\r\n");
            assertThat(c.call("RCSIM", "FAULT", "RESTART", b)).isEqualTo("-ERR " + b + " is running\r\n");
            assertThat(c.call("RCSIM", "FAULT", "LIST")).isEqualTo("*0\r\n");
        }
        assertThat(sim.faults().active()).isEmpty();
        try (TestNode n = TestNode.start("rcsim-faults", "yes"); RawClient c = n.raw()) {
            String outside = "-ERR bus faults need a node of a simulated cluster\r\n";
            assertThat(c.call("RCSIM", "FAULT", "CUT", "127.0.0.1:7000")).isEqualTo(outside);
            assertThat(c.call("RCSIM", "FAULT", "PARTITION")).isEqualTo(outside);
            assertThat(c.call("RCSIM", "FAULT", "BUS-LOSS", "127.0.0.1:7000", "0.5")).isEqualTo(outside);
            assertThat(c.call("RCSIM", "FAULT", "RESTART", "127.0.0.1:7000")).isEqualTo(outside);
        }
    }

    @Test
    void aNodeKilledOverRespIsRestartedByAnotherNode() throws Exception {
        start(SimClock.system());
        SimNode m = sim.masters().get(2);
        SimNode other = sim.masters().get(0);
        try (RawClient c = new RawClient(m.port())) {
            c.call("SET", "{k}", "v");
            assertThat(c.call("RCSIM", "FAULT", "KILL")).isEqualTo("+OK\r\n");
        }
        await(() -> !m.isRunning());
        try (RawClient c = new RawClient(other.port())) {
            assertThat(c.call("RCSIM", "FAULT", "RESTART", m.address())).isEqualTo("+OK\r\n"); // once it listens
            assertThat(m.isRunning()).isTrue();
            assertThat(call(m, "PING")).isEqualTo("+PONG\r\n");
            assertThat(c.call("RCSIM", "FAULT", "RESTART", m.address())).isEqualTo("-ERR " + m.address() + " is running\r\n");

            sim.kill(m); // stopped outside the fault API: restarted all the same
            assertThat(c.call("RCSIM", "FAULT", "RESTART", String.valueOf(m.port()))).isEqualTo("+OK\r\n");
            assertThat(call(m, "PING")).isEqualTo("+PONG\r\n");
        }
        assertThat(sim.faults().active()).isEmpty();
        assertThat(sim.events().matching(e -> e.type().equals("HEAL"))).extracting(ClusterEvent::detail)
                .containsExactly("kill " + m.address());
        assertThat(sim.events().matching(e -> e.type().equals("RESTART"))).hasSize(2);
        sim.awaitHealthy();
    }
}
