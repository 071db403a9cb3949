package dev.rcsim.command;

import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;

/**
 * What the dispatcher asks of the node's scripting engine (Redis's scriptIsTimedout / the BUSY check
 * of processCommand). Implemented by {@code command.scripting.Scripting}, a family above this package.
 */
public interface ScriptState {
    /** The BUSY error for {@code spec} while a script runs past busy-reply-threshold, else null. */
    RespValue busyError(CommandSpec spec);

    /** Whether a script or function is running on this node now. */
    boolean isRunning();

    /** Whether the running script is past busy-reply-threshold. */
    boolean isTimedOut();

    /** The client whose keys CLIENT TRACKING remembers for a command of {@code c} (the script's caller inside a script). */
    Connection trackingClient(Connection c);

    /** The client tracking is left pointing at after a command of {@code c}. */
    Connection trackingClientAfter(Connection c);

    /** Inside a script: the keys the script's caller read are remembered for tracking. */
    void rememberCallerKeys();

    /** Whether {@code c} is blocked only waiting for a running script to end. */
    boolean waitsForScript(Connection c);
}
