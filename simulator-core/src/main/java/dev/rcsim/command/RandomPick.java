package dev.rcsim.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The count semantics shared by HRANDFIELD, SRANDMEMBER and ZRANDMEMBER: a negative count picks that
 * many elements with repetitions, a count at least the size returns every element in the
 * collection's own order (as Redis does), a smaller positive count picks distinct elements.
 */
public final class RandomPick {
    private RandomPick() {}

    public static <T> List<T> pick(List<T> all, long count, Random random) {
        int size = all.size();
        if (count < 0) {
            long n = -count;
            List<T> out = new ArrayList<>((int) Math.min(n, 1 << 16));
            for (long i = 0; i < n; i++) {
                out.add(all.get(random.nextInt(size)));
            }
            return out;
        }
        if (count >= size) {
            return all;
        }
        List<T> copy = new ArrayList<>(all);
        for (int i = 0; i < count; i++) {
            Collections.swap(copy, i, i + random.nextInt(size - i));
        }
        return copy.subList(0, (int) count);
    }
}
