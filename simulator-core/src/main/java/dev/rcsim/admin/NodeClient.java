package dev.rcsim.admin;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 client, as redis-cli's cluster manager uses: one plain TCP connection per
 * node, no HELLO, no SELECT. Replies come back as String (status and bulk), Long, List, null, or
 * {@link Error} for error replies. Used only on the caller's thread, never on a node's event loop.
 * The admin operations and the JUnit 5 assertions talk to nodes through it, so they see a node exactly
 * as a client does. Unlike redis-cli it follows no redirect: a MOVED or ASK comes back as an {@link
 * Error}.
 */
public final class NodeClient implements AutoCloseable {
    /** An error reply ({@code -ERR ...}, {@code -MOVED ...}): the line after the '-', as redis-cli prints it. */
    public record Error(String message) {
        @Override
        public String toString() {
            return message;
        }
    }

    final String host;
    final int port;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Sends one command on a fresh connection (2.5 s to connect, 5 s to answer) and returns its reply. */
    public static Object callOnce(String host, int port, Object... args) {
        try (NodeClient c = new NodeClient(host, port, 2500)) {
            return c.call(args);
        }
    }

    public NodeClient(String host, int port, int timeoutMs) {
        this.host = host;
        this.port = port;
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(Math.max(timeoutMs, 1000) * 2);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    private boolean rawBulk;

    /** Sends one command and reads its reply. */
    public Object call(Object... args) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (Object a : args) {
                byte[] b = a instanceof byte[] bytes ? bytes : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
                buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                buf.writeBytes(b);
                buf.writeBytes(new byte[] {'\r', '\n'});
            }
            out.write(buf.toByteArray());
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException("I/O error talking to " + host + ":" + port, e);
        }
    }

    /**
     * Like {@link #call}, but a bulk reply comes back as its raw bytes ({@code byte[]}) instead of a
     * UTF-8 string: for binary payloads such as {@code FUNCTION DUMP}'s.
     */
    public Object callRaw(Object... args) {
        rawBulk = true;
        try {
            return call(args);
        } finally {
            rawBulk = false;
        }
    }

    /** Like {@link #call} but an error reply becomes an {@link AdminException}. */
    public Object ok(Object... args) {
        Object r = call(args);
        if (r instanceof Error e) {
            throw new AdminException(host + ":" + port + " replied to " + args[0] + " " + (args.length > 1 ? args[1] : "")
                    + ": " + e.message());
        }
        return r;
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("connection closed");
        }
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new Error(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(len);
                in.readNBytes(2);
                return rawBulk ? b : new String(b, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(read());
                }
                return out;
            }
            default:
                throw new IOException("unexpected reply type " + (char) type);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int ch;
        while ((ch = in.read()) != '\r') {
            if (ch < 0) {
                throw new IOException("connection closed");
            }
            b.write(ch);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
