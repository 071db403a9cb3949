package dev.rcsim.command;

import dev.rcsim.server.Connection;
import dev.rcsim.server.KeyEvents;
import dev.rcsim.server.RedisNode;

/**
 * The one-line keyspace-notification call of command implementations (Redis's
 * {@code notifyKeyspaceEvent(type, event, key, c->db->id)} with its {@code signalModifiedKey}, for
 * client tracking); nothing is built when neither is in use.
 */
public final class Notify {
    private Notify() {}

    public static final int GENERIC = KeyEvents.GENERIC;
    public static final int STRING = KeyEvents.STRING;
    public static final int LIST = KeyEvents.LIST;
    public static final int SET = KeyEvents.SET;
    public static final int HASH = KeyEvents.HASH;
    public static final int ZSET = KeyEvents.ZSET;
    public static final int STREAM = KeyEvents.STREAM;

    public static void event(Connection c, int type, String event, byte[] key) {
        event(c.node(), type, event, key, c.db());
    }

    /** An event in another database than the client's (MOVE, COPY DB). */
    public static void event(Connection c, int type, String event, byte[] key, int db) {
        event(c.node(), type, event, key, db);
    }

    /**
     * The event, and the key's invalidation for tracking clients: in Redis every effect that notifies
     * also calls signalModifiedKey.
     */
    public static void event(RedisNode node, int type, String event, byte[] key, int db) {
        node.keyEvents().fire(type, event, key, db);
        if (node.tracking().active()) {
            node.tracking().invalidate(key);
        }
    }
}
