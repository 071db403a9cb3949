package dev.rcsim.internal;

import dev.rcsim.bus.SimNetwork;
import dev.rcsim.server.RedisNode;

/**
 * How the fault machinery kills a node and brings it back: the simulator closes its port and bus, and
 * restarts it as redis-server restarts with its nodes.conf (same id, port and cluster view, empty
 * dataset). In Redis terms this is the process supervisor (systemd, a container runtime), which Redis
 * itself does not have. Internal: its package is not exported.
 */
public interface NodeLifecycle {
    void kill(RedisNode node);

    void restart(RedisNode node);

    /** The simulated cluster bus network, or null outside a simulated cluster. */
    default SimNetwork network() {
        return null;
    }
}
