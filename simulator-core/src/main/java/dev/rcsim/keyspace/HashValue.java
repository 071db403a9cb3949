package dev.rcsim.keyspace;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Redis hash. Fields keep insertion order, which is the order a listpack-encoded hash replies in
 * (an update keeps the field's position, as listpack replaces in place). Encoding is listpack while
 * the hash has at most {@code hash-max-listpack-entries} fields and no field or value longer than
 * {@code hash-max-listpack-value} bytes, then hashtable for good (Redis never converts back). A
 * hashtable-encoded hash still replies in insertion order here, where Redis replies in dict order.
 */
public final class HashValue implements RedisValue, Dumpable {
    private final LinkedHashMap<Bytes, byte[]> map;
    private boolean listpack = true;

    public HashValue() {
        this.map = new LinkedHashMap<>();
    }

    private HashValue(LinkedHashMap<Bytes, byte[]> map, boolean listpack) {
        this.map = map;
        this.listpack = listpack;
    }

    public int size() {
        return map.size();
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    public byte[] get(Bytes field) {
        return map.get(field);
    }

    public boolean contains(Bytes field) {
        return map.containsKey(field);
    }

    /**
     * Sets a field; true if it is new. {@code maxEntries}/{@code maxValue} are the listpack limits
     * (the config) used to decide the conversion to hashtable.
     */
    public boolean put(Bytes field, byte[] value, long maxEntries, long maxValue) {
        if (listpack && (field.length() > maxValue || value.length > maxValue)) {
            listpack = false;
        }
        boolean added = map.put(field, value) == null;
        if (listpack && map.size() > maxEntries) {
            listpack = false;
        }
        return added;
    }

    public boolean remove(Bytes field) {
        return map.remove(field) != null;
    }

    /** Fields and values in reply order. */
    public Iterable<Map.Entry<Bytes, byte[]>> entries() {
        return map.entrySet();
    }

    public Iterator<Map.Entry<Bytes, byte[]>> iterator() {
        return map.entrySet().iterator();
    }

    /** True while Redis would keep this hash as a listpack (replies in one go for HSCAN). */
    public boolean isListpack() {
        return listpack;
    }

    @Override
    public String type() {
        return "hash";
    }

    @Override
    public String encoding() {
        return listpack ? "listpack" : "hashtable";
    }

    @Override
    public RedisValue copy() {
        LinkedHashMap<Bytes, byte[]> m = new LinkedHashMap<>();
        for (Map.Entry<Bytes, byte[]> e : map.entrySet()) {
            m.put(e.getKey(), e.getValue().clone());
        }
        return new HashValue(m, listpack);
    }

    static {
        DumpFormat.register(DumpFormat.HASH, HashValue::read);
    }

    @Override
    public int dumpType() {
        return DumpFormat.HASH;
    }

    /** Body: listpack flag, field count, then field and value pairs in reply order. */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(listpack);
        out.writeInt(map.size());
        for (Map.Entry<Bytes, byte[]> e : map.entrySet()) {
            ListValue.writeBytes(out, e.getKey().bytes());
            ListValue.writeBytes(out, e.getValue());
        }
    }

    private static HashValue read(DataInput in) throws IOException {
        boolean lp = in.readBoolean();
        int n = in.readInt();
        if (n <= 0) {
            throw new IOException("bad hash size " + n);
        }
        LinkedHashMap<Bytes, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Bytes f = Bytes.of(ListValue.readBytes(in));
            if (m.put(f, ListValue.readBytes(in)) != null) {
                throw new IOException("duplicate field");
            }
        }
        return new HashValue(m, lp);
    }
}
