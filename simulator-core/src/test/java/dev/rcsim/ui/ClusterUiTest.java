package dev.rcsim.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.TeachingView;
import dev.rcsim.internal.Internals;
import dev.rcsim.time.SimClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The teaching view's HTTP side without a browser: files, state, the event stream and the controls. */
class ClusterUiTest {
    private static RedisClusterSimulator cluster;
    private static TeachingView ui;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        cluster = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(15).clock(SimClock.simulated())
                .config("cluster-node-timeout", "2000").start();
        ui = cluster.startUi(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ui.url() + path.substring(1))).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String form, boolean header) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ui.url() + path.substring(1))).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (header) {
            b.header("X-Rcsim", "1");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageOnLoopbackWithItsScriptAndStyle() throws Exception {
        assertThat(ui.url()).startsWith("http://127.0.0.1:");
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"ui.js\"></script>").doesNotContain("http://", "https://");
        assertThat(get("/ui.js").body()).contains("new EventSource('/api/events')").doesNotContain("http://", "https://");
        assertThat(get("/ui.css").statusCode()).isEqualTo(200);
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void stateShowsEveryNodesOwnViewAndOneSharedSlotMap() throws Exception {
        String json = get("/api/state").body();
        assertThat(json).contains("\"sim\":true", "\"nodeTimeout\":2000", "\"name\":\"master:0\"", "\"name\":\"replica:2.0\"",
                "\"state\":\"ok\"", "\"flags\":\"myself,master\"", "\"flags\":\"myself,slave\"");
        // six nodes agreeing on the formed split: one map of three runs
        assertThat(json).contains("\"maps\":[[0,5460,0,5461,10922,1,10923,16383,2]]");
    }

    @Test
    void aNodeWhoseLoopDoesNotAnswerIsShownStaleWithItsLastViewInsteadOfBeingReadFromAnotherThread() throws Exception {
        assertThat(get("/api/state").body()).contains("\"stale\":false");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Internals.node(cluster.masters().get(0)).loop().execute(() -> { // as a node stopped in a debugger
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            long t0 = System.nanoTime();
            String json = get("/api/state").body();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
            assertThat(json).contains("\"name\":\"master:0\",\"running\":true,\"stale\":true")
                    .contains("\"maps\":[[0,5460,0,5461,10922,1,10923,16383,2]]"); // the last view it gave
        } finally {
            release.countDown();
        }
        assertThat(get("/api/state").body()).doesNotContain("\"stale\":true");
    }

    @Test
    void aControlWithoutTheHeaderIsRefused() throws Exception {
        HttpResponse<String> r = post("/api/kill", "node=master:0", false);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(cluster.masters().get(0).isRunning()).isTrue();
    }

    @Test
    void aRefusedControlAnswersWhyAndTheClusterKeepsServing() throws Exception {
        HttpResponse<String> r = post("/api/migrate-keys", "slot=5", true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"ok\":false,\"result\":\"slot 5 is not migrating (no node has it MIGRATING)\"}");
        assertThat(post("/api/kill", "node=nobody", true).body()).isEqualTo("{\"ok\":false,\"result\":\"no node nobody in this cluster\"}");
    }

    @Test
    void steppingTheClockFromThePageAdvancesTheClusterClockAndIsLogged() throws Exception {
        long before = cluster.clock().millis();
        assertThat(post("/api/step", "ms=node-timeout", true).body()).isEqualTo("{\"ok\":true,\"result\":\"clock +2000 ms\"}");
        assertThat(cluster.clock().millis()).isEqualTo(before + 2000);
        assertThat(cluster.events().matching(e -> e.type().equals("CONTROL") && e.detail().equals("step ms=node-timeout"))).hasSize(1);
    }

    @Test
    void theEventStreamSendsTicksWithBusMessagesWhileAPageListens() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(ui.url() + "api/events")).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<java.io.InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("event: tick");
            assertThat(in.readLine()).startsWith("data: {\"t\":");
            post("/api/step", "ms=1000", true); // gossip while the tap is on
            String data = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                String line = in.readLine();
                if (line != null && line.startsWith("data: ") && line.contains("\"PING\"")) {
                    data = line;
                    break;
                }
            }
            assertThat(data).contains("\"busCounts\":{", "\"PONG\"", "\"delivered\"");
        }
    }
}
