package dev.rcsim.bus;

import java.util.BitSet;
import java.util.List;

/**
 * One cluster bus packet (Redis's {@code clusterMsg}): the sender's header (id, address, currentEpoch,
 * configEpoch, role, master id, slot bitmap, replication offset, manual-failover flags, cluster state),
 * the gossip section for PING/PONG/MEET and the type's payload. Immutable once built; a message is
 * never shared with a mutable view, so the receiver reads exactly what the sender believed. The slot
 * bitmaps are the sender's shared snapshots: nobody changes them.
 */
public final class BusMessage {
    /** Header flag: the sender is a master in a manual failover and has paused its clients. */
    public static final int MF_PAUSED = 1;
    /** Header flag: an auth request of a manual failover; masters vote even if the master is not FAIL. */
    public static final int MF_FORCEACK = 2;

    public final MessageType type;
    public final String senderId;
    public final String senderIp;
    public final int senderPort;
    public final long currentEpoch;
    /** The sender's configEpoch, or its master's when the sender is a replica. */
    public final long configEpoch;
    public final boolean senderIsMaster;
    public final boolean senderNoFailover;
    /** The sender's master id when it is a replica, else null. */
    public final String masterId;
    /** Slots the sender (or its master, for a replica) claims. */
    public final BitSet slots;
    public final long replOffset;
    public final int mflags;
    public final boolean stateOk;
    public final List<Gossip> gossip;
    /** FAIL: the failing node; UPDATE: the node whose config is sent. */
    public final String aboutId;
    /** UPDATE: the configEpoch of {@link #aboutId}. */
    public final long aboutEpoch;
    /** UPDATE: the slots of {@link #aboutId}. */
    public final BitSet aboutSlots;
    /** PUBLISH / PUBLISHSHARD. */
    public final byte[] channel;
    public final byte[] message;
    private final String senderAddress;

    /** One gossip entry: what the sender believes about another node. */
    public record Gossip(String id, String ip, int port, boolean master, boolean pfail, boolean fail,
            boolean handshake, boolean noaddr, long pingSent, long pongReceived) {}

    public BusMessage(MessageType type, String senderId, String senderIp, int senderPort, long currentEpoch,
            long configEpoch, boolean senderIsMaster, boolean senderNoFailover, String masterId, BitSet slots,
            long replOffset, int mflags, boolean stateOk, List<Gossip> gossip, String aboutId, long aboutEpoch,
            BitSet aboutSlots, byte[] channel, byte[] message, String senderAddress) {
        this.type = type;
        this.senderId = senderId;
        this.senderIp = senderIp;
        this.senderPort = senderPort;
        this.currentEpoch = currentEpoch;
        this.configEpoch = configEpoch;
        this.senderIsMaster = senderIsMaster;
        this.senderNoFailover = senderNoFailover;
        this.masterId = masterId;
        this.slots = slots;
        this.replOffset = replOffset;
        this.mflags = mflags;
        this.stateOk = stateOk;
        this.gossip = gossip;
        this.aboutId = aboutId;
        this.aboutEpoch = aboutEpoch;
        this.aboutSlots = aboutSlots;
        this.channel = channel;
        this.message = message;
        this.senderAddress = senderAddress;
    }

    /** {@code ip:port}, the address the sender's clients (and this simulator's links) use. */
    public String senderAddress() {
        return senderAddress;
    }

    @Override
    public String toString() {
        return type + " from " + senderId + " epoch " + currentEpoch + "/" + configEpoch;
    }
}
