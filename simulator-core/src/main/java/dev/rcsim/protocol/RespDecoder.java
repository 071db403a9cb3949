package dev.rcsim.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the client byte stream into requests ({@code byte[][]}) the way Redis's
 * {@code processInputBuffer} does: multibulk when the first byte is '*', inline otherwise. On
 * malformed input it emits one {@link ProtocolError} with Redis's exact message and then ignores
 * everything that follows (the connection is closed after the reply).
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
    private long commandBytes;

    public RespDecoder(Limits limits) {
        this.limits = limits;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.isReadable()) {
            int before = in.readerIndex();
            Object msg = remainingArgs < 0 ? startRequest(in) : continueMultibulk(in);
            commandBytes += in.readerIndex() - before;
            if (msg == null) {
                if (!failed && pendingBytes(in) > limits.queryBufferLimit()) {
                    fail(out, new ProtocolError(null, "query buffer limit"));
                    in.skipBytes(in.readableBytes());
                }
                return;
            }
            out.add(msg);
            if (msg instanceof ProtocolError) {
                in.skipBytes(in.readableBytes());
                return;
            }
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    private long pendingBytes(ByteBuf in) {
        return commandBytes + in.readableBytes();
    }

    private Object fail(List<Object> out, ProtocolError e) {
        failed = true;
        out.add(e);
        return null;
    }

    private static final byte[][] EMPTY = new byte[0][];

    /** Returns a request, a ProtocolError, EMPTY_MARKER for a skipped empty request, or null if more bytes are needed. */
    private Object startRequest(ByteBuf in) {
        commandBytes = 0;
        if (in.getByte(in.readerIndex()) == '*') {
            return startMultibulk(in);
        }
        return inline(in);
    }

    private Object inline(ByteBuf in) {
        int nl = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (nl < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                return protocolError("too big inline request");
            }
            return null;
        }
        int end = nl;
        if (end > in.readerIndex() && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - in.readerIndex()];
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
        int cr = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
        if (cr < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                return protocolError("too big mbulk count string");
            }
            return null;
        }
        if (cr + 1 >= in.writerIndex()) {
            return null; // wait for '\n'
        }
        long n = parseLine(in, in.readerIndex() + 1, cr);
        if (n == Long.MIN_VALUE || n > Integer.MAX_VALUE) {
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
                int cr = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
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
                    return protocolError("expected '$', got '" + (char) (first & 0xff) + "'");
                }
                long len = parseLine(in, in.readerIndex() + 1, cr);
                if (len == Long.MIN_VALUE || len < 0 || len > limits.protoMaxBulkLen()) {
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
            in.skipBytes(2);
            if (argIndex == args.length) {
                byte[][] grown = new byte[(int) Math.min((long) args.length * 2, (long) argIndex + remainingArgs)][];
                System.arraycopy(args, 0, grown, 0, argIndex);
                args = grown;
            }
            args[argIndex++] = arg;
            remainingArgs--;
            bulkLen = -1;
        }
        byte[][] done = args.length == argIndex ? args : java.util.Arrays.copyOf(args, argIndex);
        args = null;
        remainingArgs = -1;
        return done;
    }

    /** string2ll over in[from, to); Long.MIN_VALUE when invalid. */
    private static long parseLine(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return Long.MIN_VALUE;
        }
        byte[] b = new byte[len];
        in.getBytes(from, b);
        try {
            return Numbers.parseLong(b);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private ProtocolError protocolError(String what) {
        failed = true;
        return new ProtocolError("ERR Protocol error: " + what, what);
    }

    /** True for the marker of an empty request (blank inline line, {@code *0}), which Redis skips. */
    public static boolean isEmpty(byte[][] request) {
        return request.length == 0;
    }

}
