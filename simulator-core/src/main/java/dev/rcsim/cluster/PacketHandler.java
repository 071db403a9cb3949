package dev.rcsim.cluster;

import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.bus.BusMessage;
import dev.rcsim.bus.MessageType;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.server.RedisNode;
import java.util.List;

/**
 * Redis's {@code clusterProcessPacket} for one node: every message the network delivers updates this
 * node's own {@link ClusterView} from the header (epochs, role, claimed slots, replication offset) and
 * the type's payload (PING/PONG/MEET heartbeats and handshakes, FAIL, PUBLISH, failover votes, manual
 * failover, UPDATE). Runs on the node's event loop.
 */
final class PacketHandler {
    private final ClusterBus bus;

    PacketHandler(ClusterBus bus) {
        this.bus = bus;
    }

    void receive(BusMessage m) {
        if (!bus.node.isRunning() || NodeCluster.of(bus.node).view() == null || bus.node.gate().isPaused()) {
            return; // a paused node reads nothing; its peers see no PONG and time it out
        }
        bus.received[m.type.ordinal()]++;
        ClusterView v = NodeCluster.of(bus.node).view();
        long now = bus.now();
        ClusterNode sender = v.node(m.senderId);
        if (sender != null && sender.handshake) {
            sender = null;
        }
        if (sender != null && sender.myself) {
            return;
        }
        if (sender != null) {
            sender.dataReceived = now;
            if (m.currentEpoch > v.currentEpoch()) {
                v.setCurrentEpoch(m.currentEpoch);
                bus.event("CURRENT_EPOCH", String.valueOf(m.currentEpoch));
            }
            if (m.senderIsMaster && m.configEpoch > sender.configEpoch) {
                sender.configEpoch = m.configEpoch;
            }
            sender.replOffset = m.replOffset;
            bus.election.onHeader(sender, m);
        }
        switch (m.type) {
            case PING, PONG, MEET -> onHeartbeat(v, sender, m, now);
            case FAIL -> {
                if (sender != null) {
                    ClusterNode failing = v.node(m.aboutId);
                    if (failing != null && !failing.fail && !failing.myself) {
                        failing.fail = true;
                        failing.failTime = now;
                        v.setPfail(failing, false);
                        bus.event("FAIL", failing.id + " from FAIL message of " + m.senderId);
                        bus.todoUpdateState();
                        v.updateState();
                    }
                }
            }
            case PUBLISH -> {
                if (sender != null) {
                    bus.node.pubsub().deliver(Bytes.of(m.channel), m.message);
                }
            }
            case PUBLISHSHARD -> {
                if (sender != null) {
                    bus.node.pubsub().deliverShard(Bytes.of(m.channel), m.message);
                }
            }
            case FAILOVER_AUTH_REQUEST -> {
                if (sender != null) {
                    bus.election.maybeVote(sender, m, now);
                }
            }
            case FAILOVER_AUTH_ACK -> {
                if (sender != null) {
                    bus.election.onAck(sender, m);
                }
            }
            case MFSTART -> {
                if (sender != null && sender.replicaOf == v.myself()) {
                    bus.election.onMfStart(sender, now);
                }
            }
            case UPDATE -> {
                if (sender != null) {
                    ClusterNode n = v.node(m.aboutId);
                    if (n != null && n.configEpoch < m.aboutEpoch) {
                        if (!n.master) {
                            bus.slotConfig.setNodeAsMaster(v, n);
                        }
                        n.configEpoch = m.aboutEpoch;
                        bus.slotConfig.updateSlotsConfigWith(v, n, m.aboutEpoch, m.aboutSlots);
                    }
                }
            }
            default -> { }
        }
    }

    void onHeartbeat(ClusterView v, ClusterNode sender, BusMessage m, long now) {
        if (m.type != MessageType.PONG) {
            if (sender == null && m.type == MessageType.MEET && GossipSection.handshakeNode(v, m.senderIp, m.senderPort) == null) {
                ClusterNode h = v.addNode(RedisNode.hex40(bus.idRandom), m.senderIp, m.senderPort);
                h.handshake = true;
                h.linkConnected = false;
                h.ctime = now;
                bus.gossip.process(v, null, m, now, true);
            }
            bus.reply(m, bus.header(MessageType.PONG, bus.gossip.section(), null, 0, null, null, null, 0));
        }
        if (sender == null && m.type == MessageType.PONG) {
            ClusterNode h = GossipSection.handshakeNode(v, m.senderIp, m.senderPort);
            if (h == null) {
                return;
            }
            v.removeNode(h);
            if (v.node(m.senderId) != null || v.blacklist.containsKey(m.senderId)) {
                return;
            }
            ClusterNode n = v.addNode(m.senderId, m.senderIp, m.senderPort);
            n.linkConnected = true;
            n.ctime = now;
            n.dataReceived = now;
            n.master = m.senderIsMaster;
            bus.event("HANDSHAKE", "learned " + m.senderId);
            sender = n;
            if (m.currentEpoch > v.currentEpoch()) {
                v.setCurrentEpoch(m.currentEpoch);
            }
            if (m.senderIsMaster) {
                n.configEpoch = m.configEpoch;
            }
        }
        if (sender == null) {
            return;
        }
        sender.nofailover = m.senderNoFailover;
        if (m.type == MessageType.PONG) {
            sender.pongReceived = now;
            sender.pingSent = 0;
            sender.linkConnected = true;
            if (sender.pfail) {
                v.setPfail(sender, false);
                bus.event("PFAIL_CLEARED", sender.id);
                bus.todoUpdateState();
            } else if (sender.fail) {
                bus.failures.clearIfNeeded(v, sender, now);
            }
        }
        // role switch
        if (m.masterId == null) {
            if (!sender.master) {
                bus.slotConfig.setNodeAsMaster(v, sender);
            }
        } else {
            ClusterNode master = v.node(m.masterId);
            if (sender.master) {
                for (int s = 0; s < HashSlots.SLOTS; s++) {
                    if (v.slots[s] == sender) {
                        v.setOwner(s, null);
                    }
                }
                sender.master = false;
                sender.migrateTo = false;
                bus.todoUpdateState();
            }
            if (master != null && sender.replicaOf != master) {
                v.setReplicaOf(sender, master);
            }
        }
        ClusterNode senderMaster = sender.master ? sender : sender.replicaOf;
        boolean dirty = senderMaster != null && (m.slots == null || !v.ownsExactly(senderMaster, m.slots));
        if (sender.master && dirty) {
            bus.slotConfig.updateSlotsConfigWith(v, sender, m.configEpoch, m.slots);
        }
        if (dirty) {
            for (int s = m.slots.nextSetBit(0); s >= 0; s = m.slots.nextSetBit(s + 1)) {
                ClusterNode owner = v.slots[s];
                if (owner == sender || owner == null) {
                    continue;
                }
                if (owner.configEpoch > m.configEpoch) {
                    bus.send(sender, bus.header(MessageType.UPDATE, List.of(), owner.id, owner.configEpoch, v.sharedSlotBits(owner),
                            null, null, 0));
                    break;
                }
            }
        }
        ClusterNode me = v.myself();
        if (me.master && sender.master && m.configEpoch == me.configEpoch) {
            bus.slotConfig.handleEpochCollision(v, sender);
        }
        bus.gossip.process(v, sender, m, now, false);
    }
}
