package dev.rcsim.internal;

import dev.rcsim.bus.SimNetwork;
import dev.rcsim.command.CommandTable;
import dev.rcsim.events.EventLog;
import dev.rcsim.server.RedisNode;
import dev.rcsim.time.SimClock;
import java.util.function.Function;

/**
 * The simulator's own way behind its public handles: the {@link RedisNode} behind a {@code SimNode},
 * the bus network of a cluster, the making of the fault machinery. A user of rcsim has no such door
 * into a real Redis either: the public API ({@code dev.rcsim}, {@code fault}, {@code events}, {@code
 * time}, {@code admin}) only shows what a node would tell a client. This package is not exported by
 * {@code module-info}, so only the simulator's own packages (and its white-box tests) reach it.
 *
 * <p>Each public class registers its part from its static initializer (the pattern of the JDK's
 * {@code SharedSecrets}), so it needs no public method for it. The package sits below the fault layer
 * and the facade that register here (docs/architecture.md), so it cannot name their types: handles and
 * the fault machinery are typed {@code Object} here and cast back by their owners.
 */
public final class Internals {
    private Internals() {}

    /** What {@code dev.rcsim} registers: the parts behind a {@code SimNode} and a {@code RedisClusterSimulator}. */
    public interface Handles {
        RedisNode node(Object simNode);

        SimNetwork network(Object cluster);
    }

    /** What {@code dev.rcsim.fault} registers: how the simulator creates and wires its {@code Faults}. */
    public interface FaultMachinery {
        /** A {@code Faults} over the nodes {@code resolver} finds. */
        Object create(SimClock clock, EventLog events, Function<String, RedisNode> resolver, NodeLifecycle lifecycle);

        /** Declares {@code node} as managed by {@code faults} (RCSIM FAULT sent to it goes through them). */
        void manage(Object faults, RedisNode node);

        /** Declares the fault layer's commands (RCSIM, not listed by COMMAND) in {@code table}. */
        void registerCommands(CommandTable table);
    }

    private static volatile Handles handles;
    private static volatile FaultMachinery faults;

    /** Called once, by {@code RedisClusterSimulator}'s static initializer. */
    public static void register(Handles h) {
        if (handles != null) {
            throw new IllegalStateException("handles already registered");
        }
        handles = h;
    }

    /** Called once, by {@code Faults}'s static initializer. */
    public static void register(FaultMachinery f) {
        if (faults != null) {
            throw new IllegalStateException("fault machinery already registered");
        }
        faults = f;
    }

    /** The node behind a {@code SimNode} handle (after a restart: the new server). */
    public static RedisNode node(Object simNode) {
        return handles(simNode).node(simNode);
    }

    /** The simulated cluster bus network of a started {@code RedisClusterSimulator}: cut, delay or make lossy links. */
    public static SimNetwork network(Object cluster) {
        return handles(cluster).network(cluster);
    }

    /** The fault machinery, registered by {@code registrant} (the {@code Faults} class) when it initializes. */
    public static FaultMachinery faults(Class<?> registrant) {
        FaultMachinery f = faults;
        if (f == null) {
            initialize(registrant);
            f = faults;
        }
        return f;
    }

    private static Handles handles(Object handle) {
        Handles h = handles;
        if (h == null) {
            initialize(handle.getClass()); // a SimNode exists only once its simulator's class registered
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
