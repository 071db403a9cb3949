package dev.rcsim.protocol;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Feeds bytes to a {@link RespDecoder} on Netty's EmbeddedChannel and collects what it emits. */
final class DecoderHarness {
    static final class Limits implements RespDecoder.Limits {
        long protoMaxBulkLen = 512L * 1024 * 1024;
        long queryBufferLimit = 1024L * 1024 * 1024;
        boolean authRequired;

        @Override
        public long protoMaxBulkLen() {
            return protoMaxBulkLen;
        }

        @Override
        public long queryBufferLimit() {
            return queryBufferLimit;
        }

        @Override
        public boolean authRequired() {
            return authRequired;
        }
    }

    final Limits limits = new Limits();
    final EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(limits));

    private static final List<EmbeddedChannel> OPEN = new ArrayList<>();

    DecoderHarness() {
        synchronized (OPEN) {
            OPEN.add(channel);
        }
    }

    /** Closes every harness channel, releasing partially decoded input (avoids Netty leak reports). */
    static void closeAll() {
        synchronized (OPEN) {
            for (EmbeddedChannel c : OPEN) {
                c.finishAndReleaseAll();
            }
            OPEN.clear();
        }
    }

    /** Writes the fragments one by one and returns everything decoded (byte[][] requests, ProtocolError). */
    List<Object> feed(byte[]... fragments) {
        List<Object> out = new ArrayList<>();
        for (byte[] f : fragments) {
            channel.writeInbound(Unpooled.wrappedBuffer(f));
            Object m;
            while ((m = channel.readInbound()) != null) {
                out.add(m);
            }
        }
        return out;
    }

    List<Object> feed(String s) {
        return feed(bytes(s));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Requests as lists of ISO-8859-1 strings, errors as "ERROR:reply", for easy comparison. */
    static List<Object> readable(List<Object> msgs) {
        List<Object> r = new ArrayList<>();
        for (Object m : msgs) {
            if (m instanceof byte[][] argv) {
                List<String> args = new ArrayList<>();
                for (byte[] a : argv) {
                    args.add(new String(a, StandardCharsets.ISO_8859_1));
                }
                r.add(args);
            } else if (m instanceof ProtocolError e) {
                r.add("ERROR:" + e.reply());
            } else {
                r.add(m);
            }
        }
        return r;
    }

    static byte[] encode(byte[]... args) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(bytes("*" + args.length + "\r\n"));
        for (byte[] a : args) {
            b.writeBytes(bytes("$" + a.length + "\r\n"));
            b.writeBytes(a);
            b.writeBytes(bytes("\r\n"));
        }
        return b.toByteArray();
    }
}
