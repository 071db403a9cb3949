package dev.rcsim.ui;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.admin.NodeClient;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.fault.Fault;
import dev.rcsim.internal.Internals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The page's buttons: each one is the call a Java test makes ({@code cluster.faults()}, {@code
 * cluster.admin()}, {@code cluster.scenarios()}, the clock) or a command a client sends, run one at a
 * time on the UI's own control thread (never on a node's loop nor on the HTTP thread), and recorded in
 * the event log as {@code CONTROL} before it runs (the faults record their own {@code FAULT}/{@code HEAL}).
 */
final class Controls {
    private final RedisClusterSimulator cluster;
    private final ScheduledExecutorService worker;
    private final List<Fault> staged = new CopyOnWriteArrayList<>();
    private volatile ScheduledFuture<?> playing;

    Controls(RedisClusterSimulator cluster, ScheduledExecutorService worker) {
        this.cluster = cluster;
        this.worker = worker;
    }

    boolean isPlaying() {
        return playing != null;
    }

    /** Scenario faults in effect (their heal is not one of {@code faults().active()}). */
    List<Fault> staged() {
        return staged;
    }

    /** Runs {@code action} on the control thread; completes with a one-line result or an error. */
    CompletableFuture<String> submit(String action, Map<String, String> p) {
        CompletableFuture<String> out = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                out.complete(run(action, p));
            } catch (Throwable e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    private String run(String action, Map<String, String> p) {
        StringBuilder what = new StringBuilder(action);
        p.forEach((k, v) -> what.append(' ').append(k).append('=').append(v.length() > 60 ? v.substring(0, 60) + "..." : v));
        cluster.events().record("ui", "CONTROL", what.toString().replace('\n', ' '));
        switch (action) {
            case "kill" -> cluster.faults().kill(node(p));
            case "restart" -> cluster.faults().restart(node(p));
            case "pause" -> {
                long ms = num(p, "ms", 0);
                if (ms > 0) {
                    cluster.faults().pause(node(p), Duration.ofMillis(ms));
                } else {
                    cluster.faults().pause(node(p));
                }
            }
            case "heal" -> {
                if (p.containsKey("node") && !p.get("node").isEmpty()) {
                    cluster.faults().heal(node(p));
                } else {
                    List<Fault> s = new ArrayList<>(staged);
                    Collections.reverse(s);
                    staged.clear();
                    for (Fault f : s) {
                        f.heal();
                    }
                    cluster.faults().healAll();
                }
            }
            case "partition" -> {
                List<SimNode> side = new ArrayList<>();
                for (String ref : req(p, "nodes").split("[,\\s]+")) {
                    if (!ref.isEmpty()) {
                        side.add(cluster.resolve(ref));
                    }
                }
                List<SimNode> rest = new ArrayList<>(cluster.nodes());
                rest.removeAll(side);
                rest.removeAll(cluster.spares());
                if (side.isEmpty() || rest.isEmpty()) {
                    throw new IllegalArgumentException("a partition needs nodes on both sides");
                }
                cluster.faults().partition(side, rest);
            }
            case "latency" -> {
                SimNode n = node(p);
                Duration d = Duration.ofMillis(num(p, "ms", 100));
                if ("bus".equals(p.get("kind"))) {
                    for (SimNode o : cluster.nodes()) {
                        if (o != n && !cluster.spares().contains(o)) {
                            cluster.faults().busDelay(n, o, d);
                        }
                    }
                } else {
                    cluster.faults().latency(n, d);
                }
            }
            case "migrate-start" -> cluster.admin().migrateSlotStart(slot(p), cluster.resolve(req(p, "to")).id());
            case "migrate-keys" -> {
                return "moved " + cluster.admin().migrateSlotKeys(slot(p), (int) num(p, "count", 10)) + " keys";
            }
            case "migrate-finish" -> cluster.admin().migrateSlotFinish(slot(p));
            case "failover" -> {
                SimNode n = node(p);
                String mode = p.getOrDefault("mode", "").trim().toUpperCase(java.util.Locale.ROOT);
                Object r = mode.isEmpty() ? NodeClient.callOnce(n.host(), n.port(), "CLUSTER", "FAILOVER")
                        : NodeClient.callOnce(n.host(), n.port(), "CLUSTER", "FAILOVER", mode);
                return reply(r);
            }
            case "command" -> {
                SimNode n = node(p);
                String[] argv = req(p, "line").trim().split("\\s+");
                return reply(NodeClient.callOnce(n.host(), n.port(), (Object[]) argv));
            }
            case "script" -> cluster.faults().parse(req(p, "text")).run();
            case "step" -> {
                requireSimulated();
                String ms = req(p, "ms");
                long d = ms.equals("node-timeout") ? nodeTimeout() : Long.parseLong(ms);
                cluster.clock().advance(Duration.ofMillis(d));
                return "clock +" + d + " ms";
            }
            case "play" -> {
                requireSimulated();
                if (playing == null) {
                    playing = worker.scheduleWithFixedDelay(() -> cluster.clock().advance(Duration.ofMillis(100)), 100, 100,
                            TimeUnit.MILLISECONDS);
                }
            }
            case "pause-clock" -> {
                ScheduledFuture<?> f = playing;
                playing = null;
                if (f != null) {
                    f.cancel(false);
                }
            }
            case "scenario" -> {
                return scenario(req(p, "name"));
            }
            default -> throw new IllegalArgumentException("unknown control " + action);
        }
        return "ok";
    }

    private String scenario(String name) {
        var sc = cluster.scenarios();
        switch (name) {
            case "lost-quorum" -> staged.add(sc.lostQuorum());
            case "minority-partition" -> staged.add(sc.minorityPartition(cluster.masters().get(0)));
            case "stuck-resharding" -> {
                int slot = HashSlots.slot("{teach}");
                SimNode from = ownerOf(slot);
                SimNode to = null;
                for (SimNode m : cluster.nodes()) {
                    if (m != from && m.isRunning() && m.isMaster() && !cluster.spares().contains(m)) {
                        to = m;
                        break;
                    }
                }
                if (to == null) {
                    throw new IllegalStateException("needs a second master");
                }
                for (int i = 0; i < 10; i++) {
                    expect(NodeClient.callOnce(from.host(), from.port(), "SET", "{teach}:" + i, "v" + i), "OK");
                }
                staged.add(sc.stuckResharding(slot, from, to));
            }
            case "moved-loop" -> staged.add(sc.movedLoop(HashSlots.slot("{loop}")));
            case "write-loss" -> {
                String key = "{acct:1}:balance";
                SimNode master = ownerOf(HashSlots.slot(key));
                expect(NodeClient.callOnce(master.host(), master.port(), "SET", key, "100"), "OK");
                NodeClient.callOnce(master.host(), master.port(), "WAIT", "1", "1000");
                List<SimNode> rest = new ArrayList<>(cluster.nodes());
                rest.remove(master);
                rest.removeAll(cluster.spares());
                cluster.faults().partition(List.of(master), rest);
                expect(NodeClient.callOnce(master.host(), master.port(), "SET", key, "40"), "OK");
                return "SET " + key + " 100 (replicated), partition, SET " + key + " 40 on the isolated master " + master.address();
            }
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        }
        return "ok";
    }

    private SimNode ownerOf(int slot) {
        for (SimNode m : cluster.nodes()) {
            if (m.isRunning() && m.isMaster() && m.ownsSlot(slot)) {
                return m;
            }
        }
        throw new IllegalStateException("no running master owns slot " + slot);
    }

    private static void expect(Object r, String want) {
        if (!want.equals(String.valueOf(r))) {
            throw new IllegalStateException("expected " + want + ", got " + reply(r));
        }
    }

    private static String reply(Object r) {
        return r instanceof NodeClient.Error e ? "(error) " + e.message() : String.valueOf(r);
    }

    /** cluster-node-timeout of the first running node, read on its loop. */
    private long nodeTimeout() {
        for (SimNode n : cluster.nodes()) {
            var rn = Internals.node(n);
            if (rn.isRunning()) {
                return rn.call(() -> Long.parseLong(rn.config().get("cluster-node-timeout")));
            }
        }
        throw new IllegalStateException("no running node");
    }

    private void requireSimulated() {
        if (!cluster.clock().isSimulated()) {
            throw new IllegalStateException("the cluster runs on the system clock: time cannot be stepped");
        }
    }

    private SimNode node(Map<String, String> p) {
        return cluster.resolve(req(p, "node"));
    }

    private static int slot(Map<String, String> p) {
        int s = (int) num(p, "slot", -1);
        if (s < 0 || s >= HashSlots.SLOTS) {
            throw new IllegalArgumentException("bad slot " + p.get("slot"));
        }
        return s;
    }

    private static String req(Map<String, String> p, String k) {
        String v = p.get(k);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing " + k);
        }
        return v;
    }

    private static long num(Map<String, String> p, String k, long dflt) {
        String v = p.get(k);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number for " + k + ": " + v);
        }
    }

    void close() {
        ScheduledFuture<?> f = playing;
        if (f != null) {
            f.cancel(false);
        }
    }
}
