package dev.rcsim.keyspace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One Redis database: keys to values, expiry times read from the simulator clock (passive expiry on
 * access, active expiry by {@link ActiveExpiry}), its share of the node's used_memory, and, when the node is in cluster mode, a per-slot
 * key index that makes CLUSTER COUNTKEYSINSLOT and GETKEYSINSLOT cheap.
 */
public final class Keyspace {
    private final HashMap<Bytes, KeyEntry> data = new HashMap<>();
    private final SampleIndex allKeys = new SampleIndex(false);
    private final SampleIndex volatileKeys = new SampleIndex(true);
    private final LongSupplier clock;
    private final boolean slotIndex;
    private LinkedHashSet<Bytes>[] slots; // insertion order: GETKEYSINSLOT lists newest first, as Redis's slot lists
    private int[] slotCounts;
    private long expiredKeys;
    private long entryBytes;
    private final KeyAccess access = new KeyAccess(data);
    private java.util.function.BooleanSupplier keepExpired = () -> false;
    private java.util.function.BooleanSupplier expiredIsLive = () -> false;
    private Listener listener;
    private ScanOrder scanOrder;
    /** This database's index on its node (changes with SWAPDB). */
    public int id;

    /** Told of keys created and keys deleted by expiry (keyspace notifications, client tracking). */
    public interface Listener {
        void added(Keyspace db, Bytes key);

        void expired(Keyspace db, Bytes key);

        /** A {@link #get}/{@link #peek} found nothing; called only while {@link #reportMisses} is set. */
        void missed(Keyspace db, Bytes key);
    }

    /** Set while key-miss notifications are enabled. */
    public boolean reportMisses;

    public void listener(Listener l) {
        this.listener = l;
    }

    public Keyspace(LongSupplier clockMillis, boolean slotIndex) {
        this.clock = clockMillis;
        this.slotIndex = slotIndex;
    }

    /** The value under {@code key}, or null if absent or expired (an expired key is deleted). */
    public RedisValue get(Bytes key) {
        KeyEntry e = data.get(key);
        if (e == null || (e.ttlSlot >= 0 && expireIfNeeded(key, e))) {
            if (reportMisses && listener != null) {
                listener.missed(this, key);
            }
            return null;
        }
        access.touched(e, clock.getAsLong());
        return e.value;
    }

    /** Like {@link #get} (passive expiry included) without updating the access time: Redis's LOOKUP_NOTOUCH. */
    public RedisValue peek(Bytes key) {
        KeyEntry e = data.get(key);
        if (e == null || (e.ttlSlot >= 0 && expireIfNeeded(key, e))) {
            if (reportMisses && listener != null) {
                listener.missed(this, key);
            }
            return null;
        }
        return e.value;
    }

    /** The stored value even if its TTL passed, without touching it (MEMORY USAGE looks in the dict directly, as Redis). */
    public RedisValue stored(Bytes key) {
        KeyEntry e = data.get(key);
        return e == null ? null : e.value;
    }

    /** LRU/LFU bookkeeping of this database's keys (OBJECT IDLETIME / FREQ). */
    public KeyAccess access() {
        return access;
    }

    /** Like {@link #get} but without deleting an expired key (for routing decisions, as Redis's lookupKeyReadWithFlags NOEXPIRE). */
    public boolean existsNoTouch(Bytes key) {
        KeyEntry e = data.get(key);
        return e != null && (e.ttlSlot < 0 || e.expireAt > clock.getAsLong());
    }

    public boolean exists(Bytes key) {
        return get(key) != null;
    }

    /** While {@code hold} is true an expired key reads as missing but is not deleted (Redis during a client pause, and on a replica). */
    public void keepExpiredWhile(java.util.function.BooleanSupplier hold) {
        this.keepExpired = hold;
    }

    /**
     * While {@code live} is true an expired key reads as present: a replica applying its master's
     * stream (Redis's expireIfNeeded returns 0 for the master client), so the master's DEL finds it.
     */
    public void expiredIsLiveWhile(java.util.function.BooleanSupplier live) {
        this.expiredIsLive = live;
    }


    private boolean expireIfNeeded(Bytes key, KeyEntry e) {
        if (e.expireAt <= clock.getAsLong()) {
            if (expiredIsLive.getAsBoolean()) {
                return false;
            }
            if (keepExpired.getAsBoolean()) {
                return true;
            }
            expire(key);
            return true;
        }
        return false;
    }

    /** Deletes a key whose TTL passed: counts it in expired_keys and tells the listener. */
    void expire(Bytes key) {
        remove(key);
        expiredKeys++;
        if (listener != null) {
            listener.expired(this, key);
        }
    }

    /** True while expired keys must stay (client pause, replica waiting for its master's DEL). */
    boolean holdingExpired() {
        return keepExpired.getAsBoolean();
    }

    /** Stores {@code value}, dropping any TTL (Redis setKey without KEEPTTL). */
    public void set(Bytes key, RedisValue value) {
        set(key, value, false);
    }

    public void set(Bytes key, RedisValue value, boolean keepTtl) {
        KeyEntry e = data.get(key);
        if (e == null) {
            e = new KeyEntry(value);
            data.put(key, e);
            allKeys.add(key, e);
            indexAdd(key);
            if (listener != null) {
                listener.added(this, key);
            }
            KeyAccess.created(e, clock.getAsLong());
        } else if (e.value != value) {
            e.value = value;
            KeyAccess.created(e, clock.getAsLong());
        }
        if (!keepTtl) {
            volatileKeys.remove(e);
        }
        account(key, e);
    }

    /**
     * Estimates the key's size again after a command changed its value in place (LPUSH, HSET...): the
     * node's used_memory follows each write in O(1), whatever the value's size.
     */
    public void reaccount(Bytes key) {
        KeyEntry e = data.get(key);
        if (e != null) {
            account(key, e);
        }
    }

    private void account(Bytes key, KeyEntry e) {
        long m = MemoryEstimate.keyBytes(key, e.value, slotIndex) + (e.ttlSlot >= 0 ? MemoryEstimate.DICT_ENTRY : 0);
        entryBytes += m - e.memory;
        e.memory = m;
    }

    /** Removes the key; true if it existed (expired or not). */
    public boolean remove(Bytes key) {
        KeyEntry old = data.remove(key);
        if (old == null) {
            return false;
        }
        allKeys.remove(old);
        volatileKeys.remove(old);
        entryBytes -= old.memory;
        old.memory = 0;
        indexRemove(key);
        return true;
    }

    /** Removes an aggregate that became empty (Redis deletes empty lists, sets, hashes and zsets). */
    public void removeIfEmpty(Bytes key, boolean empty) {
        if (empty) {
            remove(key);
        }
    }

    /** Sets the absolute expiry in ms; the key must exist. */
    public void expireAt(Bytes key, long atMillis) {
        KeyEntry e = data.get(key);
        if (e == null) {
            return;
        }
        e.expireAt = atMillis;
        if (e.ttlSlot < 0) {
            volatileKeys.add(key, e);
            account(key, e);
        }
    }

    /** Absolute expiry in ms, or -1 for none. The key must exist. */
    public long expiryOf(Bytes key) {
        KeyEntry e = data.get(key);
        return e == null || e.ttlSlot < 0 ? -1 : e.expireAt;
    }

    public boolean persist(Bytes key) {
        KeyEntry e = data.get(key);
        if (e == null || e.ttlSlot < 0) {
            return false;
        }
        volatileKeys.remove(e);
        account(key, e);
        return true;
    }

    public long now() {
        return clock.getAsLong();
    }

    public int size() {
        return data.size();
    }

    public int expiresCount() {
        return volatileKeys.size();
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    /**
     * Bytes this database adds to used_memory: each key's estimate ({@link MemoryEstimate}) plus the
     * bucket arrays of its main and expires dictionaries.
     */
    public long usedMemory() {
        return entryBytes + MemoryEstimate.buckets(data.size()) + MemoryEstimate.buckets(volatileKeys.size());
    }

    KeyEntry entry(Bytes key) {
        return data.get(key);
    }

    /** Keys with a TTL or all keys: the index eviction and active expiry sample from. */
    SampleIndex index(boolean volatileOnly) {
        return volatileOnly ? volatileKeys : allKeys;
    }

    /** Live keys (a snapshot; expired keys are left out, not deleted). */
    public List<Bytes> keys() {
        long now = clock.getAsLong();
        List<Bytes> out = new ArrayList<>(data.size());
        for (Map.Entry<Bytes, KeyEntry> en : data.entrySet()) {
            KeyEntry e = en.getValue();
            if (e.ttlSlot < 0 || e.expireAt > now) {
                out.add(en.getKey());
            }
        }
        return out;
    }

    /** Every key, expired or not, live view (SCAN builds its cursor order from it). */
    /**
     * The keys sorted by {@code hash} for SCAN, reused while {@code version} (the owner's change counter)
     * and the key count are those it was built at.
     */
    public ScanOrder scanOrder(long version, java.util.function.ToLongFunction<Bytes> hash) {
        ScanOrder s = scanOrder;
        if (s == null || !s.validFor(version, size())) {
            s = ScanOrder.build(this, version, hash);
            scanOrder = s;
        }
        return s;
    }

    public Set<Bytes> keySet() {
        return java.util.Collections.unmodifiableSet(data.keySet());
    }

    /** Visits every key and value, expired or not (full resynchronisation of a replica). */
    public void forEach(java.util.function.BiConsumer<Bytes, RedisValue> visitor) {
        data.forEach((k, e) -> visitor.accept(k, e.value));
    }

    public void clear() {
        data.clear();
        allKeys.clear();
        volatileKeys.clear();
        entryBytes = 0;
        if (slots != null) {
            slots = null;
            slotCounts = null;
        }
    }

    // ---- per-slot key index (cluster mode) ----

    @SuppressWarnings("unchecked")
    private void indexAdd(Bytes key) {
        if (!slotIndex) {
            return;
        }
        if (slots == null) {
            slots = new LinkedHashSet[HashSlots.SLOTS];
            slotCounts = new int[HashSlots.SLOTS];
        }
        int slot = HashSlots.slot(key.bytes());
        LinkedHashSet<Bytes> s = slots[slot];
        if (s == null) {
            s = new LinkedHashSet<>();
            slots[slot] = s;
        }
        if (s.add(key)) {
            slotCounts[slot]++;
        }
    }

    private void indexRemove(Bytes key) {
        if (!slotIndex || slots == null) {
            return;
        }
        int slot = HashSlots.slot(key.bytes());
        LinkedHashSet<Bytes> s = slots[slot];
        if (s != null && s.remove(key)) {
            slotCounts[slot]--;
            if (s.isEmpty()) {
                slots[slot] = null;
            }
        }
    }

    /** Keys stored in {@code slot} (including ones whose TTL passed but were not yet deleted, as Redis). */
    public int countKeysInSlot(int slot) {
        return slotCounts == null ? 0 : slotCounts[slot];
    }

    /** Up to {@code count} keys of {@code slot}, most recently added first (Redis 7.0 links new keys at the head). */
    public List<Bytes> keysInSlot(int slot, int count) {
        if (slots == null || slots[slot] == null || count <= 0) {
            return new ArrayList<>();
        }
        List<Bytes> all = new ArrayList<>(slots[slot]);
        List<Bytes> out = new ArrayList<>(Math.min(count, all.size()));
        for (int i = all.size() - 1; i >= 0 && out.size() < count; i--) {
            out.add(all.get(i));
        }
        return out;
    }

    public Set<Bytes> slotKeys(int slot) {
        return slots == null || slots[slot] == null ? Set.of() : slots[slot];
    }
}
