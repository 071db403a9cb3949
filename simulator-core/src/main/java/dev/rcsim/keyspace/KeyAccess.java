package dev.rcsim.keyspace;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Per-key access bookkeeping of one database: what Redis keeps in each object's 24-bit {@code lru}
 * field. Both views are kept at once: the last access time (LRU: OBJECT IDLETIME, second resolution
 * like Redis's LRU clock) and the logarithmic access counter (LFU: OBJECT FREQ, with Redis's
 * {@code LFULogIncr} probability and one-per-decay-period decrement). Redis keeps only one of them
 * depending on maxmemory-policy; keeping both makes switching policy at runtime instant here.
 * The LFU coin flips use a seeded generator, so runs are reproducible. The figures live in each key's
 * {@link KeyEntry}, so the hot path (a lookup) costs no extra map access.
 */
public final class KeyAccess {
    /** Redis's LFU_INIT_VAL: a new key's counter. */
    public static final int LFU_INIT = 5;

    private final Map<Bytes, KeyEntry> byKey;
    private SplittableRandom random = new SplittableRandom(0x5EED);
    private int lfuLogFactor = 10;
    private long lfuDecayMinutes = 1;

    /** lfu-log-factor as configured on the node. */
    KeyAccess(Map<Bytes, KeyEntry> entries) {
        this.byKey = entries;
    }

    /** Seeds the LFU coin flips from the node's seeded source. */
    public void seed(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public void lfuLogFactor(int factor) {
        this.lfuLogFactor = factor;
    }

    /** lfu-decay-time in minutes (0: counters never decay). */
    public void lfuDecayTime(long minutes) {
        this.lfuDecayMinutes = minutes;
    }

    /**
     * What Redis's eviction pool orders keys by (evict.c): LRU: the idle time in ms on the 24-bit
     * LRU clock of 1 s resolution (estimateObjectIdleTime); LFU: 255 minus the decayed counter.
     */
    long evictionScore(KeyEntry e, long now, boolean lfu) {
        if (lfu) {
            return 255 - decayed(e, now, lfuDecayMinutes);
        }
        long clock = (now / 1000) & LRU_CLOCK_MAX;
        long lru = (e.lastAccess / 1000) & LRU_CLOCK_MAX;
        return clock >= lru ? (clock - lru) * 1000 : (clock + (LRU_CLOCK_MAX - lru)) * 1000;
    }

    /** Redis's LRU_CLOCK_MAX: the object's lru field has 24 bits. */
    private static final long LRU_CLOCK_MAX = (1 << 24) - 1;

    /** A new value was stored in {@code e} at {@code now} (ms): fresh access time, counter LFU_INIT. */
    static void created(KeyEntry e, long now) {
        e.lastAccess = now;
        e.lfuCounter = LFU_INIT;
        e.lfuTime = now;
    }

    /** The key was looked up (without Redis's NOTOUCH flag). */
    void touched(KeyEntry e, long now) {
        e.lastAccess = now;
        long counter = decayed(e, now, lfuDecayMinutes);
        if (counter < 255) {
            double base = Math.max(0, counter - LFU_INIT);
            double p = 1.0 / (base * lfuLogFactor + 1);
            if (random.nextDouble() < p) {
                counter++;
            }
        }
        e.lfuCounter = counter;
        e.lfuTime = now;
    }

    /** Seconds since the last access, as OBJECT IDLETIME (LRU clock of one-second resolution). */
    public long idleSeconds(Bytes key, long now) {
        KeyEntry e = byKey.get(key);
        if (e == null) {
            return 0;
        }
        return Math.max(0, now / 1000 - e.lastAccess / 1000);
    }

    /** OBJECT FREQ: the counter after decay by elapsed periods of {@code decayMinutes} (0: no decay). */
    public long frequency(Bytes key, long now, long decayMinutes) {
        KeyEntry e = byKey.get(key);
        return e == null ? LFU_INIT : decayed(e, now, decayMinutes);
    }

    private static long decayed(KeyEntry e, long now, long decayMinutes) {
        if (decayMinutes <= 0) {
            return e.lfuCounter;
        }
        long periods = (now / 60_000 - e.lfuTime / 60_000) / decayMinutes;
        return periods > e.lfuCounter ? 0 : e.lfuCounter - periods;
    }

    /** Sets what RESTORE's IDLETIME / FREQ options ask for (negative: leave as is). */
    public void restore(Bytes key, long now, long idleSeconds, long freq) {
        KeyEntry e = byKey.get(key);
        if (e == null) {
            return;
        }
        if (idleSeconds >= 0) {
            e.lastAccess = now - idleSeconds * 1000;
        }
        if (freq >= 0) {
            e.lfuCounter = freq;
            e.lfuTime = now;
        }
    }

    /** Carries the bookkeeping of a value that moves to another key or database (RENAME, MOVE). */
    public void transfer(Bytes from, KeyAccess to, Bytes toKey) {
        KeyEntry a = byKey.get(from);
        KeyEntry b = to.byKey.get(toKey);
        if (a != null && b != null) {
            b.lastAccess = a.lastAccess;
            b.lfuCounter = a.lfuCounter;
            b.lfuTime = a.lfuTime;
        }
    }
}
