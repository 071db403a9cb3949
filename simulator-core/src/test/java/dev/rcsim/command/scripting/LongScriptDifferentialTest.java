package dev.rcsim.command.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Scripts that run past 100000 instructions (on rcsim they then start again on the node's script
 * thread, their earlier calls replayed), against a real redis-server 7.0.15, byte for byte: replies and
 * the data they leave, calls before and after the move, CLIENT TRACKING of the caller (RESP3 invalidation
 * pushes, after the script's reply), and the MONITOR lines. Also the script's time in INFO commandstats.
 */
class LongScriptDifferentialTest {
    /** About 300000 instructions: past the move. */
    static final String SPIN = " local i = 0 while i < 100000 do i = i + 1 end ";

    static final String[][] SCRIPTS = {
        {"EVAL", "redis.call('INCR', KEYS[1])" + SPIN + "return redis.call('INCR', KEYS[1])", "1", "n"},
        {"EVAL", "redis.call('RPUSH', KEYS[1], 'a', 'b')" + SPIN + "redis.call('RPUSH', KEYS[1], 'c') return redis.call('LRANGE', KEYS[1], 0, -1)", "1", "l"},
        {"EVAL", "local r = redis.pcall('INCR', KEYS[1])" + SPIN + "return {r, redis.pcall('INCR', 'l')}", "1", "l"},
        {"EVAL", "redis.setresp(3) redis.call('HSET', KEYS[1], 'f', 'v')" + SPIN + "return redis.call('HGETALL', KEYS[1])", "1", "h"},
        {"EVAL", "local x = math.random(1000000) redis.call('SET', KEYS[1], x)" + SPIN + "return {x, math.random(1000000), redis.call('GET', KEYS[1])}", "1", "r"},
        {"EVAL", "redis.set_repl(redis.REPL_NONE) redis.call('SET', KEYS[1], '1')" + SPIN + "redis.set_repl(redis.REPL_ALL) return redis.call('SET', KEYS[1], '2')", "1", "s"},
        {"EVAL", "for j = 1, 200 do redis.call('SADD', KEYS[1], j) end" + SPIN + "return redis.call('SCARD', KEYS[1])", "1", "st"},
        {"EVAL", "local ok = pcall(redis.call, 'NOSUCH')" + SPIN + "return {tostring(ok), redis.call('EXISTS', KEYS[1])}", "1", "n"},
        {"EVAL", "#!lua\nredis.call('SET', KEYS[1], 'x')" + SPIN + "return redis.call('STRLEN', KEYS[1])", "1", "sh"},
        {"EVAL", SPIN + "return redis.call('DEL', KEYS[1])", "1", "sh"},
        {"EVAL", "redis.call('SET', KEYS[1], 'v')" + SPIN + "return redis.call('NOSUCH')", "1", "e"},
        {"FCALL", "long", "1", "fn"},
        {"FCALL", "long", "1", "fn"},
    };

    static final String LIB = "#!lua name=lng\nredis.register_function('long', function(keys)"
            + " redis.call('INCR', keys[1])" + SPIN + " return redis.call('INCRBY', keys[1], 10) end)";

    static final String[][] AFTER = {
        {"GET", "n"}, {"LRANGE", "l", "0", "-1"}, {"HGETALL", "h"}, {"GET", "s"}, {"SMEMBERS", "st"}, {"GET", "sh"},
        {"GET", "e"}, {"GET", "fn"}, {"EXISTS", "r"},
    };

    static List<String> corpus(Supplier<RawClient> clients) throws IOException {
        List<String> out = new ArrayList<>();
        try (RawClient c = clients.get()) {
            out.add(c.call("FUNCTION", "LOAD", LIB));
            for (String[] s : SCRIPTS) {
                String r = c.call(s);
                out.add(s[1] + " -> " + r);
            }
            for (String[] a : AFTER) {
                out.add(String.join(" ", a) + " -> " + c.call(a));
            }
        }
        return out;
    }

    @Test
    void longScriptsReplyAndWriteAsRedisDoes() throws Exception {
        List<String> real;
        try (RealRedis r = RealRedis.start()) {
            real = corpus(r::raw);
        }
        List<String> sim;
        try (TestNode n = TestNode.start()) {
            sim = corpus(n::raw);
            assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)).contains("rcsim-script-" + n.port());
        }
        assertThat(sim).containsExactlyElementsOf(real);
    }

    /** What a tracking client receives: the replies of its commands and, via a PING, the pushes sent to it since. */
    static List<String> tracking(Supplier<RawClient> clients) throws IOException {
        List<String> out = new ArrayList<>();
        try (RawClient a = clients.get(); RawClient b = clients.get(); RawClient m = clients.get()) {
            a.call("HELLO", "3");
            out.add(a.call("CLIENT", "TRACKING", "on"));
            out.add(b.call("MSET", "k1", "1", "k2", "2", "k3", "3"));
            out.add(m.call("MONITOR"));
            String[][] steps = {
                {"a", "EVAL", "return redis.call('GET', 'k2')", "1", "k1"},
                {"b", "SET", "k2", "x"},
                {"b", "SET", "k1", "x"},
                {"a", "EVAL", "return 1", "1", "k3"},
                {"b", "SET", "k3", "x"},
                {"a", "EVAL", "return redis.call('SET', 'k3', 'y')", "1", "k3"},
                {"b", "SET", "k3", "x"},
                {"a", "EVAL_RO", "return redis.call('GET', 'k2')", "1", "k1"},
                {"b", "SET", "k1", "z"},
                {"b", "SET", "k2", "z"},
                {"a", "EVAL_RO", "return 1", "1", "r1"},
                {"b", "SET", "r1", "x"},
                {"a", "EVAL", "return redis.call('GET', 'zz')", "2", "k1", "k3"},
                {"b", "MSET", "k1", "q", "k3", "q", "zz", "q"},
                {"a", "GET", "k"},
                {"a", "EVAL", "redis.call('SET', KEYS[1], 'v') return redis.call('GET', KEYS[1])", "1", "k"},
                {"a", "EVAL", "redis.call('SET', KEYS[1], 'w') return 1", "1", "k"},
                {"a", "GET", "lk"},
                {"a", "EVAL", "redis.call('SET', KEYS[1], 'v')" + SPIN + "redis.call('SET', KEYS[1], 'w') return redis.call('GET', KEYS[1])", "1", "lk"},
                {"b", "SET", "lk", "x"},
                {"a", "EVAL", SPIN + "return redis.call('GET', KEYS[1])", "1", "lk2"},
                {"b", "SET", "lk2", "x"},
                {"a", "CLIENT", "TRACKING", "on", "NOLOOP"},
                {"a", "GET", "k"},
                {"a", "EVAL", "redis.call('SET', KEYS[1], 'v') return 1", "1", "k"},
                {"a", "FUNCTION", "LOAD", "#!lua name=t\nredis.register_function{function_name='g', callback=function(k)"
                        + " return redis.call('GET', k[1]) end, flags={'no-writes'}}"},
                {"a", "FCALL_RO", "g", "1", "f1"},
                {"b", "SET", "f1", "x"},
            };
            for (String[] step : steps) {
                String[] cmd = java.util.Arrays.copyOfRange(step, 1, step.length);
                String reply = (step[0].equals("a") ? a : b).call(cmd);
                out.add(String.join(" ", cmd).replace(SPIN, " SPIN ") + " -> " + reply + " then " + pushes(a));
            }
            out.add(b.call("SET", "done", "1"));
            StringBuilder lines = new StringBuilder();
            while (true) {
                String line = m.readReplyString();
                lines.append(line.replaceAll("^\\+\\d+\\.\\d+ ", "+T ").replaceAll("\\[(\\d+) (?!lua\\])[^\\]]+\\]", "[$1 client]")
                        .replace(SPIN, " SPIN "));
                if (line.contains("\"done\"")) {
                    break;
                }
            }
            out.add(lines.toString());
        }
        return out;
    }

    /** The pushes {@code a} received since its last reply: all it reads before the reply of a PING. */
    static String pushes(RawClient a) throws IOException {
        a.send("PING".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        StringBuilder sb = new StringBuilder();
        for (String r = a.readReplyString(); !r.equals("+PONG\r\n"); r = a.readReplyString()) {
            sb.append(r);
        }
        return sb.toString();
    }

    @Test
    void scriptCallerTracksItsDeclaredKeysAndGetsInvalidationsAfterTheReplyAsRedisDoes() throws Exception {
        List<String> real;
        try (RealRedis r = RealRedis.start()) {
            real = tracking(r::raw);
        }
        List<String> sim;
        try (TestNode n = TestNode.start()) {
            sim = tracking(n::raw);
        }
        assertThat(sim).containsExactlyElementsOf(real);
        assertThat(real).anyMatch(s -> s.startsWith("SET k1 x -> +OK\r\n then >2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk1\r\n"));
    }

    /** A client blocked on a key a long script pushes to is served once the script has ended, not while it runs. */
    static List<String> blockedClient(Supplier<RawClient> clients) throws IOException {
        List<String> out = new ArrayList<>();
        try (RawClient w = clients.get(); RawClient c = clients.get()) {
            w.send("BLPOP".getBytes(), "q".getBytes(), "0".getBytes());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!c.call("CLIENT", "LIST").contains("cmd=blpop") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            out.add(c.call("EVAL", "redis.call('RPUSH', KEYS[1], 'x')" + SPIN + "return redis.call('LLEN', KEYS[1])", "1", "q"));
            out.add(w.readReplyString());
            out.add(c.call("LLEN", "q"));
        }
        return out;
    }

    @Test
    void clientBlockedOnAKeyTheLongScriptPushesToIsServedAfterTheScript() throws Exception {
        List<String> real;
        try (RealRedis r = RealRedis.start()) {
            real = blockedClient(r::raw);
        }
        try (TestNode n = TestNode.start()) {
            assertThat(blockedClient(n::raw)).containsExactlyElementsOf(real).startsWith(":1\r\n");
        }
    }

    @Test
    void restartedScriptThatCallsDifferentlyEndsWithAnErrorItsFirstWritesStanding() throws Exception {
        // tostring of a table shows its address: another one in the run restarted on the script thread
        String body = "redis.call('SET', KEYS[1], tostring({}))" + SPIN + "return redis.call('SET', KEYS[1], 'end')";
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("EVAL", body, "1", "t")).isEqualTo("-ERR Error running script " + Scripting.sha1hex(body.getBytes())
                    + ": restarted on rcsim's script thread, it called other commands than its first run did (see docs/compatibility.md)\r\n");
            assertThat(c.call("GET", "t")).startsWith("$").contains("table: ");
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void scriptMovedToTheScriptThreadCountsItsWholeTimeInCommandstats() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("CONFIG", "SET", "slowlog-log-slower-than", "1000")).isEqualTo("+OK\r\n");
            long start = System.nanoTime();
            assertThat(c.call("EVAL", "local i = 0 while i < 3000000 do i = i + 1 end return i", "0")).isEqualTo(":3000000\r\n");
            long elapsedMicros = (System.nanoTime() - start) / 1000;
            String stats = c.call("INFO", "commandstats");
            String line = stats.lines().filter(l -> l.startsWith("cmdstat_eval:")).findFirst().orElseThrow();
            long usec = Long.parseLong(line.replaceAll(".*,usec=(\\d+),.*", "$1"));
            // the first 100000 instructions ran on the loop, the whole script again on the script thread
            assertThat(usec).isGreaterThanOrEqualTo(elapsedMicros / 2).isLessThanOrEqualTo(elapsedMicros + elapsedMicros / 20);
            // the EVAL's entry among whatever else took over 1 ms here: *6 :id :time :duration *3 $4 EVAL ...
            String[] slow = c.call("SLOWLOG", "GET", "128").split("\r\n");
            int eval = java.util.stream.IntStream.range(4, slow.length)
                    .filter(i -> slow[i].equals("EVAL") && slow[i - 1].equals("$4") && slow[i - 2].equals("*3"))
                    .findFirst().orElseThrow();
            long slowMicros = Long.parseLong(slow[eval - 3].substring(1));
            assertThat(slowMicros).isGreaterThanOrEqualTo(elapsedMicros / 2);
        }
    }
}
