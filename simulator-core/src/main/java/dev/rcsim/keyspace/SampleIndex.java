package dev.rcsim.keyspace;

import java.util.Arrays;

/**
 * Keys of a database in a dense array, so that a uniformly random one is picked in O(1): what
 * Redis's dictGetRandomKey / dictGetSomeKeys give its active expiry and eviction. Each entry stores
 * its own position (in {@link KeyEntry#keySlot} or {@link KeyEntry#ttlSlot}), so removal is a swap
 * with the last element.
 */
final class SampleIndex {
    private final boolean ttl;
    private Bytes[] keys = new Bytes[16];
    private KeyEntry[] entries = new KeyEntry[16];
    private int size;

    /** {@code ttl}: index of keys with an expiry (uses {@link KeyEntry#ttlSlot}), else of all keys. */
    SampleIndex(boolean ttl) {
        this.ttl = ttl;
    }

    int size() {
        return size;
    }

    boolean contains(KeyEntry e) {
        return slot(e) >= 0;
    }

    void add(Bytes key, KeyEntry e) {
        if (slot(e) >= 0) {
            return;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            entries = Arrays.copyOf(entries, size * 2);
        }
        keys[size] = key;
        entries[size] = e;
        slot(e, size);
        size++;
    }

    void remove(KeyEntry e) {
        int i = slot(e);
        if (i < 0) {
            return;
        }
        int last = --size;
        if (i != last) {
            keys[i] = keys[last];
            entries[i] = entries[last];
            slot(entries[i], i);
        }
        keys[last] = null;
        entries[last] = null;
        slot(e, -1);
    }

    Bytes keyAt(int i) {
        return keys[i];
    }

    KeyEntry entryAt(int i) {
        return entries[i];
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            slot(entries[i], -1);
        }
        keys = new Bytes[16];
        entries = new KeyEntry[16];
        size = 0;
    }

    private int slot(KeyEntry e) {
        return ttl ? e.ttlSlot : e.keySlot;
    }

    private void slot(KeyEntry e, int i) {
        if (ttl) {
            e.ttlSlot = i;
        } else {
            e.keySlot = i;
        }
    }
}
