package dev.rcsim.internal;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.bus.SimNetwork;
import dev.rcsim.events.EventLog;
import dev.rcsim.fault.Faults;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;
import dev.rcsim.time.SimClock;
import java.util.function.Function;

/**
 * The simulator's own way behind its public handles: the {@link RedisNode} behind a {@link SimNode},
 * the bus network of a cluster, the entry points of the fault machinery. A user of rcsim has no such
 * door into a real Redis either: the public API ({@code dev.rcsim}, {@code fault}, {@code events},
 * {@code time}, {@code admin}) only shows what a node would tell a client. This package is not exported
 * by {@code module-info}, so only the simulator's own packages (and its white-box tests) reach it.
 *
 * <p>Each public class registers its part from its static initializer (the pattern of the JDK's
 * {@code SharedSecrets}), so it needs no public method for it; a getter first initializes the class
 * that registers.
 */
public final class Internals {
    private Internals() {}

    /** What {@code dev.rcsim} registers: the parts behind {@link SimNode} and {@link RedisClusterSimulator}. */
    public interface Handles {
        RedisNode node(SimNode handle);

        SimNetwork network(RedisClusterSimulator cluster);
    }

    /** What {@code dev.rcsim.fault} registers: how the simulator creates and wires {@link Faults}. */
    public interface FaultMachinery {
        Faults create(SimClock clock, EventLog events, Function<String, RedisNode> resolver, NodeLifecycle lifecycle);

        /** Declares {@code node} as managed by {@code faults} (RCSIM FAULT sent to it goes through them). */
        void manage(Faults faults, RedisNode node);

        /** Runs {@code RCSIM ...} on the connection's node (see the fault package's RcsimCommand). */
        RespValue rcsim(Connection c, byte[][] argv);
    }

    private static volatile Handles handles;
    private static volatile FaultMachinery faults;

    /** Called once, by {@link SimNode}'s static initializer. */
    public static void register(Handles h) {
        if (handles != null) {
            throw new IllegalStateException("handles already registered");
        }
        handles = h;
    }

    /** Called once, by {@link Faults}'s static initializer. */
    public static void register(FaultMachinery f) {
        if (faults != null) {
            throw new IllegalStateException("fault machinery already registered");
        }
        faults = f;
    }

    /** The node behind a handle (after a restart: the new server). */
    public static RedisNode node(SimNode handle) {
        return handles().node(handle);
    }

    /** The simulated cluster bus network of a started cluster: cut, delay or make lossy links ({@code host:port}). */
    public static SimNetwork network(RedisClusterSimulator cluster) {
        return handles().network(cluster);
    }

    public static FaultMachinery faults() {
        FaultMachinery f = faults;
        if (f == null) {
            initialize(Faults.class);
            f = faults;
        }
        return f;
    }

    private static Handles handles() {
        Handles h = handles;
        if (h == null) {
            initialize(SimNode.class);
            h = handles;
        }
        return h;
    }

    private static void initialize(Class<?> c) {
        try {
            Class.forName(c.getName(), true, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
