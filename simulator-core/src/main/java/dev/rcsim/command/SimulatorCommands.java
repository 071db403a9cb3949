package dev.rcsim.command;

import java.nio.charset.StandardCharsets;

/**
 * Commands the simulator adds that Redis does not have ({@code RCSIM FAULT ...}). They are not in
 * the {@link CommandTable} (COMMAND does not list them, as a real server's table does not), but once
 * found they go through every check of {@link Dispatcher#process} like a Redis admin command:
 * AUTH, MULTI rules, the RESP2 pub/sub context, CLIENT PAUSE.
 */
final class SimulatorCommands {
    private SimulatorCommands() {}

    /** {@code RCSIM ...}: an admin command (arity is checked by the command itself, for its usage text). */
    static final CommandSpec RCSIM = new CommandSpec("rcsim", "rcsim", -1, "admin noscript loading stale no_multi", 0, 0, 0)
            .acl("@admin @slow @dangerous").run((c, argv) -> dev.rcsim.internal.Internals.faults().rcsim(c, argv));

    /** The simulator command named {@code name}, or null. Called only for names the table lacks. */
    static CommandSpec lookup(byte[] name) {
        return name.length == 5 && new String(name, StandardCharsets.US_ASCII).equalsIgnoreCase("rcsim") ? RCSIM : null;
    }
}
