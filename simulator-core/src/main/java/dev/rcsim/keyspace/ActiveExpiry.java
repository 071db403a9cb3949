package dev.rcsim.keyspace;

import java.util.Random;

/**
 * Redis 7.0's slow active-expire cycle (expire.c {@code activeExpireCycle}), run from the node's cron
 * at {@code hz}: for each database, sample {@code 20 + 5 * (effort - 1)} random keys with a TTL,
 * delete the expired ones, and sample again while more than {@code 10 - (effort - 1)} percent of a
 * sample was expired, within {@code 25 + 2 * (effort - 1)} percent of the cron period of CPU time.
 * Differences: keys are drawn uniformly at random from the database's TTL index with the node's
 * seeded random (Redis walks its expires dict's buckets from a cursor), and there is no fast cycle
 * in beforeSleep. A replica runs no cycle: it waits for its master's DELs, as in Redis. On a simulated
 * clock the time limit is a fixed budget of sample loops instead (one loop of 20 keys per 25 us of the
 * limit: 20,000 keys per cycle at the defaults), so a simulated run takes the same steps every time.
 */
public final class ActiveExpiry {
    private ActiveExpiry() {}

    /** Runs one cycle over {@code dbs}; returns the number of keys deleted. */
    public static long cycle(Keyspace[] dbs, Random random, int effortConfig, int hz, boolean simulatedClock) {
        int effort = Math.max(0, effortConfig - 1);
        int keysPerLoop = 20 + 20 / 4 * effort;
        int acceptableStale = 10 - effort;
        long timeLimitNanos = (25L + 2L * effort) * 1_000_000_000L / Math.max(1, hz) / 100;
        long start = System.nanoTime();
        long loopBudget = simulatedClock ? Math.max(1, timeLimitNanos / 25_000) : Long.MAX_VALUE;
        long deleted = 0;
        int iteration = 0;
        for (Keyspace db : dbs) {
            if (db.holdingExpired()) {
                continue;
            }
            SampleIndex ttl = db.index(true);
            while (true) {
                int num = ttl.size();
                if (num == 0) {
                    break;
                }
                int sampled = Math.min(num, keysPerLoop);
                int expired = 0;
                long now = db.now();
                for (int i = 0; i < sampled && ttl.size() > 0; i++) {
                    int at = random.nextInt(ttl.size());
                    KeyEntry e = ttl.entryAt(at);
                    if (e.expireAt <= now) {
                        db.expire(ttl.keyAt(at));
                        expired++;
                    }
                }
                deleted += expired;
                if (++iteration >= loopBudget || (!simulatedClock && (iteration & 15) == 0 && System.nanoTime() - start > timeLimitNanos)) {
                    return deleted;
                }
                if (expired * 100 <= sampled * acceptableStale) {
                    break;
                }
            }
        }
        return deleted;
    }
}
