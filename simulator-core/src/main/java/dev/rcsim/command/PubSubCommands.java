package dev.rcsim.command;

import dev.rcsim.server.Connection;

/** Work in progress: filled in by the pub/sub implementation. */
final class PubSubCommands {
    private PubSubCommands() {}

    static void register(CommandTable t) {
    }

    /** Drops every subscription of the client (RESET), without replies. */
    static void unsubscribeAll(Connection c) {
        var ps = c.node().pubsub();
        for (var b : new java.util.ArrayList<>(c.channels)) {
            ps.unsubscribe(ps.channels(), c.channels, b, c);
        }
        for (var b : new java.util.ArrayList<>(c.patterns)) {
            ps.unsubscribe(ps.patterns(), c.patterns, b, c);
        }
        for (var b : new java.util.ArrayList<>(c.shardChannels)) {
            ps.unsubscribe(ps.shardChannels(), c.shardChannels, b, c);
        }
    }
}
