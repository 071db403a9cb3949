package dev.rcsim.command;

import dev.rcsim.protocol.RespValue;

/**
 * What the dispatcher asks of the node's scripting engine (Redis's scriptIsTimedout / the BUSY check
 * of processCommand). Implemented by {@code command.scripting.Scripting}, a family above this package.
 */
public interface ScriptState {
    /** The BUSY error for {@code spec} while a script runs past busy-reply-threshold, else null. */
    RespValue busyError(CommandSpec spec);

    /** Whether the running script is past busy-reply-threshold. */
    boolean isTimedOut();
}
