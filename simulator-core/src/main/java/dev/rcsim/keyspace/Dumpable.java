package dev.rcsim.keyspace;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A value type that DUMP can serialise. Strings are handled by {@link DumpFormat} itself; every other
 * value type (hash, list, set, zset) implements this interface and registers a matching
 * {@link Reader} with {@link DumpFormat#register(int, Reader)} from its static initialiser, using its
 * type byte ({@link DumpFormat#LIST}, {@link DumpFormat#SET}, {@link DumpFormat#ZSET},
 * {@link DumpFormat#HASH}). The body written here is framed by DumpFormat (type byte before, version
 * and checksum after); a reader must consume exactly what {@link #writeTo} wrote.
 */
public interface Dumpable {
    /** The type byte this value is written under (one of DumpFormat's constants). */
    int dumpType();

    /** Writes the value's content, the encoding hint included if the type wants it restored. */
    void writeTo(DataOutput out) throws IOException;

    /** Rebuilds a value from what {@link #writeTo} wrote; throws IOException on malformed input. */
    @FunctionalInterface
    interface Reader {
        RedisValue read(DataInput in) throws IOException;
    }
}
