package dev.rcsim.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.TeachingView;
import dev.rcsim.SimNode;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.time.SimClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page's controls over HTTP: each one is the Java call, and shows in the cluster and its event log. */
class ControlsTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private RedisClusterSimulator cluster;
    private TeachingView ui;

    @BeforeEach
    void start() {
        cluster = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(77).clock(SimClock.simulated())
                .config("cluster-node-timeout", "2000").start();
        ui = cluster.startUi(0);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private String post(String control, String... kv) throws Exception {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            form.append(i == 0 ? "" : "&").append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest r = HttpRequest.newBuilder(URI.create(ui.url() + "api/" + control)).timeout(Duration.ofSeconds(120))
                .header("X-Rcsim", "1").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String ok(String result) {
        return "{\"ok\":true,\"result\":\"" + result + "\"}";
    }

    private void healAndConverge() throws Exception {
        assertThat(post("heal")).isEqualTo(ok("ok"));
        cluster.awaitHealthy();
        assertThat(cluster.faults().active()).isEmpty();
    }

    @Test
    void migratingASlotInThreeStepsShowsAskThenMovesTheOwner() throws Exception {
        int slot = HashSlots.slot("{m}");
        SimNode from = cluster.masterFor("{m}");
        SimNode to = cluster.masters().get((cluster.masters().indexOf(from) + 1) % 3);
        for (int i = 0; i < 12; i++) {
            assertThat(post("command", "node", from.address(), "line", "SET {m}:" + i + " v")).isEqualTo(ok("OK"));
        }
        assertThat(post("migrate-start", "slot", String.valueOf(slot), "to", to.address())).isEqualTo(ok("ok"));
        assertThat(post("migrate-keys", "slot", String.valueOf(slot), "count", "5")).isEqualTo(ok("moved 5 keys"));
        int asks = 0;
        for (int i = 0; i < 12; i++) {
            String r = post("command", "node", from.address(), "line", "GET {m}:" + i);
            assertThat(r).isIn(ok("v"), ok("(error) ASK " + slot + " " + to.address()));
            asks += r.contains("ASK") ? 1 : 0;
        }
        assertThat(asks).isEqualTo(5); // the moved keys: the source sends the client to the target
        assertThat(post("migrate-finish", "slot", String.valueOf(slot))).isEqualTo(ok("ok"));
        assertThat(to.ownsSlot(slot)).isTrue();
        assertThat(post("command", "node", from.address(), "line", "GET {m}:0"))
                .isEqualTo(ok("(error) MOVED " + slot + " " + to.address()));
        assertThat(post("command", "node", to.address(), "line", "GET {m}:11")).isEqualTo(ok("v"));
        assertThat(cluster.events().matching(e -> e.type().equals("CONTROL") && e.detail().startsWith("migrate-"))).hasSize(3);
    }

    @Test
    void killRestartAndManualFailoverAreTheFaultAndClusterCalls() throws Exception {
        SimNode master = cluster.masters().get(2);
        SimNode replica = cluster.replicasOf(master).get(0);
        assertThat(post("failover", "node", "replica:2.0")).isEqualTo(ok("OK"));
        cluster.awaitCondition("the manual failover", () -> replica.isMaster() && !master.isMaster(), Duration.ofSeconds(10));
        assertThat(post("kill", "node", "master:2")).isEqualTo(ok("ok"));
        assertThat(master.isRunning()).isFalse();
        assertThat(post("restart", "node", "master:2")).isEqualTo(ok("ok"));
        assertThat(master.isRunning()).isTrue();
        assertThat(cluster.events().matching(e -> e.type().equals("FAULT") && e.detail().equals("kill " + master.address()))).hasSize(1);
        assertThat(cluster.events().matching(e -> e.type().equals("HEAL") && e.detail().equals("kill " + master.address()))).hasSize(1);
        cluster.awaitHealthy();
    }

    @Test
    void pauseLatencyAndAFaultScriptGoThroughTheFaultApi() throws Exception {
        assertThat(post("pause", "node", "master:0")).isEqualTo(ok("ok"));
        assertThat(post("latency", "node", "master:1", "ms", "50")).isEqualTo(ok("ok"));
        assertThat(post("latency", "node", "replica:0.0", "ms", "30", "kind", "bus")).isEqualTo(ok("ok"));
        assertThat(cluster.faults().active()).extracting(f -> f.kind())
                .containsExactly("pause", "latency", "bus-delay", "bus-delay", "bus-delay", "bus-delay", "bus-delay");
        healAndConverge();
        assertThat(post("script", "text", "at 0s kill master:1\nat 3s heal all")).isEqualTo(ok("ok"));
        assertThat(cluster.events().matching(e -> e.type().equals("SCRIPT"))).extracting(e -> e.detail())
                .containsExactly("at 0s kill " + cluster.masters().get(1).address(), "at 3s heal all");
        cluster.awaitHealthy();
    }

    @Test
    void playAdvancesTheSimulatedClockUntilPaused() throws Exception {
        long t = cluster.clock().millis();
        assertThat(post("play")).isEqualTo(ok("ok"));
        long started = System.nanoTime();
        while (cluster.clock().millis() < t + 500 && System.nanoTime() - started < 20_000_000_000L) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        assertThat(post("pause-clock")).isEqualTo(ok("ok"));
        long stopped = cluster.clock().millis();
        assertThat(stopped).isGreaterThanOrEqualTo(t + 500);
        assertThat(post("step", "ms", "100")).isEqualTo(ok("clock +100 ms")); // runs after any tick in flight
        assertThat(cluster.clock().millis()).isLessThanOrEqualTo(stopped + 200);
    }

    @Test
    void lostQuorumScenarioLeavesEverySurvivorFailingAndHealBringsItBack() throws Exception {
        assertThat(post("scenario", "name", "lost-quorum")).isEqualTo(ok("ok"));
        assertThat(cluster.masters().get(0).isRunning()).isFalse();
        assertThat(cluster.masters().get(1).isRunning()).isFalse();
        assertThat(cluster.metrics(cluster.masters().get(2)).clusterState()).isEqualTo("fail");
        healAndConverge();
    }

    @Test
    void minorityPartitionScenarioFailsTheIsolatedMasterItself() throws Exception {
        assertThat(post("scenario", "name", "minority-partition")).isEqualTo(ok("ok"));
        assertThat(cluster.metrics(cluster.masters().get(0)).clusterState()).isEqualTo("fail");
        healAndConverge();
    }

    @Test
    void stuckReshardingScenarioAnswersTryagainToAMultiKeyCommandUntilHealed() throws Exception {
        int slot = HashSlots.slot("{teach}");
        SimNode owner = cluster.masterFor("{teach}");
        assertThat(post("scenario", "name", "stuck-resharding")).isEqualTo(ok("ok"));
        String reply = post("command", "node", owner.address(), "line", "MGET {teach}:0 {teach}:9");
        assertThat(reply).isEqualTo(ok("(error) TRYAGAIN Multiple keys request during rehashing of slot"));
        healAndConverge();
        assertThat(cluster.masterFor("{teach}")).isNotEqualTo(owner); // the fix finished the move
        assertThat(cluster.masterFor("{teach}").ownsSlot(slot)).isTrue();
    }

    @Test
    void movedLoopScenarioBouncesBetweenTwoMastersUntilHealed() throws Exception {
        int slot = HashSlots.slot("{loop}");
        SimNode owner = cluster.masterFor("{loop}");
        assertThat(post("scenario", "name", "moved-loop")).isEqualTo(ok("ok"));
        String first = post("command", "node", owner.address(), "line", "GET {loop}");
        assertThat(first).startsWith("{\"ok\":true,\"result\":\"(error) MOVED " + slot + " ").doesNotContain(owner.address());
        String other = first.substring(first.lastIndexOf(' ') + 1, first.length() - 2);
        assertThat(post("command", "node", other, "line", "GET {loop}")).isEqualTo(ok("(error) MOVED " + slot + " " + owner.address()));
        healAndConverge();
    }

    @Test
    void writeLossScenarioLosesTheMinorityWriteAfterFailoverAndHeal() throws Exception {
        SimNode master = cluster.masterFor("{acct:1}:balance");
        SimNode replica = cluster.replicasOf(master).get(0);
        assertThat(post("scenario", "name", "write-loss")).contains("SET {acct:1}:balance 40 on the isolated master");
        assertThat(cluster.awaitFailover(master)).isEqualTo(replica);
        healAndConverge();
        assertThat(post("command", "node", replica.address(), "line", "GET {acct:1}:balance")).isEqualTo(ok("100"));
    }
}
