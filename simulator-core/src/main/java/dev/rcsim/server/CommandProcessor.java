package dev.rcsim.server;

/**
 * What runs a client's request on this node: Redis's {@code processCommand} (lookup, checks, routing,
 * the call, replication of its effect). Implemented by the command layer ({@code command.NodeCommands});
 * the node only hands requests over, so the node layer does not know the command table.
 */
public interface CommandProcessor {
    /** Runs one request of {@code c} (a client, or the master link). */
    void process(Connection c, byte[][] argv);

    /** Runs again the request of a client blocked on a key that became ready (Redis's handleClientsBlockedOnKeys). */
    void retryBlocked(Connection c, byte[][] argv);

    /** Whether a script or function runs now (on the script thread): no active expiry, blocked clients wait. */
    boolean scriptRunning();
}
