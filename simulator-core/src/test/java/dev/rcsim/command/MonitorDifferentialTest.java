package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MONITOR on a real redis-server and on rcsim for the same command sequence: the lines the monitor
 * receives are compared one by one (timestamps and client ports normalised to {@code T} and
 * {@code PORT}), in RESP2 and RESP3, and so are the replies the monitor and the client get.
 */
class MonitorDifferentialTest {

    static final String[][] COMMANDS = {
        {"SET", "k", "v\n\u0001\"\\ \t\r\u0007\b\u007f~"}, {"GET", "k"}, {"SET", "n", "123"}, {"config", "get", "maxmemory"},
        {"AUTH", "secret"}, {"AUTH", "user", "pass"}, {"HELLO", "3", "AUTH", "user", "pass"}, {"HELLO", "2", "SETNAME", "cli"},
        {"HELLO", "x", "AUTH", "user", "pass"}, {"MULTI"}, {"SET", "a", "1"}, {"GET", "a"}, {"EXEC"}, {"MULTI"}, {"SET", "a"},
        {"EXEC"}, {"MULTI"}, {"MONITOR"}, {"EXEC"}, {"SELECT", "3"}, {"PING"}, {"SLOWLOG", "LEN", "x"}, {"SLOWLOG", "HELP"}, {"CLIENT", "SETNAME", "xx"},
        {"CLIENT", "GETNAME"}, {"DEBUG", "SLEEP", "0"}, {"INFO", "keyspace"}, {"nosuch", "x"}, {"GET"},
        {"BLPOP", "nolist", "0.01"}, {"ECHO", "\u00e9"}, {"SELECT", "0"}, {"FLUSHALL"}, {"CONFIG", "SET", "requirepass", ""},
        {"MIGRATE", "127.0.0.1", "1", "k", "0", "10", "AUTH2", "u", "p"}, {"LPUSH", "l", "x"}, {"LPOP", "l"},
        {"EVAL", "redis.call('set', 'a', '1'); return redis.call('get', 'a')", "0"}, {"EVAL", "return 1", "x"},
        {"EVALSHA", "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef", "0"}, {"EVAL_RO", "return redis.call('get', KEYS[1])", "1", "k"},
        {"FCALL", "nosuch", "0"},
    };

    @Test
    void monitorLinesAreThoseOfRedisInResp2AndResp3() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start()) {
            for (boolean resp3 : new boolean[] {false, true}) {
                List<String> want = run(real.raw(), real.raw(), resp3);
                List<String> got = run(sim.raw(), sim.raw(), resp3);
                List<String> diffs = new ArrayList<>();
                for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
                    String w = i < want.size() ? want.get(i) : "<none>";
                    String g = i < got.size() ? got.get(i) : "<none>";
                    if (!w.equals(g)) {
                        diffs.add("RESP" + (resp3 ? 3 : 2) + " #" + i + "\n want " + w.replace("\r\n", "\\r\\n")
                                + "\n got  " + g.replace("\r\n", "\\r\\n"));
                    }
                }
                assertThat(diffs).as(String.join("\n", diffs)).isEmpty();
            }
        }
    }

    /** Runs the commands on {@code client} while {@code monitor} monitors; returns monitor lines then replies. */
    private static List<String> run(RawClient monitor, RawClient client, boolean resp3) throws Exception {
        try (monitor; client) {
            List<String> out = new ArrayList<>();
            if (resp3) {
                monitor.call("HELLO", "3");
                client.call("HELLO", "3");
            }
            out.add("monitor: " + monitor.call("MONITOR"));
            for (String[] cmd : COMMANDS) {
                out.add(String.join(" ", cmd) + " -> " + normalise(client.call(cmd)));
            }
            client.call("ECHO", "end-marker");
            while (true) {
                String line = normalise(monitor.readReplyString());
                out.add(line);
                if (line.contains("end-marker")) {
                    break;
                }
            }
            out.add("monitor PING -> " + monitor.call("PING"));
            out.add("monitor own line -> " + normalise(monitor.readReplyString()));
            out.add("monitor GET -> " + monitor.call("GET", "k"));
            out.add("monitor SET -> " + monitor.call("SET", "k", "v"));
            out.add("monitor PUBLISH -> " + monitor.call("PUBLISH", "ch", "m"));
            out.add("monitor again -> " + monitor.call("ECHO", "after-monitor"));
            out.add("monitor own echo -> " + normalise(monitor.readReplyString()));
            out.add("monitor QUIT -> " + monitor.call("QUIT"));
            out.add("monitor closed -> " + monitor.isClosedByServer());
            return out;
        }
    }

    /** Timestamps become {@code T}, client ports {@code PORT}; bulk lengths around an address are dropped. */
    static String normalise(String s) {
        return s.replaceAll("^\\+\\d+\\.\\d{6} ", "+T ").replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT")
                .replaceAll("id\\r\\n:\\d+", "id\r\n:ID").replaceAll("(?s)(id|fd|age|idle|qbuf|qbuf-free|argv-mem|rbs|rbp|tot-mem|laddr)=\\S+", "$1=?");
    }

    @Test
    void monitorTimestampIsTheSimulatorClockInMicroseconds() throws Exception {
        SimClock clock = SimClock.simulated(1_700_000_000_000L);
        clock.advance(Duration.ofMillis(123)); // the simulated clock counts whole milliseconds
        try (TestNode sim = TestNode.start(clock); RawClient monitor = sim.raw(); RawClient client = sim.raw()) {
            assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
            client.call("SET", "k", "v");
            String port = client.call("CLIENT", "INFO").replaceAll("(?s).* addr=127\\.0\\.0\\.1:(\\d+) .*", "$1");
            assertThat(monitor.readReplyString())
                    .isEqualTo("+1700000000.123000 [0 127.0.0.1:" + port + "] \"SET\" \"k\" \"v\"\r\n");
        }
    }

    @Test
    void aReplicaShowsTheCommandsItAppliesFromItsMasterInMonitorAndSlowlog() throws Exception {
        try (dev.rcsim.RedisClusterSimulator cluster = dev.rcsim.RedisClusterSimulator.builder().masters(3).replicasPerMaster(1)
                .seed(5).start()) {
            dev.rcsim.SimNode master = cluster.masters().get(0);
            dev.rcsim.SimNode replica = cluster.replicasOf(master).get(0);
            String key = dev.rcsim.testing.Nodes.keyOwnedBy(master, "m");
            try (RawClient monitor = new RawClient(replica.port()); RawClient onReplica = new RawClient(replica.port());
                 RawClient writer = new RawClient(master.port())) {
                onReplica.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
                onReplica.call("SLOWLOG", "RESET");
                assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
                assertThat(writer.call("SET", key, "v")).isEqualTo("+OK\r\n");
                String line = monitor.readReplyString();
                while (line.endsWith("\"SELECT\" \"0\"\r\n")) { // the replication stream selects its db first, as Redis's
                    line = monitor.readReplyString();
                }
                assertThat(line).matches("\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:0\\] \"SET\" \"" + key + "\" \"v\"\r\n");
                assertThat(onReplica.call("SLOWLOG", "GET", "1")).contains("$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n")
                        .contains("127.0.0.1:0");
            }
        }
    }

    @Test
    void commandsOfAClosedMonitorGoNowhereAndOtherMonitorsKeepTheirs() throws Exception {
        try (TestNode sim = TestNode.start(); RawClient m1 = sim.raw(); RawClient m2 = sim.raw(); RawClient client = sim.raw()) {
            m1.call("MONITOR");
            m2.call("MONITOR");
            m1.close();
            client.call("SET", "a", "b");
            assertThat(m2.readReplyString()).endsWith("\"SET\" \"a\" \"b\"\r\n");
            assertThat(sim.node.call(() -> sim.node.monitors().size())).isEqualTo(1);
            m2.call("RESET");
            assertThat(sim.node.call(() -> sim.node.monitors().size())).isZero();
            assertThat(new String(m2.callBytes("GET".getBytes(StandardCharsets.US_ASCII), "a".getBytes(StandardCharsets.US_ASCII)),
                    StandardCharsets.US_ASCII)).isEqualTo("$1\r\nb\r\n");
        }
    }
}
