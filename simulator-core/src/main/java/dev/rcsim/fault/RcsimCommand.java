package dev.rcsim.fault;

import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.command.Blocking;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code RCSIM FAULT ...}: the fault API over RESP, acting from the node that receives it, through the
 * same {@link Faults} as the Java API (so the faults show in {@code cluster.faults().active()} and the
 * event log). Not a Redis command: it is not in COMMAND's table, and it is refused unless the node runs
 * with {@code rcsim-faults yes} (the standalone launcher sets it). It obeys AUTH, MULTI, the pub/sub
 * context and CLIENT PAUSE like a Redis admin command. Errors are {@code -ERR ...} lines.
 *
 * <pre>
 * RCSIM FAULT PAUSE ms             stop reading clients for ms (always timed: a paused node reads nothing)
 * RCSIM FAULT BLACKHOLE ms         drop requests for ms
 * RCSIM FAULT LATENCY ms [cmd ...] delay replies (of the named commands only, when given)
 * RCSIM FAULT SLOW ms              per-command delay
 * RCSIM FAULT TRYAGAIN slot        answer -TRYAGAIN to commands with keys in slot served here
 * RCSIM FAULT REFUSE-CONNECTIONS   close new connections
 * RCSIM FAULT RESET-CONNECTIONS    close every client connection now (including this one)
 * RCSIM FAULT HOLD-REPLICATION     (replica) stop applying the master's stream
 * RCSIM FAULT SLOW-REPLICATION ms  (replica) apply the stream ms late
 * RCSIM FAULT KILL                 close the port (RESTART from another node, or the Java API, restarts it)
 * RCSIM FAULT RESTART host:port    restart that killed (or paused) node (replies once it listens again)
 * RCSIM FAULT CUT host:port        one-way cut of the bus link from this node to that one
 * RCSIM FAULT PARTITION [host:port ...]  cut this node's bus links to those nodes (default: every
 *                                  other node of its cluster view) both ways
 * RCSIM FAULT BUS-DELAY host:port ms      delay the bus messages from this node to that one
 * RCSIM FAULT BUS-LOSS host:port p        drop them with probability p (0..1)
 * RCSIM FAULT HEAL [host:port]     heal every fault involving this node, or that one (also bus faults
 *                                  from or to it); durations are 0..86400000 ms (Faults.MAX_DURATION)
 * RCSIM FAULT LIST                 the faults in effect involving this node
 * </pre>
 * The bus faults and RESTART need a node of a simulated cluster (a {@code RedisClusterSimulator}, as the
 * launcher runs); a node is named {@code host:port} (a port or node id also works).
 */
final class RcsimCommand {
    private RcsimCommand() {}

    /**
     * Declares {@code RCSIM} in {@code t} as a simulator command (not listed by COMMAND): an admin command
     * whose arity is checked by the command itself, for its usage text.
     */
    public static void register(CommandTable t) {
        t.addHidden(new CommandSpec("rcsim", "rcsim", -1, "admin noscript loading stale no_multi", 0, 0, 0)
                .acl("@admin @slow @dangerous").run(RcsimCommand::execute));
    }

    private static final RespValue DISABLED = Replies.error(
            "ERR RCSIM commands are disabled on this node (start it with 'rcsim-faults yes')");
    private static final RespValue USAGE = Replies.error(
            "ERR usage: RCSIM FAULT PAUSE|BLACKHOLE|SLOW|SLOW-REPLICATION <ms> | LATENCY <ms> [command ...] | "
                    + "TRYAGAIN <slot> | REFUSE-CONNECTIONS | RESET-CONNECTIONS | HOLD-REPLICATION | KILL | "
                    + "RESTART <host:port> | CUT <host:port> | PARTITION [<host:port> ...] | BUS-DELAY <host:port> <ms> | "
                    + "BUS-LOSS <host:port> <probability> | HEAL [<host:port>] | LIST");

    /**
     * Runs an RCSIM request on the connection's node and returns the reply, or {@link
     * Blocking#BLOCKED} when the reply comes later (RESTART).
     */
    static RespValue execute(Connection c, byte[][] argv) {
        RedisNode node = c.node();
        if (!node.config().yes("rcsim-faults")) {
            return DISABLED;
        }
        if (argv.length < 3 || !word(argv[1]).equals("fault")) {
            return USAGE;
        }
        Faults faults = Faults.of(node);
        String op = word(argv[2]);
        try {
            switch (op) {
                case "pause" -> faults.pause(node, millis(argv));
                case "blackhole" -> faults.blackhole(node, millis(argv));
                case "latency" -> {
                    if (argv.length < 4) {
                        throw wrongArgs(argv);
                    }
                    List<String> commands = new ArrayList<>();
                    for (int i = 4; i < argv.length; i++) {
                        commands.add(new String(argv[i], StandardCharsets.UTF_8));
                    }
                    faults.latency(node, toMillis(argv[3]), commands);
                }
                case "slow" -> faults.slow(node, millis(argv));
                case "slow-replication" -> faults.slowReplication(node, millis(argv));
                case "tryagain" -> {
                    arity(argv, 4);
                    faults.tryAgain(node, slot(argv[3]));
                }
                case "refuse-connections" -> faults.refuseConnections(node);
                case "hold-replication" -> faults.holdReplication(node);
                case "reset-connections" -> {
                    arity(argv, 3);
                    // after this reply is written
                    c.closeAfterReply();
                    node.loop().execute(() -> faults.resetConnections(node));
                }
                case "kill" -> {
                    arity(argv, 3);
                    c.closeAfterReply();
                    // after this reply is written; closing the port waits for the event loop: not from the loop itself
                    node.loop().execute(() -> java.util.concurrent.CompletableFuture.runAsync(() -> faults.kill(node)));
                }
                case "restart" -> {
                    arity(argv, 4);
                    return restart(c, faults, other(faults, node, argv[3], true));
                }
                case "cut" -> {
                    arity(argv, 4);
                    faults.cutAddresses(Faults.address(node), other(faults, node, argv[3], false));
                }
                case "partition" -> {
                    requireBus(faults);
                    List<String> others = new ArrayList<>();
                    for (int i = 3; i < argv.length; i++) {
                        String a = other(faults, node, argv[i], false);
                        if (!others.contains(a)) {
                            others.add(a);
                        }
                    }
                    if (argv.length == 3) {
                        others = everyOther(faults, node);
                    }
                    if (others.isEmpty()) {
                        throw new IllegalArgumentException("this node knows no other node");
                    }
                    faults.partitionAddresses(List.of(Faults.address(node)), others);
                }
                case "bus-delay" -> {
                    arity(argv, 5);
                    String to = other(faults, node, argv[3], false);
                    faults.busDelayAddresses(Faults.address(node), to, toMillis(argv[4]));
                }
                case "bus-loss" -> {
                    arity(argv, 5);
                    String to = other(faults, node, argv[3], false);
                    faults.busLossAddresses(Faults.address(node), to, probability(argv[4]));
                }
                case "heal" -> {
                    if (argv.length == 3) {
                        faults.heal(node);
                    } else {
                        arity(argv, 4); // another node's faults (a paused node reads nothing: heal it from here)
                        faults.heal(faults.resolve(new String(argv[3], StandardCharsets.UTF_8)));
                    }
                }
                case "list" -> {
                    arity(argv, 3);
                    List<RespValue> out = new ArrayList<>();
                    for (Fault f : faults.involving(node)) {
                        out.add(Replies.bulk(f.toString()));
                    }
                    return Replies.array(out);
                }
                default -> {
                    return USAGE;
                }
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return Replies.error("ERR " + e.getMessage());
        }
        return Replies.OK;
    }

    /**
     * RESTART: the restart binds a port and waits for event loops, so it runs off this loop; the client
     * waits (blocked, its later requests queued) and gets +OK once the node listens again.
     */
    private static RespValue restart(Connection c, Faults faults, String address) {
        RedisNode node = c.node();
        RedisNode target = faults.resolve(address);
        if (target.isRunning() && !target.gate().isPaused()) {
            throw new IllegalArgumentException(address + " is running");
        }
        node.block(c, new byte[][] {"rcsim".getBytes(StandardCharsets.US_ASCII)}, List.of(), 0, null);
        Object waiting = c.blocked();
        java.util.concurrent.CompletableFuture.runAsync(() -> faults.restart(target)).whenComplete((v, e) ->
                node.loop().execute(() -> {
                    if (c.blocked() != waiting || c.isClosing()) {
                        return;
                    }
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    node.completeBlocked(c, cause == null ? Replies.OK : Replies.error("ERR " + cause.getMessage()));
                }));
        return Blocking.BLOCKED;
    }

    private static void requireBus(Faults faults) {
        if (!faults.hasNetwork()) {
            throw new IllegalArgumentException("bus faults need a node of a simulated cluster");
        }
    }

    /** Another node of the cluster, as {@code host:port}. */
    private static String other(Faults faults, RedisNode me, byte[] ref, boolean restart) {
        requireBus(faults);
        String a = Faults.address(faults.resolve(new String(ref, StandardCharsets.UTF_8)));
        if (a.equals(Faults.address(me))) {
            throw new IllegalArgumentException(restart ? a + " is running" : a + " is this node");
        }
        return a;
    }

    /** Every other node this node's cluster view knows (that the simulator also knows). */
    private static List<String> everyOther(Faults faults, RedisNode me) {
        List<String> out = new ArrayList<>();
        if (NodeCluster.of(me).view() == null) {
            return out;
        }
        String self = Faults.address(me);
        for (dev.rcsim.cluster.ClusterNode n : NodeCluster.of(me).view().nodes()) {
            if (n.isMyself()) {
                continue;
            }
            String a;
            try {
                a = Faults.address(faults.resolve(n.ip() + ":" + n.port()));
            } catch (IllegalArgumentException e) {
                continue; // not a node of this simulator
            }
            if (!a.equals(self) && !out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private static IllegalArgumentException wrongArgs(byte[][] argv) {
        return new IllegalArgumentException("wrong number of arguments for 'rcsim fault " + word(argv[2]) + "'");
    }

    private static int slot(byte[] arg) {
        long v;
        try {
            v = Numbers.parseLong(arg);
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < 0 || v > 16383) {
            throw new IllegalArgumentException("Invalid or out of range slot");
        }
        return (int) v;
    }

    private static double probability(byte[] arg) {
        double p;
        try {
            p = Double.parseDouble(new String(arg, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value is not a valid float");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("loss probability must be between 0 and 1");
        }
        return p;
    }

    private static Duration millis(byte[][] argv) {
        arity(argv, 4);
        return toMillis(argv[3]);
    }

    private static Duration toMillis(byte[] arg) {
        long ms;
        try {
            ms = Numbers.parseLong(arg);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value is not an integer or out of range");
        }
        if (ms < 0 || ms > Faults.MAX_DURATION.toMillis()) {
            throw new IllegalArgumentException("milliseconds must be between 0 and " + Faults.MAX_DURATION.toMillis());
        }
        return Duration.ofMillis(ms);
    }

    /** The request must have exactly {@code n} words ({@code RCSIM FAULT <op>} is 3). */
    private static void arity(byte[][] argv, int n) {
        if (argv.length != n) {
            throw wrongArgs(argv);
        }
    }

    private static String word(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }
}
