package dev.rcsim.keyspace;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * rcsim's DUMP / RESTORE payload. It is laid out like Redis's (a serialised value, then a 2-byte
 * version and an 8-byte CRC64 in little endian) but the value part is rcsim's own, not RDB:
 * <pre>
 *   type:u8  body  version:u16le(=0x7263, "cr")  crc64:u64le
 * </pre>
 * The CRC is Redis's crc64 (Jones polynomial, reflected, init 0) over everything before it. Type 0
 * is a string whose body is {@code length:u32be bytes}; other types are {@link Dumpable} and
 * register a reader. A payload made by real Redis (RDB version 10) is refused with Redis's own
 * "DUMP payload version or checksum are wrong", as is any corrupted payload.
 */
public final class DumpFormat {
    private DumpFormat() {}

    public static final int STRING = 0;
    public static final int LIST = 1;
    public static final int SET = 2;
    public static final int ZSET = 3;
    public static final int HASH = 4;
    public static final int STREAM = 5;

    /** The 2-byte version written in the trailer. */
    public static final int VERSION = 0x7263;

    private static final Map<Integer, Dumpable.Reader> READERS = new ConcurrentHashMap<>();
    private static final String[] KNOWN_TYPES = {
        "dev.rcsim.keyspace.ListValue", "dev.rcsim.keyspace.SetValue",
        "dev.rcsim.keyspace.ZSetValue", "dev.rcsim.keyspace.HashValue",
        "dev.rcsim.keyspace.StreamValue"};
    private static volatile boolean typesLoaded;

    /** Registers how to read the body of values written under {@code type}. */
    public static void register(int type, Dumpable.Reader reader) {
        READERS.put(type, reader);
    }

    /** Thrown for a payload that passed the checksum but cannot be decoded ("Bad data format"). */
    public static final class BadFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        BadFormatException(String why) {
            super(why, null, false, false);
        }
    }

    /** The payload of {@code value}; IllegalArgumentException for a type that is not dumpable. */
    public static byte[] dump(RedisValue value) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        try {
            if (value instanceof StringValue s) {
                out.writeByte(STRING);
                out.writeInt(s.bytes().length);
                out.write(s.bytes());
            } else if (value instanceof Dumpable d) {
                out.writeByte(d.dumpType());
                d.writeTo(out);
            } else {
                throw new IllegalArgumentException("cannot dump " + value.type());
            }
            out.writeByte(VERSION & 0xff);
            out.writeByte(VERSION >>> 8);
            long crc = Crc64.update(0, buf.toByteArray(), 0, buf.size());
            for (int i = 0; i < 8; i++) {
                out.writeByte((int) (crc >>> (8 * i)));
            }
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return buf.toByteArray();
    }

    /** Redis's crc64 (Jones polynomial, reflected, init 0) of {@code len} bytes from {@code off}. */
    public static long crc64(byte[] b, int off, int len) {
        return Crc64.update(0, b, off, len);
    }

    /** Redis's verifyDumpPayload: long enough, our version, matching checksum. */
    public static boolean verify(byte[] p) {
        if (p.length < 10) {
            return false;
        }
        int version = (p[p.length - 10] & 0xff) | (p[p.length - 9] & 0xff) << 8;
        if (version != VERSION) {
            return false;
        }
        long crc = 0;
        for (int i = 0; i < 8; i++) {
            crc |= (p[p.length - 8 + i] & 0xffL) << (8 * i);
        }
        return Crc64.update(0, p, 0, p.length - 8) == crc;
    }

    /** Decodes a payload that {@link #verify} accepted. */
    public static RedisValue load(byte[] p) throws BadFormatException {
        int end = p.length - 10;
        if (end < 1) {
            throw new BadFormatException("empty");
        }
        ByteArrayInputStream bin = new ByteArrayInputStream(p, 0, end);
        DataInputStream in = new DataInputStream(bin);
        try {
            int type = in.readUnsignedByte();
            RedisValue v;
            if (type == STRING) {
                int len = in.readInt();
                if (len < 0 || len > bin.available()) {
                    throw new BadFormatException("length");
                }
                byte[] b = new byte[len];
                in.readFully(b);
                v = new StringValue(b);
            } else {
                Dumpable.Reader r = reader(type);
                if (r == null) {
                    throw new BadFormatException("type " + type);
                }
                v = r.read(in);
            }
            if (v == null || bin.available() != 0) {
                throw new BadFormatException("trailing bytes");
            }
            return v;
        } catch (IOException | RuntimeException e) {
            throw new BadFormatException(String.valueOf(e.getMessage()));
        }
    }

    private static Dumpable.Reader reader(int type) {
        Dumpable.Reader r = READERS.get(type);
        if (r == null && !typesLoaded) {
            // value classes register from their static initialisers: make sure they ran
            for (String name : KNOWN_TYPES) {
                try {
                    Class.forName(name, true, DumpFormat.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError ignored) {
                    // that type is not part of this build
                }
            }
            typesLoaded = true;
            r = READERS.get(type);
        }
        return r;
    }

    /** Redis's crc64: Jones polynomial, reflected, initial value 0, no final xor. */
    static final class Crc64 {
        private static final long POLY = 0x95ac9329ac4bc9b5L;
        private static final long[] TABLE = new long[256];

        static {
            for (int i = 0; i < 256; i++) {
                long crc = i;
                for (int k = 0; k < 8; k++) {
                    crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
                }
                TABLE[i] = crc;
            }
        }

        private Crc64() {}

        static long update(long crc, byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                crc = TABLE[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
            }
            return crc;
        }
    }
}
