package dev.rcsim.command;

import dev.rcsim.server.Connection;
import dev.rcsim.protocol.RespValue;

/**
 * The cluster-mode check that runs before a command has any effect (Redis's getNodeByQuery): returns
 * the redirect or error reply (MOVED, ASK, TRYAGAIN, CROSSSLOT, CLUSTERDOWN), or null to serve locally.
 * {@code queued} is the MULTI queue when the command is EXEC, else null.
 */
@FunctionalInterface
public interface Redirector {
    RespValue check(Connection c, CommandSpec spec, byte[][] argv, java.util.List<byte[][]> queued);
}
