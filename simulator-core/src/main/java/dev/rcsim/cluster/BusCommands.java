package dev.rcsim.cluster;

import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * The CLUSTER subcommands that act through the cluster bus: MEET, FORGET, RESET, REPLICATE, FAILOVER,
 * SET-CONFIG-EPOCH, BUMPEPOCH, SAVECONFIG and COUNT-FAILURE-REPORTS, with Redis 7.0's errors
 * (cluster.c {@code clusterCommand}). Each runs on the node's own view; effects spread by gossip.
 * SAVECONFIG replies OK without writing a file (the simulator has no nodes.conf on disk).
 */
public final class BusCommands {
    private BusCommands() {}

    static final RespValue DISABLED = Replies.error("ERR This instance has cluster support disabled");

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static ClusterBus bus(Connection c) {
        return NodeCluster.of(c.node()).view() == null ? null : ClusterBus.of(c.node());
    }

    /** A CLUSTER subcommand that needs this node's cluster bus. */
    @FunctionalInterface
    public interface OnBus {
        RespValue run(Connection c, ClusterBus bus, byte[][] argv);
    }

    /**
     * {@code cmd} as a command: on a node without a cluster bus it answers {@code This instance has
     * cluster support disabled} first, as Redis's clusterCommand does.
     */
    public static dev.rcsim.command.Command onBus(OnBus cmd) {
        return (c, argv) -> {
            ClusterBus bus = bus(c);
            return bus == null ? DISABLED : cmd.run(c, bus, argv);
        };
    }

    /**
     * Redis's addReplySubcommandSyntaxError: names the subcommand as the client typed it (first 128
     * bytes, up to a NUL), e.g. {@code 'FAILOVER'} for {@code CLUSTER FAILOVER FORCE x}.
     */
    private static RespValue wrongArguments(byte[][] argv) {
        byte[] sub = argv[1];
        int n = Math.min(sub.length, 128);
        for (int i = 0; i < n; i++) {
            if (sub[i] == 0) {
                n = i;
                break;
            }
        }
        return Replies.error("ERR unknown subcommand or wrong number of arguments for '"
                + new String(sub, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1) + "'. Try CLUSTER HELP.");
    }

    public static RespValue meet(Connection c, ClusterBus bus, byte[][] argv) {
        if (argv.length > 5) {
            return wrongArguments(argv);
        }
        long port;
        try {
            port = Numbers.parseLong(argv[3]);
        } catch (NumberFormatException e) {
            return Replies.error("ERR Invalid TCP base port specified: " + str(argv[3]));
        }
        if (argv.length == 5) {
            try {
                Numbers.parseLong(argv[4]);
            } catch (NumberFormatException e) {
                return Replies.error("ERR Invalid TCP bus port specified: " + str(argv[4]));
            }
        }
        String ip = str(argv[2]);
        if (!isNumericIp(ip) || port <= 0 || port > 65535) {
            return Replies.error("ERR Invalid node address specified: " + ip + ":" + port);
        }
        String norm = normalize(ip);
        bus.gossip.startHandshake(bus.view(), norm, (int) port, true);
        return Replies.OK;
    }

    private static boolean isNumericIp(String ip) {
        if (ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String p : ip.split("\\.")) {
                if (Integer.parseInt(p) > 255) {
                    return false;
                }
            }
            return true;
        }
        return ip.contains(":") && ip.matches("[0-9a-fA-F:.]+");
    }

    private static String normalize(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (Exception e) {
            return ip;
        }
    }

    public static RespValue forget(Connection c, ClusterBus bus, byte[][] argv) {
        ClusterView v = bus.view();
        String id = str(argv[2]);
        ClusterNode n = v.node(id);
        if (n == null) {
            if (v.blacklist.containsKey(id)) {
                return Replies.OK;
            }
            return Replies.rawError("ERR Unknown node " + Replies.rawText(argv[2]));
        }
        if (n.myself) {
            return Replies.error("ERR I tried hard but I can't forget myself...");
        }
        if (!v.myself().master && v.myself().replicaOf == n) {
            return Replies.error("ERR Can't forget my master!");
        }
        v.blacklist.put(id, bus.now() + 60_000);
        v.removeNode(n);
        bus.event("FORGET", id);
        return Replies.OK;
    }

    public static RespValue reset(Connection c, ClusterBus bus, byte[][] argv) {
        boolean hard = false;
        if (argv.length == 3) {
            String opt = str(argv[2]).toLowerCase();
            if (opt.equals("hard")) {
                hard = true;
            } else if (!opt.equals("soft")) {
                return Replies.SYNTAX;
            }
        } else if (argv.length > 3) {
            return wrongArguments(argv);
        }
        RedisNode node = c.node();
        ClusterView v = bus.view();
        ClusterNode me = v.myself();
        if (me.master && node.db(0).size() > 0) {
            return Replies.error("ERR CLUSTER RESET can't be called with master nodes containing keys");
        }
        if (!me.master) {
            NodeCluster.of(node).replication().promote();
            for (int i = 0; i < node.dbCount(); i++) {
                node.db(i).clear();
                node.touchAllKeys(i);
            }
            node.effects().changed();
        }
        bus.election.resetManualFailover();
        String id = hard ? RedisNode.hex40(bus.idRandom) : me.id;
        ClusterView fresh = new ClusterView(v.config(), id, me.ip, me.port, () -> NodeCluster.of(node).replication().offset());
        if (!hard) {
            fresh.setCurrentEpoch(v.currentEpoch());
            fresh.myself().configEpoch = me.configEpoch;
            fresh.setLastVoteEpoch(v.lastVoteEpoch());
        }
        bus.replaceView(fresh);
        bus.event("RESET", (hard ? "hard" : "soft") + (hard ? ", new id " + id : ""));
        return Replies.OK;
    }

    public static RespValue replicate(Connection c, ClusterBus bus, byte[][] argv) {
        ClusterView v = bus.view();
        String id = str(argv[2]);
        ClusterNode n = v.node(id);
        if (n == null) {
            return Replies.rawError("ERR Unknown node " + Replies.rawText(argv[2]));
        }
        if (n.myself) {
            return Replies.error("ERR Can't replicate myself");
        }
        if (!n.master) {
            return Replies.error("ERR I can only replicate a master, not a replica.");
        }
        ClusterNode me = v.myself();
        if (me.master && (v.hasSlots(me) || c.node().db(0).size() > 0)) {
            return Replies.error("ERR To set a master the node must be empty and without assigned slots.");
        }
        bus.becomeReplicaOf(v, n);
        bus.broadcastPong(false);
        return Replies.OK;
    }

    public static RespValue failover(Connection c, ClusterBus bus, byte[][] argv) {
        boolean force = false;
        boolean takeover = false;
        if (argv.length == 3) {
            String opt = str(argv[2]).toLowerCase();
            if (opt.equals("force")) {
                force = true;
            } else if (opt.equals("takeover")) {
                takeover = true;
                force = true;
            } else {
                return Replies.SYNTAX;
            }
        } else if (argv.length > 3) {
            return wrongArguments(argv);
        }
        ClusterView v = bus.view();
        ClusterNode me = v.myself();
        if (me.master) {
            return Replies.error("ERR You should send CLUSTER FAILOVER to a replica");
        }
        ClusterNode master = me.replicaOf;
        if (master == null) {
            return Replies.error("ERR I'm a replica but my master is unknown to me");
        }
        if (!force && (master.fail || !master.linkConnected)) {
            return Replies.error("ERR Master is down or failed, please use CLUSTER FAILOVER FORCE");
        }
        long now = bus.now();
        if (takeover) {
            bus.event("MANUAL_FAILOVER", "takeover");
            bus.slotConfig.bumpEpochWithoutConsensus(v);
            bus.replaceMaster(v);
        } else {
            bus.election.startManual(force, now);
        }
        return Replies.OK;
    }

    public static RespValue setConfigEpoch(Connection c, ClusterBus bus, byte[][] argv) {
        long epoch;
        try {
            epoch = Numbers.parseLong(argv[2]);
        } catch (NumberFormatException e) {
            return Replies.NOT_INTEGER;
        }
        ClusterView v = bus.view();
        if (epoch < 0) {
            return Replies.error("ERR Invalid config epoch specified: " + epoch);
        }
        if (v.knownNodes() > 1) {
            return Replies.error("ERR The user can assign a config epoch only when the node does not know any other node.");
        }
        if (v.myself().configEpoch != 0) {
            return Replies.error("ERR Node config epoch is already non-zero");
        }
        v.myself().configEpoch = epoch;
        if (v.currentEpoch() < epoch) {
            v.setCurrentEpoch(epoch);
        }
        bus.event("CONFIG_EPOCH", "set to " + epoch);
        return Replies.OK;
    }

    public static RespValue bumpEpoch(Connection c, ClusterBus bus, byte[][] argv) {
        ClusterView v = bus.view();
        boolean bumped = bus.slotConfig.bumpEpochWithoutConsensus(v);
        return Replies.simple((bumped ? "BUMPED " : "STILL ") + v.myself().configEpoch);
    }

    public static RespValue saveConfig(Connection c, ClusterBus bus, byte[][] argv) {
        return Replies.OK;
    }

    public static RespValue countFailureReports(Connection c, byte[][] argv) {
        ClusterBus bus = bus(c);
        ClusterView v = NodeCluster.of(c.node()).view();
        if (v == null) {
            return DISABLED;
        }
        String id = str(argv[2]);
        ClusterNode n = v.node(id);
        if (n == null) {
            return Replies.rawError("ERR Unknown node " + Replies.rawText(argv[2]));
        }
        return Replies.integer(bus == null ? 0 : bus.failures.count(n, bus.now()));
    }
}
