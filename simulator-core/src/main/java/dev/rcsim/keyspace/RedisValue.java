package dev.rcsim.keyspace;

/**
 * A value stored under a key. Each type knows its Redis type name (TYPE) and the encoding Redis 7.0
 * would report for it (OBJECT ENCODING). Values are mutable in place; only the node's event loop
 * touches them.
 */
public interface RedisValue {
    /** TYPE reply: string, list, set, zset, hash. */
    String type();

    /** OBJECT ENCODING reply, following Redis 7.0's thresholds. */
    String encoding();

    /** A deep copy (COPY, DUMP). */
    RedisValue copy();
}
