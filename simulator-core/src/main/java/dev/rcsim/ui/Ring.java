package dev.rcsim.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} items of a stream, each numbered from 0 in arrival order, so a reader asks
 * for what came since the number it saw last. Thread-safe; writers hold the lock for one array store.
 */
final class Ring<T> {
    /** One item with its number. */
    record Numbered<T>(long seq, T item) {}

    private final Object[] items;
    private long next;

    Ring(int capacity) {
        this.items = new Object[capacity];
    }

    synchronized void add(T item) {
        items[(int) (next % items.length)] = item;
        next++;
    }

    /** The number the next item will get. */
    synchronized long next() {
        return next;
    }

    /** Items numbered {@code from} on, at most the {@code max} newest still held, oldest first. */
    @SuppressWarnings("unchecked")
    synchronized List<Numbered<T>> since(long from, int max) {
        long start = Math.max(0, Math.max(Math.max(from, next - items.length), next - max));
        List<Numbered<T>> out = new ArrayList<>((int) (next - start));
        for (long s = start; s < next; s++) {
            out.add(new Numbered<>(s, (T) items[(int) (s % items.length)]));
        }
        return out;
    }
}
