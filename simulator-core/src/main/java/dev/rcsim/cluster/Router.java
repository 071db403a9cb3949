package dev.rcsim.cluster;

import dev.rcsim.command.NodeCommands;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.command.Redirector;
import java.util.Arrays;
import java.util.List;

/**
 * Redis 7.0's {@code getNodeByQuery} on one node's own {@link ClusterView}: CROSSSLOT, CLUSTERDOWN,
 * ASK / TRYAGAIN while a slot is open, READONLY replica reads and MOVED, in Redis's order. EXEC is
 * checked over its whole MULTI queue. Returns null to serve the command locally. A {@code tryAgain} fault
 * on the node's {@link dev.rcsim.server.ClientGate} turns a local serve of its slot into TRYAGAIN.
 */
public final class Router implements Redirector {
    static final RespValue CROSSSLOT = Replies.error("CROSSSLOT Keys in request don't hash to the same slot");
    static final RespValue TRYAGAIN = Replies.error("TRYAGAIN Multiple keys request during rehashing of slot");
    static final RespValue DOWN_UNBOUND = Replies.error("CLUSTERDOWN Hash slot not served");
    static final RespValue DOWN_STATE = Replies.error("CLUSTERDOWN The cluster is down");
    static final RespValue DOWN_RO_STATE = Replies.error("CLUSTERDOWN The cluster is down and only accepts read commands");

    private final ClusterView view;
    /** Told of every redirect or routing error returned (metrics, event log); may be null. */
    Listener listener;

    /** Receives each redirect or routing error the router returns: its kind, the slot (-1 if none), the reply text. */
    @FunctionalInterface
    interface Listener {
        void served(String kind, int slot, String message);
    }

    public Router(ClusterView view) {
        this.view = view;
    }

    @Override
    public RespValue check(Connection c, CommandSpec spec, byte[][] argv, List<byte[][]> queued) {
        Scan s = new Scan();
        RespValue r = route(c, spec, argv, queued, s);
        if (r == null && s.firstKey != null && c.node().gate().forcesTryAgain(s.slot)) {
            r = TRYAGAIN; // a tryAgain fault: served as if the slot were being resharded
        }
        if (r instanceof RespValue.Raw raw && listener != null && !c.scriptClient()) { // a script's refused key is no redirect served
            byte[] b = raw.bytes();
            String message = new String(b, 1, b.length - 3, java.nio.charset.StandardCharsets.UTF_8);
            int sp = message.indexOf(' ');
            listener.served(sp < 0 ? message : message.substring(0, sp), s.slot, message);
        }
        return r;
    }

    private RespValue route(Connection c, CommandSpec spec, byte[][] argv, List<byte[][]> queued, Scan s) {
        if (queued != null) {
            for (byte[][] q : queued) {
                CommandSpec qs = NodeCommands.of(c.node()).table().lookup(q[0]);
                if (qs == null) {
                    continue;
                }
                if (qs.hasSubcommands() && q.length >= 2) {
                    CommandSpec sub = CommandTable.subcommand(qs, q[1]);
                    if (sub == null) {
                        continue;
                    }
                    qs = sub;
                }
                RespValue err = s.add(c, qs, q);
                if (err != null) {
                    return err;
                }
            }
        } else {
            RespValue err = s.add(c, spec, argv);
            if (err != null) {
                return err;
            }
        }
        if (s.firstKey == null) {
            return null; // no keys: served locally
        }
        if (!view.isOk()) {
            if (s.pubsubShard) {
                if (!view.config().yes("cluster-allow-pubsubshard-when-down")) {
                    return DOWN_STATE;
                }
            } else if (!view.config().yes("cluster-allow-reads-when-down")) {
                return DOWN_STATE;
            } else if (s.write) {
                return DOWN_RO_STATE;
            }
        }
        if (s.migrating && s.isMigrate) {
            return null;
        }
        if (s.importing && s.isMigrate) {
            return null;
        }
        if (s.migrating && s.missing > 0) {
            return s.existing > 0 ? TRYAGAIN : redirect("ASK ", s.slot, view.migratingTo(s.slot));
        }
        if (s.importing && (c.asking() || s.askingFlag)) {
            if (s.multipleKeys && s.missing > 0) {
                return TRYAGAIN;
            }
            return null;
        }
        ClusterNode me = view.myself();
        if ((c.readonly() || s.pubsubShard) && !s.write && !me.master && me.replicaOf == s.owner) {
            return null;
        }
        if (s.owner != me) {
            return redirect("MOVED ", s.slot, s.owner);
        }
        return null;
    }

    private RespValue redirect(String kind, int slot, ClusterNode to) {
        return Replies.error(kind + slot + " " + view.endpoint(to) + ":" + to.port);
    }

    /** What the key walk found. */
    private final class Scan {
        byte[] firstKey;
        int slot = -1;
        ClusterNode owner;
        boolean migrating;
        boolean importing;
        boolean multipleKeys;
        boolean write;
        boolean pubsubShard;
        boolean askingFlag;
        boolean isMigrate;
        int missing;
        int existing;

        RespValue add(Connection c, CommandSpec spec, byte[][] argv) {
            if (spec.isWrite()) {
                write = true;
            }
            if (spec.isAsking()) {
                askingFlag = true;
            }
            String name = spec.name();
            boolean shard = "spublish".equals(name) || "ssubscribe".equals(name) || "sunsubscribe".equals(name);
            if (shard) {
                pubsubShard = true;
            }
            if ("migrate".equals(name)) {
                isMigrate = true;
            }
            for (int i : spec.keyIndexes(argv)) {
                byte[] key = argv[i];
                int thisSlot = HashSlots.slot(key);
                if (firstKey == null) {
                    firstKey = key;
                    slot = thisSlot;
                    owner = view.owner(slot);
                    if (owner == null) {
                        return DOWN_UNBOUND;
                    }
                    if (owner == view.myself() && view.migratingTo(slot) != null) {
                        migrating = true;
                    } else if (view.importingFrom(slot) != null) {
                        importing = true;
                    }
                } else if (!Arrays.equals(firstKey, key)) {
                    if (thisSlot != slot) {
                        return CROSSSLOT;
                    }
                    multipleKeys = true;
                }
                if ((migrating || importing) && !shard) {
                    if (c.keyspace().existsNoTouch(Bytes.of(key))) {
                        existing++;
                    } else {
                        missing++;
                    }
                }
            }
            return null;
        }
    }
}
