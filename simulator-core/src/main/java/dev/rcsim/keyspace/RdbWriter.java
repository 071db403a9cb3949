package dev.rcsim.keyspace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An RDB snapshot of a node's databases, as Redis 7.0's {@code rdbSaveRio} writes it for a full
 * resynchronisation: {@code REDIS0010}, the aux fields (redis-ver, redis-bits, ctime, used-mem,
 * repl-stream-db, repl-id, repl-offset, aof-base), per non-empty database SELECTDB and RESIZEDB, per key
 * an optional EXPIRETIME_MS, the value's type, the key and the value, then EOF and the CRC64 of
 * everything before it (the same crc64 as DUMP's trailer, {@link DumpFormat#crc64}).
 *
 * <p>Values are written in RDB's plain encodings, which every Redis since 2.x loads and 7.0 converts to
 * its compact encodings on load by its own thresholds: strings as RDB strings (integers of up to 11
 * characters int-encoded, as {@code rdbTryIntegerEncoding}), lists as {@code RDB_TYPE_LIST}, sets as
 * {@code RDB_TYPE_SET}, sorted sets as {@code RDB_TYPE_ZSET_2} (binary double scores), hashes as
 * {@code RDB_TYPE_HASH}. Differs from Redis: 7.0 writes its in-memory encodings (quicklist, listpack,
 * intset), so the bytes differ while the loaded dataset is the same; strings are never LZF-compressed;
 * no LRU/LFU opcodes, functions or module aux; stream keys are left out (counted by
 * {@link Snapshot#skippedStreams()}): rcsim has no encoder for RDB's stream listpacks yet.
 */
public final class RdbWriter {
    private RdbWriter() {}

    static final int OPCODE_AUX = 0xFA;
    static final int OPCODE_RESIZEDB = 0xFB;
    static final int OPCODE_EXPIRETIME_MS = 0xFC;
    static final int OPCODE_SELECTDB = 0xFE;
    static final int OPCODE_EOF = 0xFF;
    static final int TYPE_STRING = 0;
    static final int TYPE_LIST = 1;
    static final int TYPE_SET = 2;
    static final int TYPE_HASH = 4;
    static final int TYPE_ZSET_2 = 5;
    static final int ENC_INT8 = 0;
    static final int ENC_INT16 = 1;
    static final int ENC_INT32 = 2;

    /** The replication state written in the aux fields (Redis's rdbSaveInfo and server fields). */
    public record Aux(String redisVersion, long ctimeSeconds, long usedMemory, int replStreamDb, String replId,
            long replOffset) {}

    /** The RDB bytes and how many stream keys were left out. */
    public record Snapshot(byte[] bytes, int skippedStreams) {}

    /** Encodes {@code dbs} (database i at index i) with {@code aux}. Call on the owning node's loop. */
    public static Snapshot write(List<Keyspace> dbs, Aux aux) {
        Out out = new Out();
        out.raw("REDIS0010".getBytes(StandardCharsets.US_ASCII));
        out.auxStr("redis-ver", aux.redisVersion());
        out.auxInt("redis-bits", 64);
        out.auxInt("ctime", aux.ctimeSeconds());
        out.auxInt("used-mem", aux.usedMemory());
        out.auxInt("repl-stream-db", aux.replStreamDb());
        out.auxStr("repl-id", aux.replId());
        out.auxInt("repl-offset", aux.replOffset());
        out.auxInt("aof-base", 0);
        int[] skipped = {0};
        for (int db = 0; db < dbs.size(); db++) {
            Keyspace ks = dbs.get(db);
            if (ks.size() == 0) {
                continue;
            }
            out.write(OPCODE_SELECTDB);
            out.len(db);
            out.write(OPCODE_RESIZEDB);
            out.len(ks.size());
            out.len(ks.expiresCount());
            ks.forEach((k, v) -> {
                if (!(v instanceof StringValue || v instanceof ListValue || v instanceof SetValue
                        || v instanceof ZSetValue || v instanceof HashValue)) {
                    skipped[0]++;
                    return;
                }
                long at = ks.expiryOf(k);
                if (at >= 0) {
                    out.write(OPCODE_EXPIRETIME_MS);
                    out.le64(at);
                }
                value(out, k, v);
            });
        }
        out.write(OPCODE_EOF);
        long crc = DumpFormat.crc64(out.buf(), 0, out.size());
        out.le64(crc);
        return new Snapshot(out.toByteArray(), skipped[0]);
    }

    private static void value(Out out, Bytes key, RedisValue v) {
        if (v instanceof StringValue s) {
            out.write(TYPE_STRING);
            out.string(key.bytes());
            out.string(s.bytes());
        } else if (v instanceof ListValue l) {
            out.write(TYPE_LIST);
            out.string(key.bytes());
            out.len(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.string(l.get(i));
            }
        } else if (v instanceof SetValue s) {
            out.write(TYPE_SET);
            out.string(key.bytes());
            List<Bytes> members = s.members();
            out.len(members.size());
            for (Bytes m : members) {
                out.string(m.bytes());
            }
        } else if (v instanceof ZSetValue z) {
            out.write(TYPE_ZSET_2);
            out.string(key.bytes());
            out.len(z.size());
            for (ZSetValue.Cursor c = z.at(0); c.valid(); c.next()) {
                out.string(c.member().bytes());
                out.le64(Double.doubleToRawLongBits(c.score()));
            }
        } else if (v instanceof HashValue h) {
            out.write(TYPE_HASH);
            out.string(key.bytes());
            out.len(h.size());
            for (Map.Entry<Bytes, byte[]> e : h.entries()) {
                out.string(e.getKey().bytes());
                out.string(e.getValue());
            }
        }
    }

    /** A growable buffer with RDB's primitive encodings (rdbSaveLen, rdbSaveRawString, little-endian ints). */
    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(4096);
        }

        byte[] buf() {
            return buf;
        }

        void raw(byte[] b) {
            write(b, 0, b.length);
        }

        void le64(long v) {
            for (int i = 0; i < 8; i++) {
                write((int) (v >>> (8 * i)));
            }
        }

        /** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian length. */
        void len(long len) {
            if (len < (1 << 6)) {
                write((int) len);
            } else if (len < (1 << 14)) {
                write((int) ((len >> 8) | 0x40));
                write((int) (len & 0xff));
            } else if (len <= 0xffffffffL) {
                write(0x80);
                for (int i = 3; i >= 0; i--) {
                    write((int) (len >>> (8 * i)));
                }
            } else {
                write(0x81);
                for (int i = 7; i >= 0; i--) {
                    write((int) (len >>> (8 * i)));
                }
            }
        }

        /** rdbSaveRawString without compression: an integer of up to 11 characters is int-encoded. */
        void string(byte[] s) {
            if (s.length <= 11 && s.length > 0) {
                Long v = canonicalLong(s);
                if (v != null && intEncoded(v)) {
                    return;
                }
            }
            len(s.length);
            raw(s);
        }

        /** rdbSaveLongLongAsStringObject: an aux value such as ctime, int-encoded when it fits 32 bits. */
        void integer(long v) {
            if (!intEncoded(v)) {
                string(String.valueOf(v).getBytes(StandardCharsets.US_ASCII));
            }
        }

        private boolean intEncoded(long v) {
            if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                write(0xC0 | ENC_INT8);
                write((int) v);
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                write(0xC0 | ENC_INT16);
                write((int) v);
                write((int) (v >> 8));
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                write(0xC0 | ENC_INT32);
                for (int i = 0; i < 4; i++) {
                    write((int) (v >> (8 * i)));
                }
            } else {
                return false;
            }
            return true;
        }

        void auxStr(String key, String value) {
            write(OPCODE_AUX);
            string(key.getBytes(StandardCharsets.US_ASCII));
            string(value.getBytes(StandardCharsets.US_ASCII));
        }

        void auxInt(String key, long value) {
            write(OPCODE_AUX);
            string(key.getBytes(StandardCharsets.US_ASCII));
            integer(value);
        }
    }

    /** The value of {@code s} when it is a long written the way ll2string writes it (string2ll round trip), else null. */
    static Long canonicalLong(byte[] s) {
        int i = 0;
        boolean neg = false;
        if (s[0] == '-') {
            if (s.length == 1) {
                return null;
            }
            neg = true;
            i = 1;
        }
        if (s[i] == '0' && s.length > i + 1 || (s[i] == '0' && neg)) {
            return null;
        }
        long v = 0;
        for (; i < s.length; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            v = v * 10 + d; // at most 11 characters: no overflow
        }
        return neg ? -v : v;
    }
}
