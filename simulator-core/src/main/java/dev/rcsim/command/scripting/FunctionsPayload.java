package dev.rcsim.command.scripting;

import dev.rcsim.keyspace.DumpFormat;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The FUNCTION DUMP payload as Redis 7.0 lays it out: per library the RDB opcode FUNCTION2 (245)
 * and the library code as an RDB string, then the RDB version (10, 2 bytes little endian) and the
 * CRC64 of everything before it (8 bytes little endian). Reading accepts every RDB string encoding
 * (plain, integer, LZF) and the 7.0-rc opcode FUNCTION (244); writing LZF-compresses code of more
 * than 20 bytes when that makes it shorter, as Redis does, so a dump is byte-identical to Redis's.
 */
final class FunctionsPayload {
    private FunctionsPayload() {}

    static final int OPCODE_FUNCTION = 244;
    static final int OPCODE_FUNCTION2 = 245;
    static final int RDB_VERSION = 10;

    /** Thrown with Redis's error text for a payload it cannot read. */
    static final class BadPayload extends Exception {
        private static final long serialVersionUID = 1L;

        BadPayload(String message) {
            super(message, null, false, false);
        }
    }

    static byte[] dump(List<byte[]> codes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] code : codes) {
            out.write(OPCODE_FUNCTION2);
            writeRawString(out, code);
        }
        out.write(RDB_VERSION & 0xff);
        out.write(RDB_VERSION >>> 8);
        byte[] body = out.toByteArray();
        long crc = DumpFormat.crc64(body, 0, body.length);
        for (int i = 0; i < 8; i++) {
            out.write((int) (crc >>> (8 * i)));
        }
        return out.toByteArray();
    }

    /**
     * rdbSaveRawString with rdbcompression on (library code is never an integer string): more than
     * 20 bytes are LZF-compressed when that saves at least 4 bytes (RDB_ENC_LZF: 0xC3, compressed
     * length, original length, data); otherwise length and bytes.
     */
    private static void writeRawString(ByteArrayOutputStream out, byte[] s) {
        if (s.length > 20) {
            byte[] c = Lzf.compress(s, s.length - 4);
            if (c != null) {
                out.write(0xC3);
                writeLen(out, c.length);
                writeLen(out, s.length);
                out.writeBytes(c);
                return;
            }
        }
        writeLen(out, s.length);
        out.writeBytes(s);
    }

    private static void writeLen(ByteArrayOutputStream out, long len) {
        if (len < (1 << 6)) {
            out.write((int) len);
        } else if (len < (1 << 14)) {
            out.write((int) ((len >> 8) | 0x40));
            out.write((int) (len & 0xff));
        } else if (len <= 0xffffffffL) {
            out.write(0x80);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (len >>> (8 * i)));
            }
        } else {
            out.write(0x81);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (len >>> (8 * i)));
            }
        }
    }

    /** verifyDumpPayload: at least the trailer, an RDB version Redis 7.0 reads, a matching CRC64. */
    static boolean verify(byte[] p) {
        if (p.length < 10) {
            return false;
        }
        int version = (p[p.length - 10] & 0xff) | (p[p.length - 9] & 0xff) << 8;
        if (version > RDB_VERSION) {
            return false;
        }
        long crc = 0;
        for (int i = 0; i < 8; i++) {
            crc |= (p[p.length - 8 + i] & 0xffL) << (8 * i);
        }
        return DumpFormat.crc64(p, 0, p.length - 8) == crc;
    }

    /** The library codes of a verified payload, in order (FUNCTION RESTORE's loop). */
    static List<byte[]> read(byte[] p) throws BadPayload {
        List<byte[]> out = new ArrayList<>();
        int[] pos = {0};
        int end = p.length - 10;
        while (end - pos[0] > 0) {
            int type = p[pos[0]++] & 0xff;
            if (type != OPCODE_FUNCTION && type != OPCODE_FUNCTION2) {
                throw new BadPayload("given type is not a function");
            }
            try {
                if (type == OPCODE_FUNCTION) {
                    String name = latin1(string(p, pos, end));
                    String engine = latin1(string(p, pos, end));
                    long hasDesc = len(p, pos, end, null);
                    if (hasDesc != 0) {
                        string(p, pos, end);
                    }
                    byte[] blob = string(p, pos, end);
                    byte[] head = ("#!" + engine + " name=" + name + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    byte[] code = new byte[head.length + blob.length];
                    System.arraycopy(head, 0, code, 0, head.length);
                    System.arraycopy(blob, 0, code, head.length, blob.length);
                    out.add(code);
                } else {
                    out.add(string(p, pos, end));
                }
            } catch (IndexOutOfBoundsException e) {
                throw new BadPayload(type == OPCODE_FUNCTION2 ? "Failed loading library payload" : "Failed loading library name");
            }
        }
        return out;
    }

    private static String latin1(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** rdbLoadLen; {@code encoded[0]} set when the length is an encoding type (11xxxxxx). */
    private static long len(byte[] p, int[] pos, int end, boolean[] encoded) {
        int first = p[check(pos[0]++, end)] & 0xff;
        int kind = first >> 6;
        if (kind == 3) {
            if (encoded == null) {
                throw new IndexOutOfBoundsException();
            }
            encoded[0] = true;
            return first & 0x3f;
        }
        if (kind == 0) {
            return first & 0x3f;
        }
        if (kind == 1) {
            return ((first & 0x3f) << 8) | (p[check(pos[0]++, end)] & 0xff);
        }
        int n = first == 0x80 ? 4 : first == 0x81 ? 8 : -1;
        if (n < 0) {
            throw new IndexOutOfBoundsException();
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (p[check(pos[0]++, end)] & 0xff);
        }
        return v;
    }

    private static int check(int i, int end) {
        if (i >= end) {
            throw new IndexOutOfBoundsException();
        }
        return i;
    }

    /** rdbGenericLoadStringObject: a plain, integer-encoded or LZF-compressed RDB string. */
    private static byte[] string(byte[] p, int[] pos, int end) {
        boolean[] encoded = {false};
        long n = len(p, pos, end, encoded);
        if (encoded[0]) {
            switch ((int) n) {
                case 0:
                    return Long.toString(p[check(pos[0]++, end)]).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                case 1: {
                    int v = (p[check(pos[0], end)] & 0xff) | (p[check(pos[0] + 1, end)] << 8);
                    pos[0] += 2;
                    return Integer.toString((short) v).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                }
                case 2: {
                    int v = 0;
                    for (int i = 3; i >= 0; i--) {
                        v = (v << 8) | (p[check(pos[0] + i, end)] & 0xff);
                    }
                    pos[0] += 4;
                    return Integer.toString(v).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                }
                case 3: {
                    int clen = (int) len(p, pos, end, null);
                    int ulen = (int) len(p, pos, end, null);
                    check(pos[0] + clen - 1, end);
                    byte[] outb = Lzf.decompress(p, pos[0], clen, ulen);
                    pos[0] += clen;
                    return outb;
                }
                default:
                    throw new IndexOutOfBoundsException();
            }
        }
        check(pos[0] + (int) n - 1, end + 1);
        byte[] s = java.util.Arrays.copyOfRange(p, pos[0], pos[0] + (int) n);
        pos[0] += (int) n;
        return s;
    }
}
