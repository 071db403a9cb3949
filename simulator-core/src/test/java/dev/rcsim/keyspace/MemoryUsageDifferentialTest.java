package dev.rcsim.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same data written to real redis-server 7.0 and to an rcsim node: MEMORY USAGE of every type,
 * encoding and size, and the dataset part of INFO used_memory, agree within 2x.
 */
class MemoryUsageDifferentialTest {

    /** key -> the commands that build it. */
    private static Map<String, List<String[]>> dataset() {
        Map<String, List<String[]>> d = new LinkedHashMap<>();
        d.put("str:int", List.<String[]>of(new String[] {"set", "str:int", "12345"}));
        d.put("str:bigint", List.<String[]>of(new String[] {"set", "str:bigint", "123456789012"}));
        d.put("str:embstr", List.<String[]>of(new String[] {"set", "str:embstr", "bar"}));
        d.put("str:embstr44", List.<String[]>of(new String[] {"set", "str:embstr44", "a".repeat(44)}));
        d.put("str:raw100", List.<String[]>of(new String[] {"set", "str:raw100", "a".repeat(100)}));
        d.put("str:raw10k", List.<String[]>of(new String[] {"set", "str:raw10k", "a".repeat(10_000)}));
        d.put("str:raw1m", List.<String[]>of(new String[] {"set", "str:raw1m", "a".repeat(1 << 20)}));
        d.put("list:10", batches("rpush", "list:10", 10, 1, i -> List.of(String.valueOf(i))));
        d.put("list:str1000", batches("rpush", "list:str1000", 1000, 100, i -> List.of("x".repeat(50))));
        d.put("list:big1k", batches("rpush", "list:big1k", 100, 10, i -> List.of("y".repeat(1000))));
        d.put("list:1m", batches("rpush", "list:1m", 1_000_000, 1000, i -> List.of(String.valueOf(i))));
        d.put("set:intset", batches("sadd", "set:intset", 100, 100, i -> List.of(String.valueOf(i))));
        d.put("set:intset64", batches("sadd", "set:intset64", 100, 100, i -> List.of(String.valueOf(i * 100_000_000_000L))));
        d.put("set:ints100k", batches("sadd", "set:ints100k", 100_000, 1000, i -> List.of(String.valueOf(i))));
        d.put("set:str1000", batches("sadd", "set:str1000", 1000, 500, i -> List.of("m" + i)));
        d.put("hash:listpack", batches("hset", "hash:listpack", 10, 10, i -> List.of("f" + i, "v" + i)));
        d.put("hash:listpack128", batches("hset", "hash:listpack128", 128, 128, i -> List.of("field:" + i, "value:" + i)));
        d.put("hash:longvalue", batches("hset", "hash:longvalue", 10, 10, i -> List.of("f" + i, "v".repeat(100))));
        d.put("hash:100k", batches("hset", "hash:100k", 100_000, 1000, i -> List.of("f" + i, "v" + i)));
        d.put("zset:listpack", batches("zadd", "zset:listpack", 10, 10, i -> List.of(String.valueOf(i), "m" + i)));
        d.put("zset:listpackfrac", batches("zadd", "zset:listpackfrac", 100, 100, i -> List.of(i + ".25", "member:" + i)));
        d.put("zset:skiplist1k", batches("zadd", "zset:skiplist1k", 1000, 500, i -> List.of(String.valueOf(i), "m" + i)));
        d.put("zset:100k", batches("zadd", "zset:100k", 100_000, 1000, i -> List.of(String.valueOf(i), "m" + i)));
        List<String[]> stream = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            stream.add(new String[] {"xadd", "stream:1000", i + "-1", "f", "v" + i});
        }
        d.put("stream:1000", stream);
        List<String[]> small = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            small.add(new String[] {"xadd", "stream:5", i + "-1", "field", "value" + i, "other", "x"});
        }
        d.put("stream:5", small);
        return d;
    }

    private static List<String[]> batches(String cmd, String key, int n, int per, java.util.function.IntFunction<List<String>> args) {
        List<String[]> out = new ArrayList<>();
        for (int from = 0; from < n; from += per) {
            List<String> a = new ArrayList<>(List.of(cmd, key));
            for (int i = from; i < Math.min(n, from + per); i++) {
                a.addAll(args.apply(i));
            }
            out.add(a.toArray(new String[0]));
        }
        return out;
    }

    private static void load(RawClient c, Map<String, List<String[]>> data) throws IOException {
        int pending = 0;
        for (List<String[]> cmds : data.values()) {
            for (String[] cmd : cmds) {
                byte[][] b = new byte[cmd.length][];
                for (int i = 0; i < cmd.length; i++) {
                    b[i] = cmd[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                c.send(b);
                if (++pending == 200) {
                    for (; pending > 0; pending--) {
                        c.readReply();
                    }
                }
            }
        }
        for (; pending > 0; pending--) {
            c.readReply();
        }
    }

    private static long integer(String reply) {
        assertThat(reply).startsWith(":");
        return Long.parseLong(reply.substring(1).trim());
    }

    private static long info(RawClient c, String field) throws IOException {
        for (String line : c.call("info", "memory").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new AssertionError(field + " missing");
    }

    @Test
    void memoryUsageOfEveryTypeAndEncodingIsWithinTwiceRedis() throws Exception {
        Map<String, List<String[]>> data = dataset();
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start();
             RawClient r = real.raw(); RawClient s = sim.raw()) {
            load(r, data);
            load(s, data);
            StringBuilder table = new StringBuilder();
            List<String> outside = new ArrayList<>();
            for (String key : data.keySet()) {
                String encReal = r.call("object", "encoding", key);
                assertThat(s.call("object", "encoding", key)).as(key).isEqualTo(encReal);
                for (String samples : new String[] {"5", "0"}) {
                    long want = integer(r.call("memory", "usage", key, "samples", samples));
                    long got = integer(s.call("memory", "usage", key, "samples", samples));
                    double ratio = (double) got / want;
                    table.append(String.format(java.util.Locale.ROOT, "%-18s %-10s samples=%s redis=%d rcsim=%d ratio=%.3f%n",
                            key, encReal.trim(), samples, want, got, ratio));
                    if (ratio < 0.5 || ratio > 2.0) {
                        outside.add(key + " samples " + samples);
                    }
                }
            }
            long realDataset = info(r, "used_memory") - info(r, "used_memory_startup");
            long simDataset = info(s, "used_memory") - info(s, "used_memory_startup");
            double ratio = (double) simDataset / realDataset;
            table.append(String.format(java.util.Locale.ROOT, "used_memory - startup: redis=%d rcsim=%d ratio=%.3f%n",
                    realDataset, simDataset, ratio));
            System.out.print(table);
            assertThat(outside).as(table.toString()).isEmpty();
            assertThat(ratio).as(table.toString()).isBetween(0.5, 2.0);
        }
    }

    @Test
    void memoryUsageSyntaxMatchesRedis() throws Exception {
        try (RealRedis real = RealRedis.start("--enable-debug-command", "yes"); TestNode sim = TestNode.start("enable-debug-command", "yes");
             RawClient r = real.raw(); RawClient s = sim.raw()) {
            for (RawClient c : List.of(r, s)) {
                c.call("set", "k", "v");
            }
            String[][] cases = {
                {"memory", "usage", "k", "samples"}, {"memory", "usage", "k", "samples", "-1"},
                {"memory", "usage", "k", "samples", "x"}, {"memory", "usage", "k", "foo", "1"},
                {"memory", "usage", "nokey"}, {"memory", "usage", "k", "samples", "1", "samples", "0"},
            };
            for (String[] req : cases) {
                assertThat(s.call(req)).as(String.join(" ", req)).isEqualTo(r.call(req));
            }
            // an expired key not yet reclaimed still has a size: MEMORY USAGE looks in the dict without expiring
            for (RawClient c : List.of(r, s)) {
                assertThat(c.call("debug", "set-active-expire", "0")).isEqualTo("+OK\r\n");
            }
            long setAt = System.currentTimeMillis();
            for (RawClient c : List.of(r, s)) {
                c.call("set", "gone", "v", "px", "1");
            }
            while (System.currentTimeMillis() < setAt + 20) {
                Thread.onSpinWait(); // until the 1 ms TTL passed on both servers' (wall) clocks
            }
            assertThat(s.call("memory", "usage", "gone")).isEqualTo(r.call("memory", "usage", "gone"));
        }
    }
}
