package dev.rcsim.cluster;

import dev.rcsim.server.RedisNode;

/**
 * What the cluster layer asks of its node's replication (Redis's cluster.c calling replicationSetMaster,
 * replicationUnsetMaster and reading the replication offset): the offset gossiped and compared in
 * elections, the age of the master link's data, whether the link to a master is up, and the two role
 * changes. Implemented by {@code replication.Replication}; an interface here keeps cluster below
 * replication.
 */
public interface ReplicationControl {
    /** master_repl_offset (a replica: the offset it has applied). */
    long offset();

    /** Clock millis of the last data from the master (a replica's data age). */
    long lastIoMillis();

    /** Whether this node replicates {@code master} over a link that is up. */
    boolean linkedTo(RedisNode master);

    /** Whether a sync with the master is under way. */
    boolean syncing();

    /** Starts replicating {@code master} (Redis's replicationSetMaster, then PSYNC). */
    void syncFrom(RedisNode master);

    /** Becomes a master (Redis's replicationUnsetMaster). */
    void promote();
}
