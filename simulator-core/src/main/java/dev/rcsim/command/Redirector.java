package dev.rcsim.command;

import dev.rcsim.server.Connection;
import dev.rcsim.protocol.RespValue;

/**
 * The cluster-mode check that runs before a command has any effect (Redis's getNodeByQuery): returns
 * the redirect or error reply (MOVED, ASK, TRYAGAIN, CROSSSLOT, CLUSTERDOWN), or null to serve locally.
 * {@code queued} is the MULTI queue when the command is EXEC, else null. Implemented by the cluster
 * layer ({@code cluster.NodeCluster}); it lives here because its signature names the command's spec.
 */
@FunctionalInterface
public interface Redirector {
    RespValue check(Connection c, CommandSpec spec, byte[][] argv, java.util.List<byte[][]> queued);

    /** Whether the node routes at all (cluster mode with a view); when false {@link #check} is not called. */
    default boolean active() {
        return true;
    }

    /** The router of a node outside cluster mode: serves everything locally. */
    Redirector NONE = new Redirector() {
        @Override
        public RespValue check(Connection c, CommandSpec spec, byte[][] argv, java.util.List<byte[][]> queued) {
            return null;
        }

        @Override
        public boolean active() {
            return false;
        }
    };
}
