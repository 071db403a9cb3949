package dev.rcsim.cluster;

import dev.rcsim.keyspace.HashSlots;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs of consecutive slots, as CLUSTER NODES ({@code 0-5460}), CLUSTER SLOTS and CLUSTER SHARDS
 * group them, and the {@code redis-cli --cluster create} split of 16384 slots over M masters.
 */
public final class SlotRanges {
    private SlotRanges() {}

    /** An inclusive run of slots. */
    public record Range(int start, int end) {
        public int size() {
            return end - start + 1;
        }

        @Override
        public String toString() {
            return start == end ? String.valueOf(start) : start + "-" + end;
        }
    }

    /** The ascending runs of the slots that {@code owner} owns in {@code slots}. */
    public static List<Range> of(ClusterNode[] slots, ClusterNode owner) {
        List<Range> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= slots.length; i++) {
            boolean mine = i < slots.length && slots[i] == owner;
            if (mine && start < 0) {
                start = i;
            } else if (!mine && start >= 0) {
                out.add(new Range(start, i - 1));
                start = -1;
            }
        }
        return out;
    }

    /**
     * redis-cli's split for {@code masters} masters: step = 16384 / masters (a float); master i ends at
     * round(cursor + step - 1), the last at 16383. Three masters give 0-5460, 5461-10922, 10923-16383.
     */
    public static List<Range> split(int masters) {
        List<Range> out = new ArrayList<>(masters);
        float step = HashSlots.SLOTS / (float) masters;
        float cursor = 0f;
        int first = 0;
        for (int i = 0; i < masters; i++) {
            int last = Math.round(cursor + step - 1f);
            if (last > HashSlots.SLOTS || i == masters - 1) {
                last = HashSlots.SLOTS - 1;
            }
            if (last < first) {
                last = first;
            }
            out.add(new Range(first, last));
            first = last + 1;
            cursor += step;
        }
        return out;
    }

    /** Slot count of a list of ranges. */
    public static int count(List<Range> ranges) {
        int n = 0;
        for (Range r : ranges) {
            n += r.size();
        }
        return n;
    }
}
