package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.server.LatencyHistogram;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * LATENCY HISTOGRAM, INFO latencystats and the latency monitor's events measured on real execution
 * times, next to a real redis-server: the figures themselves are each process's timings, so the
 * histogram ceilings and percentiles are checked against values real Redis printed for known durations,
 * and the DOCTOR / GRAPH / LATEST replies are compared with their digits replaced.
 */
class LatencyMonitorTest {

    private static long[] buckets(long... usecs) {
        LatencyHistogram h = new LatencyHistogram();
        for (long u : usecs) {
            h.record(u);
        }
        return h.cumulativeBuckets();
    }

    @Test
    void histogramCeilingsAreTheOnesRedisPrints() {
        // real 7.0.15: CONFIG GET taking 139 us -> "264 1"; SET calls of 5-8 us and one of ~30 us -> "8 4 33 5"
        assertThat(buckets(139)).containsExactly(264, 1);
        assertThat(buckets(5, 6, 7, 8, 30)).containsExactly(8, 4, 33, 5);
        assertThat(buckets(2, 3, 4, 8)).containsExactly(2, 1, 4, 3, 8, 4);
        assertThat(buckets(0, 0, 1)).containsExactly(1, 3);
        assertThat(buckets(5_000_000)).containsExactly(1073741, 1);
    }

    @Test
    void percentilesAreHdrHighestEquivalentValuesAsInInfoLatencystats() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(139);
        assertThat(h.valueAtPercentile(50) / 1000.0).isEqualTo(139.263); // real: p50=139.263
        LatencyHistogram g = new LatencyHistogram();
        g.record(950);
        assertThat(g.valueAtPercentile(99.9) / 1000.0).isEqualTo(950.271);
        LatencyHistogram f = new LatencyHistogram();
        f.record(8);
        f.record(20);
        assertThat(f.valueAtPercentile(50) / 1000.0).isEqualTo(8.031);
        assertThat(f.valueAtPercentile(99) / 1000.0).isEqualTo(20.095);
    }

    private static final Pattern PAIRS = Pattern.compile(":(\\d+)\\r\\n:(\\d+)\\r\\n");

    /** LATENCY HISTOGRAM set in RESP2: the calls figure and the histogram's (ceiling, cumulative) pairs. */
    private static List<Long> histogramOfSet(RawClient c) throws Exception {
        String r = c.call("latency", "histogram", "set");
        assertThat(r).startsWith("*2\r\n$3\r\nset\r\n*4\r\n$5\r\ncalls\r\n:20\r\n$14\r\nhistogram_usec\r\n*");
        List<Long> out = new ArrayList<>();
        Matcher m = PAIRS.matcher(r.substring(r.indexOf("histogram_usec")));
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
            out.add(Long.parseLong(m.group(2)));
        }
        return out;
    }

    @Test
    void latencyHistogramCountsEveryCallInRedisShape() throws Exception {
        List<Long> ceilings = new ArrayList<>();
        for (long level = 1024; level <= 1L << 30; level *= 2) {
            ceilings.add((level + (1L << (63 - Long.numberOfLeadingZeros(level) - 7)) - 1) / 1000);
        }
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start(); RawClient r = real.raw(); RawClient s = sim.raw()) {
            for (RawClient c : List.of(r, s)) {
                for (int i = 0; i < 20; i++) {
                    c.call("set", "k", "v" + i);
                }
                List<Long> pairs = histogramOfSet(c);
                assertThat(pairs).hasSizeGreaterThanOrEqualTo(2);
                assertThat(pairs.get(pairs.size() - 1)).isEqualTo(20);
                for (int i = 0; i < pairs.size(); i += 2) {
                    assertThat(ceilings).contains(pairs.get(i));
                }
                c.call("hello", "3");
                assertThat(c.call("latency", "histogram", "set")).startsWith("%1\r\n$3\r\nset\r\n%2\r\n$5\r\ncalls\r\n:20\r\n");
                c.call("hello", "2");
            }
        }
    }

    private static final Pattern LINE = Pattern.compile("latency_percentiles_usec_set:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}\r\n");

    @Test
    void infoLatencystatsFollowsTrackingAndItsPercentilesSetting() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start(); RawClient r = real.raw(); RawClient s = sim.raw()) {
            for (RawClient c : List.of(r, s)) {
                c.call("set", "k", "v");
                assertThat(LINE.matcher(c.call("info", "latencystats")).find()).isTrue();
                assertThat(c.call("config", "set", "latency-tracking-info-percentiles", "50 99")).isEqualTo("+OK\r\n");
                assertThat(c.call("info", "latencystats")).containsPattern("latency_percentiles_usec_set:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3}\r\n");
                c.call("config", "resetstat");
                c.call("config", "set", "latency-tracking", "no");
                c.call("set", "k", "v");
                assertThat(c.call("info", "latencystats")).doesNotContain("usec_set:");
                assertThat(c.call("latency", "histogram", "set")).isEqualTo("*0\r\n");
            }
        }
    }

    private static String digitless(String reply) {
        return reply.replaceAll("\\d+", "N");
    }

    /** Builds a 100k-member set and SORTs it: the SORT (a non-fast command) takes well over 1 ms. */
    private static void slowSort(RawClient c) throws Exception {
        for (int b = 0; b < 100; b++) {
            String[] args = new String[1002];
            args[0] = "sadd";
            args[1] = "big";
            for (int i = 0; i < 1000; i++) {
                args[i + 2] = String.valueOf(b * 1000 + i);
            }
            c.call(args);
        }
        c.call("config", "set", "latency-monitor-threshold", "1");
        c.call("sort", "big", "limit", "0", "1");
    }

    @Test
    void aSlowCommandIsSampledAsACommandEventAndReportedLikeRedis() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start(); RawClient r = real.raw(); RawClient s = sim.raw()) {
            List<String> want = new ArrayList<>();
            List<String> got = new ArrayList<>();
            for (RawClient c : List.of(r, s)) {
                slowSort(c);
                List<String> out = c == r ? want : got;
                out.add(digitless(c.call("latency", "latest")));
                out.add(digitless(c.call("latency", "history", "command")));
                out.add(digitless(c.call("latency", "doctor")));
                out.add(digitless(c.call("latency", "graph", "command")));
                out.add(c.call("latency", "reset", "command", "nosuch"));
                out.add(c.call("latency", "latest"));
            }
            assertThat(got).isEqualTo(want);
            assertThat(want.get(0)).startsWith("*N\r\n*N\r\n$N\r\ncommand\r\n");
        }
    }
}
