package dev.rcsim.node;

import dev.rcsim.cluster.ClusterCommands;
import dev.rcsim.cluster.NodeCluster;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.LatencyCommands;
import dev.rcsim.command.NodeCommands;
import dev.rcsim.command.TransactionCommands;
import dev.rcsim.command.bitmaps.BitmapCommands;
import dev.rcsim.command.connection.AclCommands;
import dev.rcsim.command.connection.ConnectionCommands;
import dev.rcsim.command.geo.GeoCommands;
import dev.rcsim.command.hashes.HashCommands;
import dev.rcsim.command.hll.HyperLogLogCommands;
import dev.rcsim.command.keys.KeyCommands;
import dev.rcsim.command.keys.SortCommand;
import dev.rcsim.command.lists.ListCommands;
import dev.rcsim.command.pubsub.PubSubCommands;
import dev.rcsim.command.scripting.Scripting;
import dev.rcsim.command.scripting.ScriptingCommands;
import dev.rcsim.command.server.ServerCommands;
import dev.rcsim.command.sets.SetCommands;
import dev.rcsim.command.sortedsets.SortedSetCommands;
import dev.rcsim.command.streams.StreamCommands;
import dev.rcsim.command.strings.StringCommands;
import dev.rcsim.fault.Faults;
import dev.rcsim.internal.Internals;
import dev.rcsim.replication.ReplicaofCommands;
import dev.rcsim.replication.Replication;
import dev.rcsim.server.ClusterHooks;
import dev.rcsim.server.CommandProcessor;
import dev.rcsim.server.NodeConfig;
import dev.rcsim.server.NodeParts;
import dev.rcsim.server.RedisNode;
import dev.rcsim.server.ReplicationFeed;
import dev.rcsim.time.RandomStreams;
import dev.rcsim.time.SimClock;
import java.util.Random;

/**
 * A standard node: puts a redis-server together from its layers, as Redis's {@code main()} does for one process: the
 * node (port, clients, keyspaces), its replication part, its cluster part and its command layer
 * (the standard command table, the router, the scripting engine). The standard table is assembled here
 * once per JVM, each layer registering its own commands: the command families, then CLUSTER (cluster
 * layer), REPLICAOF and WAIT (replication layer) and RCSIM (fault layer, through {@link Internals}), in the order COMMAND lists them.
 */
public final class StandardNode {
    private StandardNode() {}

    private static volatile CommandTable standard;

    /** A node with every part, not yet started. */
    public static RedisNode create(NodeConfig config, SimClock clock, Random random) {
        return new RedisNode(config, clock, random, new Parts());
    }

    /** A node with every part drawing from {@code randoms} (one run of one node), not yet started. */
    public static RedisNode create(NodeConfig config, SimClock clock, RandomStreams randoms) {
        return new RedisNode(config, clock, randoms, new Parts());
    }

    /** The table of all implemented Redis 7.0 commands, plus the simulator's RCSIM (not listed). */
    public static CommandTable commandTable() {
        CommandTable t = standard;
        if (t == null) {
            synchronized (StandardNode.class) {
                t = standard;
                if (t == null) {
                    t = new CommandTable();
                    ConnectionCommands.register(t);
                    ServerCommands.register(t);
                    ReplicaofCommands.register(t);
                    ServerCommands.registerConfig(t);
                    KeyCommands.register(t);
                    StringCommands.register(t);
                    HashCommands.register(t);
                    ListCommands.register(t);
                    SetCommands.register(t);
                    SortedSetCommands.register(t);
                    TransactionCommands.register(t);
                    PubSubCommands.register(t);
                    ClusterCommands.register(t);
                    ReplicaofCommands.registerWait(t);
                    BitmapCommands.register(t);
                    SortCommand.register(t);
                    StreamCommands.register(t);
                    HyperLogLogCommands.register(t);
                    GeoCommands.register(t);
                    AclCommands.register(t);
                    ScriptingCommands.register(t);
                    Internals.faults(Faults.class).registerCommands(t);
                    standard = t;
                }
            }
        }
        return t;
    }

    /**
     * Readies what every node needs before the first one starts: the shared event-loop group and the
     * command table. In a cold JVM both take a hundred milliseconds or more (class loading), so the table
     * is built on a second thread while Netty loads on this one. Cheap once done.
     */
    public static void prepare() {
        if (standard != null) {
            RedisNode.prepareNetwork();
            return;
        }
        Thread table = new Thread(StandardNode::commandTable, "rcsim-command-table");
        table.setDaemon(true);
        table.start();
        RedisNode.prepareNetwork();
        try {
            table.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The parts of one node, made in its constructor: replication, then cluster, then commands (which route through the cluster part). */
    private static final class Parts implements NodeParts {
        private Replication replication;
        private NodeCluster cluster;

        @Override
        public ReplicationFeed replication(RedisNode node) {
            replication = new Replication(node);
            return replication;
        }

        @Override
        public ClusterHooks cluster(RedisNode node) {
            cluster = new NodeCluster(replication);
            return cluster;
        }

        @Override
        public CommandProcessor commands(RedisNode node) {
            return new NodeCommands(commandTable(), cluster, new Scripting(node));
        }
    }
}
