package dev.rcsim.keyspace;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A Redis list: a deque of binary-safe elements on a circular array, so that pushes and pops at both
 * ends and access by index are O(1) (Redis's quicklist walks nodes for LINDEX; only the cost differs).
 * Redis 7.0 always reports the {@code quicklist} encoding for lists, whatever their size (the
 * {@code listpack} list encoding arrived in 7.2).
 */
public final class ListValue implements RedisValue, Dumpable {
    private byte[][] items;
    private int head;
    private int size;

    public ListValue() {
        items = new byte[8][];
    }

    private ListValue(byte[][] items, int size) {
        this.items = items;
        this.size = size;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private int slot(int index) {
        int i = head + index;
        return i >= items.length ? i - items.length : i;
    }

    private void grow() {
        if (size < items.length) {
            return;
        }
        byte[][] n = new byte[items.length * 2][];
        for (int i = 0; i < size; i++) {
            n[i] = items[slot(i)];
        }
        items = n;
        head = 0;
    }

    public void addFirst(byte[] v) {
        grow();
        head = head == 0 ? items.length - 1 : head - 1;
        items[head] = v;
        size++;
    }

    public void addLast(byte[] v) {
        grow();
        items[slot(size)] = v;
        size++;
    }

    /** Removes and returns the head; null when empty. */
    public byte[] pollFirst() {
        if (size == 0) {
            return null;
        }
        byte[] v = items[head];
        items[head] = null;
        head = slot(1);
        size--;
        return v;
    }

    /** Removes and returns the tail; null when empty. */
    public byte[] pollLast() {
        if (size == 0) {
            return null;
        }
        int s = slot(size - 1);
        byte[] v = items[s];
        items[s] = null;
        size--;
        return v;
    }

    /** Element at a 0-based index from the head; the index must be in range. */
    public byte[] get(int index) {
        return items[slot(index)];
    }

    public void set(int index, byte[] v) {
        items[slot(index)] = v;
    }

    /** Inserts before position {@code index} (0..size). */
    public void insert(int index, byte[] v) {
        if (index == 0) {
            addFirst(v);
            return;
        }
        addLast(null);
        for (int i = size - 1; i > index; i--) {
            items[slot(i)] = items[slot(i - 1)];
        }
        items[slot(index)] = v;
    }

    /** Removes the element at {@code index}. */
    public void remove(int index) {
        for (int i = index; i < size - 1; i++) {
            items[slot(i)] = items[slot(i + 1)];
        }
        items[slot(size - 1)] = null;
        size--;
    }

    /** Keeps only the elements in [start, end] (inclusive, valid indexes); empties the list when start > end. */
    public void trim(int start, int end) {
        if (start > end) {
            Arrays.fill(items, null);
            head = 0;
            size = 0;
            return;
        }
        byte[][] n = new byte[Math.max(8, end - start + 1)][];
        for (int i = start; i <= end; i++) {
            n[i - start] = items[slot(i)];
        }
        items = n;
        head = 0;
        size = end - start + 1;
    }

    @Override
    public String type() {
        return "list";
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public RedisValue copy() {
        byte[][] n = new byte[Math.max(8, size)][];
        for (int i = 0; i < size; i++) {
            n[i] = items[slot(i)].clone();
        }
        return new ListValue(n, size);
    }

    static {
        DumpFormat.register(DumpFormat.LIST, ListValue::read);
    }

    @Override
    public int dumpType() {
        return DumpFormat.LIST;
    }

    /** Body: element count, then each element as length and bytes, head first. */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            writeBytes(out, get(i));
        }
    }

    private static ListValue read(DataInput in) throws IOException {
        int n = in.readInt();
        if (n <= 0) {
            throw new IOException("bad list size " + n);
        }
        ListValue l = new ListValue();
        for (int i = 0; i < n; i++) {
            l.addLast(readBytes(in));
        }
        return l;
    }

    static void writeBytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] readBytes(DataInput in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > 512 * 1024 * 1024) {
            throw new IOException("bad length " + len);
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }
}
