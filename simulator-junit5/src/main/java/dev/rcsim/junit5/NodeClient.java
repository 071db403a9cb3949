package dev.rcsim.junit5;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP2 client over a real socket, so the extension and the assertions see a node exactly as
 * a client does (no peeking inside the simulator). Replies: String (simple and bulk), Long, List,
 * null, or {@link Error}.
 */
final class NodeClient implements AutoCloseable {
    /** An error reply, e.g. {@code CLUSTERDOWN The cluster is down}. */
    record Error(String message) {}

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    NodeClient(String host, int port) {
        try {
            socket = new Socket(host, port);
            socket.setSoTimeout(5000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    /** Sends one command and returns its reply. */
    static Object call(String host, int port, String... args) {
        try (NodeClient c = new NodeClient(host, port)) {
            return c.call(args);
        }
    }

    Object call(String... args) {
        try {
            StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object read() throws IOException {
        String line = line();
        char t = line.charAt(0);
        String rest = line.substring(1);
        switch (t) {
            case '+':
                return rest;
            case '-':
                return new Error(rest);
            case ':':
                return Long.parseLong(rest);
            case '$': {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(rest);
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
                throw new IOException("unexpected reply " + line);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        int c;
        while ((c = in.read()) >= 0) {
            if (prev == '\r' && c == '\n') {
                byte[] l = b.toByteArray();
                return new String(l, 0, l.length - 1, StandardCharsets.UTF_8);
            }
            b.write(c);
            prev = c;
        }
        throw new IOException("connection closed");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
