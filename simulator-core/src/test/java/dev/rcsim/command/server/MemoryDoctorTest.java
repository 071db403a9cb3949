package dev.rcsim.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import org.junit.jupiter.api.Test;

/**
 * MEMORY DOCTOR's report over a node's figures (getMemoryDoctorReport). End to end its text follows
 * used_memory, which is the JVM's heap until per-node memory accounting feeds InfoReport.usedMemory;
 * here the figures are set, and the texts are Redis's own (the empty-instance one read from a real
 * redis-server, which has under 5 MB allocated when it starts).
 */
class MemoryDoctorTest {

    private static MemoryCommands.Overhead figures(long used, long peak, long rss) {
        MemoryCommands.Overhead mh = new MemoryCommands.Overhead();
        mh.totalAllocated = used;
        mh.peakAllocated = peak;
        mh.rss = rss;
        mh.totalFrag = (float) rss / used;
        mh.totalFragBytes = rss - used;
        return mh;
    }

    @Test
    void underFiveMegabytesTheDoctorSaysTheInstanceIsEmptyInRedisWords() throws Exception {
        try (RealRedis real = RealRedis.start(); RawClient r = real.raw()) {
            String want = r.call("memory", "doctor");
            String text = MemoryCommands.doctor(figures(1_600_000, 1_600_000, 5_000_000));
            assertThat(want).isEqualTo("$" + text.length() + "\r\n" + text + "\r\n");
        }
    }

    @Test
    void healthyFiguresGetTheNoIssueReport() {
        assertThat(MemoryCommands.doctor(figures(50 << 20, 50 << 20, 52 << 20))).isEqualTo(
                "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n");
    }

    @Test
    void aPeakAboveOneAndAHalfTimesUsedMemoryIsReported() {
        String report = MemoryCommands.doctor(figures(50 << 20, 100 << 20, 52 << 20));
        assertThat(report).startsWith("Sam, I detected a few issues in this Redis instance memory implants:\n\n * Peak memory: ")
                .endsWith("restart the instance.\n\nI'm here to keep you safe, Sam. I want to help you.\n");
    }

    @Test
    void highRssOverUsedIsReportedAsHighTotalRss() {
        String report = MemoryCommands.doctor(figures(50 << 20, 50 << 20, 100 << 20));
        assertThat(report).contains(" * High total RSS: ").doesNotContain("Peak memory");
    }

    @Test
    void settledDictBucketsArePowersOfTwoFromFour() {
        assertThat(MemoryCommands.buckets(0)).isZero();
        assertThat(MemoryCommands.buckets(1)).isEqualTo(4);
        assertThat(MemoryCommands.buckets(4)).isEqualTo(4);
        assertThat(MemoryCommands.buckets(5)).isEqualTo(8);
        assertThat(MemoryCommands.buckets(8)).isEqualTo(8);
        assertThat(MemoryCommands.buckets(9)).isEqualTo(16);
    }
}
