package dev.rcsim.command;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.server.NodeStats;
import dev.rcsim.server.RedisNode;
import dev.rcsim.server.WriteEffects;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Redis's {@code processCommand}: the checks in Redis 7.0's order (lookup, arity, auth, MULTI rules,
 * cluster redirection, read-only replica, RESP2 pub/sub context, client pause), then MULTI queueing or
 * the call.
 * After a write the touched keys wake WATCH-ers and blocked clients; then the call's report to the
 * node's {@link WriteEffects} (the one path of write effects) becomes the replication feed.
 */
public final class Dispatcher {
    private Dispatcher() {}

    public static void process(Connection c, byte[][] argv) {
        RedisNode node = c.node();
        c.setLastInteraction(node.clock().millis());
        CommandSpec spec = NodeCommands.of(node).table().lookup(argv[0]);
        if (spec == null && (spec = NodeCommands.of(node).table().lookupHidden(argv[0])) == null) {
            c.setLastCommand("NULL");
            reject(c, unknownCommand(argv));
            return;
        }
        if (spec.hasSubcommands() && argv.length >= 2) {
            CommandSpec sub = CommandTable.subcommand(spec, argv[1]);
            if (sub == null) {
                c.setLastCommand("NULL");
                String cmd = new String(argv[0], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
                reject(c, rawError("ERR unknown subcommand '" + trunc(argv[1], 128) + "'. Try " + cmd + " HELP."));
                return;
            }
            spec = sub;
        }
        c.setLastCommand(spec.fullName); // Redis's c->lastcmd is set at lookup, before any check (CLIENT LIST cmd=)
        if (!spec.arityOk(argv.length)) {
            reject(c, spec, Replies.wrongArity(spec.fullName));
            return;
        }
        if (!c.authenticated() && !spec.noAuth && node.acl().defaultRequiresAuth()) {
            reject(c, spec, Replies.NOAUTH);
            return;
        }
        if (c.inMulti() && spec.noMulti) {
            reject(c, spec, Replies.error("ERR Command not allowed inside a transaction"));
            return;
        }
        if (!c.user().unrestricted() && !c.isReplicaLink()) {
            RespValue denied = AclGate.deny(c, spec, argv);
            if (denied != null) {
                reject(c, spec, denied);
                return;
            }
        }
        boolean isExec = spec.handler == TransactionCommands.EXEC;
        Redirector router = NodeCommands.of(node).router();
        if (router.active() && (spec.firstKey > 0 || spec.keyFinder != null || isExec)
                && !c.isReplicaLink()) {
            RespValue redirect = router.check(c, spec, argv, isExec && c.inMulti() ? c.multiQueue() : null);
            if (redirect != null) {
                if (isExec) {
                    TransactionCommands.discard(c);
                }
                reject(c, spec, redirect, false);
                resetAsking(c, spec);
                return;
            }
        }
        if (OomCheck.rejects(c, spec, isExec, argv)) {
            reject(c, spec, OomCheck.OOM);
            return;
        }
        if (node.tracking().clients() > 0) {
            node.tracking().current = c;
            node.tracking().limitUsedSlots();
        }
        if (node.isReplica() && spec.write && !c.isReplicaLink() && "yes".equals(node.config().get("replica-read-only"))) {
            reject(c, spec, READONLY);
            return;
        }
        if (c.inSubscribedContext() && !ALLOWED_IN_PUBSUB.contains(spec.name)) {
            reject(c, spec, Replies.error("ERR Can't execute '" + spec.fullName
                    + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"));
            return;
        }
        RespValue busy = NodeCommands.of(node).scripts().busyError(spec);
        if (busy != null) {
            reject(c, spec, busy); // a script past busy-reply-threshold is running
            return;
        }
        if (c.monitor() && (spec.readonly || PauseCheck.mayReplicate(spec))) {
            reject(c, spec, REPLICA_KEYSPACE);
            return;
        }
        if (!c.isReplicaLink() && PauseCheck.postpones(c, spec, argv, isExec)) {
            return; // CLIENT PAUSE or a manual failover: processed again from the start when the pause ends
        }
        if (c.inMulti() && !MULTI_IMMEDIATE.contains(spec.name)) {
            c.multiQueue().add(argv);
            c.reply(Replies.QUEUED);
            return;
        }
        RespValue reply = call(c, spec, argv);
        if (reply != Blocking.BLOCKED) {
            c.reply(reply);
        }
        if (c.hasAfterReply() && !(reply == Blocking.BLOCKED && NodeCommands.of(node).scripts().waitsForScript(c))) {
            c.flushAfterReply();
        }
        resetAsking(c, spec);
        node.handleReadyKeys();
    }

    private static final RespValue REPLICA_KEYSPACE = Replies.error("ERR Replica can't interact with the keyspace");

    private static final RespValue READONLY = Replies.error("READONLY You can't write against a read only replica.");

    private static final java.util.Set<String> ALLOWED_IN_PUBSUB = java.util.Set.of(
            "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "quit", "reset");

    private static final java.util.Set<String> MULTI_IMMEDIATE = java.util.Set.of(
            "exec", "discard", "multi", "watch", "quit", "reset");

    private static void resetAsking(Connection c, CommandSpec spec) {
        if (!c.inMulti() && !"asking".equals(spec.name)) {
            c.setAsking(false);
        }
    }

    /** Runs the command now (also used by EXEC for queued commands). */
    public static RespValue call(Connection c, CommandSpec spec, byte[][] argv) {
        RedisNode node = c.node();
        WriteEffects effects = node.effects();
        long dirtyBefore = effects.dirty();
        effects.begin();
        boolean retry = c.blocked() != null;
        if (node.tracking().active()) {
            node.tracking().current = NodeCommands.of(node).scripts().trackingClient(c);
        }
        node.keyEvents().inReadCommand = spec.readLookups;
        if (spec.skipMonitor && !retry && !node.monitors().isEmpty()) {
            node.monitors().feed(c, argv); // EVAL*/FCALL* are shown before the calls they make, as in Redis
        }
        long start = System.nanoTime();
        RespValue reply;
        try {
            reply = spec.handler.execute(c, argv);
        } catch (ReplyException e) {
            reply = e.reply();
            effects.dropRewrite();
        } catch (RuntimeException | Error e) {
            effects.end(false, argv, c.db()); // no half-open report left behind an internal error
            throw e;
        }
        NodeStats.CommandStat st = node.stats().of(spec.statsIndex, spec.fullName);
        long micros = (System.nanoTime() - start) / 1000;
        st.calls++;
        st.usec += micros;
        if (node.stats().latencyTracking && reply != Blocking.BLOCKED) {
            st.latency.record(micros);
        }
        if (micros >= 1000) {
            LatencyCommands.sample(node, spec, micros);
        }
        AfterCall.observe(c, spec, argv, micros, retry, reply == Blocking.BLOCKED);
        node.stats().commandsProcessed++;
        if (reply instanceof RespValue.Raw r && r.bytes().length > 0 && r.bytes()[0] == '-') {
            st.failed++;
            node.stats().failedCalls++;
            countError(node, r.bytes());
        }
        boolean changed = effects.dirty() != dirtyBefore;
        if (changed) {
            afterWrite(c, spec, argv);
        }
        effects.end(changed && PauseCheck.mayReplicate(spec), argv, c.db());
        return reply;
    }

    /**
     * The rest of a command's accounting once its reply, delayed on another thread, is ready (a script
     * that moved to the script thread): the time since it blocked in INFO commandstats, its whole time in
     * the latency histogram, the latency monitor and the slow log, as Redis counts a script's call().
     */
    public static void completeDelayed(Connection c, CommandSpec spec, byte[][] argv, long laterMicros, long totalMicros) {
        RedisNode node = c.node();
        NodeStats.CommandStat st = node.stats().of(spec.statsIndex, spec.fullName);
        st.usec += laterMicros;
        if (node.stats().latencyTracking) {
            st.latency.record(totalMicros);
        }
        if (totalMicros >= 1000) {
            LatencyCommands.sample(node, spec, totalMicros);
        }
        if (!spec.skipSlowlog && node.slowlog().accepts(totalMicros)) {
            node.slowlog().push(c, Redaction.of(spec, argv), totalMicros);
        }
    }

    /** Re-runs the request of a client blocked on keys (BLPOP...), once a key it waits for was written. */
    public static void retryBlocked(Connection c, byte[][] argv) {
        CommandSpec spec = NodeCommands.of(c.node()).table().lookup(argv[0]);
        RespValue reply = call(c, spec, argv);
        if (reply != Blocking.BLOCKED) {
            c.node().completeBlocked(c, reply);
            if (c.hasAfterReply()) {
                c.flushAfterReply();
            }
        }
    }

    private static void afterWrite(Connection c, CommandSpec spec, byte[][] argv) {
        RedisNode node = c.node();
        if (spec.keyFinder == null && spec.firstKey > 0 && spec.firstKey == spec.lastKey && spec.firstKey < argv.length) {
            keyWritten(c, argv[spec.firstKey], node.hasKeyWaiters()); // one key: no index array
        } else if (spec.firstKey > 0 || spec.keyFinder != null) {
            boolean waiters = node.hasKeyWaiters();
            for (int i : spec.keyIndexes(argv)) {
                keyWritten(c, argv[i], waiters);
            }
        }
    }

    /** A key the command wrote: its size is estimated again (used_memory), WATCH-ers and blocked clients learn of it. */
    private static void keyWritten(Connection c, byte[] k, boolean waiters) {
        Bytes key = Bytes.of(k);
        c.keyspace().reaccount(key);
        if (waiters) {
            c.node().touchKey(c.db(), key);
        }
    }

    private static void reject(Connection c, RespValue error) {
        reject(c, null, error);
    }

    private static void reject(Connection c, CommandSpec spec, RespValue error) {
        reject(c, spec, error, true);
    }

    /**
     * Redis's rejectCommand: flags the transaction, counts the rejection and replies. A rejected EXEC
     * (arity, NOAUTH, pub/sub context...) discards the transaction and replies
     * {@code -EXECABORT Transaction discarded because of: <error without "ERR ">}, even outside MULTI;
     * cluster redirections of EXEC ({@code execAbort} false) are sent as they are.
     */
    private static void reject(Connection c, CommandSpec spec, RespValue error, boolean execAbort) {
        if (execAbort && spec != null && spec.handler == TransactionCommands.EXEC && error instanceof RespValue.Raw r) {
            TransactionCommands.discard(c);
            String msg = new String(r.bytes(), 1, r.bytes().length - 3, StandardCharsets.UTF_8);
            if (msg.startsWith("ERR ")) {
                msg = msg.substring(4);
            }
            error = Replies.error("EXECABORT Transaction discarded because of: " + msg);
        }
        if (c.inMulti()) {
            c.setMultiDirty(true);
        }
        RedisNode node = c.node();
        node.stats().rejectedCalls++;
        if (spec != null) {
            node.stats().of(spec.statsIndex, spec.fullName).rejected++;
        }
        if (error instanceof RespValue.Raw r) {
            countError(node, r.bytes());
        }
        c.reply(error);
    }

    private static void countError(RedisNode node, byte[] line) {
        node.stats().errorReplies++;
        int end = 1;
        while (end < line.length && line[end] != ' ' && line[end] != '\r') {
            end++;
        }
        String code = new String(line, 1, end - 1, StandardCharsets.ISO_8859_1);
        node.stats().errors.merge(code, 1L, Long::sum);
    }

    /** {@code ERR unknown command 'X', with args beginning with: 'a' 'b' } as Redis 7.0 formats it. */
    static RespValue unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            int room = 128 - args.length(); // before the opening quote, as sdscatprintf computes it
            args.append('\'').append(trunc(argv[i], room)).append("' ");
        }
        return rawError("ERR unknown command '" + trunc(argv[0], 128) + "', with args beginning with: " + args);
    }

    /**
     * An argument as Redis's {@code %.*s} prints it: at most {@code max} bytes, cut at the first NUL,
     * one char per byte (ISO-8859-1), to be encoded back with {@link #rawError}.
     */
    public static String trunc(byte[] b, int max) {
        int n = Math.min(b.length, Math.max(0, max));
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                n = i;
                break;
            }
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** An error line whose text holds raw bytes as ISO-8859-1 chars (from {@link #trunc}); CR/LF become spaces. */
    public static RespValue rawError(String message) {
        return Replies.rawError(message);
    }

    /** Redis replaces CR and LF inside error messages by spaces. */
    public static String sanitize(String s) {
        return s.indexOf('\r') < 0 && s.indexOf('\n') < 0 ? s : s.replace('\r', ' ').replace('\n', ' ');
    }

    static List<byte[][]> copy(List<byte[][]> q) {
        return new ArrayList<>(q);
    }
}
