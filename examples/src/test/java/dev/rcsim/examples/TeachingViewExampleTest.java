package dev.rcsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.TeachingView;
import dev.rcsim.junit5.RedisClusterTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The live teaching view of a test's cluster (docs/teaching.md): open {@code ui.url()} in a browser, or
 * stop at a breakpoint and look; the page runs on its own threads.
 */
@RedisClusterTest(masters = 3, replicasPerMaster = 1)
class TeachingViewExampleTest {

    @Test
    void theClusterCanBeWatchedInABrowser(RedisClusterSimulator cluster) throws Exception {
        try (TeachingView ui = cluster.startUi(0)) { // http://127.0.0.1:<free port>/
            HttpResponse<String> page = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(ui.url())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("<title>rcsim: inside a Redis Cluster</title>");
        }
    }
}
