package dev.rcsim.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis 7.0 cluster of N masters without replicas, formed the way {@code redis-cli --cluster
 * create} does it: {@code redis-server --cluster-enabled yes} processes (each in its own temp dir with
 * its own nodes.conf and a free bus port), config epochs 1..N, CLUSTER MEET, the slots split in N
 * ranges as redis-cli splits them (3 masters: 0-5460, 5461-10922, 10923-16383). {@link #start} returns
 * once every node reports {@code cluster_state:ok}, knows every other node over a connected link,
 * has both bus links (to and from) with each and has learnt everyone's epoch. Skipped (JUnit assumption) where redis-server is missing.
 */
public final class RealCluster implements AutoCloseable {
    private final List<RealRedis> nodes;

    private RealCluster(List<RealRedis> nodes) {
        this.nodes = nodes;
    }

    public static RealCluster start(int masters) {
        RealRedis.assumeAvailable();
        List<RealRedis> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                nodes.add(RealRedis.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-port", String.valueOf(RealRedis.freePort()), "--cluster-node-timeout", "5000"));
            }
            List<RawClient> cs = new ArrayList<>();
            for (RealRedis n : nodes) {
                cs.add(n.raw());
            }
            try {
                for (int i = 0; i < masters; i++) {
                    expectOk(cs.get(i).call("CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1)));
                }
                for (int i = 1; i < masters; i++) {
                    expectOk(cs.get(0).call("CLUSTER", "MEET", "127.0.0.1", String.valueOf(nodes.get(i).port()),
                            String.valueOf(busPort(cs.get(i)))));
                }
                int per = 16384 / masters;
                int lo = 0;
                for (int i = 0; i < masters; i++) {
                    // redis-cli: each master gets 16384/N slots, rounding so the last ends at 16383
                    int hi = i == masters - 1 ? 16383 : (int) Math.round((double) 16384 / masters * (i + 1)) - 1;
                    expectOk(cs.get(i).call("CLUSTER", "ADDSLOTSRANGE", String.valueOf(lo), String.valueOf(hi)));
                    lo = hi + 1;
                }
                awaitFormed(cs, masters);
            } finally {
                for (RawClient c : cs) {
                    c.close();
                }
            }
            return new RealCluster(nodes);
        } catch (IOException | RuntimeException e) {
            nodes.forEach(RealRedis::close);
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static int busPort(RawClient c) throws IOException {
        String reply = c.call("CONFIG", "GET", "cluster-port");
        String[] parts = reply.split("\r\n");
        return Integer.parseInt(parts[parts.length - 1]);
    }

    private static void expectOk(String reply) {
        if (!reply.equals("+OK\r\n")) {
            throw new IllegalStateException("forming the real cluster: " + reply);
        }
    }

    private static void awaitFormed(List<RawClient> cs, int masters) throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            boolean formed = true;
            for (RawClient c : cs) {
                String info = c.call("CLUSTER", "INFO");
                String nodesText = c.call("CLUSTER", "NODES");
                String links = c.call("CLUSTER", "LINKS");
                formed &= links.split("direction", -1).length - 1 == 2 * (masters - 1);
                formed &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + masters + "\r\n")
                        && info.contains("cluster_current_epoch:" + masters + "\r\n")
                        && !nodesText.contains("disconnected") && !nodesText.contains("handshake")
                        && !nodesText.contains("noaddr") && !nodesText.contains(" 0 connected");
            }
            if (formed) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("real cluster did not reach cluster_state:ok in 30 s");
            }
            Thread.onSpinWait();
        }
    }

    public List<RealRedis> nodes() {
        return nodes;
    }

    public int port(int i) {
        return nodes.get(i).port();
    }

    @Override
    public void close() {
        nodes.forEach(RealRedis::close);
    }
}
