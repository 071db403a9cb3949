package dev.rcsim.server;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.Eviction;
import dev.rcsim.keyspace.Keyspace;
import java.util.Random;

/**
 * One node's memory, as its own Redis process would account it: {@code used_memory} is the startup
 * baseline of a real 7.0 instance plus each database's estimate ({@link Keyspace#usedMemory()},
 * kept up to date on every write), and {@code maxmemory} with its policy is enforced before commands
 * as Redis's processCommand does ({@link #performEvictions()}): keys are evicted until the node is
 * under its limit, and when it cannot be, denyoom commands get {@code -OOM}. A replica ignores its
 * limit ({@code replica-ignore-maxmemory yes}) and deletes what its master's DELs say.
 * Differences: client buffers, the replication backlog and Lua are not counted in used_memory.
 */
public final class MaxMemory {
    /** used_memory_startup of redis-server 7.0.15 on this platform: cluster mode, standalone. */
    static final long STARTUP_CLUSTER = 1_599_848;
    static final long STARTUP_STANDALONE = 876_064;

    private final RedisNode node;
    private final Keyspace[] dbs;
    private final Eviction eviction;
    private final long startup;
    private long maxmemory;
    private Eviction.Policy policy = Eviction.Policy.NOEVICTION;
    private int samples = 5;
    private long timeLimitNanos = 500_000;
    private boolean ignoreOnReplica = true;
    private boolean evictionPending;
    private long peak;
    /** INFO stats evicted_keys. */
    private long evictedKeys;

    MaxMemory(RedisNode node, Keyspace[] dbs, Random random) {
        this.node = node;
        this.dbs = dbs;
        this.eviction = new Eviction(random);
        this.startup = node.config().clusterEnabled() ? STARTUP_CLUSTER : STARTUP_STANDALONE;
    }

    /** Reads maxmemory, maxmemory-policy, maxmemory-samples, maxmemory-eviction-tenacity again (after CONFIG SET). */
    void refresh(NodeConfig config) {
        maxmemory = config.longValue("maxmemory");
        policy = Eviction.Policy.of(config.get("maxmemory-policy"));
        samples = (int) Math.min(Integer.MAX_VALUE, config.longValue("maxmemory-samples"));
        ignoreOnReplica = config.yes("replica-ignore-maxmemory");
        long tenacity = config.longValue("maxmemory-eviction-tenacity");
        // evictionTimeLimitUs: 50 us per step up to 10, then 15% more per step; 100 means no limit
        double us = tenacity <= 10 ? 50.0 * tenacity : tenacity < 100 ? 500.0 * Math.pow(1.15, tenacity - 10) : Long.MAX_VALUE / 1000.0;
        timeLimitNanos = (long) Math.min(Long.MAX_VALUE, us * 1000);
    }

    /** Whether the node was over maxmemory after eviction when the current command started (pre_command_oom_state). */
    private boolean preCommandOom;

    /** Redis's pre_command_oom_state: a script's first denyoom call is refused while it is set. */
    public boolean preCommandOom() {
        return limited() && preCommandOom;
    }

    public void preCommandOom(boolean outOfMemory) {
        this.preCommandOom = outOfMemory;
    }

    /** True when maxmemory is set: the only thing the per-command path reads when it is not. */
    public boolean limited() {
        return maxmemory > 0;
    }

    public long maxmemory() {
        return maxmemory;
    }

    /** used_memory: the startup baseline plus the dataset. */
    public long used() {
        long used = startup + dataset();
        if (used > peak) {
            peak = used;
        }
        return used;
    }

    /** used_memory_dataset: the databases' keys and values with their dict overheads. */
    public long dataset() {
        long sum = 0;
        for (Keyspace db : dbs) {
            sum += db.usedMemory();
        }
        return sum;
    }

    public long startup() {
        return startup;
    }

    public long peak() {
        used();
        return peak;
    }

    public long evictedKeys() {
        return evictedKeys;
    }

    /** CONFIG RESETSTAT. */
    public void resetStats() {
        evictedKeys = 0;
    }

    /**
     * performEvictions: frees memory down to maxmemory by the policy; false (Redis's EVICT_FAIL) when
     * the node stays over its limit, so denyoom commands must be refused.
     */
    public boolean performEvictions() {
        if (maxmemory <= 0 || (node.isReplica() && ignoreOnReplica) || node.pause().isPaused()) {
            return true;
        }
        long used = used();
        if (used <= maxmemory) {
            evictionPending = false;
            return true;
        }
        if (policy == Eviction.Policy.NOEVICTION) {
            return false;
        }
        long toFree = used - maxmemory;
        // on a simulated clock: about 2 us per key of the time limit (250 keys at the default tenacity)
        long keyBudget = node.clock().isSimulated() ? Math.max(16, timeLimitNanos / 2_000) : 0;
        long freed = eviction.evict(dbs, policy, samples, toFree, timeLimitNanos, keyBudget, this::evicted);
        if (freed >= toFree) {
            evictionPending = false;
            return true;
        }
        evictionPending = used() > maxmemory && hasCandidates();
        // keys left but the time ran out: Redis goes on from a timer (EVICT_RUNNING) and lets the command run
        return evictionPending;
    }

    private boolean hasCandidates() {
        boolean volatileOnly = policy.name().startsWith("VOLATILE");
        for (Keyspace db : dbs) {
            if ((volatileOnly ? db.expiresCount() : db.size()) > 0) {
                return true;
            }
        }
        return false;
    }

    /** From the node's cron: goes on with an eviction that ran out of time, as Redis's evictionTimeProc. */
    void cron() {
        if (evictionPending) {
            performEvictions();
        }
    }

    private void evicted(int db, Bytes key) {
        evictedKeys++;
        node.touchKey(db, key);
        node.hooks().deleted(KeyEvents.EVICTED, "evicted", db, key);
    }
}
