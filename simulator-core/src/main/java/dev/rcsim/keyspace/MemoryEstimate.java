package dev.rcsim.keyspace;

import java.util.Iterator;
import java.util.Map;

/**
 * What a value would take in a Redis 7.0 process: Redis's {@code objectComputeSize} (MEMORY USAGE)
 * applied to the encoding Redis would pick (int / embstr / raw strings, quicklist of 8 KB listpacks,
 * intset, listpack, hashtable, skiplist, stream listpacks and rax), with robj, sds header, dict and
 * dictEntry overheads and jemalloc's size classes. Like Redis it averages a few sampled elements of a
 * large aggregate, so the cost is O(samples), not O(size); listpacks, intsets and strings are exact.
 * Differences: list samples are spread over the list (Redis averages the first quicklist nodes), and
 * hashtable samples follow this JVM's iteration order; figures agree with Redis within a few percent
 * for uniform data (see {@code MemoryUsageDifferentialTest}).
 */
public final class MemoryEstimate {
    static final int ROBJ = 16;
    static final int DICT = 56;
    static final int DICT_ENTRY = 24;
    /** clusterDictEntryMetadata: the slot's prev/next pointers each key carries in cluster mode. */
    static final int CLUSTER_ENTRY_METADATA = 16;
    static final int QUICKLIST = 40;
    static final int QUICKLIST_NODE = 32;
    static final int ZSET = 16;
    static final int ZSKIPLIST = 32;
    static final int STREAM = 96;
    /** quicklist fill -2 (list-max-listpack-size default): a node's listpack stays within 8 KB. */
    static final int QUICKLIST_NODE_BYTES = 8192;
    /** MEMORY USAGE's default SAMPLES (OBJ_COMPUTE_SIZE_DEF_SAMPLES). */
    public static final int DEFAULT_SAMPLES = 5;
    private static final int LISTPACK_OVERHEAD = 7; // 6-byte header + end byte

    private MemoryEstimate() {}

    /** MEMORY USAGE: the value, the key's sds and its dictEntry (with the slot metadata in cluster mode). */
    public static long usage(Bytes key, RedisValue v, int samples, boolean cluster) {
        return ofValue(v, samples) + sds(key.length()) + DICT_ENTRY + (cluster ? CLUSTER_ENTRY_METADATA : 0);
    }

    /** What one key adds to used_memory: as MEMORY USAGE, with the dictEntry as jemalloc allocates it. */
    static long keyBytes(Bytes key, RedisValue v, boolean cluster) {
        return ofValue(v, DEFAULT_SAMPLES) + sds(key.length()) + malloc(DICT_ENTRY + (cluster ? CLUSTER_ENTRY_METADATA : 0));
    }

    /** objectComputeSize; {@code samples} <= 0 means every element (MEMORY USAGE ... SAMPLES 0). */
    public static long ofValue(RedisValue v, int samples) {
        int n = samples <= 0 ? Integer.MAX_VALUE : samples;
        if (v instanceof StringValue s) {
            return string(s);
        } else if (v instanceof ListValue l) {
            return list(l, n);
        } else if (v instanceof SetValue s) {
            return set(s, n);
        } else if (v instanceof HashValue h) {
            return hash(h, n);
        } else if (v instanceof ZSetValue z) {
            return zset(z, n);
        } else if (v instanceof StreamValue s) {
            return stream(s);
        }
        return ROBJ;
    }

    private static long string(StringValue s) {
        int len = s.bytes().length;
        return switch (s.encoding()) {
            case "int" -> ROBJ;
            case "embstr" -> malloc(ROBJ + 3 + len + 1);
            default -> ROBJ + sds(len);
        };
    }

    /** A quicklist: nodes of listpacks filled up to 8 KB each; the average entry is sampled across the list. */
    private static long list(ListValue l, int samples) {
        int size = l.size();
        long asize = ROBJ + QUICKLIST;
        if (size == 0) {
            return asize + QUICKLIST_NODE + malloc(LISTPACK_OVERHEAD);
        }
        int m = (int) Math.min(size, samples == Integer.MAX_VALUE ? size : (long) samples * 8);
        long sum = 0;
        for (int i = 0; i < m; i++) {
            sum += StreamValue.strSize(l.get((int) ((long) i * size / m)));
        }
        double avg = (double) sum / m;
        long perNode = Math.max(1, (long) ((QUICKLIST_NODE_BYTES - LISTPACK_OVERHEAD) / avg));
        long full = size / perNode;
        long rest = size % perNode;
        asize += full * (QUICKLIST_NODE + malloc(LISTPACK_OVERHEAD + (long) (perNode * avg)));
        if (rest > 0) {
            asize += QUICKLIST_NODE + malloc(LISTPACK_OVERHEAD + (long) Math.ceil(rest * avg));
        }
        return asize;
    }

    private static long set(SetValue s, int samples) {
        if (s.isIntset()) {
            return ROBJ + malloc(s.intsetBytes());
        }
        long asize = ROBJ + DICT + buckets(s.size());
        long ele = 0;
        int seen = 0;
        for (Iterator<Bytes> it = s.table().iterator(); it.hasNext() && seen < samples; seen++) {
            ele += DICT_ENTRY + sds(it.next().length());
        }
        return seen == 0 ? asize : asize + (long) ((double) ele / seen * s.size());
    }

    private static long hash(HashValue h, int samples) {
        if (h.isListpack()) {
            long bytes = LISTPACK_OVERHEAD;
            for (Map.Entry<Bytes, byte[]> e : h.entries()) {
                bytes += StreamValue.strSize(e.getKey().bytes()) + StreamValue.strSize(e.getValue());
            }
            return ROBJ + malloc(bytes);
        }
        long asize = ROBJ + DICT + buckets(h.size());
        long ele = 0;
        int seen = 0;
        for (Iterator<Map.Entry<Bytes, byte[]>> it = h.iterator(); it.hasNext() && seen < samples; seen++) {
            Map.Entry<Bytes, byte[]> e = it.next();
            ele += DICT_ENTRY + sds(e.getKey().length()) + sds(e.getValue().length);
        }
        return seen == 0 ? asize : asize + (long) ((double) ele / seen * h.size());
    }

    private static long zset(ZSetValue z, int samples) {
        if (z.isListpack()) {
            long bytes = LISTPACK_OVERHEAD;
            for (ZSkipList.Node n = z.firstNode(); n != null; n = n.forward[0]) {
                bytes += StreamValue.strSize(n.member.bytes()) + scoreSize(n.score);
            }
            return ROBJ + malloc(bytes);
        }
        long asize = ROBJ + ZSET + ZSKIPLIST + DICT + buckets(z.size())
                + malloc(24 + 16L * ZSkipList.MAX_LEVEL);
        long ele = 0;
        int seen = 0;
        for (ZSkipList.Node n = z.firstNode(); n != null && seen < samples; n = n.forward[0], seen++) {
            ele += sds(n.member.length()) + DICT_ENTRY + malloc(24 + 16L * n.forward.length);
        }
        return seen == 0 ? asize : asize + (long) ((double) ele / seen * z.size());
    }

    /** A score in a listpack: an integer entry when integral, else its %.17g text. */
    private static long scoreSize(double score) {
        if (score == Math.rint(score) && Math.abs(score) < 1e15) {
            return StreamValue.intSize((long) score);
        }
        int len = Math.min(24, Double.toString(score).length() + 2);
        return 1 + len + 1;
    }

    /**
     * A stream: its listpack nodes (full nodes at their size, the tail preallocated to 4 KB as
     * streamAppendItem does), the rax (streamRadixTreeMemoryUsage), and the groups' PEL entries.
     */
    private static long stream(StreamValue s) {
        long asize = ROBJ + STREAM;
        int nodes = 0;
        StreamValue.Node last = null;
        for (StreamValue.Node n : s.nodes()) {
            if (last != null) {
                asize += malloc(last.bytes);
            }
            last = n;
            nodes++;
        }
        if (last != null) {
            asize += malloc(Math.max(last.bytes, 4096));
        }
        asize += rax(nodes);
        for (StreamGroup g : s.groups.values()) {
            asize += 64 + rax(g.pel.size()) + 32L * g.pel.size();
            for (StreamGroup.Consumer c : g.consumers.values()) {
                asize += 48 + c.name.length() + rax(c.pel.size());
            }
        }
        return asize;
    }

    /** streamRadixTreeMemoryUsage: 16 bytes per element, a raxNode plus 30 pointers per node (about one per element). */
    private static long rax(long elements) {
        return elements * 16 + Math.max(1, elements) * (4 + 8 * 30) / 2;
    }

    /** sdsZmallocSize of an sds of {@code len} bytes made by sdsnewlen (type 5, 8, 16, 32 or 64 header). */
    static long sds(long len) {
        int header = len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : len < (1L << 32) ? 9 : 17;
        return malloc(header + len + 1);
    }

    /** The bucket array of a dict holding {@code used} entries: a power of two of at least 4 pointers. */
    static long buckets(long used) {
        if (used == 0) {
            return 0;
        }
        long size = Math.max(4, Long.highestOneBit(used - 1) << 1);
        return size * 8;
    }

    /** jemalloc's size class for a request of {@code n} bytes (8, 16, 32, 48... then four classes per doubling). */
    static long malloc(long n) {
        if (n <= 8) {
            return 8;
        }
        if (n <= 128) {
            return (n + 15) & ~15L;
        }
        long step = Long.highestOneBit(n - 1) >> 2;
        return (n + step - 1) / step * step;
    }
}
