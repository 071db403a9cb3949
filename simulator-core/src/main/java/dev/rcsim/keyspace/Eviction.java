package dev.rcsim.keyspace;

import java.util.Locale;
import java.util.Random;

/**
 * Redis 7.0's key eviction (evict.c {@code performEvictions}) over a node's databases: the
 * approximated LRU / LFU / TTL policies sample {@code maxmemory-samples} keys per database into a
 * pool of the 16 best candidates kept between calls, and evict the best one still present; the
 * random policies pick a random key, visiting databases round robin. Keys are sampled uniformly
 * from the database's key or TTL index with the node's seeded random (Redis's dictGetSomeKeys takes
 * a run of buckets from a random place).
 */
public final class Eviction {
    /** maxmemory-policy. */
    public enum Policy {
        NOEVICTION, ALLKEYS_LRU, ALLKEYS_LFU, ALLKEYS_RANDOM, VOLATILE_LRU, VOLATILE_LFU, VOLATILE_RANDOM, VOLATILE_TTL;

        /** The policy named as CONFIG takes it ({@code allkeys-lru}). */
        public static Policy of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        boolean volatileOnly() {
            return name().startsWith("VOLATILE");
        }

        boolean random() {
            return this == ALLKEYS_RANDOM || this == VOLATILE_RANDOM;
        }

        boolean lfu() {
            return this == ALLKEYS_LFU || this == VOLATILE_LFU;
        }
    }

    /** Told of each evicted key (the node propagates a DEL, wakes WATCH-ers, counts evicted_keys). */
    public interface Listener {
        void evicted(int db, Bytes key);
    }

    /** EVPOOL_SIZE. */
    static final int POOL_SIZE = 16;

    private final long[] poolIdle = new long[POOL_SIZE];
    private final Bytes[] poolKey = new Bytes[POOL_SIZE];
    private final int[] poolDb = new int[POOL_SIZE];
    private final Random random;
    private int nextDb;

    /** {@code random}: the node's seeded source, for key sampling. */
    public Eviction(Random random) {
        this.random = random;
    }

    /**
     * Evicts keys until {@code toFree} bytes were freed, no key is left to evict, or (checked every 16
     * keys) {@code timeLimitNanos} passed; {@code keyBudget} > 0 replaces the time limit by a number of
     * keys (a simulated clock, where runs must repeat exactly). Returns the bytes freed.
     */
    public long evict(Keyspace[] dbs, Policy policy, int samples, long toFree, long timeLimitNanos, long keyBudget,
            Listener listener) {
        if (policy == Policy.NOEVICTION) {
            return 0;
        }
        long start = System.nanoTime();
        long freed = 0;
        int evicted = 0;
        while (freed < toFree) {
            int bestDb = -1;
            Bytes best = null;
            if (policy.random()) {
                for (int i = 0; i < dbs.length && best == null; i++) {
                    int j = (++nextDb & Integer.MAX_VALUE) % dbs.length;
                    SampleIndex idx = dbs[j].index(policy.volatileOnly());
                    if (idx.size() > 0) {
                        best = idx.keyAt(random.nextInt(idx.size()));
                        bestDb = j;
                    }
                }
            } else {
                while (best == null) {
                    long total = 0;
                    for (int i = 0; i < dbs.length; i++) {
                        SampleIndex idx = dbs[i].index(policy.volatileOnly());
                        if (idx.size() > 0) {
                            populate(i, dbs[i], idx, policy, samples);
                            total += idx.size();
                        }
                    }
                    if (total == 0) {
                        break;
                    }
                    for (int k = POOL_SIZE - 1; k >= 0; k--) {
                        if (poolKey[k] == null) {
                            continue;
                        }
                        Bytes key = poolKey[k];
                        int db = poolDb[k];
                        poolKey[k] = null;
                        KeyEntry e = db < dbs.length ? dbs[db].entry(key) : null;
                        if (e != null && (!policy.volatileOnly() || e.ttlSlot >= 0)) {
                            best = key;
                            bestDb = db;
                            break;
                        }
                    }
                }
            }
            if (best == null) {
                break; // nothing left to evict
            }
            Keyspace ks = dbs[bestDb];
            long before = ks.usedMemory();
            ks.remove(best);
            freed += before - ks.usedMemory();
            listener.evicted(bestDb, best);
            ++evicted;
            if (keyBudget > 0 ? evicted >= keyBudget : (evicted & 15) == 0 && System.nanoTime() - start > timeLimitNanos) {
                break;
            }
        }
        return freed;
    }

    /** evictionPoolPopulate: samples keys of one database into the pool, kept sorted by ascending score. */
    private void populate(int db, Keyspace ks, SampleIndex idx, Policy policy, int samples) {
        long now = ks.now();
        int n = Math.min(samples, idx.size());
        for (int s = 0; s < n; s++) {
            int at = random.nextInt(idx.size());
            KeyEntry e = idx.entryAt(at);
            Bytes key = idx.keyAt(at);
            long idle = policy == Policy.VOLATILE_TTL ? Long.MAX_VALUE - e.expireAt
                    : ks.access().evictionScore(e, now, policy.lfu());
            int k = 0;
            while (k < POOL_SIZE && poolKey[k] != null && poolIdle[k] < idle) {
                k++;
            }
            if (k == 0 && poolKey[POOL_SIZE - 1] != null) {
                continue; // worse than every candidate of a full pool
            }
            if (k < POOL_SIZE && poolKey[k] == null) {
                // an empty place: insert here
            } else if (poolKey[POOL_SIZE - 1] == null) {
                System.arraycopy(poolIdle, k, poolIdle, k + 1, POOL_SIZE - k - 1);
                System.arraycopy(poolKey, k, poolKey, k + 1, POOL_SIZE - k - 1);
                System.arraycopy(poolDb, k, poolDb, k + 1, POOL_SIZE - k - 1);
            } else {
                k--;
                System.arraycopy(poolIdle, 1, poolIdle, 0, k);
                System.arraycopy(poolKey, 1, poolKey, 0, k);
                System.arraycopy(poolDb, 1, poolDb, 0, k);
            }
            poolIdle[k] = idle;
            poolKey[k] = key;
            poolDb[k] = db;
        }
    }
}
