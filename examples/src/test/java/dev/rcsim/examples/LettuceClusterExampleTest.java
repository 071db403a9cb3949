package dev.rcsim.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.junit5.RedisClusterTest;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lettuce's RedisClusterClient: routing, hash tags, and what a node answers to a cross-slot command. */
@RedisClusterTest(masters = 3, replicasPerMaster = 1)
class LettuceClusterExampleTest {
    static RedisClusterClient client(RedisClusterSimulator cluster) {
        List<RedisURI> seeds = List.copyOf(cluster.seeds((host, port) -> RedisURI.create(host, port)));
        return RedisClusterClient.create(seeds);
    }

    @Test
    void routesEachKeyToItsMaster(RedisClusterSimulator cluster) {
        RedisClusterClient client = client(cluster);
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = conn.sync();
            for (int i = 0; i < 100; i++) {
                redis.set("order:" + i, "o" + i);
            }
            assertThat(redis.get("order:99")).isEqualTo("o99");
            assertThat(redis.dbsize()).isEqualTo(100); // Lettuce sums DBSIZE over the masters
            assertThat(conn.getPartitions().size()).isEqualTo(6);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void hashTagsAndCrossSlotMget(RedisClusterSimulator cluster) {
        RedisClusterClient client = client(cluster);
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = conn.sync();
            redis.set("{u1}:a", "1");
            redis.set("{u1}:b", "2");
            assertThat(redis.mget("{u1}:a", "{u1}:b")).extracting(KeyValue::getValue).containsExactly("1", "2");
            // Lettuce splits a cross-slot MGET per slot itself; a single node connection gets CROSSSLOT
            assertThat(redis.mget("x", "y")).hasSize(2);
            var node = conn.getConnection(cluster.masterFor("x").id()).sync();
            assertThatThrownBy(() -> node.mget("x", "y")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
        } finally {
            client.shutdown();
        }
    }
}
