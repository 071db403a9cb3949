package dev.rcsim.cluster;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.connection.ConnectionCommands;
import dev.rcsim.command.keys.MigrateCommand;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * CLUSTER and its read-only subcommands (INFO, NODES, SLOTS, SHARDS, MYID, KEYSLOT, COUNTKEYSINSLOT,
 * GETKEYSINSLOT, REPLICAS, SLAVES, COUNT-FAILURE-REPORTS, LINKS, HELP), answered from the node's own
 * {@link ClusterView}; and WAIT, when no other family declared it. On a node without cluster support
 * every subcommand fails with {@code ERR This instance has cluster support disabled}, as Redis 7.0.
 * MYSHARDID is 7.2+ and is unknown here, as on 7.0.15.
 */
public final class ClusterCommands {
    private ClusterCommands() {}

    private static final String ACL_ADMIN = "@admin @slow @dangerous";

    public static void register(CommandTable t) {
        CommandSpec cluster = t.add("cluster", -2, "", 0, 0, 0).acl("@slow");
        cluster.sub("info", 2, "stale", 0, 0, 0).acl("@slow").run(ClusterCommands::info);
        cluster.sub("nodes", 2, "stale", 0, 0, 0).acl("@slow").run(ClusterCommands::nodes);
        cluster.sub("slots", 2, "stale", 0, 0, 0).acl("@slow").run((c, a) -> withView(c, ClusterReplies::slots));
        cluster.sub("shards", 2, "stale", 0, 0, 0).acl("@slow").run((c, a) -> withView(c, ClusterReplies::shards));
        cluster.sub("myid", 2, "stale", 0, 0, 0).acl("@slow").run((c, a) -> withView(c, v -> Replies.bulk(v.myself().id())));
        cluster.sub("keyslot", 3, "stale", 0, 0, 0).acl("@slow").run(ClusterCommands::keyslot);
        cluster.sub("countkeysinslot", 3, "stale", 0, 0, 0).acl("@slow").run(ClusterCommands::countKeysInSlot);
        cluster.sub("getkeysinslot", 4, "stale", 0, 0, 0).acl("@slow").run(ClusterCommands::getKeysInSlot);
        cluster.sub("replicas", 3, "admin stale", 0, 0, 0).acl(ACL_ADMIN).run(ClusterCommands::replicas);
        cluster.sub("slaves", 3, "admin stale", 0, 0, 0).acl(ACL_ADMIN).run(ClusterCommands::replicas);
        // ---- acting through the cluster bus (dev.rcsim.cluster.BusCommands)
        cluster.sub("count-failure-reports", 3, "admin stale", 0, 0, 0).acl(ACL_ADMIN).run(BusCommands::countFailureReports);
        cluster.sub("meet", -4, "admin stale no_async_loading", 0, 0, 0).acl(ACL_ADMIN).run(BusCommands.onBus(BusCommands::meet));
        cluster.sub("forget", 3, "admin stale no_async_loading", 0, 0, 0).acl(ACL_ADMIN).run(BusCommands.onBus(BusCommands::forget));
        cluster.sub("reset", -2, "admin noscript stale", 0, 0, 0).acl(ACL_ADMIN).run(BusCommands.onBus(BusCommands::reset));
        cluster.sub("replicate", 3, "admin stale no_async_loading", 0, 0, 0).acl(ACL_ADMIN).run(BusCommands.onBus(BusCommands::replicate));
        cluster.sub("failover", -2, "admin stale no_async_loading", 0, 0, 0).acl(ACL_ADMIN).run(BusCommands.onBus(BusCommands::failover));
        cluster.sub("set-config-epoch", 3, "admin stale no_async_loading", 0, 0, 0).acl(ACL_ADMIN).run(BusCommands.onBus(BusCommands::setConfigEpoch));
        cluster.sub("bumpepoch", 2, "admin stale no_async_loading", 0, 0, 0).acl(ACL_ADMIN).run(BusCommands.onBus(BusCommands::bumpEpoch));
        cluster.sub("saveconfig", 2, "admin stale no_async_loading", 0, 0, 0).acl(ACL_ADMIN).run(BusCommands.onBus(BusCommands::saveConfig));
        cluster.sub("links", 2, "stale", 0, 0, 0).acl("@slow")
                .run((c, a) -> withView(c, v -> ClusterReplies.links(v, c.node().startMillis())));
        cluster.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow").run((c, a) -> withView(c, v -> HELP));
        // slot assignment and resharding (ADDSLOTS..., SETSLOT): their own family
        ClusterSlotCommands.register(cluster);
        MigrateCommand.register(t);
    }

    static final RespValue CLUSTER_DISABLED = ConnectionCommands.CLUSTER_DISABLED;

    private static RespValue withView(Connection c, java.util.function.Function<ClusterView, RespValue> f) {
        ClusterView v = NodeCluster.of(c.node()).view();
        return v == null ? CLUSTER_DISABLED : f.apply(v);
    }

    private static RespValue info(Connection c, byte[][] argv) {
        return withView(c, v -> Replies.verbatim(ClusterReplies.info(v, ClusterBus.of(c.node()))));
    }

    private static RespValue nodes(Connection c, byte[][] argv) {
        return withView(c, v -> Replies.verbatim(ClusterReplies.nodes(v, c.node().clock().millis())));
    }

    private static RespValue keyslot(Connection c, byte[][] argv) {
        return withView(c, v -> Replies.integer(HashSlots.slot(argv[2])));
    }

    private static RespValue countKeysInSlot(Connection c, byte[][] argv) {
        return withView(c, v -> {
            long slot;
            try {
                slot = Numbers.parseLong(argv[2]);
            } catch (NumberFormatException e) {
                return Replies.NOT_INTEGER;
            }
            if (slot < 0 || slot >= HashSlots.SLOTS) {
                return Replies.error("ERR Invalid slot");
            }
            return Replies.integer(c.node().db(0).countKeysInSlot((int) slot));
        });
    }

    private static RespValue getKeysInSlot(Connection c, byte[][] argv) {
        return withView(c, v -> {
            long slot;
            long max;
            try {
                slot = Numbers.parseLong(argv[2]);
                max = Numbers.parseLong(argv[3]);
            } catch (NumberFormatException e) {
                return Replies.NOT_INTEGER;
            }
            if (slot < 0 || slot >= HashSlots.SLOTS || max < 0) {
                return Replies.error("ERR Invalid slot or number of keys");
            }
            List<RespValue> out = new ArrayList<>();
            for (var k : c.node().db(0).keysInSlot((int) slot, (int) Math.min(max, Integer.MAX_VALUE))) {
                out.add(Replies.bulk(k.bytes()));
            }
            return Replies.array(out);
        });
    }

    private static RespValue replicas(Connection c, byte[][] argv) {
        return withView(c, v -> ClusterReplies.replicas(v, argv[2], c.node().clock().millis()));
    }

    private static final RespValue HELP;

    static {
        String[] lines = {
            "CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ADDSLOTS <slot> [<slot> ...]",
            "    Assign slots to current node.",
            "ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
            "    Assign slots which are between <start-slot> and <end-slot> to current node.",
            "BUMPEPOCH",
            "    Advance the cluster config epoch.",
            "COUNT-FAILURE-REPORTS <node-id>",
            "    Return number of failure reports for <node-id>.",
            "COUNTKEYSINSLOT <slot>",
            "    Return the number of keys in <slot>.",
            "DELSLOTS <slot> [<slot> ...]",
            "    Delete slots information from current node.",
            "DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
            "    Delete slots information which are between <start-slot> and <end-slot> from current node.",
            "FAILOVER [FORCE|TAKEOVER]",
            "    Promote current replica node to being a master.",
            "FORGET <node-id>",
            "    Remove a node from the cluster.",
            "GETKEYSINSLOT <slot> <count>",
            "    Return key names stored by current node in a slot.",
            "FLUSHSLOTS",
            "    Delete current node own slots information.",
            "INFO",
            "    Return information about the cluster.",
            "KEYSLOT <key>",
            "    Return the hash slot for <key>.",
            "MEET <ip> <port> [<bus-port>]",
            "    Connect nodes into a working cluster.",
            "MYID",
            "    Return the node id.",
            "NODES",
            "    Return cluster configuration seen by node. Output format:",
            "    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
            "REPLICATE <node-id>",
            "    Configure current node as replica to <node-id>.",
            "RESET [HARD|SOFT]",
            "    Reset current node (default: soft).",
            "SET-CONFIG-EPOCH <epoch>",
            "    Set config epoch of current node.",
            "SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)",
            "    Set slot state.",
            "REPLICAS <node-id>",
            "    Return <node-id> replicas.",
            "SAVECONFIG",
            "    Force saving cluster configuration on disk.",
            "SLOTS",
            "    Return information about slots range mappings. Each range is made of:",
            "    start, end, master and replicas IP addresses, ports and ids",
            "SHARDS",
            "    Return information about slot range mappings and the nodes associated with them.",
            "LINKS",
            "    Return information about all network links between this node and its peers.",
            "    Output format is an array where each array element is a map containing attributes of a link",
            "HELP",
            "    Prints this help."
        };
        List<RespValue> out = new ArrayList<>(lines.length);
        for (String l : lines) {
            out.add(Replies.simple(l));
        }
        HELP = Replies.array(out);
    }
}
