package dev.rcsim.bus;

import static dev.rcsim.testing.Nodes.keyOwnedBy;
import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.time.SimClock;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * Wall time of FailoverTest's two simulated-time scenarios, whole (cluster start, client, kill, failover
 * with the default 15000 ms node timeout, writes again, close): the first round in this JVM (class
 * loading included) and the median/max of the warm rounds after it. Lettuce shares one
 * {@code ClientResources} across rounds, as an application does. Run with
 * {@code java -cp <test classpath> dev.rcsim.bus.FailoverBenchmark [rounds]}.
 */
public final class FailoverBenchmark {
    private FailoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        ClientResources resources = DefaultClientResources.create();
        long[] jedis = new long[rounds];
        long[] lettuce = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            jedis[i] = jedisRound(i);
            lettuce[i] = lettuceRound(resources, i);
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
        System.out.println("Jedis failover test: " + stats(jedis));
        System.out.println("Lettuce failover test: " + stats(lettuce));
    }

    static RedisClusterSimulator cluster(long seed) {
        return RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(seed).clock(SimClock.simulated()).start();
    }

    static long jedisRound(long seed) {
        long t0 = System.nanoTime();
        try (RedisClusterSimulator sim = cluster(seed);
                JedisCluster jedis = new JedisCluster(sim.seeds(HostAndPort::new), DefaultJedisClientConfig.builder().build(),
                        5, Duration.ofMillis(100))) {
            SimNode master = sim.masters().get(0);
            String key = keyOwnedBy(master, "k");
            jedis.set(key, "before");
            sim.kill(master);
            sim.awaitFailover(master);
            check("before".equals(jedis.get(key)));
            jedis.set(key, "after");
        }
        return System.nanoTime() - t0;
    }

    static long lettuceRound(ClientResources resources, long seed) {
        long t0 = System.nanoTime();
        try (RedisClusterSimulator sim = cluster(seed)) {
            List<RedisURI> uris = new ArrayList<>();
            for (SimNode n : sim.masters()) {
                uris.add(RedisURI.create(n.host(), n.port()));
            }
            RedisClusterClient client = RedisClusterClient.create(resources, uris);
            client.setOptions(ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(Duration.ofMillis(100)).enableAllAdaptiveRefreshTriggers()
                            .adaptiveRefreshTriggersTimeout(Duration.ofMillis(10)).refreshTriggersReconnectAttempts(1).build())
                    .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5))).build());
            try (var conn = client.connect()) {
                var cmd = conn.sync();
                SimNode master = sim.masters().get(0);
                SimNode replica = sim.replicasOf(master).get(0);
                String key = keyOwnedBy(master, "k");
                cmd.set(key, "before");
                sim.kill(master);
                sim.awaitFailover(master);
                int slot = HashSlots.slot(key);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!replica.id().equals(client.getPartitions().getPartitionBySlot(slot).getNodeId())) {
                    check(System.nanoTime() < deadline);
                    LockSupport.parkNanos(1_000_000L);
                }
                // Lettuce shows a refreshed topology in getPartitions() a moment before it re-points its connections
                // (Partitions.reload, then updatePartitionsInConnections): a command sent in between would queue on the
                // dead master's connection. A refresh of our own returns once the connections use the new topology.
                client.refreshPartitions();
                check("before".equals(cmd.get(key)));
                cmd.set(key, "after");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
        return System.nanoTime() - t0;
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("failover round went wrong");
        }
    }

    private static String stats(long[] ns) {
        long[] warm = Arrays.copyOfRange(ns, 1, ns.length);
        Arrays.sort(warm);
        return String.format("first round %d ms; warm rounds median %d ms, max %d ms (%d rounds)", ns[0] / 1_000_000,
                warm[warm.length / 2] / 1_000_000, warm[warm.length - 1] / 1_000_000, warm.length);
    }
}
