package dev.rcsim.keyspace;

import dev.rcsim.cluster.HashSlots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One Redis database: keys to values, expiry times read from the simulator clock (passive expiry on
 * access, active expiry by {@link #expireSome(int)}), and, when the node is in cluster mode, a per-slot
 * key index that makes CLUSTER COUNTKEYSINSLOT and GETKEYSINSLOT cheap.
 */
public final class Keyspace {
    private final HashMap<Bytes, KeyEntry> data = new HashMap<>();
    private final HashMap<Bytes, Long> expires = new HashMap<>();
    private final LongSupplier clock;
    private final boolean slotIndex;
    private LinkedHashSet<Bytes>[] slots; // insertion order: GETKEYSINSLOT lists newest first, as Redis's slot lists
    private int[] slotCounts;
    private long expiredKeys;
    private final KeyAccess access = new KeyAccess(data);
    private java.util.function.BooleanSupplier keepExpired = () -> false;
    private Listener listener;
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
        if (e == null || (!expires.isEmpty() && expireIfNeeded(key))) {
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
        if (e == null || (!expires.isEmpty() && expireIfNeeded(key))) {
            if (reportMisses && listener != null) {
                listener.missed(this, key);
            }
            return null;
        }
        return e.value;
    }

    /** LRU/LFU bookkeeping of this database's keys (OBJECT IDLETIME / FREQ). */
    public KeyAccess access() {
        return access;
    }

    /** Like {@link #get} but without deleting an expired key (for routing decisions, as Redis's lookupKeyReadWithFlags NOEXPIRE). */
    public boolean existsNoTouch(Bytes key) {
        if (!data.containsKey(key)) {
            return false;
        }
        Long at = expires.get(key);
        return at == null || at > clock.getAsLong();
    }

    public boolean exists(Bytes key) {
        return get(key) != null;
    }

    /** While {@code hold} is true an expired key reads as missing but is not deleted (Redis during a client pause). */
    public void keepExpiredWhile(java.util.function.BooleanSupplier hold) {
        this.keepExpired = hold;
    }

    private boolean expireIfNeeded(Bytes key) {
        Long at = expires.get(key);
        if (at != null && at <= clock.getAsLong()) {
            if (keepExpired.getAsBoolean()) {
                return true;
            }
            remove(key);
            expiredKeys++;
            if (listener != null) {
                listener.expired(this, key);
            }
            return true;
        }
        return false;
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
            expires.remove(key);
        }
    }

    /** Removes the key; true if it existed (expired or not). */
    public boolean remove(Bytes key) {
        KeyEntry old = data.remove(key);
        if (old == null) {
            return false;
        }
        expires.remove(key);
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
        expires.put(key, atMillis);
    }

    /** Absolute expiry in ms, or -1 for none. The key must exist. */
    public long expiryOf(Bytes key) {
        Long at = expires.get(key);
        return at == null ? -1 : at;
    }

    public boolean persist(Bytes key) {
        return expires.remove(key) != null;
    }

    public long now() {
        return clock.getAsLong();
    }

    public int size() {
        return data.size();
    }

    public int expiresCount() {
        return expires.size();
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    /** Live keys (a snapshot; expired keys are left out, not deleted). */
    public List<Bytes> keys() {
        long now = clock.getAsLong();
        List<Bytes> out = new ArrayList<>(data.size());
        for (Bytes k : data.keySet()) {
            Long at = expires.get(k);
            if (at == null || at > now) {
                out.add(k);
            }
        }
        return out;
    }

    /** Every key, expired or not, live view (SCAN builds its cursor order from it). */
    public Set<Bytes> keySet() {
        return java.util.Collections.unmodifiableSet(data.keySet());
    }

    /** Visits every key and value, expired or not (full resynchronisation of a replica). */
    public void forEach(java.util.function.BiConsumer<Bytes, RedisValue> visitor) {
        data.forEach((k, e) -> visitor.accept(k, e.value));
    }

    public void clear() {
        data.clear();
        expires.clear();
        if (slots != null) {
            slots = null;
            slotCounts = null;
        }
    }

    /**
     * Active expiry: checks up to {@code samples} keys with a TTL and deletes the expired ones. Returns
     * the number deleted.
     */
    public int expireSome(int samples) {
        if (expires.isEmpty()) {
            return 0;
        }
        long now = clock.getAsLong();
        List<Bytes> dead = new ArrayList<>();
        int seen = 0;
        Iterator<Map.Entry<Bytes, Long>> it = expires.entrySet().iterator();
        while (it.hasNext() && seen < samples) {
            Map.Entry<Bytes, Long> e = it.next();
            seen++;
            if (e.getValue() <= now) {
                dead.add(e.getKey());
            }
        }
        for (Bytes k : dead) {
            remove(k);
            expiredKeys++;
            if (listener != null) {
                listener.expired(this, k);
            }
        }
        return dead.size();
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
