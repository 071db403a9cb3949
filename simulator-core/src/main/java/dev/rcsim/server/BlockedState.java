package dev.rcsim.server;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.time.SimClock;
import java.util.List;

/**
 * A client blocked on keys (BLPOP and friends): the request to retry when one of the keys is written,
 * the reply to send at timeout, and the timeout timer on the simulator clock.
 */
public final class BlockedState {
    final byte[][] argv;
    final List<Bytes> keys;
    final int db;
    final RespValue timeoutReply;
    SimClock.Timer timer;
    /** While the request is re-run because a key became ready: that key (Redis 7.0 serves from it). */
    Bytes readyKey;
    /** Also retried when a key is deleted or overwritten (a blocked XREADGROUP then fails, as in Redis). */
    boolean retryWhenDeleted;

    BlockedState(byte[][] argv, List<Bytes> keys, int db, RespValue timeoutReply) {
        this.argv = argv;
        this.keys = keys;
        this.db = db;
        this.timeoutReply = timeoutReply;
    }

    public List<Bytes> keys() {
        return keys;
    }

    /** The reply sent when the block ends by timeout (also CLIENT UNBLOCK ... TIMEOUT). */
    public RespValue timeoutReply() {
        return timeoutReply;
    }

    /** Makes a deleted (or no longer existing) key wake this client too. */
    public void retryWhenDeleted() {
        retryWhenDeleted = true;
    }

    /** The key whose write woke this client, during the re-run; null otherwise. */
    public Bytes readyKey() {
        return readyKey;
    }
}
