package dev.rcsim.fault;

import static dev.rcsim.testing.Nodes.keyOwnedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.events.ClusterEvent;
import dev.rcsim.internal.Internals;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault API at the edges of a node: port, client connections, replication stream. */
class FaultsTest {
    private RedisClusterSimulator sim;

    private RedisClusterSimulator start(SimClock clock) {
        sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(42).clock(clock).start();
        return sim;
    }

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    static boolean hasKey(SimNode n, String key) {
        return Internals.node(n).call(() -> Internals.node(n).db(0).exists(Bytes.of(key.getBytes(StandardCharsets.UTF_8))));
    }

    static void await(BooleanSupplier cond) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    /** True when the socket has no byte to read right now (nothing was sent to it). */
    static boolean nothingToRead(Socket s) throws IOException {
        return s.getInputStream().available() == 0;
    }

    static String send(Socket s, String... args) throws IOException {
        StringBuilder sb = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        s.getOutputStream().write(sb.toString().getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return sb.toString();
    }

    static String readLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            sb.append((char) b);
            if (b == '\n') {
                break;
            }
        }
        return sb.toString();
    }

    static Socket socket(SimNode n) throws IOException {
        Socket s = new Socket(n.host(), n.port());
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void pausedNodeRunsNothingUntilHealedThenAnswersInOrder() throws Exception {
        start(SimClock.system());
        SimNode m = sim.masters().get(0);
        String key = keyOwnedBy(m, "p");
        try (Socket s = socket(m)) {
            assertThat(send(s, "PING")).isNotEmpty();
            assertThat(readLine(s)).isEqualTo("+PONG\r\n");
            Fault f = sim.faults().pause(m);
            send(s, "SET", key, "v");
            send(s, "GET", key);
            assertThat(hasKey(m, key)).isFalse();
            assertThat(sim.faults().active()).containsExactly(f);
            f.heal();
            assertThat(readLine(s)).isEqualTo("+OK\r\n");
            assertThat(readLine(s)).isEqualTo("$1\r\n");
            assertThat(hasKey(m, key)).isTrue();
        }
        assertThat(sim.faults().active()).isEmpty();
        assertThat(sim.events().matching(e -> e.type().equals("FAULT"))).extracting(ClusterEvent::detail)
                .containsExactly("pause " + m.address());
        assertThat(sim.events().matching(e -> e.type().equals("HEAL"))).hasSize(1);
    }

    @Test
    void timedPauseHealsItselfWhenSimulatedTimePasses() throws Exception {
        SimClock clock = SimClock.simulated();
        start(clock);
        SimNode m = sim.masters().get(1);
        try (Socket s = socket(m)) {
            sim.faults().pause(m, Duration.ofSeconds(2));
            send(s, "PING");
            clock.advance(Duration.ofMillis(1900));
            assertThat(sim.faults().active()).hasSize(1);
            assertThat(nothingToRead(s)).isTrue();
            clock.advance(Duration.ofMillis(100));
            assertThat(readLine(s)).isEqualTo("+PONG\r\n");
            assertThat(sim.faults().active()).isEmpty();
        }
    }

    @Test
    void latencyDelaysRepliesByTheClusterClock() throws Exception {
        SimClock clock = SimClock.simulated();
        start(clock);
        SimNode m = sim.masters().get(0);
        String key = keyOwnedBy(m, "l");
        try (Socket s = socket(m)) {
            Fault f = sim.faults().latency(m, Duration.ofMillis(50));
            send(s, "SET", key, "v");
            await(() -> hasKey(m, key)); // the command ran at once...
            assertThat(nothingToRead(s)).isTrue(); // ...its reply waits for the clock
            clock.advance(Duration.ofMillis(49));
            assertThat(nothingToRead(s)).isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(readLine(s)).isEqualTo("+OK\r\n");
            f.heal();
            send(s, "PING");
            assertThat(readLine(s)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void latencyOnTheSystemClockSlowsEachReply() throws Exception {
        start(SimClock.system());
        SimNode m = sim.masters().get(0);
        try (RawClient c = new RawClient(m.port())) {
            sim.faults().latency(m, Duration.ofMillis(80));
            long t0 = System.nanoTime();
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(75);
            sim.faults().healAll();
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void slowNodeRunsEachCommandAfterItsDelayOneAfterAnother() throws Exception {
        SimClock clock = SimClock.simulated();
        start(clock);
        SimNode m = sim.masters().get(0);
        String a = keyOwnedBy(m, "a");
        String b = keyOwnedBy(m, "b");
        try (Socket s1 = socket(m); Socket s2 = socket(m)) {
            sim.faults().slow(m, Duration.ofMillis(100));
            send(s1, "SET", a, "1");
            await(() -> Internals.node(m).call(() -> Internals.node(m).gate().delayedRequests()) == 1);
            send(s2, "SET", b, "1");
            // both requests must be held before simulated time moves, or a late one would miss the tick
            await(() -> Internals.node(m).call(() -> Internals.node(m).gate().delayedRequests()) == 2);
            clock.advance(Duration.ofMillis(100));
            assertThat(readLine(s1)).isEqualTo("+OK\r\n");
            assertThat(hasKey(m, b)).isFalse(); // the second waits for the first
            clock.advance(Duration.ofMillis(100));
            assertThat(readLine(s2)).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void refusedConnectionsAreClosedWhileExistingOnesWork() throws Exception {
        start(SimClock.system());
        SimNode m = sim.masters().get(0);
        try (RawClient old = new RawClient(m.port())) {
            assertThat(old.call("PING")).isEqualTo("+PONG\r\n");
            Fault f = sim.faults().refuseConnections(m);
            try (RawClient fresh = new RawClient(m.port())) {
                assertThat(fresh.isClosedByServer()).isTrue();
            }
            assertThat(old.call("PING")).isEqualTo("+PONG\r\n");
            f.heal();
            try (RawClient fresh = new RawClient(m.port())) {
                assertThat(fresh.call("PING")).isEqualTo("+PONG\r\n");
            }
        }
    }

    @Test
    void blackholeDropsRequestsWithoutAnswer() throws Exception {
        start(SimClock.system());
        SimNode m = sim.masters().get(0);
        String key = keyOwnedBy(m, "b");
        try (RawClient c = new RawClient(m.port())) {
            Fault f = sim.faults().blackhole(m);
            c.send(key.getBytes(), key.getBytes()); // an unknown command: would be answered with an error
            c.send("SET".getBytes(), key.getBytes(), "v".getBytes());
            await(() -> Internals.node(m).gate().droppedRequests() == 2);
            f.heal();
            // the first reply the client ever gets is the one to GET: the blackholed requests never ran
            assertThat(c.call("GET", key)).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void resetConnectionsClosesEveryClient() throws Exception {
        start(SimClock.system());
        SimNode m = sim.masters().get(0);
        try (RawClient c = new RawClient(m.port())) {
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            Fault f = sim.faults().resetConnections(m);
            assertThat(c.isClosedByServer()).isTrue();
            assertThat(f.isActive()).isFalse();
        }
        try (RawClient c = new RawClient(m.port())) {
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    /**
     * Whether a client can talk to the node. Right after the port closes, the JDK may still complete a
     * connect for a moment (the listening socket is released on the selector's next turn), but such a
     * connection is reset at once.
     */
    static boolean portAnswers(SimNode n) {
        try (Socket s = new Socket(n.host(), n.port())) {
            s.setSoTimeout(5000);
            send(s, "PING");
            return readLine(s).equals("+PONG\r\n");
        } catch (IOException refusedOrReset) {
            return false;
        }
    }

    @Test
    void killClosesThePortAndHealRestartsTheNodeEmpty() throws Exception {
        start(SimClock.simulated());
        SimNode m = sim.masters().get(2);
        String key = keyOwnedBy(m, "k");
        try (RawClient c = new RawClient(m.port())) {
            assertThat(c.call("SET", key, "v")).isEqualTo("+OK\r\n");
        }
        Fault f = sim.faults().kill(m);
        assertThat(m.isRunning()).isFalse();
        assertThat(portAnswers(m)).isFalse();
        f.heal();
        try (RawClient c = new RawClient(m.port())) {
            // a restarted master waits (rejoin delay) before serving again, as Redis does
            assertThat(c.call("GET", key)).isEqualTo("-CLUSTERDOWN The cluster is down\r\n");
            sim.awaitHealthy();
            assertThat(c.call("GET", key)).isEqualTo("$-1\r\n");
            assertThat(c.call("CLUSTER", "MYID")).contains(m.id());
        }
    }

    @Test
    void heldReplicationLetsTheReplicaFallBehindUntilHealed() throws Exception {
        start(SimClock.system());
        SimNode m = sim.masters().get(0);
        SimNode r = sim.replicasOf(m).get(0);
        String key = keyOwnedBy(m, "r");
        Fault f = sim.faults().holdReplication(r);
        try (RawClient c = new RawClient(m.port())) {
            assertThat(c.call("SET", key, "v")).isEqualTo("+OK\r\n");
        }
        assertThat(r.replicationLag()).isPositive();
        assertThat(hasKey(r, key)).isFalse();
        f.heal();
        await(() -> hasKey(r, key) && r.replicationLag() == 0);
        assertThatThrownBy(() -> sim.faults().holdReplication(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a replica");
    }

    @Test
    void slowReplicationAppliesTheStreamLate() throws Exception {
        SimClock clock = SimClock.simulated();
        start(clock);
        SimNode m = sim.masters().get(0);
        SimNode r = sim.replicasOf(m).get(0);
        String key = keyOwnedBy(m, "s");
        sim.faults().slowReplication(r, Duration.ofSeconds(1));
        try (RawClient c = new RawClient(m.port())) {
            assertThat(c.call("SET", key, "v")).isEqualTo("+OK\r\n");
        }
        Internals.node(r).call(() -> null); // the stream's SET reached the replica's loop (and waits there)
        clock.advance(Duration.ofMillis(900));
        assertThat(hasKey(r, key)).isFalse();
        clock.advance(Duration.ofMillis(100));
        await(() -> hasKey(r, key));
    }

    @Test
    void scriptRunsStepsAtTheirTimesOnSimulatedClock() throws Exception {
        SimClock clock = SimClock.simulated();
        start(clock);
        SimNode m = sim.masters().get(0);
        long t0 = clock.millis();
        FaultScript script = sim.faults().script()
                .at(Duration.ofSeconds(1)).pause(m)
                .at(Duration.ofMillis(2500)).heal();
        assertThat(script.text()).isEqualTo("at 1s pause " + m.address() + "\nat 2.5s heal all\n");
        script.run();
        assertThat(clock.millis() - t0).isEqualTo(2500);
        assertThat(sim.faults().active()).isEmpty();
        List<ClusterEvent> steps = sim.events().matching(e -> e.type().equals("SCRIPT"));
        assertThat(steps).extracting(ClusterEvent::detail).containsExactly("at 1s pause " + m.address(), "at 2.5s heal all");
        assertThat(steps).extracting(e -> e.timeMillis() - t0).containsExactly(1000L, 2500L);
        assertThat(sim.faults().history()).containsExactly("at 1s pause " + m.address(), "at 2.5s heal " + m.address() + " pause");
    }

    @Test
    void textScriptParsesTheSameSteps() {
        start(SimClock.simulated());
        SimNode m = sim.masters().get(0);
        SimNode r = sim.replicas().get(0);
        FaultScript s = sim.faults().parse("""
                # a comment
                at 1s kill %s
                at 1.5s latency %d 20ms
                at 2s pause %s for 500ms
                at 2s slow-replication %s 100ms
                at 5s heal all
                """.formatted(m.address(), r.port(), r.id(), r.address()));
        assertThat(s.text()).isEqualTo("at 1s kill " + m.address() + "\nat 1.5s latency " + r.address() + " 20ms\nat 2s pause "
                + r.address() + " for 500ms\nat 2s slow-replication " + r.address() + " 100ms\nat 5s heal all\n");
        s.run();
        assertThat(m.isRunning()).isTrue(); // healed: restarted
        assertThat(sim.faults().active()).isEmpty();
    }

    @Test
    void scriptParsesPartitionAndRefusesBadLinesClearly() {
        start(SimClock.simulated());
        SimNode a = sim.masters().get(0);
        SimNode b = sim.masters().get(1);
        assertThat(sim.faults().parse("at 1s partition " + a.address() + " | " + b.address()).toString())
                .contains("at 1s partition " + a.address() + " | " + b.address());
        assertThatThrownBy(() -> sim.faults().parse("at 1s partition " + a.address()))
                .hasMessageContaining("expected 'partition <node>,<node> | <node>,...'");
        assertThatThrownBy(() -> sim.faults().parse("at 1s explode " + a.address()))
                .hasMessage("fault script line 1 'at 1s explode " + a.address() + "': unknown fault 'explode'");
        assertThatThrownBy(() -> sim.faults().parse("\nat soon kill " + a.address())).hasMessageContaining("line 2")
                .hasMessageContaining("bad time 'soon'");
        assertThatThrownBy(() -> sim.faults().parse("at 1s kill 127.0.0.1:1")).hasMessageContaining("no node 127.0.0.1:1");
    }

    @Test
    void durationsFormatAndParseBothWays() {
        assertThat(FaultScript.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(FaultScript.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(FaultScript.format(Duration.ofMinutes(2))).isEqualTo("120s");
        assertThat(FaultScript.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(FaultScript.parseDuration("1.25s")).isEqualTo(Duration.ofMillis(1250));
        assertThat(FaultScript.parseDuration("40")).isEqualTo(Duration.ofMillis(40));
    }
}
