package dev.rcsim.server;

import dev.rcsim.protocol.RespDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** The one place a client pipeline is composed: RESP decoding, then command handling. */
final class ServerPipeline extends ChannelInitializer<SocketChannel> {
    private final RedisNode node;

    ServerPipeline(RedisNode node) {
        this.node = node;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!node.gate().admits(ch)) {
            return; // a refuse-connections fault: closed before any byte is read
        }
        Connection c = node.clients().open(ch);
        if (c == null) {
            return; // refused (maxclients): the channel is being closed with Redis's error
        }
        c.handler = new RequestHandler(node, c);
        ch.pipeline()
                .addLast("resp-decoder", new RespDecoder(new ClientLimits(node, c)))
                .addLast("requests", c.handler)
                .addFirst("reply-delay", node.gate().replyDelayer());
    }

    private record ClientLimits(RedisNode node, Connection c) implements RespDecoder.Limits {
        @Override
        public long protoMaxBulkLen() {
            return node.protoMaxBulkLen();
        }

        @Override
        public long queryBufferLimit() {
            return node.queryBufferLimit();
        }

        @Override
        public boolean authRequired() {
            return !c.authenticated();
        }
    }
}
