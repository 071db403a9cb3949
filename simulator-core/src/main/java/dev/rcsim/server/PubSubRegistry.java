package dev.rcsim.server;

import dev.rcsim.keyspace.Glob;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Channel, pattern and shard-channel subscriptions of one node, and local delivery of messages. */
public final class PubSubRegistry {
    final Map<Bytes, Set<Connection>> channels = new LinkedHashMap<>();
    final Map<Bytes, Set<Connection>> patterns = new LinkedHashMap<>();
    final Map<Bytes, Set<Connection>> shardChannels = new LinkedHashMap<>();

    private static final RespValue MESSAGE = Replies.bulk("message");
    private static final RespValue PMESSAGE = Replies.bulk("pmessage");
    private static final RespValue SMESSAGE = Replies.bulk("smessage");

    /** Where PUBLISH and SPUBLISH also go in cluster mode (Redis's bus PUBLISH messages). */
    public interface Bus {
        void publish(Bytes channel, byte[] message);

        void spublish(Bytes channel, byte[] message);
    }

    /** Set by the cluster layer; null on a standalone node. */
    public volatile Bus bus;

    public Map<Bytes, Set<Connection>> channels() {
        return channels;
    }

    public Map<Bytes, Set<Connection>> patterns() {
        return patterns;
    }

    public Map<Bytes, Set<Connection>> shardChannels() {
        return shardChannels;
    }

    /** Adds; true if the client was not subscribed yet. */
    public boolean subscribe(Map<Bytes, Set<Connection>> registry, Set<Bytes> own, Bytes name, Connection c) {
        if (!own.add(name)) {
            return false;
        }
        registry.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(c);
        return true;
    }

    public boolean unsubscribe(Map<Bytes, Set<Connection>> registry, Set<Bytes> own, Bytes name, Connection c) {
        if (!own.remove(name)) {
            return false;
        }
        Set<Connection> s = registry.get(name);
        if (s != null) {
            s.remove(c);
            if (s.isEmpty()) {
                registry.remove(name);
            }
        }
        return true;
    }

    /** PUBLISH: delivers locally and, in cluster mode, to every other node; returns the local receivers. */
    public int publish(Bytes channel, byte[] message) {
        Bus b = bus;
        if (b != null) {
            b.publish(channel, message);
        }
        return deliver(channel, message);
    }

    /** Delivers to local channel and pattern subscribers; returns the number of receivers. */
    public int deliver(Bytes channel, byte[] message) {
        int receivers = 0;
        Set<Connection> subs = channels.get(channel);
        RespValue ch = Replies.bulk(channel.bytes());
        RespValue msg = Replies.bulk(message);
        if (subs != null) {
            for (Connection c : subs) {
                c.push(Replies.push(List.of(MESSAGE, ch, msg)));
                receivers++;
            }
        }
        if (!patterns.isEmpty()) {
            for (Map.Entry<Bytes, Set<Connection>> e : new ArrayList<>(patterns.entrySet())) {
                if (Glob.matches(e.getKey().bytes(), channel.bytes(), false)) {
                    RespValue pat = Replies.bulk(e.getKey().bytes());
                    for (Connection c : e.getValue()) {
                        c.push(Replies.push(List.of(PMESSAGE, pat, ch, msg)));
                        receivers++;
                    }
                }
            }
        }
        return receivers;
    }

    /** SPUBLISH: delivers locally and, in cluster mode, to the other nodes of this shard. */
    public int spublish(Bytes channel, byte[] message) {
        Bus b = bus;
        if (b != null) {
            b.spublish(channel, message);
        }
        return deliverShard(channel, message);
    }

    /** Delivers to local shard-channel subscribers. */
    public int deliverShard(Bytes channel, byte[] message) {
        Set<Connection> subs = shardChannels.get(channel);
        if (subs == null) {
            return 0;
        }
        RespValue ch = Replies.bulk(channel.bytes());
        RespValue msg = Replies.bulk(message);
        for (Connection c : subs) {
            c.push(Replies.push(List.of(SMESSAGE, ch, msg)));
        }
        return subs.size();
    }

    void forget(Connection c) {
        for (Bytes b : new ArrayList<>(c.channels())) {
            unsubscribe(channels, c.channels(), b, c);
        }
        for (Bytes b : new ArrayList<>(c.patterns())) {
            unsubscribe(patterns, c.patterns(), b, c);
        }
        for (Bytes b : new ArrayList<>(c.shardChannels())) {
            unsubscribe(shardChannels, c.shardChannels(), b, c);
        }
    }
}
