package dev.rcsim.keyspace;

import dev.rcsim.protocol.Numbers;

/**
 * A Redis string, with the encoding Redis 7.0 would report for it (OBJECT ENCODING) depending on how
 * it was created: {@code new StringValue(b)} follows {@code tryObjectEncoding} (SET, MSET, GETSET,
 * RESTORE...: int, embstr up to 44 bytes, else raw), {@link #plain} follows {@code createStringObject}
 * (INCRBYFLOAT: embstr or raw, never int), {@link #raw} a modified sds (APPEND, SETRANGE) and
 * {@link #ofLong} {@code createStringObjectFromLongLongForValue} (INCR...). Small integers 0..9999
 * created the tryObjectEncoding or INCR way stand for Redis's shared integers (OBJECT REFCOUNT
 * 2147483647); rcsim does not model maxmemory policies that disable sharing.
 */
public final class StringValue implements RedisValue {
    private static final byte INT = 0;
    private static final byte EMBSTR = 1;
    private static final byte RAW = 2;
    private static final int EMBSTR_LIMIT = 44;
    private static final int SHARED_INTEGERS = 10_000;

    private byte[] bytes;
    private byte encoding;
    private boolean shared;

    /** A string stored the way SET stores it (Redis's tryObjectEncoding). */
    public StringValue(byte[] bytes) {
        this.bytes = bytes;
        if (bytes.length <= 20 && Numbers.isLong(bytes)) {
            encoding = INT;
            long v = Numbers.parseLong(bytes);
            shared = v >= 0 && v < SHARED_INTEGERS;
        } else {
            encoding = bytes.length <= EMBSTR_LIMIT ? EMBSTR : RAW;
        }
    }

    private StringValue(byte[] bytes, byte encoding, boolean shared) {
        this.bytes = bytes;
        this.encoding = encoding;
        this.shared = shared;
    }

    /** Redis's createStringObject: embstr up to 44 bytes, else raw; never int-encoded. */
    public static StringValue plain(byte[] bytes) {
        return new StringValue(bytes, bytes.length <= EMBSTR_LIMIT ? EMBSTR : RAW, false);
    }

    /** A raw-encoded string (the result of APPEND or SETRANGE). */
    public static StringValue raw(byte[] bytes) {
        return new StringValue(bytes, RAW, false);
    }

    /** An integer value as INCR/DECR store it: int-encoded, shared for 0..9999. */
    public static StringValue ofLong(long v) {
        return new StringValue(Numbers.toBytes(v), INT, v >= 0 && v < SHARED_INTEGERS);
    }

    public byte[] bytes() {
        return bytes;
    }

    /** Replaces the content in place (APPEND, SETRANGE): Redis then reports the raw encoding. */
    public void setBytes(byte[] b) {
        this.bytes = b;
        this.encoding = RAW;
        this.shared = false;
    }

    /** True when Redis would hold this value as one of its shared integer objects. */
    public boolean isShared() {
        return shared;
    }

    @Override
    public String type() {
        return "string";
    }

    @Override
    public String encoding() {
        switch (encoding) {
            case INT:
                return "int";
            case EMBSTR:
                return "embstr";
            default:
                return "raw";
        }
    }

    /** COPY's dupStringObject: same encoding, never shared. */
    @Override
    public RedisValue copy() {
        return new StringValue(bytes.clone(), encoding, false);
    }
}
