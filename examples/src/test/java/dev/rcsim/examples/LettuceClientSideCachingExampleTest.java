package dev.rcsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.junit5.RedisClusterTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Lettuce's client-side caching ({@code ClientSideCaching.enable}) against a node of the simulated
 * cluster: Lettuce 6.5 enables it on a standalone connection, so the cache connects to the master that
 * owns the keys, turns on CLIENT TRACKING over RESP3, and drops an entry when the node pushes its
 * invalidation after another client (here a cluster client) changed the key.
 */
@RedisClusterTest(masters = 3, replicasPerMaster = 1)
class LettuceClientSideCachingExampleTest {

    @Test
    void nearCacheEntryIsDroppedWhenAnotherClientWritesTheKey(RedisClusterSimulator cluster) {
        SimNode owner = cluster.masterFor("user:1");
        RedisClient client = RedisClient.create(RedisURI.create(owner.host(), owner.port()));
        RedisClusterClient writers = RedisClusterClient.create(
                List.copyOf(cluster.seeds((host, port) -> RedisURI.create(host, port))));
        try (StatefulRedisConnection<String, String> conn = client.connect();
             StatefulRedisClusterConnection<String, String> writer = writers.connect()) {
            Map<String, String> near = new ConcurrentHashMap<>();
            CacheFrontend<String, String> cache = ClientSideCaching.enable(CacheAccessor.forMap(near), conn,
                    TrackingArgs.Builder.enabled());

            writer.sync().set("user:1", "alice");
            assertThat(cache.get("user:1")).isEqualTo("alice"); // read through, now tracked by the node
            assertThat(near).containsEntry("user:1", "alice");
            assertThat(conn.sync().clientTrackinginfo()).isNotNull();

            writer.sync().set("user:1", "bob"); // the node pushes "invalidate [user:1]" to the cache's connection
            cluster.awaitCondition("near cache invalidated", () -> !near.containsKey("user:1"), Duration.ofSeconds(10));
            assertThat(cache.get("user:1")).isEqualTo("bob");
        } finally {
            writers.shutdown();
            client.shutdown();
        }
    }

    @Test
    void broadcastModeInvalidatesEveryKeyUnderAPrefix(RedisClusterSimulator cluster) {
        SimNode owner = cluster.masterFor("{cfg}:a");
        RedisClient client = RedisClient.create(RedisURI.create(owner.host(), owner.port()));
        try (StatefulRedisConnection<String, String> conn = client.connect();
             StatefulRedisConnection<String, String> writer = client.connect()) {
            Map<String, String> near = new ConcurrentHashMap<>();
            CacheFrontend<String, String> cache = ClientSideCaching.enable(CacheAccessor.forMap(near), conn,
                    TrackingArgs.Builder.enabled().bcast().prefixes("{cfg}:"));
            writer.sync().mset(Map.of("{cfg}:a", "1", "{cfg}:b", "2"));
            assertThat(cache.get("{cfg}:a")).isEqualTo("1");
            assertThat(cache.get("{cfg}:b")).isEqualTo("2");
            writer.sync().set("{cfg}:b", "3");
            cluster.awaitCondition("{cfg}:b invalidated", () -> !near.containsKey("{cfg}:b"), Duration.ofSeconds(10));
            assertThat(near).containsOnlyKeys("{cfg}:a");
            assertThat(cache.get("{cfg}:b")).isEqualTo("3");
        } finally {
            client.shutdown();
        }
    }
}
