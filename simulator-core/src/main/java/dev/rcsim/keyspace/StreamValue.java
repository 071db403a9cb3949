package dev.rcsim.keyspace;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A Redis stream (t_stream.c). Entries are kept in an ID-ordered map, and the radix tree of listpack
 * nodes Redis stores them in is modelled alongside: which node each entry went to, each node's
 * master ID and master fields, its listpack size in bytes (computed with listpack's encoding rules),
 * and its live and deleted counts. That is what makes {@code ~} trimming (whole nodes only), the
 * node split on {@code stream-node-max-entries}/{@code stream-node-max-bytes}, and XDEL's node removal
 * give Redis's results. Also holds the stream's metadata (last ID, entries-added, max-deleted-entry-id)
 * and its consumer groups, sorted by name like Redis's rax.
 */
public final class StreamValue implements RedisValue, Dumpable {
    /** One radix-tree node: a listpack whose first ("master") entry fixed its master ID and fields. */
    static final class Node {
        final StreamID master;
        final byte[][] masterFields;
        long bytes;
        int live;
        int deleted;
        StreamID last;

        Node(StreamID master, byte[][] masterFields) {
            this.master = master;
            this.masterFields = masterFields;
        }
    }

    /** One entry: field/value pairs flattened, and the node holding it. */
    static final class Entry {
        final byte[][] fields;
        final Node node;

        Entry(byte[][] fields, Node node) {
            this.fields = fields;
            this.node = node;
        }
    }

    private final TreeMap<StreamID, Entry> entries = new TreeMap<>();
    private final TreeMap<StreamID, Node> nodes = new TreeMap<>();
    public StreamID lastId = StreamID.MIN;
    public StreamID maxDeletedId = StreamID.MIN;
    public long entriesAdded;
    public final TreeMap<Bytes, StreamGroup> groups = new TreeMap<>();

    /** The radix tree's listpack nodes, oldest first (memory estimates add their sizes). */
    Iterable<Node> nodes() {
        return nodes.values();
    }

    public long length() {
        return entries.size();
    }

    /** first_id: the first live entry, or 0-0 when empty. */
    public StreamID firstId() {
        return entries.isEmpty() ? StreamID.MIN : entries.firstKey();
    }

    /** The number of radix-tree nodes (listpacks). */
    public int nodeCount() {
        return nodes.size();
    }

    /** The node keys (master IDs), for XINFO's radix-tree figures. */
    public Iterable<StreamID> nodeKeys() {
        return nodes.keySet();
    }

    public byte[][] get(StreamID id) {
        Entry e = entries.get(id);
        return e == null ? null : e.fields;
    }

    /** Entries in [from, to] (inclusive), ascending or descending; a live view. */
    public NavigableMap<StreamID, Entry> range(StreamID from, StreamID to, boolean rev) {
        if (from.compareTo(to) > 0) {
            return new TreeMap<>();
        }
        NavigableMap<StreamID, Entry> m = entries.subMap(from, true, to, true);
        return rev ? m.descendingMap() : m;
    }

    public static byte[][] fieldsOf(Entry e) {
        return e.fields;
    }

    public Map.Entry<StreamID, Entry> firstEntry() {
        return entries.firstEntry();
    }

    public Map.Entry<StreamID, Entry> lastEntry() {
        return entries.lastEntry();
    }

    // ------------------------------------------------------------------ append / delete / trim

    /**
     * streamAppendItem: adds the entry (the ID must be greater than lastId), in the tail node or a new
     * one when the tail has {@code maxEntries} entries (live and deleted) or would reach
     * {@code maxBytes}.
     */
    public void append(StreamID id, byte[][] fv, long maxBytes, long maxEntries) {
        Node tail = nodes.isEmpty() ? null : nodes.lastEntry().getValue();
        long totelelen = 0;
        for (byte[] b : fv) {
            totelelen += b.length;
        }
        boolean newNode = tail == null;
        if (tail != null) {
            long nodeMax = maxBytes == 0 || maxBytes > (1L << 30) ? (1L << 30) : maxBytes;
            if (tail.bytes + totelelen >= nodeMax) {
                newNode = true;
            } else if (maxEntries > 0 && tail.live + tail.deleted >= maxEntries) {
                newNode = true;
            }
        }
        int numFields = fv.length / 2;
        if (newNode) {
            byte[][] mf = new byte[numFields][];
            for (int i = 0; i < numFields; i++) {
                mf[i] = fv[2 * i];
            }
            tail = new Node(id, mf);
            tail.live = 1;
            tail.bytes = 6 + 1 + intSize(1) + intSize(0) + intSize(numFields) + intSize(0);
            for (byte[] f : mf) {
                tail.bytes += strSize(f);
            }
            nodes.put(id, tail);
        } else {
            tail.bytes += intSize(tail.live + 1) - intSize(tail.live);
            tail.live++;
        }
        boolean same = tail.masterFields.length == numFields;
        for (int i = 0; same && i < numFields; i++) {
            same = Arrays.equals(tail.masterFields[i], fv[2 * i]);
        }
        long b = intSize(same ? 2 : 0) + intSize(id.ms - tail.master.ms) + intSize(id.seq - tail.master.seq);
        if (same) {
            for (int i = 0; i < numFields; i++) {
                b += strSize(fv[2 * i + 1]);
            }
            b += intSize(numFields + 3);
        } else {
            b += intSize(numFields);
            for (byte[] x : fv) {
                b += strSize(x);
            }
            b += intSize(numFields * 2L + 4);
        }
        tail.bytes += b;
        tail.last = id;
        entries.put(id, new Entry(fv, tail));
        lastId = id;
        entriesAdded++;
    }

    /** streamDeleteItem: marks the entry deleted; a node left with no live entry goes away. */
    public boolean delete(StreamID id) {
        Entry e = entries.remove(id);
        if (e == null) {
            return false;
        }
        markDeleted(e.node, 1);
        return true;
    }

    private void markDeleted(Node n, int count) {
        long before = intSize(n.live) + intSize(n.deleted);
        n.live -= count;
        n.deleted += count;
        n.bytes += intSize(n.live) + intSize(n.deleted) - before;
        if (n.live == 0) {
            nodes.remove(n.master);
        }
    }

    /**
     * streamTrim: MAXLEN ({@code minId} null) or MINID. With {@code approx} only whole nodes go; a
     * {@code limit} above 0 caps the entries removed (whole nodes only). Returns the number removed.
     */
    public long trim(long maxLen, StreamID minId, boolean approx, long limit) {
        long deleted = 0;
        while (!nodes.isEmpty()) {
            if (minId == null && length() <= maxLen) {
                break;
            }
            Node n = nodes.firstEntry().getValue();
            if (limit > 0 && deleted + n.live > limit) {
                break;
            }
            boolean removeNode = minId == null ? length() - n.live >= maxLen : n.last.compareTo(minId) < 0;
            if (removeNode) {
                nodes.remove(n.master);
                int c = n.live;
                entries.subMap(n.master, true, n.last, true).clear();
                deleted += c;
                continue;
            }
            if (approx) {
                break;
            }
            int fromLp = 0;
            var it = entries.subMap(n.master, true, n.last, true).entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                boolean stop = minId == null ? length() <= maxLen : e.getKey().compareTo(minId) >= 0;
                if (stop) {
                    break;
                }
                it.remove();
                fromLp++;
            }
            deleted += fromLp;
            if (fromLp > 0) {
                long before = intSize(n.live) + intSize(n.deleted);
                n.live -= fromLp;
                n.deleted += fromLp;
                n.bytes += intSize(n.live) + intSize(n.deleted) - before;
            }
            break;
        }
        return deleted;
    }

    // ------------------------------------------------------------------ listpack sizes

    /** Bytes of a listpack integer element, backlen included. */
    static long intSize(long v) {
        int enc;
        if (v >= 0 && v <= 127) {
            enc = 1;
        } else if (v >= -4096 && v <= 4095) {
            enc = 2;
        } else if (v >= -32768 && v <= 32767) {
            enc = 3;
        } else if (v >= -8388608 && v <= 8388607) {
            enc = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            enc = 5;
        } else {
            enc = 9;
        }
        return enc + backlen(enc);
    }

    /** Bytes of a listpack string element (integers-looking strings are stored as integers). */
    static long strSize(byte[] s) {
        if (s.length > 0 && s.length <= 20 && dev.rcsim.protocol.Numbers.isLong(s)) {
            return intSize(dev.rcsim.protocol.Numbers.parseLong(s));
        }
        long enc = s.length < 64 ? 1 + s.length : s.length < 4096 ? 2 + s.length : 5 + s.length;
        return enc + backlen(enc);
    }

    private static int backlen(long l) {
        if (l <= 127) {
            return 1;
        } else if (l < 16383) {
            return 2;
        } else if (l < 2097151) {
            return 3;
        } else if (l < 268435455) {
            return 4;
        }
        return 5;
    }

    // ------------------------------------------------------------------ RedisValue

    @Override
    public String type() {
        return "stream";
    }

    @Override
    public String encoding() {
        return "stream";
    }

    @Override
    public RedisValue copy() {
        StreamValue s = new StreamValue();
        for (Node n : nodes.values()) {
            Node m = new Node(n.master, n.masterFields);
            m.bytes = n.bytes;
            m.live = n.live;
            m.deleted = n.deleted;
            m.last = n.last;
            s.nodes.put(m.master, m);
        }
        for (var e : entries.entrySet()) {
            s.entries.put(e.getKey(), new Entry(e.getValue().fields, s.nodes.get(e.getValue().node.master)));
        }
        s.lastId = lastId;
        s.maxDeletedId = maxDeletedId;
        s.entriesAdded = entriesAdded;
        for (StreamGroup g : groups.values()) {
            s.groups.put(g.name, g.copy());
        }
        return s;
    }

    // ------------------------------------------------------------------ DUMP

    static {
        DumpFormat.register(DumpFormat.STREAM, StreamValue::read);
    }

    @Override
    public int dumpType() {
        return DumpFormat.STREAM;
    }

    /**
     * Body: metadata, nodes (master ID, master fields, bytes, live, deleted, last), entries (ID, node
     * master, fields), groups (name, last ID, entries-read, consumers, PEL).
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        writeId(out, lastId);
        writeId(out, maxDeletedId);
        out.writeLong(entriesAdded);
        out.writeInt(nodes.size());
        for (Node n : nodes.values()) {
            writeId(out, n.master);
            writeArr(out, n.masterFields);
            out.writeLong(n.bytes);
            out.writeInt(n.live);
            out.writeInt(n.deleted);
            writeId(out, n.last);
        }
        out.writeInt(entries.size());
        for (var e : entries.entrySet()) {
            writeId(out, e.getKey());
            writeId(out, e.getValue().node.master);
            writeArr(out, e.getValue().fields);
        }
        out.writeInt(groups.size());
        for (StreamGroup g : groups.values()) {
            ListValue.writeBytes(out, g.name.bytes());
            writeId(out, g.lastId);
            out.writeLong(g.entriesRead);
            out.writeInt(g.consumers.size());
            for (StreamGroup.Consumer c : g.consumers.values()) {
                ListValue.writeBytes(out, c.name.bytes());
                out.writeLong(c.seenTime);
            }
            out.writeInt(g.pel.size());
            for (var p : g.pel.entrySet()) {
                writeId(out, p.getKey());
                ListValue.writeBytes(out, p.getValue().consumer.name.bytes());
                out.writeLong(p.getValue().deliveryTime);
                out.writeLong(p.getValue().deliveryCount);
            }
        }
    }

    private static StreamValue read(DataInput in) throws IOException {
        StreamValue s = new StreamValue();
        s.lastId = readId(in);
        s.maxDeletedId = readId(in);
        s.entriesAdded = in.readLong();
        int nn = in.readInt();
        for (int i = 0; i < nn; i++) {
            Node n = new Node(readId(in), readArr(in));
            n.bytes = in.readLong();
            n.live = in.readInt();
            n.deleted = in.readInt();
            n.last = readId(in);
            s.nodes.put(n.master, n);
        }
        int ne = in.readInt();
        for (int i = 0; i < ne; i++) {
            StreamID id = readId(in);
            Node n = s.nodes.get(readId(in));
            byte[][] fv = readArr(in);
            if (n == null || fv.length == 0 || fv.length % 2 != 0) {
                throw new IOException("bad stream entry");
            }
            s.entries.put(id, new Entry(fv, n));
        }
        int ng = in.readInt();
        for (int i = 0; i < ng; i++) {
            StreamGroup g = new StreamGroup(Bytes.of(ListValue.readBytes(in)), readId(in), in.readLong());
            int nc = in.readInt();
            for (int j = 0; j < nc; j++) {
                Bytes name = Bytes.of(ListValue.readBytes(in));
                g.consumers.put(name, new StreamGroup.Consumer(name, in.readLong()));
            }
            int np = in.readInt();
            for (int j = 0; j < np; j++) {
                StreamID id = readId(in);
                StreamGroup.Consumer owner = g.consumers.get(Bytes.of(ListValue.readBytes(in)));
                if (owner == null) {
                    throw new IOException("bad PEL owner");
                }
                StreamGroup.Pending p = new StreamGroup.Pending(in.readLong(), in.readLong(), owner);
                g.pel.put(id, p);
                owner.pel.put(id, p);
            }
            s.groups.put(g.name, g);
        }
        return s;
    }

    private static void writeId(DataOutput out, StreamID id) throws IOException {
        out.writeLong(id.ms);
        out.writeLong(id.seq);
    }

    private static StreamID readId(DataInput in) throws IOException {
        return new StreamID(in.readLong(), in.readLong());
    }

    private static void writeArr(DataOutput out, byte[][] a) throws IOException {
        out.writeInt(a.length);
        for (byte[] b : a) {
            ListValue.writeBytes(out, b);
        }
    }

    private static byte[][] readArr(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 24) {
            throw new IOException("bad array size");
        }
        byte[][] a = new byte[n][];
        for (int i = 0; i < n; i++) {
            a[i] = ListValue.readBytes(in);
        }
        return a;
    }
}
