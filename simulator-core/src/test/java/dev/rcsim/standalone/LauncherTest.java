package dev.rcsim.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The standalone launcher: options, port layout, node table, and redis-cli -c following MOVED. */
class LauncherTest {
    @Test
    void parsesDefaultsAndOptions() {
        assertThat(Launcher.parse(new String[0])).isEqualTo(new Launcher.Options("127.0.0.1", 7000, 3, 1, 0, null, null));
        assertThat(Launcher.parse("--port 22000 --masters 4 --replicas 2 --spare 1 --seed 5 --faults f.txt".split(" ")))
                .isEqualTo(new Launcher.Options("127.0.0.1", 22000, 4, 2, 1, 5L, "f.txt"));
        assertThat(Launcher.parse(new String[] {"--help"})).isNull();
        assertThatThrownBy(() -> Launcher.parse(new String[] {"--bogus", "1"})).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> Launcher.parse(new String[] {"--port"})).hasMessageContaining("missing value");
    }

    @Test
    void parsesTheTeachingViewAndClockOptions() {
        assertThat(Launcher.parse("--ui 8080 --clock simulated".split(" ")))
                .isEqualTo(new Launcher.Options("127.0.0.1", 7000, 3, 1, 0, null, null, null, "127.0.0.1", 8080, "127.0.0.1", true));
        assertThat(Launcher.parse("--ui 0 --ui-host 0.0.0.0 --clock real".split(" ")).uiHost()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> Launcher.parse("--clock fast".split(" "))).hasMessage("--clock takes real or simulated: fast");
        assertThatThrownBy(() -> Launcher.parse("--ui 70000".split(" "))).hasMessage("bad --ui port 70000");
    }

    @Test
    void withUiTheLauncherPrintsThePageAddressOnLoopbackAndServesIt() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Launcher.Options o = Launcher.parse("--port 22030 --masters 3 --replicas 0 --seed 4 --ui 0".split(" "));
        try (RedisClusterSimulator sim = Launcher.start(o, new PrintStream(buf, true, StandardCharsets.UTF_8))) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("rcsim UI: (http://127\\.0\\.0\\.1:\\d+/)")
                    .matcher(buf.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).isTrue();
            var http = java.net.http.HttpClient.newHttpClient();
            var page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(m.group(1))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>rcsim: inside a Redis Cluster</title>");
        }
    }

    @Test
    void wildcardBindAnnouncesLoopbackWarnsAndRequirepassAsksForAuth() throws Exception {
        Launcher.Options o = Launcher.parse("--host 0.0.0.0 --port 22030 --masters 3 --replicas 0 --requirepass s3cret".split(" "));
        assertThat(o.announceHost()).isEqualTo("127.0.0.1");
        assertThat(Launcher.exposureWarning(o)).startsWith("rcsim: WARNING: binding 0.0.0.0:").contains("Announced address: 127.0.0.1");
        assertThat(Launcher.exposureWarning(Launcher.parse(new String[0]))).isNull();
        assertThat(Launcher.parse("--host 10.1.2.3 --announce-host 10.9.9.9".split(" ")).announceHost()).isEqualTo("10.9.9.9");
        assertThat(Launcher.parse("--host 10.1.2.3".split(" ")).announceHost()).isEqualTo("10.1.2.3");
        assertThatThrownBy(() -> Launcher.parse("--announce-host 0.0.0.0".split(" "))).hasMessageContaining("clients can reach");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (RedisClusterSimulator sim = Launcher.start(o, new PrintStream(buf, true, StandardCharsets.UTF_8));
                RawClient c = new RawClient(22030)) {
            assertThat(Internals.node(sim.masters().get(0)).config().get("bind")).isEqualTo("0.0.0.0");
            assertThat(c.call("CLUSTER", "NODES")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
            String nodes = c.call("CLUSTER", "NODES");
            assertThat(nodes).contains("127.0.0.1:22030@32030 myself,master").contains("127.0.0.1:22032@32032")
                    .doesNotContain("0.0.0.0");
            assertThat(c.call("CLUSTER", "SLOTS")).contains("$9\r\n127.0.0.1\r\n").doesNotContain("0.0.0.0");
            assertThat(c.call("CLUSTER", "INFO")).contains("cluster_state:ok");
            assertThat(buf.toString(StandardCharsets.UTF_8)).contains("127.0.0.1:22030").doesNotContain("0.0.0.0");
        }
    }

    @Test
    void layoutPutsMastersThenReplicasThenSparesAndRedisCliFollowsMoved() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Launcher.Options o = Launcher.parse("--port 22010 --masters 3 --replicas 1 --spare 1 --seed 42".split(" "));
        try (RedisClusterSimulator sim = Launcher.start(o, new PrintStream(buf, true, StandardCharsets.UTF_8))) {
            String table = buf.toString(StandardCharsets.UTF_8);
            assertThat(table).contains("seed 42").contains("127.0.0.1:22010").contains("0-5460")
                    .contains("127.0.0.1:22016").contains("spare");
            assertThat(sim.masters()).extracting(n -> n.port()).containsExactly(22010, 22011, 22012);
            assertThat(sim.replicas()).extracting(n -> n.port()).containsExactly(22013, 22014, 22015);
            assertThat(sim.replicasOf(sim.masters().get(1)).get(0).port()).isEqualTo(22014);
            try (RawClient spare = new RawClient(22016)) {
                assertThat(spare.call("CLUSTER", "INFO")).contains("cluster_known_nodes:1\r\n").contains("cluster_state:fail");
            }
            File cli = new File("/usr/bin/redis-cli");
            Assumptions.assumeTrue(cli.canExecute(), "redis-cli not installed");
            // foo hashes to slot 12182, served by the third master: the first node answers MOVED
            assertThat(run(cli.getPath(), "-c", "-p", "22010", "SET", "foo", "bar")).isEqualTo("OK");
            assertThat(run(cli.getPath(), "-c", "-p", "22010", "GET", "foo")).isEqualTo("bar");
            assertThat(run(cli.getPath(), "-p", "22010", "GET", "foo")).isEqualTo("MOVED 12182 127.0.0.1:22012");
        }
    }

    @Test
    void sameSeedGivesSameNodeIds() {
        Launcher.Options o = Launcher.parse("--port 0 --masters 3 --replicas 0 --seed 9".split(" "));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (RedisClusterSimulator a = Launcher.start(o, quiet); RedisClusterSimulator b = Launcher.start(o, quiet)) {
            assertThat(a.nodes()).extracting(n -> n.id()).containsExactlyElementsOf(b.nodes().stream().map(n -> n.id()).toList());
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void faultScriptFileRunsAgainstTheLaunchedCluster() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).start()) {
            SimNode m = sim.masters().get(0);
            java.nio.file.Path file = java.nio.file.Files.createTempFile("rcsim-faults", ".txt");
            java.nio.file.Files.writeString(file, "# refuse new connections to one master\nat 0s refuse " + m.address() + "\n");
            Launcher.runFaultScript(sim, file);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sim.faults().active().isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(sim.faults().active()).hasSize(1);
            assertThat(sim.faults().active().get(0).kind()).isEqualTo("refuse");
            java.nio.file.Files.delete(file);
        }
    }
}
