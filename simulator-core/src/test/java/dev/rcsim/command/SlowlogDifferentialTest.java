package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.ReplyCorpus;
import dev.rcsim.testing.TestNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SLOWLOG on a real redis-server and on rcsim, RESP2 and RESP3: thresholds (-1, 0, huge),
 * slowlog-max-len trimming, argument truncation (32 arguments, 128 bytes), redaction, client names,
 * GET counts and errors. Entry timestamps, durations and client ports are normalised
 * ({@code :T}, {@code :D}, {@code PORT}); ids, arguments, addresses and names are compared exactly.
 */
class SlowlogDifferentialTest {

    static final String LONG = "x".repeat(200);

    static final String[][] SCRIPT = {
        {"CONFIG", "SET", "slowlog-log-slower-than", "0"}, {"SLOWLOG", "RESET"}, {"SLOWLOG", "LEN"},
        {"SET", "k", "v"}, {"GET", "k"}, {"SLOWLOG", "LEN"}, {"SLOWLOG", "GET"}, {"SLOWLOG", "GET", "1"},
        {"SLOWLOG", "GET", "0"}, {"SLOWLOG", "GET", "-1"}, {"SLOWLOG", "GET", "-2"}, {"SLOWLOG", "GET", "x"},
        {"SLOWLOG", "GET", "1", "2"}, {"SLOWLOG", "LEN", "x"}, {"SLOWLOG", "RESET", "x"}, {"SLOWLOG", "FOO"}, {"SLOWLOG"},
        {"SLOWLOG", "HELP"}, {"SLOWLOG", "RESET"},
        {"SET", "long", LONG}, {"SLOWLOG", "GET", "1"},
        {"RPUSH", "l", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
            "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34"}, {"SLOWLOG", "GET", "1"},
        {"RPUSH", "l", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
            "21", "22", "23", "24", "25", "26", "27", "28", "29", "30"}, {"SLOWLOG", "GET", "1"},
        {"AUTH", "secret"}, {"SLOWLOG", "GET", "1"}, {"HELLO", "3", "AUTH", "default", "pw"}, {"SLOWLOG", "GET", "1"},
        {"CONFIG", "SET", "masterauth", "pw", "maxclients", "100"}, {"SLOWLOG", "GET", "1"},
        {"CLIENT", "SETNAME", "cli"}, {"ECHO", "named"}, {"SLOWLOG", "GET", "2"}, {"CLIENT", "SETNAME", ""},
        {"BLPOP", "nolist", "0.01"}, {"SLOWLOG", "GET", "1"}, {"RPUSH", "bl", "x"}, {"BLPOP", "bl", "0"}, {"SLOWLOG", "GET", "1"},
        {"MULTI"}, {"SET", "a", "1"}, {"INCR", "a"}, {"EXEC"}, {"SLOWLOG", "GET", "4"},
        {"CONFIG", "SET", "slowlog-max-len", "3"}, {"SLOWLOG", "LEN"}, {"PING"}, {"SLOWLOG", "LEN"}, {"SLOWLOG", "GET"},
        {"CONFIG", "SET", "slowlog-log-slower-than", "-1"}, {"CONFIG", "SET", "slowlog-max-len", "1"}, {"SLOWLOG", "LEN"},
        {"CONFIG", "SET", "slowlog-max-len", "128"}, {"CONFIG", "SET", "slowlog-log-slower-than", "100000000"},
        {"PING"}, {"SLOWLOG", "GET"}, {"CONFIG", "GET", "slowlog-max-len"}, {"CONFIG", "GET", "slowlog-log-slower-than"}, {"SLOWLOG", "RESET"},
        {"CONFIG", "SET", "slowlog-log-slower-than", "10000"},
    };

    private static List<String> run(RawClient c, int db, boolean resp3) throws Exception {
        List<String> out = new ArrayList<>();
        c.call("SELECT", String.valueOf(db));
        if (resp3) {
            c.call("HELLO", "3");
        }
        for (String[] cmd : SCRIPT) {
            String r = normalise(c.call(cmd));
            out.add(String.join(" ", cmd) + " -> " + r.replace("\r\n", "\\r\\n"));
        }
        return out;
    }

    /** An entry's timestamp and duration become {@code :T} / {@code :D}; client ports {@code PORT}. */
    static String normalise(String reply) {
        return reply.replaceAll("\\*6\\r\\n:(\\d+)\\r\\n:\\d+\\r\\n:\\d+\\r\\n", "*6\r\n:$1\r\n:T\r\n:D\r\n")
                .replaceAll("id\\r\\n:\\d+", "id\r\n:ID").replaceAll("\\$\\d+\\r\\n127\\.0\\.0\\.1:\\d+\\r\\n", "\\$?\r\n127.0.0.1:PORT\r\n");
    }

    @Test
    void slowlogRepliesMatchRealRedisInResp2AndResp3() throws Exception {
        ReplyCorpus.assertSameAsRealRedis(SCRIPT.length, SlowlogDifferentialTest::run);
    }

    @Test
    void entryTimestampIsSimulatorClockSecondsAndDurationIsMeasured() throws Exception {
        SimClock clock = SimClock.simulated(1_700_000_000_000L);
        try (TestNode sim = TestNode.start(clock, "slowlog-log-slower-than", "0"); RawClient c = sim.raw()) {
            clock.advance(Duration.ofSeconds(42));
            c.call("SET", "k", "v");
            String entry = c.call("SLOWLOG", "GET", "1");
            assertThat(entry).matches("(?s)\\*1\\r\\n\\*6\\r\\n:0\\r\\n:1700000042\\r\\n:\\d+\\r\\n\\*3\\r\\n\\$3\\r\\nSET\\r\\n.*");
            long duration = Long.parseLong(entry.split("\r\n")[4].substring(1));
            assertThat(duration).isBetween(0L, 1_000_000L);
        }
    }
}
