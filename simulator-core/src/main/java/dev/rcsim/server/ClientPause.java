package dev.rcsim.server;

import dev.rcsim.time.SimClock;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis 7.0's client pause ({@code pauseClients}/{@code unpauseClients} in networking.c), shared by
 * CLIENT PAUSE and the master side of CLUSTER FAILOVER. Each {@link Purpose} holds its own type and
 * end time; a new pause of the same purpose keeps the later end and the stricter type. The node's
 * effective pause is the strictest type among the purposes still running, until the latest end among
 * the purposes of that type; a purpose is over once the clock is past its end.
 *
 * <p>A command the pause applies to is postponed (Redis's {@code BLOCKED_POSTPONE}): the client is
 * blocked (CLIENT LIST flag {@code b}, counted in {@code blocked_clients}) with its request kept, and
 * its later requests wait behind it. When the pause ends or becomes less strict, every postponed client
 * is released in the order it was postponed and its request is processed again from the start (so it
 * may be redirected, rejected or postponed again). While any pause is on, expired keys read as missing
 * but are not deleted, and active expiry does not run.
 *
 * <p>A replica's link to its master is paused too (Redis's master client is not exempt): the stream's
 * writes wait, in order, and are applied when the pause ends.
 *
 * <p>Differs from Redis: the end is noticed by a timer on the node's clock 1 ms past the end time
 * (Redis notices it at its next cron tick or key lookup), and the SHUTDOWN purpose does not exist.
 */
public final class ClientPause {
    /** Why clients are paused; each purpose has its own end time and type (Redis's pause_purpose). */
    public enum Purpose { CLIENT_COMMAND, FAILOVER }

    /** How much is paused; later constants are stricter (Redis's pause_type). */
    public enum Type { OFF, WRITE, ALL }

    private record Postponed(Connection c, BlockedState state) {}

    private final RedisNode node;
    private final Type[] types = new Type[Purpose.values().length];
    private final long[] ends = new long[Purpose.values().length];
    private Type type = Type.OFF;
    private long end;
    private SimClock.Timer timer;
    private final List<Postponed> postponed = new ArrayList<>();

    ClientPause(RedisNode node) {
        this.node = node;
    }

    /**
     * Pauses clients for {@code purpose} until {@code endMillis} (on the node's clock). Like Redis, an
     * existing pause of the same purpose keeps the later end and the stricter type; an end already
     * past pauses nothing.
     */
    public void pause(Purpose purpose, long endMillis, Type t) {
        int i = purpose.ordinal();
        if (types[i] == null) {
            types[i] = t;
            ends[i] = endMillis;
        } else {
            types[i] = types[i].compareTo(t) >= 0 ? types[i] : t;
            ends[i] = Math.max(ends[i], endMillis);
        }
        update();
    }

    /** Ends the pause of {@code purpose}; postponed clients are processed again if the pause got less strict. */
    public void unpause(Purpose purpose) {
        int i = purpose.ordinal();
        if (types[i] == null) {
            return;
        }
        types[i] = null;
        update();
    }

    /** True while {@code purpose} holds a pause (its end may have passed unnoticed for up to 1 ms). */
    public boolean isActive(Purpose purpose) {
        return types[purpose.ordinal()] != null;
    }

    /** The effective pause type, after ending purposes whose time is over (Redis's checkClientPauseTimeoutAndReturnIfPaused). */
    public Type type() {
        if (type != Type.OFF && end < node.clock().millis()) {
            update();
        }
        return type;
    }

    /** True while clients are paused (WRITE or ALL): expired keys are then kept, not deleted. */
    public boolean isPaused() {
        return type() != Type.OFF;
    }

    /**
     * Whether a command must be postponed: everything under ALL, writes and may-replicate commands
     * (PUBLISH, SPUBLISH, PFCOUNT, EVAL...; for EXEC: a transaction holding one) under WRITE. The
     * caller excludes what Redis never pauses.
     */
    public boolean postpones(boolean mayReplicate) {
        Type t = type();
        return t == Type.ALL || (t == Type.WRITE && mayReplicate);
    }

    /** Postpones the client's current request {@code argv} until the pause ends or gets less strict. */
    public void postpone(Connection c, byte[][] argv) {
        node.block(c, argv, List.of(), 0, null);
        postponed.add(new Postponed(c, c.blocked()));
    }

    /** True when the client waits for the pause to end. */
    public boolean isPostponed(Connection c) {
        if (c.blocked() == null) {
            return false;
        }
        for (Postponed p : postponed) {
            if (p.c == c && p.state == c.blocked()) {
                return true;
            }
        }
        return false;
    }

    /**
     * CLIENT UNBLOCK ... ERROR on a postponed client, as Redis 7.0 does it: the client gets {@code error},
     * and its request is processed again (postponed anew, at the end of the line, while the pause lasts).
     */
    public void failAndRetry(Connection c, dev.rcsim.protocol.RespValue error) {
        Postponed found = null;
        for (Postponed p : postponed) {
            if (p.c == c && p.state == c.blocked()) {
                found = p;
                break;
            }
        }
        if (found == null) {
            return;
        }
        postponed.remove(found);
        c.reply(error);
        c.flush();
        resume(List.of(found));
    }

    /** Number of clients waiting for the pause to end. */
    public int postponedCount() {
        int n = 0;
        for (Postponed p : postponed) {
            if (p.c.blocked() == p.state) {
                n++;
            }
        }
        return n;
    }

    /** Redis's updateClientPauseTypeAndEndTime. */
    private void update() {
        Type old = type;
        long now = node.clock().millis();
        Type t = Type.OFF;
        for (int i = 0; i < types.length; i++) {
            if (types[i] == null) {
                continue;
            }
            if (ends[i] < now) {
                types[i] = null;
            } else if (types[i].compareTo(t) > 0) {
                t = types[i];
            }
        }
        long e = 0;
        for (int i = 0; i < types.length; i++) {
            if (types[i] == t && t != Type.OFF && ends[i] > e) {
                e = ends[i];
            }
        }
        type = t;
        boolean rescheduled = e != end || t != old;
        end = e;
        if (rescheduled) {
            schedule(now);
        }
        if (t.compareTo(old) < 0) {
            releaseAll();
            node.replication().drainHeldStream();
        }
    }

    private void schedule(long now) {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (type == Type.OFF || node.loop() == null) {
            return;
        }
        long delay = end - now + 1;
        if (delay <= 0 || delay > Long.MAX_VALUE / 4) {
            return; // effectively forever (e.g. a pause of many years): only an unpause ends it
        }
        timer = node.clock().schedule(node.loop(), delay, () -> {
            timer = null;
            type();
        });
    }

    /** Redis's unblockPostponedClients: every postponed client is processed again, in order. */
    private void releaseAll() {
        if (postponed.isEmpty()) {
            return;
        }
        List<Postponed> list = new ArrayList<>(postponed);
        postponed.clear();
        resume(list);
    }

    private void resume(List<Postponed> list) {
        List<Connection> ready = new ArrayList<>(list.size());
        for (Postponed p : list) {
            Connection c = p.c;
            if (c.blocked() == p.state && !c.isClosing()) {
                node.unblock(c);
                c.pendingRequests.addFirst(p.state.argv);
                ready.add(c);
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        // like Redis's processUnblockedClients (beforeSleep): after the command or event that ended the pause
        Runnable drain = () -> {
            for (Connection c : ready) {
                if (c.handler != null && !c.isClosing()) {
                    c.handler.drainPending();
                }
            }
        };
        if (node.loop() != null && node.loop().inEventLoop()) {
            node.loop().execute(drain);
        } else {
            drain.run();
        }
    }
}
