package dev.rcsim.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A reply value in the RESP3 type system. Commands build replies as RESP3 values; {@link RespWriter}
 * writes them in the connection's protocol version, downgrading RESP3-only types to the RESP2 forms
 * Redis 7.0 uses (maps and sets become flat arrays, doubles and verbatim strings become bulk strings,
 * booleans become integers, nulls become {@code $-1} or {@code *-1}).
 */
public sealed interface RespValue {

    /** {@code +text}. */
    record Simple(String text) implements RespValue {}

    /** {@code -CODE message}: the full line after the dash. */
    record Error(String message) implements RespValue {}

    /** {@code :n}. */
    record Int(long value) implements RespValue {}

    /** {@code $len bytes}. */
    record Bulk(byte[] bytes) implements RespValue {
        public String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** {@code *n elements}. */
    record Array(List<? extends RespValue> items) implements RespValue {}

    /** RESP3 {@code %n}; written in RESP2 as a flat array of keys and values. Entries alternate key, value. */
    record Map(List<? extends RespValue> keysAndValues) implements RespValue {}

    /** RESP3 {@code ~n}; an array in RESP2. */
    record Set(List<? extends RespValue> items) implements RespValue {}

    /** RESP3 {@code ,d}; a bulk string in RESP2. The text is Redis's formatting of the number. */
    record Double(String text) implements RespValue {}

    /** RESP3 {@code #t}/{@code #f}; {@code :1}/{@code :0} in RESP2. */
    record Bool(boolean value) implements RespValue {}

    /** RESP3 {@code =len txt:...}; a bulk string in RESP2. */
    record Verbatim(String format, byte[] bytes) implements RespValue {}

    /** RESP3 {@code >n}; an array in RESP2 (pub/sub messages). */
    record Push(List<? extends RespValue> items) implements RespValue {}

    /** RESP3 {@code _}; {@code $-1} in RESP2. */
    record NullBulk() implements RespValue {}

    /** RESP3 {@code _}; {@code *-1} in RESP2. */
    record NullArray() implements RespValue {}

    /**
     * Pre-encoded bytes, identical in RESP2 and RESP3 ({@code +OK}, common errors, small integers).
     * Written without any formatting work.
     */
    record Raw(byte[] bytes) implements RespValue {}

    /**
     * A value whose RESP2 and RESP3 encodings differ, both pre-encoded.
     */
    record Versioned(byte[] resp2, byte[] resp3) implements RespValue {}
}
