package dev.rcsim.command.pubsub;

import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Dispatcher;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.protocol.RespWriter;
import dev.rcsim.server.Connection;
import dev.rcsim.keyspace.Glob;
import dev.rcsim.server.PubSubRegistry;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pub/Sub of Redis 7.0 (pubsub.c): (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB.
 * Subscription confirmations are one RESP2 array (RESP3 push) per channel, each carrying the count of
 * the client's subscriptions: channels plus patterns for SUBSCRIBE/PSUBSCRIBE, shard channels for
 * SSUBSCRIBE. A command that confirms several channels replies with their concatenation, so inside
 * EXEC they land in the transaction's reply exactly as Redis writes them. Delivery is local to the node;
 * the cluster layer broadcasts PUBLISH through {@link #publish}.
 */
public final class PubSubCommands {
    private PubSubCommands() {}

    private static final RespValue SUBSCRIBE = Replies.bulk("subscribe");
    private static final RespValue UNSUBSCRIBE = Replies.bulk("unsubscribe");
    private static final RespValue PSUBSCRIBE = Replies.bulk("psubscribe");
    private static final RespValue PUNSUBSCRIBE = Replies.bulk("punsubscribe");
    private static final RespValue SSUBSCRIBE = Replies.bulk("ssubscribe");
    private static final RespValue SUNSUBSCRIBE = Replies.bulk("sunsubscribe");

    private static final String[] HELP = {
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        "HELP",
        "    Prints this help.",
    };

    /** What the kind of subscription is: the registry map, the client's own set, and the confirmation words. */
    private enum Kind { CHANNEL, PATTERN, SHARD }

    public static void register(CommandTable t) {
        t.add("subscribe", -2, "pubsub noscript loading stale", 0, 0, 0).acl("@pubsub @slow")
                .run((c, a) -> subscribe(c, a, Kind.CHANNEL));
        t.add("unsubscribe", -1, "pubsub noscript loading stale", 0, 0, 0).acl("@pubsub @slow")
                .run((c, a) -> unsubscribe(c, a, Kind.CHANNEL));
        t.add("psubscribe", -2, "pubsub noscript loading stale", 0, 0, 0).acl("@pubsub @slow")
                .run((c, a) -> subscribe(c, a, Kind.PATTERN));
        t.add("punsubscribe", -1, "pubsub noscript loading stale", 0, 0, 0).acl("@pubsub @slow")
                .run((c, a) -> unsubscribe(c, a, Kind.PATTERN));
        t.add("ssubscribe", -2, "pubsub noscript loading stale", 1, -1, 1).acl("@pubsub @slow")
                .run((c, a) -> subscribe(c, a, Kind.SHARD));
        t.add("sunsubscribe", -1, "pubsub noscript loading stale", 1, -1, 1).acl("@pubsub @slow")
                .run((c, a) -> unsubscribe(c, a, Kind.SHARD));
        t.add("publish", 3, "pubsub loading stale fast", 0, 0, 0).acl("@pubsub @fast").run(PubSubCommands::publishCommand);
        t.add("spublish", 3, "pubsub loading stale fast", 1, 1, 1).acl("@pubsub @fast").run(PubSubCommands::spublish);
        CommandSpec ps = t.add("pubsub", -2, "", 0, 0, 0).acl("@slow");
        ps.sub("channels", -2, "pubsub loading stale", 0, 0, 0).acl("@pubsub @slow").run((c, a) -> channels(c, a, false));
        ps.sub("shardchannels", -2, "pubsub loading stale", 0, 0, 0).acl("@pubsub @slow").run((c, a) -> channels(c, a, true));
        ps.sub("numpat", 2, "pubsub loading stale", 0, 0, 0).acl("@pubsub @slow").run(PubSubCommands::numpat);
        ps.sub("numsub", -2, "pubsub loading stale", 0, 0, 0).acl("@pubsub @slow").run((c, a) -> numsub(c, a, false));
        ps.sub("shardnumsub", -2, "pubsub loading stale", 0, 0, 0).acl("@pubsub @slow").run((c, a) -> numsub(c, a, true));
        ps.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow").run(PubSubCommands::help);
    }

    // ------------------------------------------------------------------ subscriptions

    private static Map<Bytes, Set<Connection>> registry(Connection c, Kind k) {
        PubSubRegistry ps = c.node().pubsub();
        return k == Kind.CHANNEL ? ps.channels() : k == Kind.PATTERN ? ps.patterns() : ps.shardChannels();
    }

    private static Set<Bytes> own(Connection c, Kind k) {
        return k == Kind.CHANNEL ? c.channels() : k == Kind.PATTERN ? c.patterns() : c.shardChannels();
    }

    /** The count a confirmation carries: channels + patterns, or shard channels for the S commands. */
    private static int count(Connection c, Kind k) {
        return k == Kind.SHARD ? c.shardChannels().size() : c.channels().size() + c.patterns().size();
    }

    private static RespValue subscribe(Connection c, byte[][] argv, Kind k) {
        RespValue word = k == Kind.CHANNEL ? SUBSCRIBE : k == Kind.PATTERN ? PSUBSCRIBE : SSUBSCRIBE;
        Confirmations out = new Confirmations();
        for (int i = 1; i < argv.length; i++) {
            Bytes name = Bytes.of(argv[i]);
            c.node().pubsub().subscribe(registry(c, k), own(c, k), name, c);
            out.add(word, Replies.bulk(argv[i]), count(c, k));
        }
        return out.value();
    }

    private static RespValue unsubscribe(Connection c, byte[][] argv, Kind k) {
        RespValue word = k == Kind.CHANNEL ? UNSUBSCRIBE : k == Kind.PATTERN ? PUNSUBSCRIBE : SUNSUBSCRIBE;
        Confirmations out = new Confirmations();
        List<Bytes> names = new ArrayList<>();
        if (argv.length == 1) {
            names.addAll(own(c, k));
            if (names.isEmpty()) {
                out.add(word, Replies.NULL_BULK, count(c, k));
                return out.value();
            }
        } else {
            for (int i = 1; i < argv.length; i++) {
                names.add(Bytes.of(argv[i]));
            }
        }
        for (Bytes name : names) {
            c.node().pubsub().unsubscribe(registry(c, k), own(c, k), name, c);
            out.add(word, Replies.bulk(name.bytes()), count(c, k));
        }
        return out.value();
    }

    /** Drops every subscription of the client (RESET), without replies. */
    public static void unsubscribeAll(Connection c) {
        var ps = c.node().pubsub();
        for (var b : new ArrayList<>(c.channels())) {
            ps.unsubscribe(ps.channels(), c.channels(), b, c);
        }
        for (var b : new ArrayList<>(c.patterns())) {
            ps.unsubscribe(ps.patterns(), c.patterns(), b, c);
        }
        for (var b : new ArrayList<>(c.shardChannels())) {
            ps.unsubscribe(ps.shardChannels(), c.shardChannels(), b, c);
        }
    }

    /** Confirmation messages of one command, pre-encoded for both protocol versions and concatenated. */
    private static final class Confirmations {
        private final ByteArrayOutputStream resp2 = new ByteArrayOutputStream();
        private final ByteArrayOutputStream resp3 = new ByteArrayOutputStream();

        void add(RespValue word, RespValue name, int count) {
            RespValue push = Replies.push(List.of(word, name, Replies.integer(count)));
            resp2.writeBytes(RespWriter.toBytes(push, 2));
            resp3.writeBytes(RespWriter.toBytes(push, 3));
        }

        RespValue value() {
            return new RespValue.Versioned(resp2.toByteArray(), resp3.toByteArray());
        }
    }

    // ------------------------------------------------------------------ publishing

    private static RespValue publishCommand(Connection c, byte[][] argv) {
        return Replies.integer(publish(c, argv[1], argv[2]));
    }

    /**
     * PUBLISH's delivery: the single place where a message leaves this node's command. Local channel
     * and pattern subscribers receive it here; a cluster-wide broadcast of PUBLISH belongs here too.
     * Returns the number of local receivers (what Redis replies).
     */
    static int publish(Connection c, byte[] channel, byte[] message) {
        return c.node().pubsub().publish(Bytes.of(channel), message);
    }

    private static RespValue spublish(Connection c, byte[][] argv) {
        return Replies.integer(c.node().pubsub().spublish(Bytes.of(argv[1]), argv[2]));
    }

    // ------------------------------------------------------------------ PUBSUB

    private static RespValue channels(Connection c, byte[][] argv, boolean shard) {
        if (argv.length > 3) {
            return Dispatcher.rawError("ERR unknown subcommand or wrong number of arguments for '"
                    + Dispatcher.trunc(argv[1], 128) + "'. Try PUBSUB HELP.");
        }
        PubSubRegistry ps = c.node().pubsub();
        Map<Bytes, Set<Connection>> reg = shard ? ps.shardChannels() : ps.channels();
        List<RespValue> out = new ArrayList<>();
        for (Bytes ch : reg.keySet()) {
            if (argv.length == 2 || Glob.matches(argv[2], ch.bytes(), false)) {
                out.add(Replies.bulk(ch.bytes()));
            }
        }
        return Replies.array(out);
    }

    private static RespValue numpat(Connection c, byte[][] argv) {
        return Replies.integer(c.node().pubsub().patterns().size());
    }

    private static RespValue numsub(Connection c, byte[][] argv, boolean shard) {
        PubSubRegistry ps = c.node().pubsub();
        Map<Bytes, Set<Connection>> reg = shard ? ps.shardChannels() : ps.channels();
        List<RespValue> out = new ArrayList<>((argv.length - 2) * 2);
        for (int i = 2; i < argv.length; i++) {
            Set<Connection> s = reg.get(Bytes.of(argv[i]));
            out.add(Replies.bulk(argv[i]));
            out.add(Replies.integer(s == null ? 0 : s.size()));
        }
        return Replies.array(out);
    }

    private static RespValue help(Connection c, byte[][] argv) {
        List<RespValue> out = new ArrayList<>(HELP.length);
        for (String line : HELP) {
            out.add(Replies.simple(line));
        }
        return Replies.array(out);
    }
}
