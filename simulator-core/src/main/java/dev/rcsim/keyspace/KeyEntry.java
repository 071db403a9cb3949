package dev.rcsim.keyspace;

/**
 * A key's slot in its database: the value, what Redis keeps in the object's 24-bit {@code lru}
 * field (last access for LRU, the logarithmic counter and its last decay time for LFU), the absolute
 * expiry (Redis's expires dict), where the key sits in the database's random-sampling indexes, and
 * the bytes this key is accounted for in the node's used_memory. One object per key, so a lookup
 * finds all of it together.
 */
final class KeyEntry {
    RedisValue value;
    long lastAccess;
    long lfuCounter;
    long lfuTime;
    /** Absolute expiry in ms; meaningful only while {@link #ttlSlot} >= 0. */
    long expireAt;
    /** Position in the database's index of all keys (eviction sampling). */
    int keySlot = -1;
    /** Position in the database's index of keys with a TTL (active expiry, volatile-* eviction), or -1. */
    int ttlSlot = -1;
    /** Bytes this key adds to used_memory, as last estimated. */
    long memory;

    KeyEntry(RedisValue value) {
        this.value = value;
    }
}
