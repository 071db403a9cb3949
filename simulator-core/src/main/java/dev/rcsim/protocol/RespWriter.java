package dev.rcsim.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes {@link RespValue}s into a buffer in RESP2 or RESP3, as Redis 7.0 encodes them. */
public final class RespWriter {
    private RespWriter() {}

    private static final byte[] CRLF = {'\r', '\n'};

    public static void write(ByteBuf out, RespValue v, int resp) {
        if (v instanceof RespValue.Raw r) {
            out.writeBytes(r.bytes());
        } else if (v instanceof RespValue.Bulk b) {
            writeBulk(out, b.bytes());
        } else if (v instanceof RespValue.Versioned ver) {
            out.writeBytes(resp == 3 ? ver.resp3() : ver.resp2());
        } else if (v instanceof RespValue.Int i) {
            out.writeByte(':');
            writeLong(out, i.value());
            out.writeBytes(CRLF);
        } else if (v instanceof RespValue.Array a) {
            writeAggregate(out, '*', a.items(), resp);
        } else if (v instanceof RespValue.Simple s) {
            out.writeByte('+');
            out.writeCharSequence(s.text(), StandardCharsets.UTF_8);
            out.writeBytes(CRLF);
        } else if (v instanceof RespValue.Error e) {
            out.writeByte('-');
            out.writeCharSequence(e.message(), StandardCharsets.UTF_8);
            out.writeBytes(CRLF);
        } else if (v instanceof RespValue.Set s) {
            writeAggregate(out, resp == 3 ? '~' : '*', s.items(), resp);
        } else if (v instanceof RespValue.Push p) {
            writeAggregate(out, resp == 3 ? '>' : '*', p.items(), resp);
        } else if (v instanceof RespValue.Map m) {
            List<? extends RespValue> kv = m.keysAndValues();
            if (resp == 3) {
                out.writeByte('%');
                writeLong(out, kv.size() / 2);
            } else {
                out.writeByte('*');
                writeLong(out, kv.size());
            }
            out.writeBytes(CRLF);
            for (RespValue item : kv) {
                write(out, item, resp);
            }
        } else if (v instanceof RespValue.Double d) {
            if (resp == 3) {
                out.writeByte(',');
                out.writeCharSequence(d.text(), StandardCharsets.ISO_8859_1);
                out.writeBytes(CRLF);
            } else {
                writeBulk(out, d.text().getBytes(StandardCharsets.ISO_8859_1));
            }
        } else if (v instanceof RespValue.Bool b) {
            if (resp == 3) {
                out.writeBytes(b.value() ? HASH_T : HASH_F);
            } else {
                out.writeBytes(b.value() ? INT_1 : INT_0);
            }
        } else if (v instanceof RespValue.Verbatim vb) {
            if (resp == 3) {
                out.writeByte('=');
                writeLong(out, vb.bytes().length + 4);
                out.writeBytes(CRLF);
                out.writeCharSequence(vb.format(), StandardCharsets.ISO_8859_1);
                out.writeByte(':');
                out.writeBytes(vb.bytes());
                out.writeBytes(CRLF);
            } else {
                writeBulk(out, vb.bytes());
            }
        } else if (v instanceof RespValue.NullBulk) {
            out.writeBytes(resp == 3 ? NULL3 : NULL_BULK2);
        } else if (v instanceof RespValue.NullArray) {
            out.writeBytes(resp == 3 ? NULL3 : NULL_ARRAY2);
        } else {
            throw new IllegalArgumentException("unknown reply " + v);
        }
    }

    private static final byte[] HASH_T = "#t\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HASH_F = "#f\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] INT_1 = ":1\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] INT_0 = ":0\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] NULL_BULK2 = "$-1\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] NULL_ARRAY2 = "*-1\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private static void writeAggregate(ByteBuf out, char type, List<? extends RespValue> items, int resp) {
        out.writeByte(type);
        writeLong(out, items.size());
        out.writeBytes(CRLF);
        for (RespValue item : items) {
            write(out, item, resp);
        }
    }

    public static void writeBulk(ByteBuf out, byte[] bytes) {
        out.writeByte('$');
        writeLong(out, bytes.length);
        out.writeBytes(CRLF);
        out.writeBytes(bytes);
        out.writeBytes(CRLF);
    }

    /** Writes the decimal digits of {@code v} without allocating. */
    public static void writeLong(ByteBuf out, long v) {
        if (v == Long.MIN_VALUE) {
            out.writeCharSequence("-9223372036854775808", StandardCharsets.ISO_8859_1);
            return;
        }
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        if (v < 10) {
            out.writeByte((int) ('0' + v));
            return;
        }
        int digits = 1;
        long p = 10;
        while (digits < 19 && v >= p) {
            digits++;
            p *= 10;
        }
        int start = out.writerIndex();
        out.ensureWritable(digits);
        for (int i = digits - 1; i >= 0; i--) {
            out.setByte(start + i, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(start + digits);
    }

    /** Encodes to a fresh byte array (tests, pre-encoding). */
    public static byte[] toBytes(RespValue v, int resp) {
        ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        try {
            write(buf, v, resp);
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }
}
