package dev.rcsim.fault;

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
 * {@code RCSIM FAULT ...}: the fault API over RESP, acting on the node that receives it, through the
 * same {@link Faults} as the Java API (so the faults show in {@code cluster.faults().active()} and the
 * event log). Not a Redis command: it is not in COMMAND's table, and it is refused unless the node runs
 * with {@code rcsim-faults yes} (the standalone launcher sets it).
 *
 * <pre>
 * RCSIM FAULT PAUSE ms             stop reading clients for ms (always timed: a paused node reads nothing)
 * RCSIM FAULT BLACKHOLE ms         drop requests for ms
 * RCSIM FAULT LATENCY ms           delay replies
 * RCSIM FAULT SLOW ms              per-command delay
 * RCSIM FAULT REFUSE-CONNECTIONS   close new connections
 * RCSIM FAULT RESET-CONNECTIONS    close every client connection now (including this one)
 * RCSIM FAULT HOLD-REPLICATION     (replica) stop applying the master's stream
 * RCSIM FAULT SLOW-REPLICATION ms  (replica) apply the stream ms late
 * RCSIM FAULT KILL                 close the port (the Java API can restart the node)
 * RCSIM FAULT HEAL                 heal every fault on this node
 * RCSIM FAULT LIST                 the faults in effect on this node
 * </pre>
 */
public final class RcsimCommand {
    private RcsimCommand() {}

    private static final RespValue DISABLED = Replies.error(
            "ERR RCSIM commands are disabled on this node (start it with 'rcsim-faults yes')");
    private static final RespValue USAGE = Replies.error(
            "ERR usage: RCSIM FAULT PAUSE|BLACKHOLE|LATENCY|SLOW|SLOW-REPLICATION <ms> | REFUSE-CONNECTIONS | "
                    + "RESET-CONNECTIONS | HOLD-REPLICATION | KILL | HEAL | LIST");

    /** True when the request is an RCSIM command (checked only for names the command table lacks). */
    public static boolean is(byte[] name) {
        return name.length == 5 && new String(name, StandardCharsets.US_ASCII).equalsIgnoreCase("rcsim");
    }

    /** Runs an RCSIM request on the connection's node and returns the reply. */
    public static RespValue execute(Connection c, byte[][] argv) {
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
                case "latency" -> faults.latency(node, millis(argv));
                case "slow" -> faults.slow(node, millis(argv));
                case "slow-replication" -> faults.slowReplication(node, millis(argv));
                case "refuse-connections" -> faults.refuseConnections(node);
                case "hold-replication" -> faults.holdReplication(node);
                case "reset-connections" -> {
                    noArgs(argv);
                    // after this reply is written
                    c.closeAfterReply();
                    node.loop().execute(() -> faults.resetConnections(node));
                }
                case "kill" -> {
                    noArgs(argv);
                    c.closeAfterReply();
                    // closing the port waits for the event loop: not from the loop itself
                    java.util.concurrent.CompletableFuture.runAsync(() -> faults.kill(node));
                }
                case "heal" -> {
                    noArgs(argv);
                    faults.heal(node);
                }
                case "list" -> {
                    noArgs(argv);
                    List<RespValue> out = new ArrayList<>();
                    String me = Faults.address(node);
                    for (Fault f : faults.active()) {
                        if (f.target().equals(me)) {
                            out.add(Replies.bulk(f.toString()));
                        }
                    }
                    return Replies.array(out);
                }
                default -> {
                    return USAGE;
                }
            }
        } catch (IllegalArgumentException e) {
            return Replies.error("ERR " + e.getMessage());
        }
        return Replies.OK;
    }

    private static Duration millis(byte[][] argv) {
        if (argv.length != 4) {
            throw new IllegalArgumentException("wrong number of arguments for 'rcsim fault " + word(argv[2]) + "'");
        }
        long ms;
        try {
            ms = Numbers.parseLong(argv[3]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value is not an integer or out of range");
        }
        if (ms < 0) {
            throw new IllegalArgumentException("milliseconds must be >= 0");
        }
        return Duration.ofMillis(ms);
    }

    private static void noArgs(byte[][] argv) {
        if (argv.length != 3) {
            throw new IllegalArgumentException("wrong number of arguments for 'rcsim fault " + word(argv[2]) + "'");
        }
    }

    private static String word(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }
}
