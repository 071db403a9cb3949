package dev.rcsim.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures to accept a connection on a node's listening socket (EMFILE "Too many open files",
 * ENFILE...), which Redis logs as {@code Accepting client connection: ...}: logged at WARN once, then
 * at most once per {@link #REPORT_EVERY_NANOS} with the count in between, never a stack trace per
 * attempt. Accepting pauses {@link #PAUSE_MILLIS} ms after a failure (pending connections wait in the
 * backlog) so a process out of descriptors does not spin on its listening socket.
 */
final class AcceptFailures extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AcceptFailures.class);
    static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final long PAUSE_MILLIS = 100;

    private final String node;
    private final LongSupplier nanos;
    private long lastReport;
    private boolean reported;
    private long suppressed;
    private long failures;
    private long reports;

    AcceptFailures(String node, LongSupplier nanos) {
        this.node = node;
        this.nanos = nanos;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failures++;
        long now = nanos.getAsLong();
        if (!reported || now - lastReport >= REPORT_EVERY_NANOS) {
            log.warn("node {}: Accepting client connection: {}{}", node, cause.getMessage() != null ? cause.getMessage() : cause,
                    suppressed > 0 ? " (" + suppressed + " more failures since the last report)" : "");
            reported = true;
            reports++;
            lastReport = now;
            suppressed = 0;
        } else {
            suppressed++;
        }
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            ctx.channel().eventLoop().schedule(() -> ctx.channel().config().setAutoRead(true), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Log lines written so far. */
    long reports() {
        return reports;
    }

    /** Failures seen so far (all of them, reported or not). */
    long failures() {
        return failures;
    }
}
