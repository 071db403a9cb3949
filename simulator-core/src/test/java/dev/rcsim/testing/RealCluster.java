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
        return start(masters, 0);
    }

    /**
     * {@code masters} masters formed as above, then {@code replicasPerMaster} more nodes per master
     * joined with CLUSTER MEET and attached with CLUSTER REPLICATE, as {@code redis-cli --cluster
     * create --cluster-replicas R} does: replica k of master i is node {@code M + i*R + k}. Returns once
     * every replica's link is up and every node sees every replica as such.
     */
    public static RealCluster start(int masters, int replicasPerMaster) {
        RealRedis.assumeAvailable();
        List<RealRedis> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
                nodes.add(RealRedis.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-port", String.valueOf(RealRedis.freePort()), "--cluster-node-timeout", "5000"));
            }
            List<RawClient> cs = new ArrayList<>();
            for (RealRedis n : nodes) {
                cs.add(n.raw());
            }
            try {
                for (int i = 0; i < cs.size(); i++) {
                    // redis-cli sends SET-CONFIG-EPOCH 1..N to every node, replicas included
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
                awaitFormed(cs.subList(0, masters), masters);
                if (replicasPerMaster > 0) {
                    attachReplicas(nodes, cs, masters, replicasPerMaster);
                }
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

    private static void attachReplicas(List<RealRedis> nodes, List<RawClient> cs, int masters, int replicasPerMaster)
            throws IOException {
        int total = cs.size();
        for (int j = masters; j < total; j++) {
            expectOk(cs.get(0).call("CLUSTER", "MEET", "127.0.0.1", String.valueOf(nodes.get(j).port()),
                    String.valueOf(busPort(cs.get(j)))));
        }
        awaitUntil("every node to know " + total + " nodes", () -> {
            for (RawClient c : cs) {
                String info = c.call("CLUSTER", "INFO");
                String nodesText = c.call("CLUSTER", "NODES");
                if (!info.contains("cluster_known_nodes:" + total + "\r\n") || nodesText.contains("handshake")
                        || nodesText.contains("noaddr")) {
                    return false;
                }
            }
            return true;
        });
        for (int i = 0; i < masters; i++) {
            String id = lastLine(cs.get(i).call("CLUSTER", "MYID"));
            for (int k = 0; k < replicasPerMaster; k++) {
                expectOk(cs.get(masters + i * replicasPerMaster + k).call("CLUSTER", "REPLICATE", id));
            }
        }
        List<String> ids = new ArrayList<>();
        for (RawClient c : cs) {
            ids.add(lastLine(c.call("CLUSTER", "MYID")));
        }
        // also until every node has heard each replica's (non-zero) offset: CLUSTER SLOTS lists only those
        awaitUntil("replicas in sync and seen by everyone", () -> {
            for (int j = 0; j < total; j++) {
                RawClient c = cs.get(j);
                String slots = c.call("CLUSTER", "SLOTS");
                for (String id : ids) {
                    if (!slots.contains(id)) {
                        return false;
                    }
                }
                String nodesText = c.call("CLUSTER", "NODES");
                String info = c.call("CLUSTER", "INFO");
                if (!info.contains("cluster_state:ok") || nodesText.contains("disconnected")
                        || !info.contains("cluster_current_epoch:" + total + "\r\n")
                        || nodesText.split("slave ", -1).length - 1 != total - masters
                        || c.call("CLUSTER", "LINKS").split("direction", -1).length - 1 != 2 * (total - 1)) {
                    return false;
                }
                if (j >= masters && !c.call("INFO", "replication").contains("master_link_status:up")) {
                    return false;
                }
            }
            return true;
        });
    }

    private interface Check {
        boolean holds() throws IOException;
    }

    private static void awaitUntil(String what, Check check) throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("real cluster: timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    private static String lastLine(String bulk) {
        String[] parts = bulk.split("\r\n");
        return parts[parts.length - 1];
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
