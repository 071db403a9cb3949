package dev.rcsim.command;

import dev.rcsim.server.RedisNode;
import dev.rcsim.server.Connection;
import dev.rcsim.server.Tracking;

/**
 * What Redis's {@code call()} does after a command ran, besides stats and propagation: the keys a
 * tracking client read, the slow log entry and the MONITOR line (sensitive arguments redacted). Costs a few field checks when
 * no monitor is attached and the command was fast.
 */
final class AfterCall {
    private AfterCall() {}

    /** Read-only script commands: only the commands their script runs make the caller's keys tracked (call()). */
    private static final java.util.Set<String> SCRIPT_RO = java.util.Set.of("eval_ro", "evalsha_ro", "fcall_ro");

    /**
     * @param retry true when a blocked client's command is served again (Redis serves it without a
     *     second call(): no MONITOR line)
     * @param blocked true when the command blocked the client: the slow log waits for its completion
     */
    static void observe(Connection c, CommandSpec spec, byte[][] argv, long micros, boolean retry, boolean blocked) {
        RedisNode node = c.node();
        Tracking tracking = node.tracking();
        if (c.scriptClient() && spec.readonly && !blocked) {
            NodeCommands.of(node).scripts().rememberCallerKeys();
        }
        if (c.tracking() != null) {
            if (spec.readonly && !spec.pubsub && !blocked && !SCRIPT_RO.contains(spec.name)) {
                tracking.remember(c, argv, spec.keyIndexes(argv));
            }
            if (!c.inMulti() && !spec.fullName.startsWith("client|")) {
                c.tracking().caching = false;
            }
        }
        tracking.current = NodeCommands.of(node).scripts().trackingClientAfter(c);
        boolean slow = !blocked && !spec.skipSlowlog && node.slowlog().accepts(micros);
        boolean monitor = !retry && !node.monitors().isEmpty() && !spec.admin && !spec.skipMonitor;
        if (!slow && !monitor) {
            return;
        }
        byte[][] shown = Redaction.of(spec, argv);
        if (slow) {
            node.slowlog().push(c, shown, micros);
        }
        if (monitor) {
            node.monitors().feed(c, shown);
        }
    }
}
