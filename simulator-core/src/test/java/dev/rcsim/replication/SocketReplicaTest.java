package dev.rcsim.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * SYNC / PSYNC / REPLCONF from outside the simulator, as Redis 7.0 serves them: {@code redis-cli --rdb}
 * saves an RDB that the real {@code redis-check-rdb} accepts and a real redis-server loads with the same
 * keys, values and TTLs; {@code redis-cli --replica} prints the same stream from an rcsim node as from a
 * redis-server; a real redis-server replicates from an rcsim node (full sync, then the stream, its
 * REPLCONF ACKs counting for WAIT).
 */
class SocketReplicaTest {
    /** Fills db 0 and 1 with one key of each RDB type, integer-encodable strings and TTLs. */
    private static final String[][] DATA = {
        {"SET", "s:plain", "hello"}, {"SET", "s:int", "12345"}, {"SET", "s:neg", "-7"}, {"SET", "s:zero", "0"},
        {"SET", "s:lead0", "007"}, {"SET", "s:big", "x".repeat(300)}, {"SET", "s:long", "12345678901234"},
        {"RPUSH", "l", "a", "1", "b", "300"}, {"SADD", "set:int", "1", "2", "3"}, {"SADD", "set:str", "x", "y"},
        {"ZADD", "z", "1.5", "a", "-2", "b", "inf", "c"}, {"HSET", "h", "f1", "v1", "f2", "2"},
        {"SET", "ttl", "v"}, {"PEXPIREAT", "ttl", "4102444800123"}, {"HSET", "hbig", "f", "y".repeat(100)},
        {"SELECT", "1"}, {"SET", "db1", "one"}, {"PEXPIREAT", "db1", "4102444800000"}, {"SELECT", "0"},
    };

    private static final String[] KEYS = {"s:plain", "s:int", "s:neg", "s:zero", "s:lead0", "s:big", "s:long", "l",
        "set:int", "set:str", "z", "h", "ttl", "hbig"};

    private static void fill(RawClient c) throws IOException {
        for (String[] cmd : DATA) {
            c.call(cmd);
        }
    }

    /** TYPE, a canonical value and PEXPIRETIME of every key, db 0 then db 1. */
    private static List<String> contents(RawClient c) throws IOException {
        List<String> out = new ArrayList<>();
        for (String k : KEYS) {
            String type = c.call("TYPE", k);
            String v = switch (type) {
                case "+string\r\n" -> c.call("GET", k);
                case "+list\r\n" -> c.call("LRANGE", k, "0", "-1");
                case "+set\r\n" -> sortedMembers(c.call("SMEMBERS", k));
                case "+zset\r\n" -> c.call("ZRANGE", k, "0", "-1", "WITHSCORES");
                case "+hash\r\n" -> c.call("HGETALL", k);
                default -> "?";
            };
            out.add(k + " " + type.trim() + " " + v.replace("\r\n", " ") + " " + c.call("PEXPIRETIME", k).trim());
        }
        c.call("SELECT", "1");
        out.add("db1 " + c.call("GET", "db1").trim() + " " + c.call("PEXPIRETIME", "db1").trim());
        c.call("SELECT", "0");
        out.add("dbsize " + c.call("DBSIZE").trim());
        return out;
    }

    private static String sortedMembers(String reply) {
        String[] parts = reply.split("\r\n");
        List<String> members = new ArrayList<>();
        for (int i = 2; i < parts.length; i += 2) {
            members.add(parts[i]);
        }
        java.util.Collections.sort(members);
        return parts[0] + " " + members;
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static void assumeTools() {
        RealRedis.assumeAvailable();
        Assumptions.assumeTrue(new File("/usr/bin/redis-cli").canExecute() && new File("/usr/bin/redis-check-rdb").canExecute());
    }

    @Test
    void redisCliRdbSavesAnRdbThatRedisCheckRdbAcceptsAndRealRedisLoadsWithTheSameKeys() throws Exception {
        assumeTools();
        Path dir = Files.createTempDirectory("rcsim-rdb");
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            fill(c);
            List<String> expected = contents(c);
            run(dir, "redis-cli", "-p", String.valueOf(n.port()), "--rdb", dir.resolve("dump.rdb").toString());
            String check = run(dir, "redis-check-rdb", dir.resolve("dump.rdb").toString());
            assertThat(check).contains("Checksum OK").contains("RDB looks OK!")
                    .contains("redis-ver = '7.0.15'").contains("repl-id = '" + Replication.of(n.node).replId() + "'");
            try (RealRedis real = RealRedis.start("--dir", dir.toString(), "--dbfilename", "dump.rdb");
                    RawClient r = real.raw()) {
                assertThat(contents(r)).isEqualTo(expected);
            }
            // the node answers normally afterwards, and the --rdb client (rdb-only in 7.2, plain SYNC in 7.0) left
            assertThat(c.call("GET", "s:plain")).isEqualTo("$5\r\nhello\r\n");
        }
    }

    @Test
    void psyncFromAClientGetsFullResyncThenRdbThenTheStreamAndItsAckCountsForWait() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw(); RawClient replica = n.raw()) {
            c.call("SET", "k", "v");
            assertThat(replica.call("REPLCONF", "listening-port", "6399")).isEqualTo("+OK\r\n");
            assertThat(replica.call("REPLCONF", "capa", "psync2")).isEqualTo("+OK\r\n");
            replica.send("PSYNC".getBytes(), "?".getBytes(), "-1".getBytes());
            String head = line(replica);
            assertThat(head).startsWith("+FULLRESYNC " + Replication.of(n.node).replId() + " ");
            long offset = Long.parseLong(head.substring(head.lastIndexOf(' ') + 1));
            String len = line(replica);
            byte[] rdb = replica.readExactly(Integer.parseInt(len.substring(1)));
            assertThat(new String(rdb, 0, 9, StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
            c.call("SET", "k2", "v2");
            assertThat(new String(replica.readExactly(23), StandardCharsets.US_ASCII)).isEqualTo("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n");
            assertThat(new String(replica.readExactly(29), StandardCharsets.US_ASCII))
                    .isEqualTo("*3\r\n$3\r\nSET\r\n$2\r\nk2\r\n$2\r\nv2\r\n");
            assertThat(c.call("INFO", "replication")).contains("connected_slaves:1\r\n")
                    .contains("slave0:ip=127.0.0.1,port=6399,state=online,offset=0,");
            assertThat(c.call("WAIT", "1", "50")).isEqualTo(":0\r\n");
            replica.send("REPLCONF".getBytes(), "ACK".getBytes(), String.valueOf(offset + 54).getBytes());
            await(() -> call(c, "WAIT", "1", "0").equals(":1\r\n"));
            assertThat(c.call("ROLE")).contains("$4\r\n6399\r\n$" + String.valueOf(offset + 54).length() + "\r\n" + (offset + 54));
            // a replica client gets no replies
            replica.send("PING".getBytes());
            c.call("SET", "k3", "v3");
            assertThat(new String(replica.readExactly(29), StandardCharsets.US_ASCII))
                    .isEqualTo("*3\r\n$3\r\nSET\r\n$2\r\nk3\r\n$2\r\nv3\r\n");
            assertThat(c.call("INFO", "stats")).contains("sync_full:1\r\n").contains("sync_partial_err:0\r\n");
        }
    }

    @Test
    void psyncWithTheMastersIdAndACoveredOffsetContinuesPartially() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            String id;
            long offset;
            try (RawClient first = n.raw()) {
                first.send("SYNC".getBytes());
                String len = line(first);
                first.readExactly(Integer.parseInt(len.substring(1)));
                id = Replication.of(n.node).replId();
                offset = Replication.of(n.node).offset();
            }
            c.call("SET", "a", "1");
            try (RawClient second = n.raw()) {
                second.send("PSYNC".getBytes(), id.getBytes(), String.valueOf(offset + 1).getBytes());
                assertThat(line(second)).isEqualTo("+CONTINUE");
                assertThat(new String(second.readExactly(23 + 27), StandardCharsets.US_ASCII))
                        .isEqualTo("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n");
            }
            assertThat(c.call("INFO", "stats")).contains("sync_full:1\r\n").contains("sync_partial_ok:1\r\n");
        }
    }

    @Test
    void replconfRepliesAsRedis() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            List<String> rcsim = replconfCorpus(c);
            RealRedis.assumeAvailable();
            try (RealRedis real = RealRedis.start(); RawClient r = real.raw()) {
                assertThat(rcsim).isEqualTo(replconfCorpus(r));
            }
        }
    }

    private static List<String> replconfCorpus(RawClient c) throws IOException {
        List<String> out = new ArrayList<>();
        String[][] cmds = {{"REPLCONF"}, {"REPLCONF", "listening-port"}, {"REPLCONF", "listening-port", "x"},
            {"REPLCONF", "listening-port", "1"}, {"REPLCONF", "capa", "eof", "capa", "psync2", "capa", "foo"},
            {"REPLCONF", "foo", "bar"}, {"REPLCONF", "rdb-only", "2"}, {"REPLCONF", "rdb-only", "x"},
            {"REPLCONF", "rdb-only", "0"}, {"REPLCONF", "ip-address", "1.2.3.4"},
            {"REPLCONF", "rdb-filter-only", "functions"}, {"REPLCONF", "rdb-filter-only", "foo"}, {"PING"}};
        for (String[] cmd : cmds) {
            out.add(String.join(" ", cmd) + " -> " + c.call(cmd));
        }
        // ACK from a client that is not a replica, and GETACK on a master, reply nothing: the PING answers next
        c.send("REPLCONF".getBytes(), "ACK".getBytes(), "5".getBytes());
        c.send("REPLCONF".getBytes(), "GETACK".getBytes(), "*".getBytes());
        out.add("ACK, GETACK, PING -> " + c.call("PING"));
        return out;
    }

    @Test
    void redisCliReplicaPrintsTheSameStreamFromAnRcsimNodeAsFromRedisServer() throws Exception {
        assumeTools();
        try (TestNode n = TestNode.start(); RawClient c = n.raw(); RealRedis real = RealRedis.start(); RawClient r = real.raw()) {
            assertThat(cliReplica(n.port(), c)).isEqualTo(cliReplica(real.port(), r));
        }
    }

    /**
     * The lines redis-cli --replica prints for a SET, an LPUSH and a SET (PING and SELECT 0 left out), all in db 0.
     */
    private static List<String> cliReplica(int port, RawClient c) throws Exception {
        Process p = new ProcessBuilder("redis-cli", "-p", String.valueOf(port), "--replica").redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = in.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // the process was stopped
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            List<String> head = new ArrayList<>();
            while (head.isEmpty() || !head.get(head.size() - 1).startsWith("SYNC done")) {
                String l = lines.poll(20, TimeUnit.SECONDS);
                assertThat(l).as("redis-cli --replica said " + head).isNotNull();
                head.add(l);
            }
            assertThat(head.get(0)).isEqualTo("sending REPLCONF capa eof");
            assertThat(head.get(1)).isEqualTo("sending REPLCONF rdb-filter-only ");
            assertThat(head.get(2)).isEqualTo("SYNC with master, discarding bytes of bulk transfer until EOF marker...");
            await(() -> call(c, "INFO", "replication").contains("connected_slaves:1"));
            c.call("SET", "k", "v");
            c.call("LPUSH", "l", "a", "b");
            c.call("SET", "k2", "v2");
            List<String> out = new ArrayList<>();
            // redis-cli reads its REPLCONF ACK 0's "reply" from the stream: the first command of the stream
            // (Redis holds the stream until that ACK), so the SELECT 0 vanishes; PINGs come at any time
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (out.size() < 3) {
                String l = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(l).as("redis-cli --replica output so far: " + out).isNotNull();
                if (l.startsWith("\"") && !l.equals("\"PING\"") && !l.equals("\"SELECT\",\"0\"")) {
                    out.add(l);
                }
            }
            return out;
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRealRedisServerReplicatesFromAnRcsimNode() throws Exception {
        RealRedis.assumeAvailable();
        try (TestNode n = TestNode.start(); RawClient c = n.raw(); RealRedis real = RealRedis.start(); RawClient r = real.raw()) {
            fill(c);
            List<String> expected = contents(c);
            assertThat(r.call("REPLICAOF", "127.0.0.1", String.valueOf(n.port()))).isEqualTo("+OK\r\n");
            await(() -> call(r, "INFO", "replication").contains("master_link_status:up"));
            assertThat(contents(r)).isEqualTo(expected);
            c.call("SET", "after", "sync");
            await(() -> call(r, "GET", "after").equals("$4\r\nsync\r\n"));
            assertThat(c.call("INFO", "replication")).contains("connected_slaves:1\r\n")
                    .contains("slave0:ip=127.0.0.1,port=" + real.port() + ",state=online,");
            assertThat(c.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
            assertThat(call(r, "INFO", "replication")).contains("master_replid:" + Replication.of(n.node).replId() + "\r\n");
            r.call("REPLICAOF", "NO", "ONE");
        }
    }

    @Test
    void aRealRedisServerReplicaOfAnRcsimNodeGetsEachWriteInItsOwnDatabase() throws Exception {
        RealRedis.assumeAvailable();
        try (TestNode n = TestNode.start(); RawClient c = n.raw(); RealRedis real = RealRedis.start(); RawClient r = real.raw()) {
            assertThat(r.call("REPLICAOF", "127.0.0.1", String.valueOf(n.port()))).isEqualTo("+OK\r\n");
            await(() -> call(r, "INFO", "replication").contains("master_link_status:up"));
            c.call("SELECT", "1");
            c.call("SET", "a", "one");
            c.call("SELECT", "2");
            c.call("SET", "e", "gone", "PX", "1");
            await(() -> call(c, "EXISTS", "e").equals(":0\r\n")); // lazy expiry: a DEL of db 2 for the replica
            c.call("SELECT", "3");
            c.call("SET", "b", "three");
            await(() -> call(r, "SELECT", "3").equals("+OK\r\n") && call(r, "GET", "b").equals("$5\r\nthree\r\n"));
            List<String> got = new ArrayList<>();
            for (int db = 0; db < 4; db++) {
                r.call("SELECT", String.valueOf(db));
                got.add(db + " " + r.call("DBSIZE").trim() + " " + r.call("GET", "a").trim() + " " + r.call("GET", "b").trim());
            }
            assertThat(got).containsExactly("0 :0 $-1 $-1", "1 :1 $3\r\none $-1", "2 :0 $-1 $-1", "3 :1 $-1 $5\r\nthree");
            r.call("REPLICAOF", "NO", "ONE");
        }
    }

    @Test
    void aPsyncClientGetsTheSameSelectsInTheStreamFromAnRcsimNodeAsFromRedisServer() throws Exception {
        RealRedis.assumeAvailable();
        try (TestNode n = TestNode.start(); RealRedis real = RealRedis.start()) {
            assertThat(psyncStream(n.port())).isEqualTo(psyncStream(real.port()));
        }
    }

    /**
     * The stream (PINGs left out) a raw PSYNC client gets after its full sync for writes to db 0, 1, 3, 3
     * again and 1: a SELECT before each write whose database is not the one last selected.
     */
    private static List<String> psyncStream(int port) throws Exception {
        try (RawClient c = new RawClient(port); RawClient replica = new RawClient(port)) {
            replica.send("PSYNC".getBytes(), "?".getBytes(), "-1".getBytes());
            assertThat(line(replica)).startsWith("+FULLRESYNC ");
            String len = line(replica);
            replica.readExactly(Integer.parseInt(len.substring(1)));
            await(() -> call(c, "INFO", "replication").contains("slave0:"));
            String[][] writes = {{"SET", "k0", "v"}, {"SELECT", "1"}, {"SET", "a", "one"}, {"SELECT", "3"},
                {"SET", "b", "three"}, {"SET", "c", "3"}, {"SELECT", "1"}, {"SET", "d", "1"}};
            for (String[] w : writes) {
                c.call(w);
            }
            List<String> out = new ArrayList<>();
            while (out.size() < 8) {
                String cmd = replica.readReplyString();
                if (!cmd.equals("*1\r\n$4\r\nPING\r\n")) {
                    out.add(cmd);
                }
            }
            assertThat(out.get(0)).isEqualTo("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n");
            return out;
        }
    }

    private static String call(RawClient c, String... args) {
        try {
            return c.call(args);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!cond.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 15 s").isLessThan(deadline);
            Thread.sleep(20); // polling a real redis-server's state, not waiting for the cluster
        }
    }

    /** One CRLF-terminated line (without the CRLF), skipping the bare newlines a master may send first. */
    private static String line(RawClient c) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = c.readExactly(1)[0];
            if (b == '\n') {
                if (sb.length() == 0) {
                    continue;
                }
                return sb.substring(0, sb.length() - 1);
            }
            sb.append((char) b);
        }
    }
}
