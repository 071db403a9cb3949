package dev.rcsim.command.scripting;

import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;
import dev.rcsim.time.SimClock;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The thread a node runs its clients' long scripts on (one per node, made on first use), so that the
 * event loop goes on while such a script runs, as Redis's main thread goes on serving from inside a script
 * that passed busy-reply-threshold (processEventsWhileBlocked). While the script runs, the caller is
 * blocked and every other client's requests wait unexecuted ({@link RedisNode#beginBusy}); once the
 * node's clock has moved busy-reply-threshold past the start they are processed, and those without
 * allow_busy get {@code -BUSY} ({@link Scripting#busyError}), so SCRIPT KILL / FUNCTION KILL can stop
 * it. A script starts on the loop (the cheap path for the usual short script); one that is still
 * running 100000 instructions in, with no write or publish yet, starts again from the beginning here
 * (nothing else ran on the node meanwhile, so it sees the same data). Every {@code redis.call} hops to the event loop and waits there, so the keyspace is only ever
 * touched by the loop's thread. Differences: the cluster bus and replication of the node (and of
 * nodes sharing its loop) keep running before the threshold, where Redis serves nothing; a script that
 * wrote or published before its 100000th instruction stays on the loop to its end, so other clients
 * wait for it rather than getting -BUSY (and SCRIPT KILL, which could only answer UNKILLABLE, waits too).
 */
final class ScriptThread {
    private static final byte[][] NO_ARGV = new byte[0][];

    private final Scripting scripting;
    private final ExecutorService exec;

    ScriptThread(Scripting scripting) {
        this.scripting = scripting;
        String name = "rcsim-script-" + scripting.node.port();
        this.exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A script from a real client, called on the loop outside EXEC: runs on the script thread. */
    static boolean mayDetach(RedisNode node, Connection caller) {
        EventLoop loop = node.loop();
        return loop != null && loop.inEventLoop() && caller.channel() != null && !caller.denyBlocking()
                && !caller.isReplicaLink();
    }

    /**
     * Blocks the caller, holds the other clients, runs {@code body} on the script thread, then on the
     * loop {@code finish} and the reply to the caller.
     */
    void start(ScriptRun run, Supplier<RespValue> body, Function<RespValue, RespValue> finish) {
        RedisNode node = scripting.node;
        EventLoop loop = node.loop();
        Connection caller = run.caller;
        run.detached = true;
        node.block(caller, NO_ARGV, List.of(), 0, null);
        node.beginBusy(caller);
        long threshold = node.config().longValue("busy-reply-threshold");
        long left = Math.max(0, threshold - (node.clock().millis() - run.startMillis));
        SimClock.Timer timer = threshold <= 0 ? null : node.clock().schedule(loop, left, () -> {
            if (scripting.current == run) {
                run.timedOut = true;
                node.endBusy(); // the held requests run now: -BUSY, or served when allow_busy
            }
        });
        scripting.current = run; // running from here on: the clock's threshold timer is armed
        exec.execute(() -> {
            RespValue reply;
            try {
                reply = body.get();
            } catch (RuntimeException | Error e) {
                reply = dev.rcsim.protocol.Replies.error("ERR internal error in rcsim: " + e);
            }
            RespValue r = reply;
            loop.execute(() -> {
                if (timer != null) {
                    timer.cancel();
                }
                RespValue out = finish.apply(r);
                node.endBusy();
                node.completeBlocked(caller, out);
                node.handleReadyKeys();
            });
        });
    }

    /** Runs {@code task} on the node's event loop and waits for it (a redis.call of a running script). */
    <T> T onLoop(Callable<T> task) {
        return scripting.node.loop().submit(task).syncUninterruptibly().getNow();
    }
}
