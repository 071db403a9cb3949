package dev.rcsim.keyspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The keys of one {@link Keyspace} sorted by a fixed per-key hash (SCAN's cursor space, see the
 * command layer's {@code KeyScan}), kept by the keyspace and rebuilt only when the dataset changed
 * since it was built (the caller's change counter, e.g. the node's dirty counter, and the key count).
 * Redis needs no such view: its SCAN walks the hash table with a reverse-binary cursor.
 */
public final class ScanOrder {
    private final long version;
    /** The number of keys. */
    public final int size;
    /** The hashes in ascending order; {@code hashes[i]} is the hash of {@code keys[i]}. */
    public final long[] hashes;
    public final Bytes[] keys;

    private ScanOrder(long version, int size, long[] hashes, Bytes[] keys) {
        this.version = version;
        this.size = size;
        this.hashes = hashes;
        this.keys = keys;
    }

    /** True while the keyspace is as it was when this order was built. */
    boolean validFor(long version, int size) {
        return this.version == version && this.size == size;
    }

    /** Sorts the keys by {@code hash} (a value below 2^32). */
    static ScanOrder build(Keyspace ks, long version, ToLongFunction<Bytes> hash) {
        List<Bytes> all = new ArrayList<>(ks.keySet());
        int n = all.size();
        long[] packed = new long[n];
        Bytes[] byIndex = all.toArray(new Bytes[0]);
        for (int i = 0; i < n; i++) {
            packed[i] = hash.applyAsLong(byIndex[i]) << 31 | i; // n < 2^31
        }
        Arrays.sort(packed);
        long[] hashes = new long[n];
        Bytes[] keys = new Bytes[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = packed[i] >>> 31;
            keys[i] = byIndex[(int) (packed[i] & 0x7fffffffL)];
        }
        return new ScanOrder(version, n, hashes, keys);
    }
}
