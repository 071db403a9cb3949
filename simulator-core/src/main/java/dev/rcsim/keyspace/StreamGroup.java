package dev.rcsim.keyspace;

import java.util.TreeMap;

/**
 * A consumer group of a stream (Redis's streamCG): its last delivered ID, its logical read counter
 * (entries-read, -1 when unknown), the pending entries list (PEL) and its consumers (sorted by name,
 * as Redis's rax).
 */
public final class StreamGroup {
    /** Redis's SCG_INVALID_ENTRIES_READ. */
    public static final long INVALID_ENTRIES_READ = -1;

    public final Bytes name;
    public StreamID lastId;
    public long entriesRead;
    public final TreeMap<StreamID, Pending> pel = new TreeMap<>();
    public final TreeMap<Bytes, Consumer> consumers = new TreeMap<>();

    public StreamGroup(Bytes name, StreamID lastId, long entriesRead) {
        this.name = name;
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    /** A pending entry (streamNACK): last delivery time, delivery count, owner. */
    public static final class Pending {
        public long deliveryTime;
        public long deliveryCount;
        public Consumer consumer;

        public Pending(long deliveryTime, long deliveryCount, Consumer consumer) {
            this.deliveryTime = deliveryTime;
            this.deliveryCount = deliveryCount;
            this.consumer = consumer;
        }
    }

    /** A consumer (streamConsumer): name, seen-time, and its own PEL (same Pending objects as the group's). */
    public static final class Consumer {
        public final Bytes name;
        public long seenTime;
        public final TreeMap<StreamID, Pending> pel = new TreeMap<>();

        public Consumer(Bytes name, long seenTime) {
            this.name = name;
            this.seenTime = seenTime;
        }
    }

    /** The consumer named {@code n}, created (with seen-time {@code now}) when absent; null only if !create. */
    public Consumer consumer(Bytes n, long now, boolean create) {
        Consumer c = consumers.get(n);
        if (c == null && create) {
            c = new Consumer(n, now);
            consumers.put(n, c);
        }
        return c;
    }

    /** The consumer {@code n} claiming entries now: created if missing, else its seen-time refreshed. */
    public Consumer touchConsumer(Bytes n, long now) {
        Consumer c = consumers.get(n);
        if (c == null) {
            return consumer(n, now, true);
        }
        c.seenTime = now;
        return c;
    }

    /** A deep copy (the PEL entries are shared between the group and the consumers, as in Redis). */
    StreamGroup copy() {
        StreamGroup g = new StreamGroup(name, lastId, entriesRead);
        for (Consumer c : consumers.values()) {
            g.consumers.put(c.name, new Consumer(c.name, c.seenTime));
        }
        for (var e : pel.entrySet()) {
            Pending p = e.getValue();
            Consumer owner = g.consumers.get(p.consumer.name);
            Pending q = new Pending(p.deliveryTime, p.deliveryCount, owner);
            g.pel.put(e.getKey(), q);
            owner.pel.put(e.getKey(), q);
        }
        return g;
    }
}
