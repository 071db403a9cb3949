package dev.rcsim.examples;

import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.junit5.RedisClusterTest;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * Slots move while clients keep writing: cluster.admin().reshard(...) sends what redis-cli --cluster
 * reshard sends (SETSLOT IMPORTING / MIGRATING, MIGRATE, SETSLOT NODE). JedisCluster and Lettuce follow
 * the ASK and MOVED redirects on their own; no error reaches the application and no acknowledged write
 * is lost.
 */
@RedisClusterTest(masters = 3, replicasPerMaster = 0, seed = 9)
class ReshardingUnderLoadExampleTest {

    @Test
    void clientsLoseNoAcknowledgedWriteWhileSlotsMove(RedisClusterSimulator cluster) throws Exception {
        SimNode from = cluster.masters().get(0);
        SimNode to = cluster.masters().get(1);
        Map<String, String> acked = new ConcurrentHashMap<>(); // what the clients were told is stored
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();

        RedisClusterClient lettuce = RedisClusterClient.create(RedisURI.create("redis://" + from.address()));
        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new));
                StatefulRedisClusterConnection<String, String> conn = lettuce.connect()) {
            Thread j = client(keysInSlots0To499("jedis:"), jedis::set, jedis::get, acked, errors, stop);
            Thread l = client(keysInSlots0To499("lettuce:"), conn.sync()::set, conn.sync()::get, acked, errors, stop);
            j.start();
            l.start();

            List<Integer> moved = cluster.admin().reshard(List.of(from.id()), to.id(), 500); // slots 0-499
            cluster.admin().reshard(List.of(to.id()), from.id(), 250); // and 0-249 back

            stop.set(true);
            j.join(30_000);
            l.join(30_000);
            assertThat(moved).hasSize(500);
            assertThat(errors).isEmpty();
            assertThat(acked).isNotEmpty();
            acked.forEach((key, value) -> assertThat(jedis.get(key)).as(key).isEqualTo(value));
        } finally {
            lettuce.shutdown();
        }
        assertThat(cluster).hasAllSlotsCovered();
    }

    /** 50 keys in the slots that move. */
    private static List<String> keysInSlots0To499(String prefix) {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; keys.size() < 50; i++) {
            if (RedisClusterSimulator.slotOf(prefix + i) < 500) {
                keys.add(prefix + i);
            }
        }
        return keys;
    }

    /** A client thread: sets a key to n, reads it back, n = 1, 2, 3... cycling over its keys. */
    private static Thread client(List<String> keys, BiConsumer<String, String> set, Function<String, String> get,
            Map<String, String> acked, List<Throwable> errors, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            try {
                for (int n = 1; !stop.get() || n <= keys.size(); n++) {
                    String key = keys.get(n % keys.size());
                    set.accept(key, String.valueOf(n));
                    acked.put(key, String.valueOf(n));
                    assertThat(get.apply(key)).isEqualTo(String.valueOf(n));
                }
            } catch (Throwable e) {
                errors.add(e);
            }
        });
        t.setDaemon(true);
        return t;
    }
}
