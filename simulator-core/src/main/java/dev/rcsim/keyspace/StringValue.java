package dev.rcsim.keyspace;

import dev.rcsim.protocol.Numbers;

/** A Redis string. Encodings as Redis 7.0 reports them: int, embstr (up to 44 bytes) or raw. */
public final class StringValue implements RedisValue {
    private byte[] bytes;
    private boolean raw;

    public StringValue(byte[] bytes) {
        this.bytes = bytes;
    }

    private StringValue(byte[] bytes, boolean raw) {
        this.bytes = bytes;
        this.raw = raw;
    }

    public byte[] bytes() {
        return bytes;
    }

    /** Replaces the content in place (APPEND, SETRANGE): Redis then reports the raw encoding. */
    public void setBytes(byte[] b) {
        this.bytes = b;
        this.raw = true;
    }

    @Override
    public String type() {
        return "string";
    }

    @Override
    public String encoding() {
        if (bytes.length <= 20 && Numbers.isLong(bytes)) {
            return "int";
        }
        if (raw) {
            return "raw";
        }
        return bytes.length <= 44 ? "embstr" : "raw";
    }

    @Override
    public RedisValue copy() {
        return new StringValue(bytes.clone(), raw);
    }
}
