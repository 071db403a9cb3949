package dev.rcsim.command.server;

import dev.rcsim.command.CommandSpec;
import dev.rcsim.keyspace.Keyspace;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.List;

/**
 * MEMORY STATS, MALLOC-STATS, DOCTOR and PURGE as Redis 7.0.15 (object.c getMemoryOverheadData,
 * memoryCommand, getMemoryDoctorReport), fed by the node's own accounting: total.allocated is
 * {@link InfoReport#usedMemory} (the figure INFO memory reports), startup.allocated INFO's
 * used_memory_startup, the per-db hash-table overheads are Redis's formulas over the node's key and
 * expire counts (tables at their settled size: no rehash in progress). Buffers rcsim does not hold
 * (replication backlog, client buffers, AOF, Lua and function caches) count 0, as INFO memory says.
 * MALLOC-STATS answers as a Redis built without jemalloc; PURGE has nothing to purge.
 */
final class MemoryCommands {
    private MemoryCommands() {}

    /** sizeof(dictEntry), sizeof(dictEntry*), sizeof(robj), cluster mode's slot-to-keys metadata per key. */
    private static final long DICT_ENTRY = 24;
    private static final long BUCKET = 8;
    private static final long ROBJ = 16;
    private static final long SLOT_TO_KEYS_META = 16;

    static void register(CommandSpec memory) {
        memory.sub("stats", 2, "", 0, 0, 0).acl("@slow").run((c, a) -> stats(c.node()));
        memory.sub("malloc-stats", 2, "", 0, 0, 0).acl("@slow")
                .run((c, a) -> Replies.bulk("Stats not supported for the current allocator"));
        memory.sub("doctor", 2, "", 0, 0, 0).acl("@slow").run((c, a) -> Replies.verbatim(doctor(c.node())));
        memory.sub("purge", 2, "", 0, 0, 0).acl("@slow").run((c, a) -> Replies.OK);
    }

    /** Redis's struct redisMemOverhead, for one node at one moment. */
    static final class Overhead {
        long totalAllocated;
        long startupAllocated;
        long peakAllocated;
        long replBacklog;
        long clientsSlaves;
        long clientsNormal;
        long clusterLinks;
        long aofBuffer;
        long luaCaches;
        long functionsCaches;
        final List<long[]> dbs = new ArrayList<>(); // {dbid, main, expires, slot-to-keys}
        long overheadTotal;
        long totalKeys;
        long bytesPerKey;
        long dataset;
        float datasetPerc;
        float peakPerc;
        long rss;
        float totalFrag;
        long totalFragBytes;
    }

    /** A dict's bucket count once settled: the power of two at or above its size, at least 4 (0 when empty). */
    static long buckets(long size) {
        if (size == 0) {
            return 0;
        }
        long pow = Long.highestOneBit(size);
        return Math.max(4, pow == size ? size : pow << 1);
    }

    static Overhead overhead(RedisNode node) {
        Overhead mh = new Overhead();
        long used = node.memory().used();
        mh.totalAllocated = used;
        mh.startupAllocated = node.memory().startup();
        mh.peakAllocated = node.memory().peak();
        mh.rss = used;
        mh.totalFrag = (float) mh.rss / used;
        mh.totalFragBytes = mh.rss - used;
        long total = mh.startupAllocated + mh.replBacklog + mh.clientsSlaves + mh.clientsNormal + mh.clusterLinks
                + mh.aofBuffer + mh.luaCaches + mh.functionsCaches;
        boolean cluster = node.config().clusterEnabled();
        for (int j = 0; j < node.dbCount(); j++) {
            Keyspace db = node.db(j);
            long keys = db.size();
            if (keys == 0) {
                continue;
            }
            long expires = db.expiresCount();
            mh.totalKeys += keys;
            long main = keys * DICT_ENTRY + buckets(keys) * BUCKET + keys * ROBJ;
            long exp = expires * DICT_ENTRY + buckets(expires) * BUCKET;
            long slots = cluster ? keys * SLOT_TO_KEYS_META : 0;
            mh.dbs.add(new long[] {j, main, exp, slots});
            total += main + exp + slots;
        }
        mh.overheadTotal = total;
        mh.dataset = used - total;
        mh.peakPerc = (float) used * 100 / mh.peakAllocated;
        long net = used > mh.startupAllocated ? used - mh.startupAllocated : 1;
        mh.datasetPerc = (float) mh.dataset * 100 / net;
        mh.bytesPerKey = mh.totalKeys > 0 ? net / mh.totalKeys : 0;
        return mh;
    }

    private static void field(List<RespValue> m, String name, long v) {
        m.add(Replies.bulk(name));
        m.add(Replies.integer(v));
    }

    private static void field(List<RespValue> m, String name, float v) {
        m.add(Replies.bulk(name));
        m.add(Replies.dbl(v));
    }

    private static RespValue stats(RedisNode node) {
        Overhead mh = overhead(node);
        List<RespValue> m = new ArrayList<>(2 * (27 + mh.dbs.size()));
        field(m, "peak.allocated", mh.peakAllocated);
        field(m, "total.allocated", mh.totalAllocated);
        field(m, "startup.allocated", mh.startupAllocated);
        field(m, "replication.backlog", mh.replBacklog);
        field(m, "clients.slaves", mh.clientsSlaves);
        field(m, "clients.normal", mh.clientsNormal);
        field(m, "cluster.links", mh.clusterLinks);
        field(m, "aof.buffer", mh.aofBuffer);
        field(m, "lua.caches", mh.luaCaches);
        field(m, "functions.caches", mh.functionsCaches);
        for (long[] db : mh.dbs) {
            List<RespValue> d = new ArrayList<>(6);
            field(d, "overhead.hashtable.main", db[1]);
            field(d, "overhead.hashtable.expires", db[2]);
            field(d, "overhead.hashtable.slot-to-keys", db[3]);
            m.add(Replies.bulk("db." + db[0]));
            m.add(Replies.map(d));
        }
        field(m, "overhead.total", mh.overheadTotal);
        field(m, "keys.count", mh.totalKeys);
        field(m, "keys.bytes-per-key", mh.bytesPerKey);
        field(m, "dataset.bytes", mh.dataset);
        field(m, "dataset.percentage", mh.datasetPerc);
        field(m, "peak.percentage", mh.peakPerc);
        // rcsim's allocator figures are INFO memory's: allocated = used, active = resident = rss
        field(m, "allocator.allocated", mh.totalAllocated);
        field(m, "allocator.active", mh.rss);
        field(m, "allocator.resident", mh.rss);
        field(m, "allocator-fragmentation.ratio", (float) mh.rss / mh.totalAllocated);
        field(m, "allocator-fragmentation.bytes", mh.rss - mh.totalAllocated);
        field(m, "allocator-rss.ratio", 1.0f);
        field(m, "allocator-rss.bytes", 0L);
        field(m, "rss-overhead.ratio", 1.0f);
        field(m, "rss-overhead.bytes", 0L);
        field(m, "fragmentation", mh.totalFrag);
        field(m, "fragmentation.bytes", mh.totalFragBytes);
        return Replies.map(m);
    }

    static final String EMPTY = "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in "
            + "these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be "
            + "back to our programming as soon as I finished rebooting.\n";
    static final String HEALTHY = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on "
            + "this base.\n";

    /** getMemoryDoctorReport over the node's figures (the checks rcsim's accounting can feed). */
    static String doctor(RedisNode node) {
        return doctor(overhead(node));
    }

    /** The report for these figures. */
    static String doctor(Overhead mh) {
        if (mh.totalAllocated < 5 * 1024 * 1024) {
            return EMPTY;
        }
        StringBuilder s = new StringBuilder();
        if ((float) mh.peakAllocated / mh.totalAllocated > 1.5) {
            s.append(" * Peak memory: In the past this instance used more than 150% the memory that is currently using. The "
                    + "allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation "
                    + "ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance "
                    + "Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the "
                    + "Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, "
                    + "please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the "
                    + "instance.\n\n");
        }
        if (mh.totalFrag > 1.4 && mh.totalFragBytes > 10 << 20) {
            s.append(" * High total RSS: This instance has a memory fragmentation and RSS overhead greater than 1.4 (this means "
                    + "that the Resident Set Size of the Redis process is much larger than the sum of the logical allocations Redis "
                    + "performed). This problem is usually due either to a large peak memory (check if there is a peak memory entry "
                    + "above in the report) or may result from a workload that causes the allocator to fragment memory a lot. If "
                    + "the problem is a large peak memory, then there is no issue. Otherwise, make sure you are using the Jemalloc "
                    + "allocator and not the default libc malloc. Note: The currently used allocator is \"libc\".\n\n");
        }
        if (s.length() == 0) {
            return HEALTHY;
        }
        return "Sam, I detected a few issues in this Redis instance memory implants:\n\n" + s
                + "I'm here to keep you safe, Sam. I want to help you.\n";
    }
}
