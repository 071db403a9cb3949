package dev.rcsim.keyspace;

import java.nio.charset.StandardCharsets;

/**
 * A Redis stream entry ID ({@code <ms>-<seq>}): two unsigned 64-bit numbers held in Java longs and
 * compared unsigned, as Redis's streamID. Immutable.
 */
public final class StreamID implements Comparable<StreamID> {
    public static final StreamID MIN = new StreamID(0, 0);
    public static final StreamID MAX = new StreamID(-1L, -1L);

    public final long ms;
    public final long seq;

    public StreamID(long ms, long seq) {
        this.ms = ms;
        this.seq = seq;
    }

    @Override
    public int compareTo(StreamID o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    /** The next ID (streamIncrID); null past the maximum. */
    public StreamID next() {
        if (seq == -1L) {
            return ms == -1L ? null : new StreamID(ms + 1, 0);
        }
        return new StreamID(ms, seq + 1);
    }

    /** The previous ID (streamDecrID); null before 0-0. */
    public StreamID prev() {
        if (seq == 0) {
            return ms == 0 ? null : new StreamID(ms - 1, -1L);
        }
        return new StreamID(ms, seq - 1);
    }

    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamID s && s.ms == ms && s.seq == seq;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ms) * 31 + Long.hashCode(seq);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }
}
