package dev.rcsim.keyspace;

import java.util.HashMap;
import java.util.SplittableRandom;

/**
 * Per-key access bookkeeping of one database: what Redis keeps in each object's 24-bit {@code lru}
 * field. Both views are kept at once: the last access time (LRU: OBJECT IDLETIME, second resolution
 * like Redis's LRU clock) and the logarithmic access counter (LFU: OBJECT FREQ, with Redis's
 * {@code LFULogIncr} probability and one-per-decay-period decrement). Redis keeps only one of them
 * depending on maxmemory-policy; keeping both makes switching policy at runtime instant here.
 * The LFU coin flips use a seeded generator, so runs are reproducible.
 */
public final class KeyAccess {
    /** Redis's LFU_INIT_VAL: a new key's counter. */
    public static final int LFU_INIT = 5;

    private final HashMap<Bytes, long[]> byKey = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom(0x5EED);
    private int lfuLogFactor = 10;

    /** lfu-log-factor as configured on the node. */
    public void lfuLogFactor(int factor) {
        this.lfuLogFactor = factor;
    }

    /** A new value was stored under key at {@code now} (ms): fresh access time, counter LFU_INIT. */
    void created(Bytes key, long now) {
        long[] a = byKey.get(key);
        if (a == null) {
            byKey.put(key, new long[] {now, LFU_INIT, now});
        } else {
            a[0] = now;
            a[1] = LFU_INIT;
            a[2] = now;
        }
    }

    /** The key was looked up (without Redis's NOTOUCH flag). */
    void touched(Bytes key, long now) {
        long[] a = byKey.get(key);
        if (a == null) {
            byKey.put(key, new long[] {now, LFU_INIT, now});
            return;
        }
        a[0] = now;
        long counter = decayed(a, now, 1);
        if (counter < 255) {
            double base = Math.max(0, counter - LFU_INIT);
            double p = 1.0 / (base * lfuLogFactor + 1);
            if (random.nextDouble() < p) {
                counter++;
            }
        }
        a[1] = counter;
        a[2] = now;
    }

    void removed(Bytes key) {
        byKey.remove(key);
    }

    void clear() {
        byKey.clear();
    }

    /** Seconds since the last access, as OBJECT IDLETIME (LRU clock of one-second resolution). */
    public long idleSeconds(Bytes key, long now) {
        long[] a = byKey.get(key);
        if (a == null) {
            return 0;
        }
        return Math.max(0, now / 1000 - a[0] / 1000);
    }

    /** OBJECT FREQ: the counter after decay by elapsed periods of {@code decayMinutes} (0: no decay). */
    public long frequency(Bytes key, long now, long decayMinutes) {
        long[] a = byKey.get(key);
        return a == null ? LFU_INIT : decayed(a, now, decayMinutes);
    }

    private static long decayed(long[] a, long now, long decayMinutes) {
        if (decayMinutes <= 0) {
            return a[1];
        }
        long periods = (now / 60_000 - a[2] / 60_000) / decayMinutes;
        return periods > a[1] ? 0 : a[1] - periods;
    }

    /** Sets what RESTORE's IDLETIME / FREQ options ask for (negative: leave as is). */
    public void restore(Bytes key, long now, long idleSeconds, long freq) {
        long[] a = byKey.get(key);
        if (a == null) {
            a = new long[] {now, LFU_INIT, now};
            byKey.put(key, a);
        }
        if (idleSeconds >= 0) {
            a[0] = now - idleSeconds * 1000;
        }
        if (freq >= 0) {
            a[1] = freq;
            a[2] = now;
        }
    }

    /** Carries the bookkeeping of a value that moves to another key or database (RENAME, MOVE). */
    public void transfer(Bytes from, KeyAccess to, Bytes toKey) {
        long[] a = byKey.get(from);
        if (a != null) {
            to.byKey.put(toKey, a.clone());
        }
    }
}
