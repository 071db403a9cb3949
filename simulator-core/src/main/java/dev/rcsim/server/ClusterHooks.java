package dev.rcsim.server;

/**
 * The node's cluster part as the node sees it: {@code clusterCron}, run from the node's own cron every
 * 100 ms of clock time, and the bus links that count against maxclients. Implemented by the cluster
 * layer ({@code cluster.NodeCluster}, which also holds the node's view and router); outside cluster mode
 * both do nothing.
 */
public interface ClusterHooks {
    /** Whether the node's bus is attached, so {@link #cron()} has work (its 100 ms cadence starts then). */
    boolean hasCron();

    /** Redis's clusterCron. */
    void cron();

    /** Whether the node has a cluster view (cluster mode, formed). */
    boolean hasView();

    /** Bus links this node holds (one each way per other known node; 0 without a view). */
    int busLinks();
}
