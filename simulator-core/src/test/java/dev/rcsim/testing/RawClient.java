package dev.rcsim.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare RESP client over a real socket that returns the exact bytes of each reply, for byte-exact
 * assertions against rcsim and real redis-server alike.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public RawClient(int port) throws IOException {
        this("127.0.0.1", port);
    }

    /** Sends a command as a RESP multibulk and returns the reply's exact text (ISO-8859-1). */
    public String call(String... args) throws IOException {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return new String(callBytes(b), StandardCharsets.ISO_8859_1);
    }

    public byte[] callBytes(byte[]... args) throws IOException {
        send(args);
        return readReply();
    }

    public void send(byte[]... args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(('*' + String.valueOf(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            buf.write(('$' + String.valueOf(a.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.write(a);
            buf.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(buf.toByteArray());
        out.flush();
    }

    /** Writes raw bytes (inline commands, malformed input). */
    public void sendRaw(String s) throws IOException {
        sendRaw(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void sendRaw(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** Reads one complete reply and returns its exact bytes. */
    public byte[] readReply() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        readValue(buf);
        return buf.toByteArray();
    }

    public String readReplyString() throws IOException {
        return new String(readReply(), StandardCharsets.ISO_8859_1);
    }

    private String readLine(ByteArrayOutputStream copy) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            copy.write(b);
            if (prev == '\r' && b == '\n') {
                byte[] l = line.toByteArray();
                return new String(l, 0, l.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            prev = b;
        }
    }

    private void readValue(ByteArrayOutputStream copy) throws IOException {
        String line = readLine(copy);
        char type = line.charAt(0);
        switch (type) {
            case '+', '-', ':', '_', ',', '#', '(' -> {
            }
            case '$', '=', '!' -> {
                int len = Integer.parseInt(line.substring(1));
                if (len >= 0) {
                    copy.write(in.readNBytes(len + 2));
                }
            }
            case '*', '~', '>' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < n; i++) {
                    readValue(copy);
                }
            }
            case '%', '|' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < 2 * n; i++) {
                    readValue(copy);
                }
            }
            default -> throw new IOException("bad reply type: " + line);
        }
    }

    /** Reads exactly {@code n} raw bytes (a replication stream, an RDB payload). */
    public byte[] readExactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("connection closed after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /** True once the server closed the connection (reads EOF within the timeout). */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
