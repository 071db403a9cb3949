package dev.rcsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.junit5.RedisClusterTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.redisson.Redisson;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RBucket;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

/**
 * Redisson's cluster client ({@code useClusterServers()}) on a simulated cluster: RBucket, RAtomicLong,
 * RMap and RLock, most of whose operations are Lua scripts (SCRIPT LOAD + EVALSHA) run on the key's
 * master. A lease is a PEXPIRE, so with the simulated clock it runs out exactly when the test advances
 * the clock past it, never by itself.
 */
@RedisClusterTest(masters = 3, replicasPerMaster = 1, config = {"cluster-node-timeout 5000"})
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedissonClusterExampleTest {
    private RedissonClient redisson;

    /** A Redisson client for the cluster: reads from masters, small pools, a quick topology rescan. */
    static RedissonClient redisson(RedisClusterSimulator cluster) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setNettyThreads(4);
        var servers = config.useClusterServers()
                .setReadMode(ReadMode.MASTER)
                .setScanInterval(200)
                .setMasterConnectionMinimumIdleSize(2)
                .setSlaveConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionMinimumIdleSize(1);
        for (String seed : cluster.seeds()) {
            servers.addNodeAddress("redis://" + seed);
        }
        return Redisson.create(config);
    }

    @BeforeEach
    void connect(RedisClusterSimulator cluster) {
        redisson = redisson(cluster);
    }

    @AfterEach
    void shutdown() {
        redisson.shutdown();
    }

    /** Runs {@code call} on another thread: Redisson locks belong to a thread. */
    static <T> T onAnotherThread(java.util.concurrent.Callable<T> call) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);
    }

    @Test
    void bucketValueExpiresOnTheClustersClock(RedisClusterSimulator cluster) {
        RBucket<String> bucket = redisson.getBucket("{cart:1}:coupon");
        bucket.set("SAVE10", Duration.ofSeconds(30));
        assertThat(bucket.get()).isEqualTo("SAVE10");
        assertThat(bucket.remainTimeToLive()).isEqualTo(30_000); // simulated time has not moved
        cluster.clock().advance(Duration.ofSeconds(31));
        assertThat(bucket.get()).isNull();
        assertThat(bucket.isExists()).isFalse();
    }

    @Test
    void atomicLongIncrementsAndComparesAndSets() {
        RAtomicLong visits = redisson.getAtomicLong("{page:home}:visits");
        assertThat(visits.incrementAndGet()).isEqualTo(1);
        assertThat(visits.addAndGet(41)).isEqualTo(42);
        assertThat(visits.compareAndSet(42, 100)).isTrue(); // a Lua script
        assertThat(visits.compareAndSet(42, 7)).isFalse();
        assertThat(visits.get()).isEqualTo(100);
    }

    @Test
    void mapPutReturnsThePreviousValue() {
        RMap<String, String> cart = redisson.getMap("{cart:9}");
        assertThat(cart.put("apple", "1")).isNull(); // EVALSHA: HGET then HSET in one script
        assertThat(cart.put("apple", "2")).isEqualTo("1");
        assertThat(cart.fastPut("pear", "5")).isTrue(); // plain HSET
        assertThat(cart.putIfAbsent("apple", "9")).isEqualTo("2");
        assertThat(cart.readAllMap()).isEqualTo(Map.of("apple", "2", "pear", "5"));
        assertThat(cart.remove("pear")).isEqualTo("5");
        assertThat(cart.size()).isEqualTo(1);
    }

    @Test
    void lockIsReentrantAndFreedByTheLastUnlock() throws Exception {
        RLock lock = redisson.getLock("{order:7}:lock");
        lock.lock();
        lock.lock();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        assertThat(lock.getHoldCount()).isEqualTo(2);
        assertThat(onAnotherThread(() -> lock.tryLock(0, 10, TimeUnit.SECONDS))).isFalse();
        lock.unlock();
        assertThat(lock.isLocked()).isTrue();
        lock.unlock();
        assertThat(lock.isLocked()).isFalse();
        assertThat(onAnotherThread(() -> {
            boolean got = lock.tryLock(0, 10, TimeUnit.SECONDS);
            lock.unlock();
            return got;
        })).isTrue();
    }

    @Test
    void tryLockLeaseRunsOutWhenTheClockPassesIt(RedisClusterSimulator cluster) throws Exception {
        RLock lock = redisson.getLock("{job:42}:lock");
        assertThat(lock.tryLock(0, 10, TimeUnit.SECONDS)).isTrue();
        assertThat(lock.remainTimeToLive()).isEqualTo(10_000);
        assertThat(onAnotherThread(() -> lock.tryLock(0, 10, TimeUnit.SECONDS))).isFalse();

        cluster.clock().advance(Duration.ofSeconds(11)); // the lease passes; nobody unlocked
        assertThat(lock.isLocked()).isFalse();
        assertThat(onAnotherThread(() -> lock.tryLock(0, 10, TimeUnit.SECONDS))).isTrue();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
    }

    @Test
    void lockHeldAcrossAMasterFailover(RedisClusterSimulator cluster) {
        RLock lock = redisson.getLock("{order:7}:lock");
        // Redisson sends WAIT 1 after taking the lock, so the replica has the lock key before lock() returns
        lock.lock(10, TimeUnit.MINUTES);
        var master = cluster.masterFor("{order:7}:lock");
        cluster.faults().kill(master);
        cluster.awaitHealthy(); // the replica is promoted, with the lock key it received

        assertThat(cluster.masterFor("{order:7}:lock")).isEqualTo(cluster.replicasOf(master).get(0));
        assertThat(lock.isLocked()).isTrue();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        lock.unlock();
        assertThat(lock.isLocked()).isFalse();
    }
}
