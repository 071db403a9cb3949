package dev.rcsim.command;

import dev.rcsim.server.Connection;
import dev.rcsim.server.KeyEvents;

/**
 * The one-line keyspace-notification call of command implementations (Redis's
 * {@code notifyKeyspaceEvent(type, event, key, c->db->id)}); nothing is built when the class is off.
 */
final class Notify {
    private Notify() {}

    static final int GENERIC = KeyEvents.GENERIC;
    static final int STRING = KeyEvents.STRING;
    static final int LIST = KeyEvents.LIST;
    static final int SET = KeyEvents.SET;
    static final int HASH = KeyEvents.HASH;
    static final int ZSET = KeyEvents.ZSET;
    static final int STREAM = KeyEvents.STREAM;

    static void event(Connection c, int type, String event, byte[] key) {
        c.node().keyEvents().fire(type, event, key, c.db);
    }

    /** An event in another database than the client's (MOVE, COPY DB). */
    static void event(Connection c, int type, String event, byte[] key, int db) {
        c.node().keyEvents().fire(type, event, key, db);
    }
}
