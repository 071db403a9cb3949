package dev.rcsim.fault;

import static dev.rcsim.fault.FaultsTest.await;
import static dev.rcsim.fault.FaultsTest.hasKey;
import static dev.rcsim.testing.Nodes.keyOwnedBy;
import static dev.rcsim.fault.FaultsTest.nothingToRead;
import static dev.rcsim.fault.FaultsTest.readLine;
import static dev.rcsim.fault.FaultsTest.send;
import static dev.rcsim.fault.FaultsTest.socket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.events.ClusterEvent;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Latency of named commands only: their replies leave late, later replies on the connection queue behind. */
class CommandLatencyTest {
    private RedisClusterSimulator sim;
    private SimClock clock;

    private void start(SimClock c) {
        clock = c;
        sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(42).clock(c)
                .config("rcsim-faults", "yes").start();
    }

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    private static void pipeline(Socket s, String... commands) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String cmd : commands) {
            String[] args = cmd.split(" ");
            sb.append('*').append(args.length).append("\r\n");
            for (String a : args) {
                sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
            }
        }
        OutputStream out = s.getOutputStream();
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static long processed(SimNode n) {
        return Internals.node(n).call(() -> Internals.node(n).stats().commandsProcessed);
    }

    /** Waits until {@code n} ran {@code count} more commands than {@code before}. */
    private static void awaitProcessed(SimNode n, long before, int count) {
        await(() -> processed(n) >= before + count);
    }

    @Test
    void onlyTheNamedCommandsReplyLateAndLaterRepliesKeepTheirOrder() throws Exception {
        start(SimClock.simulated());
        SimNode m = sim.masters().get(0);
        String key = keyOwnedBy(m, "cl");
        try (Socket s = socket(m); Socket other = socket(m)) {
            Fault f = sim.faults().latency(m, Duration.ofMillis(50), "get");
            assertThat(f.toString()).isEqualTo("latency " + m.address() + " 50ms GET");
            long before = processed(m);
            pipeline(s, "SET " + key + " v", "GET " + key, "PING");
            assertThat(readLine(s)).isEqualTo("+OK\r\n"); // before the named command: at once
            awaitProcessed(m, before, 3);
            // another connection and another command are not delayed
            send(other, "PING");
            assertThat(readLine(other)).isEqualTo("+PONG\r\n");
            clock.advance(Duration.ofMillis(49));
            assertThat(nothingToRead(s)).isTrue(); // GET's reply, and PING's behind it, still wait
            clock.advance(Duration.ofMillis(1));
            assertThat(readLine(s)).isEqualTo("$1\r\n");
            assertThat(readLine(s)).isEqualTo("v\r\n");
            assertThat(readLine(s)).isEqualTo("+PONG\r\n");

            f.heal();
            send(s, "GET", key);
            assertThat(readLine(s)).isEqualTo("$1\r\n");
            assertThat(readLine(s)).isEqualTo("v\r\n");
        }
        assertThat(sim.events().matching(e -> e.type().equals("FAULT"))).extracting(ClusterEvent::detail)
                .containsExactly("latency " + m.address() + " 50ms GET");
        assertThat(sim.events().matching(e -> e.type().equals("HEAL"))).hasSize(1);
    }

    @Test
    void containerCommandsMatchByTopLevelNameOrOneSubcommand() throws Exception {
        start(SimClock.simulated());
        SimNode m = sim.masters().get(1);
        try (Socket s = socket(m)) {
            Fault f = sim.faults().latency(m, Duration.ofSeconds(1), "CLUSTER|MYID");
            long before = processed(m);
            send(s, "CLUSTER", "MYID");
            send(s, "CLUSTER", "COUNTKEYSINSLOT", "1"); // waits behind MYID's reply
            awaitProcessed(m, before, 2);
            clock.advance(Duration.ofMillis(999));
            assertThat(nothingToRead(s)).isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(readLine(s)).isEqualTo("$40\r\n");
            assertThat(readLine(s)).isEqualTo(m.id() + "\r\n");
            assertThat(readLine(s)).isEqualTo(":0\r\n");
            f.heal();

            sim.faults().latency(m, Duration.ofSeconds(1), "Cluster");
            before = processed(m);
            send(s, "CLUSTER", "COUNTKEYSINSLOT", "1");
            awaitProcessed(m, before, 1);
            clock.advance(Duration.ofMillis(999));
            assertThat(nothingToRead(s)).isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(readLine(s)).isEqualTo(":0\r\n");
        }
    }

    @Test
    void aBlockedCommandsEventualReplyLeavesLate() throws Exception {
        start(SimClock.simulated());
        SimNode m = sim.masters().get(2);
        String key = keyOwnedBy(m, "bl");
        try (Socket s = socket(m); RawClient pusher = new RawClient(m.port())) {
            sim.faults().latency(m, Duration.ofMillis(200), "BLPOP");
            send(s, "BLPOP", key, "0");
            await(() -> Internals.node(m).call(() -> Internals.node(m).blockedClients()) == 1);
            assertThat(pusher.call("RPUSH", key, "x")).isEqualTo(":1\r\n");
            await(() -> !hasKey(m, key)); // served...
            assertThat(nothingToRead(s)).isTrue(); // ...its reply waits
            clock.advance(Duration.ofMillis(200));
            assertThat(readLine(s)).isEqualTo("*2\r\n");
        }
    }

    @Test
    void onTheSystemClockOnlyTheNamedCommandIsSlow() throws Exception {
        start(SimClock.system());
        SimNode m = sim.masters().get(0);
        try (RawClient c = new RawClient(m.port())) {
            sim.faults().latency(m, Duration.ofMillis(80), "ECHO");
            long t0 = System.nanoTime();
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(75);
            t0 = System.nanoTime();
            assertThat(c.call("ECHO", "hi")).isEqualTo("$2\r\nhi\r\n");
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(75);
        }
    }

    @Test
    void scriptAndRespFormsNameTheCommands() throws Exception {
        start(SimClock.simulated());
        SimNode m = sim.masters().get(0);
        FaultScript script = sim.faults().parse("at 0s latency " + m.address() + " 50ms get hgetall\nat 1s heal all");
        assertThat(script.text()).isEqualTo("at 0s latency " + m.address() + " 50ms GET HGETALL\nat 1s heal all\n");
        assertThat(sim.faults().script().latency(m, Duration.ofMillis(5), "set").text())
                .isEqualTo("at 0s latency " + m.address() + " 5ms SET\n");
        script.run();
        assertThat(sim.faults().history()).contains("at 0s latency " + m.address() + " 50ms GET HGETALL");
        assertThat(sim.faults().active()).isEmpty();
        assertThatThrownBy(() -> sim.faults().parse("at 0s latency " + m.address()))
                .hasMessageContaining("expected a duration after the node");

        try (RawClient c = new RawClient(m.port())) {
            assertThat(c.call("RCSIM", "FAULT", "LATENCY", "60", "get", "Set")).isEqualTo("+OK\r\n");
            String line = "latency " + m.address() + " 60ms GET SET";
            assertThat(c.call("RCSIM", "FAULT", "LIST")).isEqualTo("*1\r\n$" + line.length() + "\r\n" + line + "\r\n");
            assertThat(Internals.node(m).gate().commandDelays()).containsOnlyKeys("get", "set");
            assertThat(c.call("RCSIM", "FAULT", "LATENCY", "x", "GET")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(c.call("RCSIM", "FAULT", "HEAL")).isEqualTo("+OK\r\n");
            assertThat(Internals.node(m).gate().commandDelays()).isEmpty();
        }
    }
}
