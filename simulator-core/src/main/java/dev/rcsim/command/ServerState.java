package dev.rcsim.command;

import dev.rcsim.server.RedisNode;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Per-node state that only the server commands need (Redis keeps it in its global {@code server}
 * struct): dirty counter at the last SAVE, number of saves, the DEBUG SLEEP pause. Held outside
 * {@link RedisNode} and only touched on the node's event loop.
 */
public final class ServerState {
    private static final Map<RedisNode, ServerState> STATES = new WeakHashMap<>();

    public long dirtyAtLastSave;
    public long saves;
    /** True while DEBUG SLEEP holds the node (no client is read). */
    public boolean paused;
    /** stat_peak_memory: the highest used memory MEMORY STATS / DOCTOR has seen. */

    public static ServerState of(RedisNode node) {
        synchronized (STATES) {
            return STATES.computeIfAbsent(node, n -> new ServerState());
        }
    }
}
