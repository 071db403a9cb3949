package dev.rcsim;

/**
 * The running teaching view of one simulated cluster ({@link RedisClusterSimulator#startUi(int)}): a web
 * page at {@link #url()} showing every node's own view (slot owners, flags, epochs, cluster_state,
 * replication), the bus messages, the event log and the redirects served, live, with buttons that call
 * the fault, admin and clock APIs (docs/teaching.md). Real Redis has no such page; it is an observer
 * that takes no part in the cluster, and with no page open it reads nothing. Closing it stops the
 * page's server, not the cluster.
 */
public interface TeachingView extends AutoCloseable {
    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    String url();

    /** The port the page is served on. */
    int port();

    /** Pages connected to the live stream now. */
    int viewers();

    /** Stops the server and the page's clock player; faults the page started stay in effect. */
    @Override
    void close();
}
