package dev.rcsim.server;

import dev.rcsim.protocol.ProtocolError;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespDecoder;
import dev.rcsim.protocol.RespValue;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each decoded request to the node's {@link CommandProcessor} and flushes the replies of one read batch in a
 * single write. While the client is blocked (BLPOP...), later requests wait in order, as they wait in
 * Redis's query buffer.
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    private final RedisNode node;
    private final Connection c;

    RequestHandler(RedisNode node, Connection c) {
        this.node = node;
        this.c = c;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        c.beginBatch();
        Object request = node.gate().intercept(c, msg);
        if (request == null) {
            return;
        }
        deliver(request);
    }

    /**
     * Runs the request now, or queues it behind a blocked command, earlier requests, or another
     * client's command that holds the whole node (MIGRATE).
     */
    void deliver(Object msg) {
        if (c.isBlocked() || !c.pendingRequests.isEmpty() || node.busyWithOther(c)) {
            c.pendingRequests.add(msg);
            return;
        }
        handle(msg);
    }

    void handle(Object msg) {
        if (c.isClosing()) {
            return;
        }
        if (msg instanceof byte[][] argv) {
            if (argv.length == 0) {
                return;
            }
            try {
                node.processor().process(c, argv);
            } catch (RuntimeException e) {
                log.error("node {}: command {} failed", node.port(), new String(argv[0]), e);
                c.reply(Replies.error("ERR internal error in rcsim: " + e));
            } catch (OutOfMemoryError e) {
                // what failed to allocate may be gone: the client gets Redis's OOM error, the others go on
                JvmMemoryGuard.outOfMemory(node.host() + ":" + node.port(), "running " + new String(argv[0]) + " for "
                        + c.remoteAddress(), e);
                c.reply(OOM);
            }
        } else if (msg instanceof ClientGate.LateReply late) {
            node.gate().runLate(c, late.millis(), () -> handle(late.argv()));
        } else if (msg instanceof ProtocolError pe) {
            if (pe.reply() != null) {
                node.stats().errorReplies++;
                node.stats().errors.merge("ERR", 1L, Long::sum);
                c.reply(new RespValue.Raw(RespDecoder.errorLine(pe)));
            } else {
                log.warn("node {}: closing client {} that reached max query buffer length", node.port(), c.remoteAddress());
            }
            c.closeAfterReply();
        }
    }

    /** Runs requests that arrived while the client was blocked. */
    void drainPending() {
        c.beginBatch();
        while (!c.isBlocked() && !node.gate().holds() && !node.busyWithOther(c) && !c.pendingRequests.isEmpty()) {
            handle(c.pendingRequests.poll());
        }
        c.endBatch();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        c.endBatch();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        node.clients().closed(c);
    }

    private static final RespValue OOM = Replies.error("OOM command not allowed when used memory > 'maxmemory'.");

    /**
     * A failure in the client's pipeline closes its connection. A reset by the peer is routine (DEBUG);
     * running out of heap or direct memory is not (ERROR, and the process's handler), nor is anything
     * else unexpected (WARN).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (JvmMemoryGuard.isOutOfMemory(cause)) {
            JvmMemoryGuard.outOfMemory(node.host() + ":" + node.port(), "serving client " + c.remoteAddress()
                    + " (connection closed)", cause);
        } else if (cause instanceof java.io.IOException) {
            log.debug("node {}: client {} error: {}", node.port(), c.remoteAddress(), cause.toString());
        } else {
            log.warn("node {}: closing client {} after an error: {}", node.port(), c.remoteAddress(), cause.toString());
        }
        ctx.close();
    }

}
