package dev.rcsim.replication;

import dev.rcsim.server.Connection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The replicas of one node that connected over a client socket (SYNC or PSYNC from outside the
 * simulator: {@code redis-cli --replica}, {@code redis-cli --rdb}, a real redis-server's REPLICAOF), as
 * Redis keeps them in {@code server.slaves}: each gets the replication stream as RESP bytes, in order,
 * after its RDB snapshot or its +CONTINUE, and reports its offset with {@code REPLCONF ACK}. The
 * REPLCONF options a connection sent before its SYNC (listening-port, ip-address, capa, rdb-only) are
 * kept per connection until then.
 *
 * <p>Differs from Redis: no replica output-buffer class on these clients (the normal class applies,
 * unlimited by default), no {@code S} flag in CLIENT LIST, a closed replica leaves the list the next
 * time the stream or INFO looks at it. Runs on the node's loop.
 */
final class SocketReplicas {
    /** REPLCONF options of a connection, before and after its SYNC. */
    static final class Conf {
        int listeningPort;
        String ipAddress;
        boolean capaPsync2;
        boolean capaEof;
        /** REPLCONF rdb-filter-only: the RDB carries no keys (rcsim's RDB has no functions either). */
        boolean excludeData;
        boolean rdbOnly;
    }

    /** One replica client: its connection, options and last acknowledged offset. */
    static final class Replica {
        final Connection c;
        final Conf conf;
        long ackOffset;
        long ackMillis;

        Replica(Connection c, Conf conf) {
            this.c = c;
            this.conf = conf;
        }

        String ip() {
            if (conf.ipAddress != null) {
                return conf.ipAddress;
            }
            String a = c.remoteAddress();
            int colon = a.lastIndexOf(':');
            return colon < 0 ? a : a.substring(0, colon);
        }
    }

    private final Map<Connection, Conf> confs = new WeakHashMap<>();
    private final List<Replica> replicas = new ArrayList<>();

    /** The options {@code c} sent so far (created on first use). */
    Conf conf(Connection c) {
        return confs.computeIfAbsent(c, k -> new Conf());
    }

    /** The replica served on {@code c}, or null when {@code c} is not one. */
    Replica of(Connection c) {
        for (Replica r : replicas) {
            if (r.c == c) {
                return r;
            }
        }
        return null;
    }

    boolean isEmpty() {
        return replicas.isEmpty();
    }

    /** The live replicas, dropping those whose connection closed. */
    List<Replica> live() {
        for (Iterator<Replica> it = replicas.iterator(); it.hasNext(); ) {
            if (it.next().c.isClosing()) {
                it.remove();
            }
        }
        return replicas;
    }

    void add(Replica r) {
        replicas.add(r);
    }

    /** Sends one command of the stream to every replica client. */
    void feed(byte[][] argv) {
        if (replicas.isEmpty()) {
            return;
        }
        byte[] bytes = null;
        for (Replica r : live()) {
            if (bytes == null) {
                bytes = encode(argv);
            }
            r.c.push(new dev.rcsim.protocol.RespValue.Raw(bytes));
        }
    }

    /** The RESP array of bulk strings a command is in the stream. */
    static byte[] encode(byte[][] argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        header(out, '*', argv.length);
        for (byte[] a : argv) {
            header(out, '$', a.length);
            out.write(a, 0, a.length);
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, char kind, long n) {
        out.write(kind);
        byte[] d = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        out.write(d, 0, d.length);
        out.write('\r');
        out.write('\n');
    }

    /** How many replica clients acknowledged at least {@code offset}. */
    long acked(long offset) {
        long n = 0;
        for (Replica r : live()) {
            if (r.ackOffset >= offset) {
                n++;
            }
        }
        return n;
    }
}
