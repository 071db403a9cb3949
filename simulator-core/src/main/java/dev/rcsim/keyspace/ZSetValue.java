package dev.rcsim.keyspace;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A Redis sorted set: a member-to-score dictionary plus a {@link ZSkipList} ordered by (score,
 * member) for ranks and ranges in O(log n). Encoding follows Redis 7.0: listpack while it has at most
 * {@code zset-max-listpack-entries} members none longer than {@code zset-max-listpack-value} bytes,
 * else skiplist for good (stores such as ZUNIONSTORE pick the encoding from the result). A listpack
 * keeps scores as text, so a stored -0 reads back as 0 there, as in Redis.
 */
public final class ZSetValue implements RedisValue, Dumpable {
    private final HashMap<Bytes, Double> dict = new HashMap<>();
    private final ZSkipList list = new ZSkipList();
    private boolean listpack = true;

    /** An element as returned by range queries: member and score. */
    public record Entry(Bytes member, double score) {}

    /** A cursor over the ordered elements; {@link #next()} and {@link #prev()} walk in score order. */
    public static final class Cursor {
        private ZSkipList.Node node;

        Cursor(ZSkipList.Node node) {
            this.node = node;
        }

        public boolean valid() {
            return node != null;
        }

        public Bytes member() {
            return node.member;
        }

        public double score() {
            return node.score;
        }

        public void next() {
            node = node.forward[0];
        }

        public void prev() {
            node = node.backward;
        }
    }

    /** The first skiplist node (lowest score); memory estimates walk the first few. */
    ZSkipList.Node firstNode() {
        return list.first();
    }

    public int size() {
        return dict.size();
    }

    public boolean isEmpty() {
        return dict.isEmpty();
    }

    public Double score(Bytes member) {
        return dict.get(member);
    }

    /**
     * Inserts or updates a member's score. {@code maxEntries}/{@code maxValue} are the listpack limits
     * deciding the one-way conversion to skiplist.
     */
    public void put(Bytes member, double score, long maxEntries, long maxValue) {
        if (listpack && member.length() > maxValue) {
            listpack = false;
        }
        if (listpack && score == 0) {
            score = 0.0; // a listpack stores "0" for -0
        }
        Double old = dict.put(member, score);
        if (old != null) {
            if (old == score && (1 / old > 0) == (1 / score > 0)) {
                return;
            }
            list.delete(old, member);
        }
        list.insert(score, member);
        if (listpack && dict.size() > maxEntries) {
            listpack = false;
        }
    }

    public boolean remove(Bytes member) {
        Double old = dict.remove(member);
        if (old == null) {
            return false;
        }
        list.delete(old, member);
        return true;
    }

    /** 0-based rank in ascending order, or -1. */
    public long rank(Bytes member) {
        Double s = dict.get(member);
        return s == null ? -1 : list.rank(s, member);
    }

    /** A cursor on the element of the given 0-based ascending rank (invalid when out of range). */
    public Cursor at(long rank) {
        return new Cursor(list.at(rank));
    }

    /** Number of elements whose score is below {@code min} (or at most {@code min} when {@code exclusive}). */
    public long countBelowScore(double min, boolean exclusive) {
        return exclusive ? list.countWhile(n -> n.score <= min) : list.countWhile(n -> n.score < min);
    }

    /** Number of elements whose score is at most {@code max} (below it when {@code exclusive}). */
    public long countUpToScore(double max, boolean exclusive) {
        return exclusive ? list.countWhile(n -> n.score < max) : list.countWhile(n -> n.score <= max);
    }

    /** Number of leading elements whose member sorts before the bound (or at it when {@code orEqual}). */
    public long countBelowMember(Bytes bound, boolean orEqual) {
        return orEqual ? list.countWhile(n -> n.member.compareTo(bound) <= 0)
                : list.countWhile(n -> n.member.compareTo(bound) < 0);
    }

    /** Members and scores in arbitrary (dictionary) order. */
    public Iterable<Map.Entry<Bytes, Double>> dictEntries() {
        return dict.entrySet();
    }

    public boolean isListpack() {
        return listpack;
    }

    /**
     * Redis's zsetConvertToListpackIfNeeded for stores: a result that fits the listpack limits gets
     * the listpack encoding, else skiplist.
     */
    public void chooseEncoding(long maxEntries, long maxValue) {
        boolean fits = dict.size() <= maxEntries;
        if (fits) {
            for (Bytes m : dict.keySet()) {
                if (m.length() > maxValue) {
                    fits = false;
                    break;
                }
            }
        }
        listpack = fits;
        if (fits) {
            for (Map.Entry<Bytes, Double> e : dict.entrySet()) {
                if (e.getValue() == 0 && 1 / e.getValue() < 0) {
                    list.delete(e.getValue(), e.getKey());
                    e.setValue(0.0);
                    list.insert(0.0, e.getKey());
                }
            }
        }
    }

    /** Marks a new zset as skiplist from the start (Redis creates one for large size or value hints). */
    public void forceSkiplist() {
        listpack = false;
    }

    @Override
    public String type() {
        return "zset";
    }

    @Override
    public String encoding() {
        return listpack ? "listpack" : "skiplist";
    }

    @Override
    public RedisValue copy() {
        ZSetValue z = new ZSetValue();
        z.listpack = listpack;
        for (Map.Entry<Bytes, Double> e : dict.entrySet()) {
            z.dict.put(e.getKey(), e.getValue());
            z.list.insert(e.getValue(), e.getKey());
        }
        return z;
    }

    static {
        DumpFormat.register(DumpFormat.ZSET, ZSetValue::read);
    }

    @Override
    public int dumpType() {
        return DumpFormat.ZSET;
    }

    /** Body: listpack flag, member count, then member and score (IEEE bits) in ascending order. */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(listpack);
        out.writeInt(dict.size());
        for (Cursor cur = at(0); cur.valid(); cur.next()) {
            ListValue.writeBytes(out, cur.member().bytes());
            out.writeLong(Double.doubleToRawLongBits(cur.score()));
        }
    }

    private static ZSetValue read(DataInput in) throws IOException {
        boolean lp = in.readBoolean();
        int n = in.readInt();
        if (n <= 0) {
            throw new IOException("bad zset size " + n);
        }
        ZSetValue z = new ZSetValue();
        z.listpack = lp;
        for (int i = 0; i < n; i++) {
            Bytes m = Bytes.of(ListValue.readBytes(in));
            double score = Double.longBitsToDouble(in.readLong());
            if (Double.isNaN(score) || z.dict.put(m, score) != null) {
                throw new IOException("bad zset element");
            }
            z.list.insert(score, m);
        }
        return z;
    }
}
