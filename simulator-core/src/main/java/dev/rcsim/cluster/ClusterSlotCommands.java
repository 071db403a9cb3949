package dev.rcsim.cluster;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;

/**
 * The slot-assignment subcommands of CLUSTER, as Redis 7.0's {@code clusterCommand} runs them:
 * ADDSLOTS, ADDSLOTSRANGE, DELSLOTS, DELSLOTSRANGE, FLUSHSLOTS and SETSLOT (IMPORTING, MIGRATING,
 * STABLE, NODE), with Redis's checks in Redis's order and its exact error texts. They change only the
 * receiving node's own {@link ClusterView}; after an owner or epoch change the view's
 * {@link ClusterView#slotConfigChanged()} hook lets a bus tell the others. Differences from Redis: a
 * master that gives away its last slot does not turn itself into a replica of the new owner
 * (cluster-allow-replica-migration needs the bus's REPLICATE).
 */
final class ClusterSlotCommands {
    private ClusterSlotCommands() {}

    private static final String ACL = "@admin @slow @dangerous";
    private static final String FLAGS = "admin stale no_async_loading";

    static void register(CommandSpec cluster) {
        cluster.sub("addslots", -3, FLAGS, 0, 0, 0).acl(ACL).run((c, a) -> slots(c, a, false));
        cluster.sub("delslots", -3, FLAGS, 0, 0, 0).acl(ACL).run((c, a) -> slots(c, a, true));
        cluster.sub("addslotsrange", -4, FLAGS, 0, 0, 0).acl(ACL).run((c, a) -> ranges(c, a, false));
        cluster.sub("delslotsrange", -4, FLAGS, 0, 0, 0).acl(ACL).run((c, a) -> ranges(c, a, true));
        cluster.sub("flushslots", 2, FLAGS, 0, 0, 0).acl(ACL).run(ClusterSlotCommands::flushSlots);
        cluster.sub("setslot", -4, FLAGS, 0, 0, 0).acl(ACL).run(ClusterSlotCommands::setSlot);
    }

    private static final RespValue BAD_SLOT = Replies.error("ERR Invalid or out of range slot");
    private static final RespValue BAD_SETSLOT =
            Replies.error("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP");

    /** Redis's getSlotOrReply: -1 for anything that is not an integer in 0..16383. */
    static int slot(byte[] arg) {
        long s;
        try {
            s = Numbers.parseLong(arg);
        } catch (NumberFormatException e) {
            return -1;
        }
        return s < 0 || s >= HashSlots.SLOTS ? -1 : (int) s;
    }

    /** Redis's checkSlotAssignmentsOrReply over [start, end]; null when every slot passes. */
    private static RespValue check(ClusterView v, byte[] seen, boolean del, int start, int end) {
        for (int s = start; s <= end; s++) {
            if (del && v.owner(s) == null) {
                return Replies.error("ERR Slot " + s + " is already unassigned");
            } else if (!del && v.owner(s) != null) {
                return Replies.error("ERR Slot " + s + " is already busy");
            }
            if (seen[s]++ == 1) {
                return Replies.error("ERR Slot " + s + " specified multiple times");
            }
        }
        return null;
    }

    /** Redis's clusterUpdateSlots: importing is cleared, then the slot is added to or removed from this node. */
    private static void apply(ClusterView v, byte[] seen, boolean del) {
        ClusterNode me = v.myself();
        for (int s = 0; s < HashSlots.SLOTS; s++) {
            if (seen[s] != 0) {
                if (v.importingFrom(s) != null) {
                    v.setImporting(s, null);
                }
                v.assign(s, s, del ? null : me);
            }
        }
        v.slotConfigChanged();
    }

    private static RespValue slots(Connection c, byte[][] argv, boolean del) {
        ClusterView v = NodeCluster.of(c.node()).view();
        if (v == null) {
            return ClusterCommands.CLUSTER_DISABLED;
        }
        for (int j = 2; j < argv.length; j++) {
            if (slot(argv[j]) < 0) {
                return BAD_SLOT;
            }
        }
        byte[] seen = new byte[HashSlots.SLOTS];
        for (int j = 2; j < argv.length; j++) {
            int s = slot(argv[j]);
            RespValue err = check(v, seen, del, s, s);
            if (err != null) {
                return err;
            }
        }
        apply(v, seen, del);
        return Replies.OK;
    }

    private static RespValue ranges(Connection c, byte[][] argv, boolean del) {
        ClusterView v = NodeCluster.of(c.node()).view();
        if (v == null) {
            return ClusterCommands.CLUSTER_DISABLED;
        }
        if (argv.length % 2 == 1) {
            return Replies.wrongArity(del ? "cluster|delslotsrange" : "cluster|addslotsrange");
        }
        byte[] seen = new byte[HashSlots.SLOTS];
        for (int j = 2; j < argv.length; j += 2) {
            int start = slot(argv[j]);
            if (start < 0) {
                return BAD_SLOT;
            }
            int end = slot(argv[j + 1]);
            if (end < 0) {
                return BAD_SLOT;
            }
            if (start > end) {
                return Replies.error("ERR start slot number " + start + " is greater than end slot number " + end);
            }
            RespValue err = check(v, seen, del, start, end);
            if (err != null) {
                return err;
            }
        }
        apply(v, seen, del);
        return Replies.OK;
    }

    private static RespValue flushSlots(Connection c, byte[][] argv) {
        ClusterView v = NodeCluster.of(c.node()).view();
        if (v == null) {
            return ClusterCommands.CLUSTER_DISABLED;
        }
        if (c.node().db(0).size() != 0) {
            return Replies.error("ERR DB must be empty to perform CLUSTER FLUSHSLOTS.");
        }
        ClusterNode me = v.myself();
        for (int s = 0; s < HashSlots.SLOTS; s++) {
            if (v.owner(s) == me) {
                v.assign(s, s, null);
            }
        }
        v.slotConfigChanged();
        return Replies.OK;
    }

    private static RespValue setSlot(Connection c, byte[][] argv) {
        ClusterView v = NodeCluster.of(c.node()).view();
        if (v == null) {
            return ClusterCommands.CLUSTER_DISABLED;
        }
        ClusterNode me = v.myself();
        if (!me.isMaster()) {
            return Replies.error("ERR Please use SETSLOT only with masters.");
        }
        int slot = slot(argv[2]);
        if (slot < 0) {
            return BAD_SLOT;
        }
        if (Args.is(argv[3], "migrating") && argv.length == 5) {
            if (v.owner(slot) != me) {
                return Replies.error("ERR I'm not the owner of hash slot " + slot);
            }
            ClusterNode n = v.node(Args.str(argv[4]));
            if (n == null) {
                return Replies.rawError("ERR I don't know about node " + Replies.rawText(argv[4]));
            }
            if (!n.isMaster()) {
                return Replies.error("ERR Target node is not a master");
            }
            v.setMigrating(slot, n);
        } else if (Args.is(argv[3], "importing") && argv.length == 5) {
            if (v.owner(slot) == me) {
                return Replies.error("ERR I'm already the owner of hash slot " + slot);
            }
            ClusterNode n = v.node(Args.str(argv[4]));
            if (n == null) {
                return Replies.rawError("ERR I don't know about node " + Replies.rawText(argv[4]));
            }
            if (!n.isMaster()) {
                return Replies.error("ERR Target node is not a master");
            }
            v.setImporting(slot, n);
        } else if (Args.is(argv[3], "stable") && argv.length == 4) {
            v.setImporting(slot, null);
            v.setMigrating(slot, null);
        } else if (Args.is(argv[3], "node") && argv.length == 5) {
            ClusterNode n = v.node(Args.str(argv[4]));
            if (n == null) {
                return Replies.rawError("ERR Unknown node " + Replies.rawText(argv[4]));
            }
            if (!n.isMaster()) {
                return Replies.error("ERR Target node is not a master");
            }
            int keys = c.node().db(0).countKeysInSlot(slot);
            if (v.owner(slot) == me && n != me && keys != 0) {
                return Replies.error("ERR Can't assign hashslot " + slot
                        + " to a different node while I still hold keys for this hash slot.");
            }
            if (keys == 0 && v.migratingTo(slot) != null) {
                v.setMigrating(slot, null);
            }
            v.assign(slot, slot, n);
            if (n == me && v.importingFrom(slot) != null) {
                // manually migrated: a new epoch so that the new owner wins everywhere (Redis then
                // broadcasts a PONG at once)
                v.bumpConfigEpochWithoutConsensus();
                v.setImporting(slot, null);
                v.slotConfigChanged();
                ClusterBus bus = ClusterBus.of(c.node());
                if (bus != null) {
                    bus.slotImported();
                }
            } else {
                v.slotConfigChanged();
            }
        } else {
            return BAD_SETSLOT;
        }
        v.updateState();
        return Replies.OK;
    }
}
