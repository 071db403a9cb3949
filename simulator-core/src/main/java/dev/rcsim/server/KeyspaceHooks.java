package dev.rcsim.server;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.Keyspace;

/**
 * What a node does when a key appears or expires outside a command's own bookkeeping: Redis's
 * {@code new} and {@code expired} keyspace events (dbAdd, deleteExpiredKeyAndPropagate), and the
 * invalidation of an expired key for tracking clients.
 */
final class KeyspaceHooks implements Keyspace.Listener {
    private final RedisNode node;

    KeyspaceHooks(RedisNode node) {
        this.node = node;
    }

    @Override
    public void added(Keyspace db, Bytes key) {
        node.keyEvents().fire(KeyEvents.NEW, "new", key.bytes(), db.id);
    }

    @Override
    public void missed(Keyspace db, Bytes key) {
        if (node.keyEvents().inReadCommand) {
            node.keyEvents().fire(KeyEvents.KEY_MISS, "keymiss", key.bytes(), db.id);
        }
    }

    @Override
    public void expired(Keyspace db, Bytes key) {
        deleted(KeyEvents.EXPIRED, "expired", db.id, key);
    }

    /**
     * A key the node deleted on its own (expiry, eviction): the event, the invalidation for tracking
     * clients, then the DEL for replicas, in the order of Redis's deleteExpiredKeyAndPropagate.
     */
    void deleted(int type, String event, int db, Bytes key) {
        node.keyEvents().fire(type, event, key.bytes(), db);
        if (node.tracking().active()) {
            node.tracking().invalidate(key.bytes());
        }
        node.propagateDeletion(db, key);
    }
}
