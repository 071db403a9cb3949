package dev.rcsim.keyspace;

/**
 * A key's slot in its database: the value and what Redis keeps in the object's 24-bit {@code lru}
 * field (last access for LRU, the logarithmic counter and its last decay time for LFU). One object
 * per key, so a lookup finds value and access data together.
 */
final class KeyEntry {
    RedisValue value;
    long lastAccess;
    long lfuCounter;
    long lfuTime;

    KeyEntry(RedisValue value) {
        this.value = value;
    }
}
