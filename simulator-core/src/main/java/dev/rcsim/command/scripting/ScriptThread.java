package dev.rcsim.command.scripting;

import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.Dispatcher;
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
 * it (or answer UNKILLABLE once it wrote) and SHUTDOWN NOSAVE can stop the node. A script starts on the
 * loop (the cheap path for the usual short script); one that is still running 100000 instructions in
 * starts again from the beginning here, nothing else having run on the node meanwhile. The calls it
 * made on the loop are not made again: the new run gets their recorded replies in order
 * ({@link ScriptRun#replay}), so writes and their replicated effects happen once. Every later
 * {@code redis.call} hops to the event loop and waits there, so the keyspace is only ever touched by the
 * loop's thread. Differences: the cluster bus and replication of the node (and of nodes sharing its
 * loop) keep running before the threshold, where Redis serves nothing; a script whose calls depend on
 * something other than its keys, arguments, data and {@code math.random} (the address in
 * {@code tostring({})}, the order of {@code pairs} over table keys) may call differently when started
 * again: it then ends with an error, the calls made standing; Lua state a function library keeps in its
 * upvalues sees the first 100000 instructions twice.
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
        // detached and running from here on, only once the clock's threshold timer is armed: a thread that
        // sees the script detached and then advances the clock past the threshold must find the timer set
        run.detached = true;
        scripting.current = run;
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
                long now = System.nanoTime();
                CommandSpec spec = run.argv == null ? null : scripting.lookup(run.argv);
                if (spec != null) {
                    Dispatcher.completeDelayed(caller, spec, run.argv, (now - run.blockedNanos) / 1000, (now - run.startNanos) / 1000);
                }
                if (!node.isRunning()) {
                    return; // SHUTDOWN NOSAVE stopped the node under the script: its caller gets no reply, only the close
                }
                node.endBusy();
                node.completeBlocked(caller, out);
                if (caller.hasAfterReply()) {
                    caller.flushAfterReply(); // invalidations and the like queued behind the reply
                }
                node.handleReadyKeys();
            });
        });
    }

    /** Runs {@code task} on the node's event loop and waits for it (a redis.call of a running script). */
    <T> T onLoop(Callable<T> task) {
        return scripting.node.loop().submit(task).syncUninterruptibly().getNow();
    }
}
