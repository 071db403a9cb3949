package dev.rcsim.differential;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A real 3-master Redis cluster next to an rcsim 3-master cluster with the same slot split, one
 * client per node on each side. {@link #call} sends a command to node i of both and returns the two
 * replies after normalising only what must differ between two clusters: node ids and ports (mapped to
 * {@code ID<i>}, {@code P<i>}, {@code B<i>}), ping/pong times in CLUSTER NODES, CLUSTER LINKS' create
 * times, buffer sizes and events,
 * and CLUSTER INFO's message counters (rcsim has no bus, Redis lists one counter per message type
 * it has seen). Lines of CLUSTER NODES and the entries of CLUSTER SHARDS / LINKS come in Redis's
 * dict order, which is random per process, so they are compared sorted.
 */
final class ClusterPair implements AutoCloseable {
    static final int MASTERS = 3;
    final RealCluster real;
    final RedisClusterSimulator sim;
    /** Masters as formed; nodes {@code masters..size-1} are replicas (replica k of master i at M + i*R + k). */
    final int masters;
    final int size;
    final RawClient[] realClients;
    final RawClient[] simClients;
    final String[] realIds;
    final String[] simIds;
    private final List<UnaryOperator<String>> realMap = new ArrayList<>();
    private final List<UnaryOperator<String>> simMap = new ArrayList<>();
    final AtomicLong commands = new AtomicLong();

    ClusterPair() throws IOException {
        this(MASTERS, 0);
    }

    /** Both sides with {@code replicasPerMaster} replicas per master; the rcsim side runs in wall time. */
    ClusterPair(int masters, int replicasPerMaster) throws IOException {
        this.masters = masters;
        this.size = masters * (1 + replicasPerMaster);
        real = RealCluster.start(masters, replicasPerMaster);
        sim = RedisClusterSimulator.builder().masters(masters).replicasPerMaster(replicasPerMaster).seed(7).start();
        realClients = new RawClient[size];
        simClients = new RawClient[size];
        realIds = new String[size];
        simIds = new String[size];
        for (int i = 0; i < size; i++) {
            realClients[i] = new RawClient(real.port(i));
            simClients[i] = new RawClient(sim.nodes().get(i).port());
        }
        for (int i = 0; i < size; i++) {
            String realId = line(realClients[i].call("CLUSTER", "MYID"));
            String simId = sim.nodes().get(i).id();
            realIds[i] = realId;
            simIds[i] = simId;
            int realBus = busPort(realClients[i], realId);
            int simBus = busPort(simClients[i], simId);
            realMap.add(token(realId, "ID" + i));
            realMap.add(token(String.valueOf(real.port(i)), "P" + i));
            realMap.add(token(String.valueOf(realBus), "B" + i));
            simMap.add(token(simId, "ID" + i));
            simMap.add(token(String.valueOf(sim.nodes().get(i).port()), "P" + i));
            simMap.add(token(String.valueOf(simBus), "B" + i));
        }
    }

    private static UnaryOperator<String> token(String from, String to) {
        Pattern p = Pattern.compile("\\b" + Pattern.quote(from) + "\\b");
        return s -> s.contains(from) ? p.matcher(s).replaceAll(to) : s;
    }

    private static String line(String bulk) {
        String[] parts = bulk.split("\r\n");
        return parts[parts.length - 1];
    }

    private static int busPort(RawClient c, String id) throws IOException {
        for (String l : c.call("CLUSTER", "NODES").split("\n")) {
            if (l.contains(id) && l.contains("myself")) {
                String addr = l.split(" ")[1];
                return Integer.parseInt(addr.substring(addr.indexOf('@') + 1).replaceAll("[^0-9].*", ""));
            }
        }
        throw new IllegalStateException("no myself line");
    }

    /** Reset both sides before a sequence: every connection RESET + HELLO resp, every node FLUSHALL. */
    void reset(int resp) throws IOException {
        for (int i = 0; i < size; i++) {
            for (RawClient c : List.of(realClients[i], simClients[i])) {
                expect(c.call("RESET"), "+RESET\r\n");
                String flushed = c.call("FLUSHALL");
                if (!flushed.equals("+OK\r\n") && !flushed.startsWith("-READONLY ")) {
                    throw new IllegalStateException("FLUSHALL: " + flushed);
                }
                String hello = c.call("HELLO", String.valueOf(resp));
                if (!hello.startsWith(resp == 3 ? "%7" : "*14")) {
                    throw new IllegalStateException("HELLO " + resp + ": " + hello);
                }
            }
        }
    }

    private static void expect(String got, String want) {
        if (!got.equals(want)) {
            throw new IllegalStateException("expected " + want + " got " + got);
        }
    }

    /** Sends argv to node i of both clusters; returns {real, sim}, normalised. */
    String[] call(int node, List<String> argv) throws IOException {
        byte[][] a = new byte[argv.size()][];
        for (int j = 0; j < a.length; j++) {
            a[j] = argv.get(j).getBytes(StandardCharsets.ISO_8859_1);
        }
        String r = new String(realClients[node].callBytes(a), StandardCharsets.ISO_8859_1);
        String s = new String(simClients[node].callBytes(a), StandardCharsets.ISO_8859_1);
        commands.incrementAndGet();
        return new String[] {normalise(argv, r, realMap), normalise(argv, s, simMap)};
    }

    /**
     * Like {@link #call} where an argument {@code ID<k>} stands for node k's id and {@code PORT<k>} for
     * node k's client port: each side gets its own node's.
     */
    String[] callIds(int node, String... argv) throws IOException {
        byte[][] r = new byte[argv.length][];
        byte[][] s = new byte[argv.length][];
        for (int j = 0; j < argv.length; j++) {
            String a = argv[j];
            String ra = a;
            String sa = a;
            if (a.matches("ID\\d+")) {
                int k = Integer.parseInt(a.substring(2));
                ra = realIds[k];
                sa = simIds[k];
            } else if (a.matches("PORT\\d+")) {
                int k = Integer.parseInt(a.substring(4));
                ra = String.valueOf(real.port(k));
                sa = String.valueOf(sim.nodes().get(k).port());
            }
            r[j] = ra.getBytes(StandardCharsets.ISO_8859_1);
            s[j] = sa.getBytes(StandardCharsets.ISO_8859_1);
        }
        String rr = new String(realClients[node].callBytes(r), StandardCharsets.ISO_8859_1);
        String sr = new String(simClients[node].callBytes(s), StandardCharsets.ISO_8859_1);
        commands.incrementAndGet();
        List<String> list = Arrays.asList(argv);
        return new String[] {normalise(list, rr, realMap), normalise(list, sr, simMap)};
    }

    String[] call(int node, String... argv) throws IOException {
        return call(node, Arrays.asList(argv));
    }

    private static String normalise(List<String> argv, String reply, List<UnaryOperator<String>> map) {
        String name = argv.get(0).toUpperCase(Locale.ROOT);
        String sub = argv.size() > 1 ? argv.get(1).toUpperCase(Locale.ROOT) : "";
        UnaryOperator<String> text = whole -> {
            String prefix = whole.startsWith("txt:") ? "txt:" : "";
            String t = whole.substring(prefix.length());
            for (UnaryOperator<String> m : map) {
                t = m.apply(t);
            }
            if (name.equals("CLUSTER")) {
                if (sub.equals("NODES") || sub.equals("REPLICAS") || sub.equals("SLAVES")) {
                    t = nodesText(t);
                } else if (sub.equals("INFO")) {
                    t = infoText(t);
                }
            }
            return prefix + t;
        };
        ReplyTree tree = ReplyTree.parse(reply).mapText(text);
        if (name.equals("CLUSTER") && sub.equals("LINKS")) {
            // bus internals: when the link was made, its buffers and whether a write is pending
            tree = ReplyTree.parse(tree.serialise().replaceAll("create-time\r\n:\\d+", "create-time\r\n:T")
                    .replaceAll("(send-buffer-[a-z]+)\r\n:\\d+", "$1\r\n:B")
                    .replaceAll("events\r\n\\$\\d\r\nr?w?\r\n", "events\r\n\\$1\r\nE\r\n"));
        }
        if (name.equals("CLUSTER") && (sub.equals("SHARDS") || sub.equals("LINKS"))) {
            return tree.canonicalUnordered();
        }
        return tree.serialise();
    }

    /** CLUSTER NODES: ping-sent and pong-received are times; lines sorted (dict order). */
    private static String nodesText(String t) {
        if (t.indexOf(' ') < 0) {
            return t;
        }
        boolean trailing = t.endsWith("\n");
        List<String> lines = new ArrayList<>();
        for (String l : t.split("\n")) {
            String[] f = l.split(" ", -1);
            if (f.length >= 8) {
                f[4] = "T";
                f[5] = "T";
            }
            lines.add(String.join(" ", f));
        }
        lines.sort(null);
        return String.join("\n", lines) + (trailing ? "\n" : "");
    }

    private static final Pattern PER_TYPE = Pattern.compile("cluster_stats_messages_[a-z-]+_(sent|received):\\d+\r\n");
    private static final Pattern TOTALS = Pattern.compile("cluster_stats_messages_(sent|received):\\d+");

    /** CLUSTER INFO: message counters differ (no bus in rcsim); per-type counters dropped, totals masked. */
    private static String infoText(String t) {
        if (!t.contains("cluster_state:")) {
            return t;
        }
        return TOTALS.matcher(PER_TYPE.matcher(t).replaceAll("")).replaceAll("cluster_stats_messages_$1:N");
    }

    /** Prints how many commands {@code what} compared, then closes both clusters. */
    void close(String what) throws IOException {
        System.out.printf("differential (%s): %d commands compared with a real 3-master cluster%n", what, commands.get());
        close();
    }

    @Override
    public void close() throws IOException {
        for (int i = 0; i < size; i++) {
            realClients[i].close();
            simClients[i].close();
        }
        sim.close();
        real.close();
    }
}
