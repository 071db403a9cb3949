package dev.rcsim.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the client byte stream into requests ({@code byte[][]}) the way Redis 7.0's
 * {@code processInputBuffer} does: multibulk when the first byte is '*', inline otherwise.
 *
 * <p>One request is emitted per {@link #decode} call, so the request is executed before the next
 * one is parsed (an AUTH earlier in the same packet lifts the unauthenticated length limits for the
 * requests after it, as in Redis). Empty requests ({@code *0}, {@code *-1}, blank inline lines) are
 * skipped without emitting anything. On malformed input it emits one {@link ProtocolError} with
 * Redis's exact message and then discards everything that follows (the connection is closed after
 * the reply); requests before the bad bytes have already been emitted and run.
 *
 * <p>Line ends are searched like Redis's {@code strchr} over its NUL-terminated query buffer: a NUL
 * byte before the line end hides it, so such a line waits for more input until it exceeds the
 * 64 KiB inline limit. Bulk payloads are binary-safe. A declared multibulk count only sizes the
 * argument array up to 1024 entries; it grows as arguments actually arrive.
 */
public final class RespDecoder extends ByteToMessageDecoder {

    /** Redis's PROTO_INLINE_MAX_SIZE. */
    static final int INLINE_MAX = 64 * 1024;

    /** What the decoder needs to know about the client and the node's limits. */
    public interface Limits {
        long protoMaxBulkLen();

        long queryBufferLimit();

        boolean authRequired();
    }

    private final Limits limits;
    private boolean failed;

    // multibulk state
    private int remainingArgs = -1;
    private byte[][] args;
    private int argIndex;
    private long bulkLen = -1;
    /** Bytes consumed so far by the request being parsed (counted against client-query-buffer-limit). */
    private long commandBytes;

    public RespDecoder(Limits limits) {
        this.limits = limits;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int before = in.readerIndex();
        Object msg = remainingArgs < 0 ? startRequest(in) : continueMultibulk(in);
        commandBytes += in.readerIndex() - before;
        if (msg == null) {
            if (!failed && commandBytes + in.readableBytes() > limits.queryBufferLimit()) {
                // Redis frees the client without a reply ("Closing client that reached max query buffer length")
                failed = true;
                in.skipBytes(in.readableBytes());
                out.add(new ProtocolError(null, "query buffer limit"));
            }
            return;
        }
        if (msg == EMPTY) {
            return; // consumed bytes: ByteToMessageDecoder calls decode again
        }
        out.add(msg);
        if (msg instanceof ProtocolError) {
            in.skipBytes(in.readableBytes());
        }
    }

    private static final byte[][] EMPTY = new byte[0][];

    /** A request, a ProtocolError, EMPTY for a skipped empty request, or null if more bytes are needed. */
    private Object startRequest(ByteBuf in) {
        commandBytes = 0;
        if (in.getByte(in.readerIndex()) == '*') {
            return startMultibulk(in);
        }
        return inline(in);
    }

    /** Index of the first {@code target} in the readable bytes, or -1 if absent or behind a NUL byte. */
    private static int strchr(ByteBuf in, byte target) {
        int i = in.forEachByte(target == '\n' ? UNTIL_LF_OR_NUL : UNTIL_CR_OR_NUL);
        return i >= 0 && in.getByte(i) == target ? i : -1;
    }

    private static final ByteProcessor UNTIL_LF_OR_NUL = b -> b != '\n' && b != 0;
    private static final ByteProcessor UNTIL_CR_OR_NUL = b -> b != '\r' && b != 0;

    private Object inline(ByteBuf in) {
        int nl = strchr(in, (byte) '\n');
        if (nl < 0 ? in.readableBytes() > INLINE_MAX : nl - in.readerIndex() > INLINE_MAX) {
            // Redis checks at each socket read, so a line whose end arrives in the read that crosses
            // 64 KiB may pass there; here a line longer than 64 KiB never does (docs/compatibility.md)
            return protocolError("too big inline request");
        }
        if (nl < 0) {
            return null;
        }
        int end = nl;
        if (end > in.readerIndex() && in.getByte(end - 1) == '\r') {
            end--;
        }
        int len = end - in.readerIndex();
        if (len == 0) {
            in.readerIndex(nl + 1);
            return EMPTY;
        }
        byte[] line = new byte[len];
        in.getBytes(in.readerIndex(), line);
        in.readerIndex(nl + 1);
        List<byte[]> parts = InlineSplitter.split(line);
        if (parts == null) {
            return protocolError("unbalanced quotes in request");
        }
        if (parts.isEmpty()) {
            return EMPTY;
        }
        return parts.toArray(new byte[0][]);
    }

    private Object startMultibulk(ByteBuf in) {
        int cr = strchr(in, (byte) '\r');
        if (cr < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                return protocolError("too big mbulk count string");
            }
            return null;
        }
        if (cr + 1 >= in.writerIndex()) {
            return null; // Redis wants the byte after '\r' in the buffer before it parses the line
        }
        long n = parseLine(in, in.readerIndex() + 1, cr);
        if (n == INVALID || n > Integer.MAX_VALUE) {
            return protocolError("invalid multibulk length");
        }
        if (n > 10 && limits.authRequired()) {
            return protocolError("unauthenticated multibulk length");
        }
        in.readerIndex(cr + 2);
        if (n <= 0) {
            return EMPTY;
        }
        remainingArgs = (int) n;
        args = new byte[(int) Math.min(n, 1024)][];
        argIndex = 0;
        bulkLen = -1;
        return continueMultibulk(in);
    }

    private Object continueMultibulk(ByteBuf in) {
        while (remainingArgs > 0) {
            if (bulkLen < 0) {
                if (!in.isReadable()) {
                    return null;
                }
                long fast = plainBulkHeader(in);
                if (fast >= 0) {
                    bulkLen = fast;
                }
            }
            if (bulkLen < 0) {
                int cr = strchr(in, (byte) '\r');
                if (cr < 0) {
                    if (in.readableBytes() > INLINE_MAX) {
                        return protocolError("too big bulk count string");
                    }
                    return null;
                }
                if (cr + 1 >= in.writerIndex()) {
                    return null;
                }
                byte first = in.getByte(in.readerIndex());
                if (first != '$') {
                    // Redis formats it with %c and turns CR/LF inside error messages into spaces
                    char shown = first == '\r' || first == '\n' ? ' ' : (char) (first & 0xff);
                    return protocolError("expected '$', got '" + shown + "'");
                }
                long len = parseLine(in, in.readerIndex() + 1, cr);
                if (len == INVALID || len < 0 || len > limits.protoMaxBulkLen()) {
                    return protocolError("invalid bulk length");
                }
                if (len > 16384 && limits.authRequired()) {
                    return protocolError("unauthenticated bulk length");
                }
                in.readerIndex(cr + 2);
                bulkLen = len;
            }
            if (in.readableBytes() < bulkLen + 2) {
                return null;
            }
            byte[] arg = new byte[(int) bulkLen];
            in.readBytes(arg);
            in.skipBytes(2); // Redis skips two bytes whatever they are
            if (argIndex == args.length) {
                args = Arrays.copyOf(args, (int) Math.min((long) args.length * 2, (long) argIndex + remainingArgs));
            }
            args[argIndex++] = arg;
            remainingArgs--;
            bulkLen = -1;
        }
        byte[][] done = args.length == argIndex ? args : Arrays.copyOf(args, argIndex);
        args = null;
        remainingArgs = -1;
        return done;
    }

    /**
     * The common case of a bulk header, {@code $<digits>\r} plus one more byte, parsed in one pass:
     * consumes it and returns the length when it is well-formed and within the client's limits,
     * otherwise returns -1 without consuming anything so the general path decides (and reports the
     * exact error). Saves the separate line search and number parse per argument.
     */
    private long plainBulkHeader(ByteBuf in) {
        int r = in.readerIndex();
        int w = in.writerIndex();
        if (w - r < 4 || in.getByte(r) != '$') {
            return -1;
        }
        int i = r + 1;
        int end = Math.min(w - 1, r + 19); // at most 18 digits: no overflow possible
        long len = 0;
        byte d = in.getByte(i);
        if (d == '0') {
            i++;
        } else {
            while (i < end && d >= '0' && d <= '9') {
                len = len * 10 + (d - '0');
                d = in.getByte(++i);
            }
        }
        if (i == r + 1 || i >= end || in.getByte(i) != '\r') {
            return -1;
        }
        if (len > limits.protoMaxBulkLen() || (len > 16384 && limits.authRequired())) {
            return -1;
        }
        in.readerIndex(i + 2);
        return len;
    }

    private static final long INVALID = Long.MIN_VALUE;

    /**
     * Redis's string2ll over {@code in[from, to)} without allocating: optional '-', no '+', no
     * leading zeros except "0" itself, no spaces, must fit a long. {@link #INVALID} when rejected
     * (Long.MIN_VALUE itself is never a valid length, so the sentinel is safe).
     */
    static long parseLine(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return INVALID;
        }
        int i = from;
        boolean negative = false;
        if (len == 1 && in.getByte(i) == '0') {
            return 0;
        }
        if (in.getByte(i) == '-') {
            negative = true;
            i++;
            if (i == to) {
                return INVALID;
            }
        }
        byte d = in.getByte(i);
        if (d < '1' || d > '9') {
            return INVALID;
        }
        long v = 0; // accumulated as a negative number to reach Long.MIN_VALUE's magnitude
        for (; i < to; i++) {
            d = in.getByte(i);
            if (d < '0' || d > '9') {
                return INVALID;
            }
            int digit = d - '0';
            if (v < (Long.MIN_VALUE + digit) / 10) {
                return INVALID;
            }
            v = v * 10 - digit;
        }
        if (negative) {
            // -2^63 parses fine in Redis; reported one higher so it cannot collide with INVALID
            return v == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : v;
        }
        return v == Long.MIN_VALUE ? INVALID : -v;
    }

    private ProtocolError protocolError(String what) {
        failed = true;
        return new ProtocolError("ERR Protocol error: " + what, what);
    }

    /** True for an empty request (blank inline line, {@code *0}), which Redis skips. */
    public static boolean isEmpty(byte[][] request) {
        return request.length == 0;
    }

    /** The reply line of a protocol error as bytes: Redis writes the offending byte raw (ISO-8859-1). */
    public static byte[] errorLine(ProtocolError e) {
        return ("-" + e.reply() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
