package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.ReplyCorpus;
import dev.rcsim.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CLIENT TRACKING on a real redis-server and on rcsim: option errors, TRACKINGINFO/GETREDIR, and the
 * invalidation messages a tracking client receives while another client writes (default, NOLOOP,
 * OPTIN/OPTOUT with CACHING, BCAST with prefixes, FLUSHALL), as RESP3 pushes and, for a RESP2 client,
 * through REDIRECT to a connection subscribed to {@code __redis__:invalidate}; also a broken
 * redirection. Client ids are normalised to {@code ID}; every other byte is compared.
 */
class TrackingDifferentialTest {

    static final String[] ERRORS = {
        "CLIENT TRACKING", "CLIENT TRACKING maybe", "CLIENT TRACKING on foo", "CLIENT TRACKING on PREFIX a",
        "CLIENT TRACKING on BCAST OPTIN", "CLIENT TRACKING on OPTIN OPTOUT", "CLIENT TRACKING on REDIRECT 999999",
        "CLIENT TRACKING on REDIRECT x", "CLIENT TRACKING on REDIRECT", "CLIENT TRACKING on PREFIX",
        "CLIENT TRACKING on BCAST PREFIX ab PREFIX a", "CLIENT TRACKINGINFO", "CLIENT GETREDIR", "CLIENT CACHING yes",
        "CLIENT CACHING", "CLIENT TRACKINGINFO x", "CLIENT GETREDIR x", "CLIENT TRACKING on", "CLIENT TRACKINGINFO",
        "CLIENT GETREDIR", "CLIENT CACHING yes", "CLIENT CACHING no", "CLIENT CACHING maybe", "CLIENT TRACKING on BCAST",
        "CLIENT TRACKING on OPTIN", "CLIENT TRACKINGINFO", "CLIENT CACHING yes", "CLIENT TRACKINGINFO", "CLIENT TRACKING on OPTOUT",
        "CLIENT TRACKING off", "CLIENT TRACKINGINFO", "CLIENT TRACKING on OPTOUT NOLOOP", "CLIENT CACHING no", "CLIENT TRACKINGINFO",
        "CLIENT CACHING yes", "CLIENT TRACKING off", "CLIENT TRACKING on BCAST PREFIX a PREFIX b NOLOOP", "CLIENT TRACKINGINFO",
        "CLIENT TRACKING on BCAST PREFIX ab", "CLIENT TRACKING on BCAST PREFIX c", "CLIENT TRACKINGINFO", "CLIENT TRACKING on",
        "CLIENT TRACKING off", "CLIENT TRACKING off", "CLIENT TRACKINGINFO", "INFO clients",
        // Redis 7.0 replies an error for an overlap between two new prefixes past the first, then enables tracking and replies +OK
        "CLIENT TRACKING on BCAST PREFIX x PREFIX y PREFIX yz", "CLIENT TRACKINGINFO", "CLIENT TRACKING off",
    };

    private static List<String> errors(RawClient c, int db, boolean resp3) throws Exception {
        List<String> out = new ArrayList<>();
        if (resp3) {
            c.call("HELLO", "3");
        }
        for (String line : ERRORS) {
            String r = c.call(line.split(" "));
            if (line.endsWith("PREFIX yz")) {
                r += c.readReplyString();
            }
            if (line.startsWith("INFO")) {
                r = r.replaceAll("(?s).*(tracking_clients:\\d+).*", "$1");
            }
            out.add(line + " -> " + r.replace("\r\n", "\\r\\n"));
        }
        return out;
    }

    @Test
    void trackingOptionsAndErrorsMatchRedisInResp2AndResp3() throws Exception {
        ReplyCorpus.assertSameAsRealRedis(ERRORS.length, TrackingDifferentialTest::errors);
    }

    @Test
    void invalidationsMatchRedis() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start()) {
            for (boolean resp3 : new boolean[] {true, false}) {
                List<String> want = invalidations(real.raw(), real.raw(), real.raw(), resp3);
                List<String> got = invalidations(sim.raw(), sim.raw(), sim.raw(), resp3);
                List<String> diffs = new ArrayList<>();
                for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
                    String w = i < want.size() ? want.get(i) : "<none>";
                    String g = i < got.size() ? got.get(i) : "<none>";
                    if (!w.equals(g)) {
                        diffs.add("RESP" + (resp3 ? 3 : 2) + "\n want " + w + "\n got  " + g);
                    }
                }
                assertThat(diffs).as(String.join("\n", diffs)).isEmpty();
            }
        }
    }

    @Test
    void trackingTableMaxKeysEvictsKeysWithInvalidationsAsRedis() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start()) {
            List<String> want = tableLimit(real.raw(), real.raw());
            List<String> got = tableLimit(sim.raw(), sim.raw());
            assertThat(got).containsExactlyElementsOf(want);
            assertThat(want).anyMatch(l -> l.contains("invalidate"));
        }
    }

    /**
     * A (RESP3, tracking) reads keys while B lowers {@code tracking-table-max-keys}: the keys evicted from
     * the table arrive at A as invalidations. Which keys Redis picks is a random walk of its table, so the
     * key names in pushes are masked; their number and the table's size must match.
     */
    private static List<String> tableLimit(RawClient a, RawClient b) throws Exception {
        try (a; b) {
            List<String> out = new ArrayList<>();
            b.call("FLUSHALL");
            a.call("HELLO", "3");
            String[][] steps = {
                {"B", "CONFIG GET tracking-table-max-keys"}, {"B", "CONFIG SET tracking-table-max-keys -1"},
                {"B", "CONFIG SET tracking-table-max-keys abc"}, {"B", "CONFIG SET tracking-table-max-keys 2"},
                {"B", "CONFIG GET tracking-table-max-keys"}, {"A", "CLIENT TRACKING on"}, {"A", "MGET k1 k2 k3"},
                {"A", "GET k4"}, {"B", "CONFIG SET tracking-table-max-keys 0"}, {"A", "MGET k5 k6 k7 k8"},
                {"A", "GET k9"}, {"B", "CONFIG SET tracking-table-max-keys 1"}, {"B", "PING"}, {"A", "GET k10"},
                {"B", "CONFIG SET tracking-table-max-keys 1000000"}, {"A", "CLIENT TRACKING off"},
            };
            for (String[] step : steps) {
                RawClient who = step[0].equals("A") ? a : b;
                String reply = who.call(step[1].split(" ")).replace("\r\n", "\\r\\n");
                String info = b.call("INFO", "stats").lines().filter(l -> l.startsWith("tracking_total_")).reduce("", (x, y) -> x + y + " ");
                out.add(step[0] + ": " + step[1] + " -> " + reply + " | " + info + "| A: " + drain(a, false).replaceAll("\\$[0-9]+\\\\r\\\\nk[0-9]+", "\\$N\\\\r\\\\nk?"));
            }
            return out;
        }
    }

    /** What {@code c} received before the reply to a PING (pushes or messages), then the PING reply marker. */
    private static String drain(RawClient c, boolean subscribed) throws Exception {
        c.send("PING".getBytes());
        StringBuilder sb = new StringBuilder();
        while (true) {
            String r = c.readReplyString();
            if (r.equals("+PONG\r\n") || (subscribed && r.equals("*2\r\n$4\r\npong\r\n$0\r\n\r\n"))) {
                return sb.toString();
            }
            sb.append(r.replace("\r\n", "\\r\\n")).append(' ');
        }
    }

    private static List<String> invalidations(RawClient a, RawClient b, RawClient r, boolean resp3) throws Exception {
        try (a; b; r) {
            List<String> out = new ArrayList<>();
            b.call("FLUSHALL");
            String rid = r.call("CLIENT", "ID").replaceAll("[^0-9]", "");
            RawClient sink = resp3 ? a : r;
            String redirect = resp3 ? "" : " REDIRECT " + rid;
            if (resp3) {
                a.call("HELLO", "3");
            } else {
                r.call("SUBSCRIBE", "__redis__:invalidate");
            }
            String[][] steps = {
                {"A", "CLIENT TRACKING on" + redirect}, {"A", "GET k"}, {"A", "MGET k1 k2"}, {"A", "HGET h f"}, {"B", "SET k v"},
                {"B", "SET k v2"}, {"B", "MSET k1 a k2 b"}, {"A", "GET k"}, {"A", "SET k mine"}, {"A", "GET k"}, {"B", "HSET h f v"},
                {"A", "GET k"}, {"B", "EXPIRE k 100"}, {"A", "GET k"}, {"B", "DEL k"}, {"A", "GET k"}, {"A", "GET k1"},
                {"B", "FLUSHALL"}, {"A", "GET k"}, {"A", "FLUSHDB"}, {"A", "CLIENT TRACKING off"},
                {"A", "CLIENT TRACKING on NOLOOP" + redirect}, {"A", "GET n"}, {"A", "SET n 1"}, {"B", "SET n 2"},
                {"A", "GET n"}, {"B", "INCRBY n 100"}, {"A", "CLIENT TRACKING off"},
                {"A", "CLIENT TRACKING on OPTIN" + redirect}, {"A", "GET o"}, {"B", "SET o 1"}, {"A", "CLIENT CACHING yes"},
                {"A", "GET o"}, {"A", "GET o2"}, {"B", "SET o 2"}, {"B", "SET o2 2"}, {"A", "CLIENT TRACKING off"},
                {"A", "CLIENT TRACKING on OPTOUT" + redirect}, {"A", "CLIENT CACHING no"}, {"A", "GET p"}, {"A", "GET p2"},
                {"B", "SET p 1"}, {"B", "SET p2 1"}, {"A", "CLIENT TRACKING off"},
                {"A", "CLIENT TRACKING on BCAST PREFIX a: PREFIX b:" + redirect}, {"B", "SET a:1 x"}, {"B", "MSET a:9 x a:2 y c:1 z b:1 w"},
                {"B", "SET c:2 x"}, {"A", "SET a:3 mine"}, {"B", "DEL a:9 a:2 nokey"}, {"A", "CLIENT TRACKINGINFO"},
                {"A", "CLIENT TRACKING off"}, {"A", "CLIENT TRACKING on BCAST NOLOOP" + redirect}, {"A", "SET z 1"},
                {"B", "SET z 2"}, {"A", "MSET z 3 y 4"}, {"B", "FLUSHALL"}, {"A", "CLIENT TRACKING off"},
            };
            for (String[] step : steps) {
                RawClient who = step[0].equals("A") ? a : b;
                String reply = who.call(step[1].split(" ")).replace(":" + rid + "\r\n", ":ID\r\n");
                out.add(step[0] + ": " + (resp3 ? step[1] : step[1].replace(redirect, " REDIRECT ID")) + " -> " + reply.replace("\r\n", "\\r\\n") + " | sink: " + drain(sink, !resp3)
                        + (resp3 ? "" : "| A: " + drain(a, false)));
            }
            if (resp3) {
                // a redirection whose target went away: the RESP3 client is told once, and TRACKINGINFO shows it
                a.call("CLIENT", "TRACKING", "on", "REDIRECT", rid);
                a.call("GET", "q");
                r.close();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (b.call("CLIENT", "LIST", "ID", rid).length() > 6) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.onSpinWait();
                }
                b.call("SET", "q", "1");
                out.add("broken: " + drain(a, false).replace(":" + rid + "\\r\\n", ":ID\\r\\n"));
                out.add("info: " + a.call("CLIENT", "TRACKINGINFO").replace(":" + rid + "\r\n", ":ID\r\n").replace("\r\n", "\\r\\n"));
            }
            return out;
        }
    }
}
