package dev.rcsim.server;

/**
 * One command's latency histogram, as Redis 7.0 keeps it (server.c updateCommandLatencyHistogram over
 * deps/hdr_histogram): an HdrHistogram of nanoseconds from 1 ns to 1 s with 2 significant digits
 * (256 sub-buckets), each call's duration in whole microseconds times 1000, clamped into that range.
 * The counts array is allocated on the first record, like Redis's lazily created histogram.
 */
public final class LatencyHistogram {
    private static final long MIN = 1;
    private static final long MAX = 1_000_000_000L;
    private static final int SUB_HALF_MAGNITUDE = 7;
    private static final int SUB_HALF = 1 << SUB_HALF_MAGNITUDE;
    private static final int COUNTS_LEN = (23 + 1) * SUB_HALF;

    private long[] counts;
    private long total;

    /** Records one call that took {@code usec} microseconds. */
    public void record(long usec) {
        long v = usec * 1000;
        if (v < MIN) {
            v = MIN;
        } else if (v > MAX) {
            v = MAX;
        }
        if (counts == null) {
            counts = new long[COUNTS_LEN];
        }
        counts[index(v)]++;
        total++;
    }

    public long totalCount() {
        return total;
    }

    private static int bucket(long v) {
        return 63 - Long.numberOfLeadingZeros(v | 255) - SUB_HALF_MAGNITUDE;
    }

    private static int index(long v) {
        int b = bucket(v);
        int sub = (int) (v >>> b);
        return ((b + 1) << SUB_HALF_MAGNITUDE) + (sub - SUB_HALF);
    }

    private static long valueAt(int idx) {
        int b = (idx >> SUB_HALF_MAGNITUDE) - 1;
        int sub = (idx & (SUB_HALF - 1)) + SUB_HALF;
        if (b < 0) {
            sub -= SUB_HALF;
            b = 0;
        }
        return (long) sub << b;
    }

    private static long lowestEquivalent(long v) {
        int b = bucket(v);
        return (v >>> b) << b;
    }

    private static long highestEquivalent(long v) {
        int b = bucket(v);
        return lowestEquivalent(v) + (1L << b) - 1;
    }

    /** hdr_value_at_percentile, in nanoseconds. */
    public long valueAtPercentile(double percentile) {
        double p = Math.min(percentile, 100.0);
        long want = Math.max(1, (long) ((p / 100) * total + 0.5));
        long seen = 0;
        long v = 0;
        if (counts != null) {
            for (int i = 0; i < COUNTS_LEN; i++) {
                seen += counts[i];
                if (seen >= want) {
                    v = valueAt(i);
                    break;
                }
            }
        }
        return percentile == 0.0 ? lowestEquivalent(v) : highestEquivalent(v);
    }

    /**
     * fillCommandCDF's pairs: hdr_iter_log from 1024 ns doubling, each step's bucket ceiling in
     * microseconds and the cumulative count, only where the count grew. Returned flat: us, count, ...
     */
    public long[] cumulativeBuckets() {
        if (counts == null || total == 0) {
            return new long[0];
        }
        long[] out = new long[64];
        int n = 0;
        long cumulative = 0;
        long previous = 0;
        int idx = -1;
        long value = 0;
        long level = 1024;
        while (cumulative < total) {
            boolean end = false;
            while (value < level) { // the log iterator moves on to the first bucket at or above the level
                if (idx + 1 >= COUNTS_LEN) {
                    end = true;
                    break;
                }
                idx++;
                cumulative += counts[idx];
                value = valueAt(idx);
            }
            if (cumulative > previous) {
                out[n++] = highestEquivalent(value) / 1000;
                out[n++] = cumulative;
            }
            previous = cumulative;
            if (end) {
                break;
            }
            level *= 2;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
