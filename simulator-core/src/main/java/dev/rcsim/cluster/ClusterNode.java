package dev.rcsim.cluster;

/**
 * One entry of a node's cluster table (Redis's {@code clusterNode}) as that node believes it: id,
 * address, role flags, master, configEpoch, heartbeat times, link state and the replication offset
 * last heard of. Each {@link ClusterView} holds its own entries; two views never share one.
 */
public final class ClusterNode {
    final String id;
    String ip;
    int port;
    int cport;
    boolean myself;
    boolean master;
    boolean pfail;
    boolean fail;
    boolean handshake;
    boolean noaddr;
    boolean nofailover;
    /** The master of a replica as this view knows it; null for masters. */
    ClusterNode replicaOf;
    long configEpoch;
    long pingSent;
    long pongReceived;
    boolean linkConnected = true;
    /** Replication offset last heard of (own entry: read from the node's replication state). */
    long replOffset;
    // ---- bus state (failure detection, handshake, elections)
    /** When this view flagged the node FAIL. */
    long failTime;
    /** Last time any bus message from the node arrived. */
    long dataReceived;
    /** Last time this master voted for a replica of this node (failover_auth vote, per master). */
    long votedTime;
    /** When the current link was opened (links without answers are reopened after node_timeout). */
    long linkCtime;
    /**
     * The pending PING (pingSent) went out while the link was cut one way or the other, so it or its
     * PONG was dropped; TCP would deliver it once the cut heals, so the cron sends it again then.
     */
    boolean pingLost;
    /** Creation time (handshake timeout). */
    long ctime;
    /** Handshake started by CLUSTER MEET: the first message is a MEET. */
    boolean meet;
    /** A master that had replicas: a target of replica migration once orphaned. */
    boolean migrateTo;
    /** Since when this master has had no working replica (replica migration). */
    long orphanedTime;
    // ---- derived by the owning ClusterView (kept up to date by its slot and flag setters)
    /** Position in the view's node table (insertion order): table order is ascending {@code seq}. */
    int seq;
    /** How many slots this node owns in the view. */
    int slotCount;
    /** The slots this node owns as a bitmap, built on demand; replaced (never changed) when they change. */
    java.util.BitSet slotBitsCache;
    /** A claimed-slots bitmap from a message known to equal this node's slots (identity shortcut). */
    java.util.BitSet agreedClaim;
    /** {@code ip:port}, built once (the bus's link address). */
    String address;
    /** The gossip entry last built about this node (reused while nothing it shows changes). */
    dev.rcsim.bus.BusMessage.Gossip lastGossip;
    /** Scratch marks of the gossip section builder and of replica migration. */
    long gossipMark;
    int scratch;
    /**
     * Failure reports about this node from other masters, oldest first: the shared empty list until the
     * first report (a gossip entry's "no reports?" then reads no per-node object).
     */
    java.util.List<FailureDetector.Report> reports = FailureDetector.NO_REPORTS;

    ClusterNode(String id, String ip, int port, int cport) {
        this.id = id;
        this.ip = ip;
        this.port = port;
        this.cport = cport;
    }

    public String id() {
        return id;
    }

    public String ip() {
        return ip;
    }

    public int port() {
        return port;
    }

    public int cport() {
        return cport;
    }

    public boolean isMyself() {
        return myself;
    }

    public boolean isMaster() {
        return master;
    }

    public boolean isReplica() {
        return !master;
    }

    public boolean isFailed() {
        return fail;
    }

    /** PFAIL ({@code fail?}) in this view. */
    public boolean isPfail() {
        return pfail;
    }

    public boolean isHandshake() {
        return handshake;
    }

    public boolean isNoFailover() {
        return nofailover;
    }

    public long pingSent() {
        return pingSent;
    }

    public long pongReceived() {
        return pongReceived;
    }

    /** The master of this replica as the view knows it, or null. */
    public ClusterNode master() {
        return replicaOf;
    }

    public long configEpoch() {
        return configEpoch;
    }

    public long replOffset() {
        return replOffset;
    }

    /** False when this view's bus link to the node is down ({@code disconnected} in CLUSTER NODES). */
    public boolean isLinkConnected() {
        return myself || linkConnected;
    }

    /** The flags field of this node's CLUSTER NODES line, e.g. {@code myself,master} or {@code slave,fail?}. */
    public String flags() {
        return flagString();
    }

    /** Flags as CLUSTER NODES prints them, in Redis's fixed order ({@code noflags} when none). */
    String flagString() {
        StringBuilder sb = new StringBuilder();
        if (myself) {
            sb.append("myself,");
        }
        if (handshake) {
            // a handshake node has no role yet: Redis prints just "handshake"
        } else if (master) {
            sb.append("master,");
        } else {
            sb.append("slave,");
        }
        if (pfail) {
            sb.append("fail?,");
        }
        if (fail) {
            sb.append("fail,");
        }
        if (handshake) {
            sb.append("handshake,");
        }
        if (noaddr) {
            sb.append("noaddr,");
        }
        if (nofailover) {
            sb.append("nofailover,");
        }
        if (sb.length() == 0) {
            return "noflags";
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    @Override
    public String toString() {
        return id + " " + ip + ":" + port;
    }
}
