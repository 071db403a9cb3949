package dev.rcsim.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A binary-safe string used as a key or a member: equality and hashing by content, ordering by
 * unsigned bytes (memcmp), as Redis compares sds strings.
 */
public final class Bytes implements Comparable<Bytes> {
    private final byte[] bytes;
    private int hash;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps without copying: the caller must not change the array afterwards. */
    public static Bytes of(byte[] bytes) {
        return new Bytes(bytes);
    }

    public static Bytes of(String s) {
        return new Bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            if (h == 0) {
                h = 1;
            }
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
