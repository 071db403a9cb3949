package dev.rcsim.replication;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandTable;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;

/**
 * The replication commands a client can send outside the cluster bus: REPLICAOF / SLAVEOF, FAILOVER
 * (the non-cluster one), SYNC / PSYNC and REPLCONF, as Redis 7.0.15's replication.c checks them. In cluster mode
 * REPLICAOF and FAILOVER answer Redis's "not allowed in cluster mode" errors (use CLUSTER REPLICATE /
 * CLUSTER FAILOVER). A non-cluster rcsim node is always a master with no replicas: REPLICAOF NO ONE is
 * OK, REPLICAOF host port is refused after Redis's argument checks (rcsim does not replicate from a
 * server over a socket), FAILOVER answers what a master without replicas answers. SYNC / PSYNC get
 * Redis's own checks and errors, then the node serves the client as a replica (an RDB snapshot or
 * +CONTINUE, then the stream: {@link Replication#serveSocketReplica}).
 */
public final class ReplicaofCommands {
    private ReplicaofCommands() {}

    static final String NO_SOCKET_MASTER =
            "ERR rcsim does not replicate from a server over a socket: use a cluster and CLUSTER REPLICATE";

    /** WAIT: registered after CLUSTER and MIGRATE, in the table's order. */
    public static void registerWait(CommandTable t) {
        if (t.lookup("wait") == null) {
            t.add("wait", 3, "noscript", 0, 0, 0).acl("@slow @connection").run(Replication::waitCommand);
        }
    }

    public static void register(CommandTable t) {
        String flags = "admin noscript stale no_async_loading";
        t.add("replicaof", 3, flags, 0, 0, 0).acl("@admin @slow @dangerous").run(ReplicaofCommands::replicaof);
        t.add("slaveof", 3, flags, 0, 0, 0).acl("@admin @slow @dangerous").run(ReplicaofCommands::replicaof);
        t.add("failover", -1, "admin noscript stale", 0, 0, 0).acl("@admin @slow @dangerous").run(ReplicaofCommands::failover);
        t.add("psync", -3, "admin noscript no_async_loading no_multi", 0, 0, 0).acl("@admin @slow @dangerous")
                .run(ReplicaofCommands::sync);
        t.add("sync", 1, "admin noscript no_async_loading no_multi", 0, 0, 0).acl("@admin @slow @dangerous")
                .run(ReplicaofCommands::sync);
        t.add("replconf", -1, "admin noscript loading stale allow_busy", 0, 0, 0).acl("@admin @slow @dangerous")
                .run((c, a) -> Replication.of(c.node()).replconf(c, a));
    }

    private static RespValue replicaof(Connection c, byte[][] argv) {
        if (c.node().config().clusterEnabled()) {
            return Replies.error("ERR REPLICAOF not allowed in cluster mode.");
        }
        if (Args.is(argv[1], "no") && Args.is(argv[2], "one")) {
            return Replies.OK;
        }
        long port = Args.toLong(argv[2], Replies.error("ERR Invalid master port"));
        if (port < 0 || port > 65535) {
            return Replies.error("ERR Invalid master port");
        }
        return Replies.error(NO_SOCKET_MASTER);
    }

    private static RespValue failover(Connection c, byte[][] argv) {
        if (c.node().config().clusterEnabled()) {
            return Replies.error("ERR FAILOVER not allowed in cluster mode. Use CLUSTER FAILOVER command instead.");
        }
        if (argv.length == 2 && Args.is(argv[1], "abort")) {
            return Replies.error("ERR No failover in progress.");
        }
        long timeout = 0;
        boolean force = false;
        boolean host = false;
        for (int j = 1; j < argv.length; j++) {
            if (Args.is(argv[j], "timeout") && j + 1 < argv.length && timeout == 0) {
                timeout = Args.toLong(argv[j + 1]);
                if (timeout <= 0) {
                    return Replies.error("ERR FAILOVER timeout must be greater than 0");
                }
                j++;
            } else if (Args.is(argv[j], "to") && j + 2 < argv.length && !host) {
                Args.toLong(argv[j + 2]);
                host = true;
                j += 2;
            } else if (Args.is(argv[j], "force") && !force) {
                force = true;
            } else {
                return Replies.SYNTAX;
            }
        }
        Replication rep = Replication.of(c.node());
        if (rep.isReplica()) {
            return Replies.error("ERR FAILOVER is not valid when server is a replica.");
        }
        if (rep.replicaCount() == 0) {
            return Replies.error("ERR FAILOVER requires connected replicas.");
        }
        return Replies.error("ERR FAILOVER target HOST and PORT is not a replica.");
    }

    /** syncCommand's checks, in Redis's order, up to the point where Redis would start serving a replica. */
    private static RespValue sync(Connection c, byte[][] argv) {
        boolean psync = Args.is(argv[0], "psync");
        Replication rep = Replication.of(c.node());
        if (psync && argv.length > 3 && Args.is(argv[3], "failover")) {
            if (!rep.isReplica()) {
                return Replies.error("ERR PSYNC FAILOVER can't be sent to a master.");
            }
            if (!Args.str(argv[1]).equalsIgnoreCase(rep.replId())) {
                return Replies.error("ERR PSYNC FAILOVER replid must match my replid.");
            }
        }
        if (rep.isReplica() && !rep.linkUp()) {
            return Replies.error("NOMASTERLINK Can't SYNC while not connected with my master");
        }
        if (psync) {
            try {
                Numbers.parseLong(argv[2]);
            } catch (NumberFormatException e) {
                return Replies.NOT_INTEGER;
            }
        }
        return rep.serveSocketReplica(c, argv);
    }
}
