package dev.rcsim.command;

import dev.rcsim.server.NodePart;
import dev.rcsim.server.RedisNode;

/**
 * Per-node state that only the server commands need (Redis keeps it in its global {@code server}
 * struct): dirty counter at the last SAVE, number of saves, the DEBUG SLEEP pause. A part of its
 * {@link RedisNode} ({@link NodePart}), only touched on the node's event loop.
 */
public final class ServerState {
    private static final NodePart<ServerState> PART = NodePart.named("server-state", n -> new ServerState());

    public long dirtyAtLastSave;
    public long saves;
    /** True while DEBUG SLEEP holds the node (no client is read). */
    public boolean paused;
    /** stat_peak_memory: the highest used memory MEMORY STATS / DOCTOR has seen. */

    public static ServerState of(RedisNode node) {
        return node.part(PART);
    }
}
