package dev.rcsim;

/**
 * A run of hash slots {@code start..end} (both included), as CLUSTER NODES and CLUSTER SHARDS print the
 * slots a master serves ({@code 0-5460}; a single slot prints as {@code 42}). Redis keeps a node's
 * slots as a bitmap; this is only how a {@link SimNode} reports them.
 */
public record SlotRange(int start, int end) {
    /** Validates {@code 0 <= start <= end <= 16383}. */
    public SlotRange {
        if (start < 0 || end < start || end >= RedisClusterSimulator.SLOTS) {
            throw new IllegalArgumentException("not a slot range: " + start + "-" + end);
        }
    }

    /** The number of slots in the run. */
    public int size() {
        return end - start + 1;
    }

    /** Whether {@code slot} is in the run. */
    public boolean contains(int slot) {
        return slot >= start && slot <= end;
    }

    @Override
    public String toString() {
        return start == end ? String.valueOf(start) : start + "-" + end;
    }
}
