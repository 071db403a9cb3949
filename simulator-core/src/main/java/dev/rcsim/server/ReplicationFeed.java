package dev.rcsim.server;

import dev.rcsim.protocol.RespValue;

/**
 * The node's replication part as the node and the command layer see it: where the node's own work
 * reaches replication (stop, a pause ending, output limits) and what INFO / ROLE / CONFIG RESETSTAT
 * read. Implemented by the replication layer ({@code replication.Replication}), which owns the master
 * and replica streams; this interface keeps the node layer below it.
 */
public interface ReplicationFeed {
    /** The node stops: links close, timers end. */
    void stop();

    /** A client pause ended: the stream held during it is sent. */
    void drainHeldStream();

    /** client-output-buffer-limit for replicas: drops a replica link over its limit. */
    void checkReplicaOutputLimits();

    /** The body of INFO's {@code # Replication} section. */
    String infoSection();

    /** ROLE's reply. */
    RespValue roleReply();

    /** INFO stats sync_full. */
    long syncFull();

    /** INFO stats sync_partial_ok. */
    long syncPartialOk();

    /** INFO stats sync_partial_err. */
    long syncPartialErr();

    /** CONFIG RESETSTAT's share. */
    void resetStats();
}
