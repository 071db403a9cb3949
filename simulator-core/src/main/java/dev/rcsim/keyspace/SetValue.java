package dev.rcsim.keyspace;

import dev.rcsim.protocol.Numbers;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A Redis set. While every member is an integer (string2ll) and there are at most
 * {@code set-max-intset-entries} of them it is an intset: a sorted array of longs, so members reply
 * in ascending numeric order as in Redis. Otherwise it is a hashtable for good; members then reply
 * in insertion order here, where Redis replies in dict order.
 */
public final class SetValue implements RedisValue, Dumpable {
    private long[] ints = new long[4];
    private int intCount;
    private LinkedHashSet<Bytes> table;

    public SetValue() {}

    public int size() {
        return table != null ? table.size() : intCount;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** intset bytes: 8-byte header plus one 2, 4 or 8-byte slot per member, the width set by the extreme values. */
    long intsetBytes() {
        if (intCount == 0) {
            return 8;
        }
        long lo = ints[0];
        long hi = ints[intCount - 1];
        int width = lo >= Short.MIN_VALUE && hi <= Short.MAX_VALUE ? 2 : lo >= Integer.MIN_VALUE && hi <= Integer.MAX_VALUE ? 4 : 8;
        return 8 + (long) width * intCount;
    }

    /** The hashtable's members in iteration order (null for an intset): what MEMORY USAGE samples. */
    Iterable<Bytes> table() {
        return table;
    }

    public boolean isIntset() {
        return table == null;
    }

    public boolean contains(Bytes member) {
        if (table != null) {
            return table.contains(member);
        }
        byte[] b = member.bytes();
        if (b.length > 20 || !Numbers.isLong(b)) {
            return false;
        }
        return Arrays.binarySearch(ints, 0, intCount, Numbers.parseLong(b)) >= 0;
    }

    /** Adds a member; true if new. {@code maxIntset} is set-max-intset-entries. */
    public boolean add(Bytes member, long maxIntset) {
        if (table == null) {
            byte[] b = member.bytes();
            if (b.length <= 20 && Numbers.isLong(b)) {
                long v = Numbers.parseLong(b);
                int i = Arrays.binarySearch(ints, 0, intCount, v);
                if (i >= 0) {
                    return false;
                }
                int at = -i - 1;
                if (intCount == ints.length) {
                    ints = Arrays.copyOf(ints, ints.length * 2);
                }
                System.arraycopy(ints, at, ints, at + 1, intCount - at);
                ints[at] = v;
                intCount++;
                if (intCount > maxIntset) {
                    toTable();
                }
                return true;
            }
            toTable();
        }
        return table.add(member);
    }

    public boolean remove(Bytes member) {
        if (table != null) {
            return table.remove(member);
        }
        byte[] b = member.bytes();
        if (b.length > 20 || !Numbers.isLong(b)) {
            return false;
        }
        int i = Arrays.binarySearch(ints, 0, intCount, Numbers.parseLong(b));
        if (i < 0) {
            return false;
        }
        System.arraycopy(ints, i + 1, ints, i, intCount - i - 1);
        intCount--;
        return true;
    }

    private void toTable() {
        LinkedHashSet<Bytes> t = new LinkedHashSet<>();
        for (int i = 0; i < intCount; i++) {
            t.add(Bytes.of(Numbers.toBytes(ints[i])));
        }
        table = t;
        ints = null;
        intCount = 0;
    }

    /** Members in reply order (ascending for an intset). A snapshot. */
    public List<Bytes> members() {
        List<Bytes> out = new ArrayList<>(size());
        if (table != null) {
            out.addAll(table);
        } else {
            for (int i = 0; i < intCount; i++) {
                out.add(Bytes.of(Numbers.toBytes(ints[i])));
            }
        }
        return out;
    }

    /** The member at a position of {@link #members()} order (random picks without a snapshot for intsets). */
    public Bytes memberAt(int index) {
        if (table == null) {
            return Bytes.of(Numbers.toBytes(ints[index]));
        }
        int i = 0;
        for (Bytes b : table) {
            if (i++ == index) {
                return b;
            }
        }
        throw new IndexOutOfBoundsException();
    }

    @Override
    public String type() {
        return "set";
    }

    @Override
    public String encoding() {
        return table == null ? "intset" : "hashtable";
    }

    @Override
    public RedisValue copy() {
        SetValue s = new SetValue();
        if (table != null) {
            s.table = new LinkedHashSet<>(table);
            s.ints = null;
        } else {
            s.ints = Arrays.copyOf(ints, Math.max(4, intCount));
            s.intCount = intCount;
        }
        return s;
    }

    static {
        DumpFormat.register(DumpFormat.SET, SetValue::read);
    }

    @Override
    public int dumpType() {
        return DumpFormat.SET;
    }

    /** Body: intset flag, member count, then the members in reply order. */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(table == null);
        List<Bytes> members = members();
        out.writeInt(members.size());
        for (Bytes m : members) {
            ListValue.writeBytes(out, m.bytes());
        }
    }

    private static SetValue read(DataInput in) throws IOException {
        boolean intset = in.readBoolean();
        int n = in.readInt();
        if (n <= 0) {
            throw new IOException("bad set size " + n);
        }
        SetValue s = new SetValue();
        if (!intset) {
            s.toTable();
        }
        for (int i = 0; i < n; i++) {
            if (!s.add(Bytes.of(ListValue.readBytes(in)), Long.MAX_VALUE)) {
                throw new IOException("duplicate member");
            }
        }
        if (intset != s.isIntset()) {
            throw new IOException("intset flag does not match the members");
        }
        return s;
    }
}
