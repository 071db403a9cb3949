package dev.rcsim.command;

import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;

/** A command implementation: runs on the node's event loop, returns the reply (or {@link Blocking#BLOCKED}). */
@FunctionalInterface
public interface Command {
    RespValue execute(Connection c, byte[][] argv);
}
