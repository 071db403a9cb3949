package dev.rcsim.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.keyspace.HashSlots;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.util.ArrayList;
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
 * JedisCluster and Lettuce write and read keys of slots that migrate back and forth under them (the
 * admin's reshard: IMPORTING / MIGRATING / MIGRATE / SETSLOT NODE). They must follow ASK and MOVED
 * without surfacing an error, and every acknowledged write must be there at the end.
 */
class ClientsDuringMigrationTest {
    @Test
    void jedisAndLettuceLoseNoAcknowledgedWriteWhileTheirSlotsMigrate() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).start()) {
            SimNode m0 = sim.masters().get(0);
            SimNode m1 = sim.masters().get(1);
            List<String> jedisKeys = new ArrayList<>();
            List<String> lettuceKeys = new ArrayList<>();
            for (int i = 0; jedisKeys.size() < 40 || lettuceKeys.size() < 40; i++) {
                String k = "mig:" + i;
                if (HashSlots.slot(k) < 300) {
                    (jedisKeys.size() <= lettuceKeys.size() ? jedisKeys : lettuceKeys).add(k);
                }
            }
            Map<String, Long> acked = new ConcurrentHashMap<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            RedisClusterClient lettuce = RedisClusterClient.create(RedisURI.create("redis://" + m0.address()));
            try (JedisCluster jedis = new JedisCluster(sim.seeds(HostAndPort::new));
                    StatefulRedisClusterConnection<String, String> conn = lettuce.connect()) {
                RedisAdvancedClusterCommands<String, String> lc = conn.sync();
                Thread tj = writer("jedis", jedisKeys, acked, errors, stop, jedis::set, jedis::get);
                Thread tl = writer("lettuce", lettuceKeys, acked, errors, stop, lc::set, lc::get);
                tj.start();
                tl.start();
                ClusterAdmin admin = sim.admin();
                for (int round = 0; round < 2; round++) {
                    admin.reshard(List.of(m0.id()), m1.id(), 300);
                    admin.reshard(List.of(m1.id()), m0.id(), 300);
                }
                stop.set(true);
                tj.join(30_000);
                tl.join(30_000);
                assertThat(errors).isEmpty();
                assertThat(acked).hasSize(80);
                for (Map.Entry<String, Long> e : acked.entrySet()) {
                    assertThat(jedis.get(e.getKey())).as(e.getKey()).isEqualTo(String.valueOf(e.getValue()));
                    assertThat(lc.get(e.getKey())).as(e.getKey()).isEqualTo(String.valueOf(e.getValue()));
                }
                // a ping sent by the old owner before its SETSLOT NODE can briefly win on a third node
                // (as on Redis); the new owner's next ping settles it
                sim.awaitCondition("every node agreeing after the reshards", () -> admin.check().ok(),
                        java.time.Duration.ofSeconds(30));
            } finally {
                lettuce.shutdown();
            }
        }
    }

    private static Thread writer(String name, List<String> keys, Map<String, Long> acked, List<Throwable> errors,
            AtomicBoolean stop, BiConsumer<String, String> set, Function<String, String> get) {
        Thread t = new Thread(() -> {
            long n = 0;
            try {
                while (!stop.get() || n < keys.size()) {
                    String k = keys.get((int) (n % keys.size()));
                    long v = ++n;
                    set.accept(k, String.valueOf(v));
                    acked.put(k, v);
                    String back = get.apply(k);
                    if (!String.valueOf(v).equals(back)) {
                        throw new AssertionError(name + ": " + k + " read " + back + " after writing " + v);
                    }
                }
            } catch (Throwable e) {
                errors.add(e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}
