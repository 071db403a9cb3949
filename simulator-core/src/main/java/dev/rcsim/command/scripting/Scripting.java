package dev.rcsim.command.scripting;

import dev.rcsim.command.NodeCommands;
import dev.rcsim.command.ScriptState;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Dispatcher;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.protocol.RespWriter;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One node's scripting state, as Redis keeps it in eval.c, script.c and functions.c: the Lua state
 * of EVAL scripts with its SHA1 script cache, the function libraries, the script running now, and
 * the Lua client that runs {@code redis.call}. Scripts run on the node's event loop, one at a time,
 * atomically; their writes replicate as effects (wrapped in MULTI/EXEC when more than one).
 * The Lua state is created on first use.
 */
public final class Scripting implements ScriptState {
    final RedisNode node;
    final Lrand48 rand = new Lrand48();
    private EvalScripts eval;
    private Functions functions;
    /** The calls of the running script recorded before it may move ({@link ScriptRun#record}), reused. */
    private final ArrayList<Object> calls = new ArrayList<>();
    /** The script running now, or null (Redis's curr_run_ctx). */
    volatile ScriptRun current;
    private Connection luaClient;

    public Scripting(RedisNode node) {
        this.node = node;
    }

    /** The scripting engine of {@code node}. */
    public static Scripting of(RedisNode node) {
        return (Scripting) NodeCommands.of(node).scripts();
    }

    /** Whether a script or function is running on this node now. */
    @Override
    public boolean isRunning() {
        return current != null;
    }

    /**
     * The client whose command is running, for CLIENT TRACKING (Redis's server.current_client): while
     * a script runs on the loop, or a call of a script on the script thread runs, that is the script's
     * caller, also for the commands the script calls; otherwise {@code c} itself.
     */
    @Override
    public Connection trackingClient(Connection c) {
        if (!c.scriptClient()) {
            return c;
        }
        ScriptRun run = current;
        return run != null ? run.caller : c;
    }

    /** What {@link #trackingClient} is once a command {@code c} ran: the caller while its script goes on, on the loop. */
    @Override
    public Connection trackingClientAfter(Connection c) {
        if (!c.scriptClient()) {
            return null;
        }
        ScriptRun run = current;
        return run != null && !run.detached ? run.caller : null;
    }

    /**
     * After a read-only command a script called: the caller, when it has CLIENT TRACKING on, is
     * remembered for the keys its own request declared (Redis 7.0's call() runs trackingRememberKeys
     * on server.script_caller, with the caller's command and arguments: the EVAL's KEYS, not the keys of
     * the command inside, as redis-server 7.0.15 does).
     */
    @Override
    public void rememberCallerKeys() {
        ScriptRun run = current;
        if (run == null || run.caller.tracking() == null || run.argv == null) {
            return;
        }
        CommandSpec spec = lookup(run.argv);
        if (spec != null) {
            node.tracking().remember(run.caller, run.argv, spec.keyIndexes(run.argv));
        }
    }

    /** Whether {@code c} waits for its script on the script thread (what follows its reply waits too). */
    @Override
    public boolean waitsForScript(Connection c) {
        ScriptRun run = current;
        return run != null && run.detached && run.caller == c;
    }

    EvalScripts eval() {
        if (eval == null) {
            eval = new EvalScripts(this);
        }
        return eval;
    }

    Functions functions() {
        if (functions == null) {
            functions = new Functions(this);
        }
        return functions;
    }

    /** SCRIPT FLUSH: a fresh Lua state and an empty cache. */
    void resetEval() {
        eval = null;
    }

    private Connection luaClient() {
        if (luaClient == null) {
            luaClient = node.fakeClient();
            luaClient.setDenyBlocking(true);
            luaClient.markScriptClient();
        }
        return luaClient;
    }

    static String sha1hex(byte[] b) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(b);
            char[] out = new char[40];
            String hex = "0123456789abcdef";
            for (int i = 0; i < 20; i++) {
                out[2 * i] = hex.charAt((d[i] >> 4) & 0xf);
                out[2 * i + 1] = hex.charAt(d[i] & 0xf);
            }
            return new String(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------ running a script

    /**
     * Runs {@code fn} for {@code caller} (luaCallFunction + scriptResetRun): sets up the run, converts
     * the result or the error into the reply, and hands the write effects to replication. A client's
     * script runs on the node's script thread while the event loop goes on (see {@link ScriptThread});
     * the reply then comes later and this returns {@link dev.rcsim.command.Blocking#BLOCKED}. Scripts of
     * EXEC, of the replication link and of fake clients run here, on the loop, to their end.
     */
    RespValue run(ScriptRun run, LuaFunction fn, LuaValue[] args, Runnable setGlobals) {
        Consumer<byte[][]> outer = node.effects().beginCapture(argv -> {
            if ((run.replFlags & ScriptRun.PROPAGATE_REPL) != 0) {
                run.effects.add(argv);
            }
        });
        run.mayMove = ScriptThread.mayDetach(node, run.caller);
        if (run.mayMove) {
            calls.clear(); // one script runs at a time: its calls are recorded in the node's one list
            run.recordInto(calls);
        }
        run.startNanos = System.nanoTime();
        long rand0 = rand.state();
        current = run;
        RespValue reply;
        try {
            reply = execute(run, fn, args, setGlobals);
        } catch (MoveToThread m) {
            // long: run it again from the start on the script thread, the calls made so far replayed
            run.restart();
            rand.restore(rand0);
            thread().start(run, () -> execute(run, fn, args, setGlobals),
                    r -> finish(run, outer, r));
            node.effects().propagateNothing(); // its effects replicate when it ends (finish), not the EVAL
            run.blockedNanos = System.nanoTime();
            return dev.rcsim.command.Blocking.BLOCKED;
        } finally {
            if (!run.detached) {
                current = null;
                node.effects().endCapture(outer);
            }
        }
        return finish(run, outer, reply);
    }

    /**
     * Thrown by the instruction hook (100000 instructions in) out of a client's script that runs on
     * the event loop: the script starts again on the node's script thread, so that the loop can serve
     * -BUSY and SCRIPT KILL. The calls it made so far are not made again: the restarted run gets their
     * recorded results ({@link ScriptRun#replay}). Not a LuaError: pcall lets it by.
     */
    static final class MoveToThread extends Error {
        private static final long serialVersionUID = 1L;

        MoveToThread() {
            super("moved to the script thread", null, false, false);
        }
    }

    /**
     * Thrown out of a run restarted on the script thread that makes another call than the loop's run
     * made at that point (a script whose calls depend on more than its keys, arguments and data, such as
     * the address in {@code tostring({})}): it ends with an error, the effects of the calls made stay.
     */
    static final class ReplayDiverged extends Error {
        private static final long serialVersionUID = 1L;

        ReplayDiverged() {
            super("the restarted script made another call", null, false, false);
        }
    }

    private ScriptThread thread() {
        if (thread == null) {
            thread = new ScriptThread(this);
        }
        return thread;
    }

    private ScriptThread thread;

    /** The Lua part of a run: globals, the call, the conversion of its result or error. */
    private RespValue execute(ScriptRun run, LuaFunction fn, LuaValue[] args, Runnable setGlobals) {
        try {
            if (setGlobals != null) {
                setGlobals.run();
            }
            LuaValue result = args == null ? fn.call() : fn.invoke(LuaValue.varargsOf(args)).arg1();
            return LuaReplies.toReply(result, run.resp);
        } catch (LuaError e) {
            return errorReply(e, run.funcName);
        } catch (StackOverflowError e) {
            return LuaReplies.errorReply("ERR Error running script " + run.funcName + ", stack overflow");
        } catch (ReplayDiverged e) {
            return LuaReplies.errorReply("ERR Error running script " + run.funcName + ": restarted on rcsim's script thread,"
                    + " it called other commands than its first run did (see docs/compatibility.md)");
        }
    }

    /**
     * After the run, on the loop: the effects replace the command that ran the script (one MULTI/EXEC
     * when more than one; see {@link dev.rcsim.server.WriteEffects#propagateInstead}).
     */
    private RespValue finish(ScriptRun run, Consumer<byte[][]> outer, RespValue reply) {
        current = null;
        if (!calls.isEmpty()) {
            calls.clear();
        }
        node.effects().endCapture(outer);
        node.effects().propagateInstead(run.caller.db(), run.effects);
        return reply;
    }

    /**
     * The reply for a script error, as Redis's error handler and luaCallFunction build it:
     * {@code -<err> script: <name>, on <source>:<line>.}; string errors get {@code ERR }.
     */
    static RespValue errorReply(LuaError e, String funcName) {
        LuaValue obj = e.getMessageObject();
        String msg;
        if (obj != null && obj.istable()) {
            LuaValue err = obj.rawget(LuaReplies.ERR);
            msg = err.isstring() ? err.tojstring() : "(null)";
        } else {
            msg = "ERR " + (obj == null ? "nil" : obj.type() == LuaValue.TNUMBER ? LuaEngine.formatNumber(obj.todouble()) : obj.tojstring());
        }
        String where = LuaErrors.where(e);
        if (where != null && !where.endsWith(":?")) {
            msg = msg + " script: " + funcName + ", on " + where + ".";
        }
        return LuaReplies.errorReply(msg);
    }

    /**
     * Called by the instruction hook every 100000 instructions (Redis's luaMaskCountHook), and on every
     * instruction once killed (as Redis re-arms its hook, so that pcall cannot swallow the kill).
     */
    void interrupt() {
        ScriptRun run = current;
        if (run == null) {
            return;
        }
        if (run.mayMove && !run.detached && node.loop().inEventLoop()) { // not in a coroutine's thread
            run.mayMove = false;
            throw new MoveToThread();
        }
        if (run.detached && (!node.isRunning() || node.loop().isShuttingDown())) {
            run.killed = true; // the node stopped: nobody can send SCRIPT KILL any more
        }
        if (!run.timedOut && !run.detached) {
            long threshold = node.config().longValue("busy-reply-threshold");
            if (threshold > 0 && node.clock().millis() - run.startMillis >= threshold) {
                run.timedOut = true;
            }
        }
        if (run.killed) {
            throw new ScriptKilled();
        }
    }

    /**
     * Redis's scriptIsTimedout (isInsideYieldingLongCommand): a script that passed busy-reply-threshold
     * is running. Redis skips the maxmemory check of processCommand then, and serves no blocked keys.
     */
    @Override
    public boolean isTimedOut() {
        ScriptRun run = current;
        return run != null && run.timedOut;
    }

    /**
     * processCommand's busy step: while a script that has run past busy-reply-threshold is running,
     * a command without the allow_busy flag gets {@code -BUSY}; null otherwise (the usual case).
     */
    @Override
    public RespValue busyError(CommandSpec spec) {
        ScriptRun run = current;
        if (run == null || !run.timedOut || spec.flags().contains("allow_busy")) {
            return null;
        }
        return run.evalMode ? BUSY_EVAL : BUSY_FUNCTION;
    }

    /**
     * The -BUSY reply of a script past busy-reply-threshold, null when none runs (shutdownCommand's
     * check: only SHUTDOWN NOSAVE may stop a node inside a timed-out script).
     */
    public RespValue busyReply() {
        ScriptRun run = current;
        if (run == null || !run.timedOut) {
            return null;
        }
        return run.evalMode ? BUSY_EVAL : BUSY_FUNCTION;
    }

    static final RespValue BUSY_EVAL = dev.rcsim.protocol.Replies.error(
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
    static final RespValue BUSY_FUNCTION = dev.rcsim.protocol.Replies.error(
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");

    /** SCRIPT KILL ({@code eval}) / FUNCTION KILL (scriptKill). */
    RespValue kill(boolean isEval) {
        ScriptRun run = current;
        if (run == null) {
            return ScriptingCommands.NOTBUSY;
        }
        if (run.caller.isReplicaLink()) {
            return dev.rcsim.protocol.Replies.error("UNKILLABLE The busy script was sent by a master instance in the context of replication and cannot be killed.");
        }
        if (run.writeDirty) {
            return dev.rcsim.protocol.Replies.error("UNKILLABLE Sorry the script already executed write commands against the dataset. "
                    + "You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.");
        }
        if (isEval && !run.evalMode) {
            return BUSY_FUNCTION;
        }
        if (!isEval && run.evalMode) {
            return BUSY_EVAL;
        }
        run.killed = true;
        return dev.rcsim.protocol.Replies.OK;
    }

    /**
     * Raised in the script when SCRIPT KILL / FUNCTION KILL stops it: a Lua error (so its reply carries
     * the script's position, as Redis's) raised again at every following instruction.
     */
    static final class ScriptKilled extends LuaError {
        private static final long serialVersionUID = 1L;

        ScriptKilled() {
            super(LuaValue.valueOf("Script killed by user with SCRIPT KILL..."));
        }
    }

    // ------------------------------------------------------------ redis.call

    /** The arguments of a redis.* call as a command, or null when one is neither string nor number. */
    byte[][] toArgv(Varargs args) {
        int n = args.narg();
        if (n == 0) {
            return null;
        }
        byte[][] argv = new byte[n][];
        for (int i = 0; i < n; i++) {
            LuaValue v = args.arg(i + 1);
            if (v.type() == LuaValue.TNUMBER) {
                argv[i] = LuaReplies.numberArg(v.todouble());
            } else if (v.type() == LuaValue.TSTRING) {
                argv[i] = LuaReplies.bytes((LuaString) v);
            } else {
                return null;
            }
        }
        return argv;
    }

    LuaTable argvError(Varargs args) {
        return LuaReplies.errorTable(args.narg() == 0 ? "Please specify at least one argument for this redis lib call"
                : "Lua redis lib command arguments must be strings or integers");
    }

    /** Redis's lookupCommand(argv, argc): the subcommand of a container, null if unknown. */
    CommandSpec lookup(byte[][] argv) {
        CommandSpec spec = NodeCommands.of(node).table().lookup(argv[0]);
        if (spec != null && spec.hasSubcommands() && argv.length >= 2) {
            spec = CommandTable.subcommand(spec, argv[1]);
        }
        return spec;
    }

    /** scriptCall: the checks Redis makes on a command called from a script, then the call. */
    LuaValue redisCall(ScriptRun run, Varargs args) {
        byte[][] argv = toArgv(args);
        if (argv == null) {
            return argvError(args);
        }
        Object out;
        if (!run.detached) {
            out = callOnLoop(run, argv);
            if (run.mayMove) {
                run.record(argv, out);
            }
        } else if (run.replaying()) {
            out = run.replay(argv);
            if (out == null) {
                throw new ReplayDiverged();
            }
        } else {
            out = thread().onLoop(() -> callOnLoop(run, argv));
        }
        if (out instanceof String err) {
            LuaTable t = LuaReplies.errorTable(err);
            t.rawset(LuaReplies.IGNORE_STATS, LuaValue.TRUE);
            return t;
        }
        return LuaReplies.toLua((byte[]) out);
    }

    /** The part of scriptCall that touches the node: the checks (their error text) or the call (its reply). */
    private Object callOnLoop(ScriptRun run, byte[][] argv) {
        CommandSpec spec = lookup(argv);
        String err = check(run, spec, argv);
        if (err != null) {
            return err;
        }
        Connection lc = luaClient();
        lc.select(run.caller.db());
        lc.setResp(run.resp);
        lc.setInMulti(false);
        RespValue reply = Dispatcher.call(lc, spec, argv);
        return RespWriter.toBytes(reply, run.resp);
    }

    private String check(ScriptRun run, CommandSpec spec, byte[][] argv) {
        if (spec == null) {
            return "Unknown Redis command called from script";
        }
        if (!spec.arityOk(argv.length)) {
            return "Wrong number of args calling Redis command from script";
        }
        if (spec.flags().contains("noscript")) {
            return "This Redis command is not allowed from script";
        }
        String denied = dev.rcsim.command.AclGate.denyInScript(run.caller, spec, argv);
        if (denied != null) {
            return denied;
        }
        boolean write = spec.isWrite();
        if (run.readOnly && (write || spec.mayReplicate())) {
            return "Write commands are not allowed from read-only scripts.";
        }
        if (write && !run.writeDirty && node.isReplica() && !run.caller.isReplicaLink()
                && "yes".equals(node.config().get("replica-read-only"))) {
            return "-READONLY You can't write against a read only replica.";
        }
        String oom = dev.rcsim.command.OomCheck.scriptError(run.caller, spec, run.allowOom, run.writeDirty);
        if (oom != null) {
            return oom;
        }
        if (write) {
            run.writeDirty = true;
        }
        if (NodeCommands.of(node).router().active() && !run.caller.isReplicaLink()) {
            int[] keys = spec.keyIndexes(argv);
            if (keys.length > 0) {
                Connection lc = luaClient();
                lc.setReadonly(run.caller.readonly());
                lc.setAsking(run.caller.asking());
                RespValue r = NodeCommands.of(node).router().check(lc, spec, argv, null);
                if (r != null) {
                    String text = new String(RespWriter.toBytes(r, 2), StandardCharsets.UTF_8);
                    if (text.startsWith("-CLUSTERDOWN The cluster is down and only accepts read")) {
                        return "Script attempted to execute a write command while the cluster is down and readonly";
                    }
                    if (text.startsWith("-CLUSTERDOWN The cluster is down")) {
                        return "Script attempted to execute a command while the cluster is down";
                    }
                    return "Script attempted to access a non local key in a cluster node";
                }
                if (!run.allowCrossSlot) {
                    int slot = HashSlots.slot(argv[keys[0]]);
                    if (run.slot == -1) {
                        run.slot = slot;
                    } else if (run.slot != slot) {
                        return "Script attempted to access keys that do not hash to the same slot";
                    }
                }
            }
        }
        return null;
    }

    /** The slot of the first declared key, -1 for none (Redis's c->slot after getNodeByQuery). */
    int declaredSlot(byte[][] argv, int firstKey, int numKeys) {
        return NodeCommands.of(node).router().active() && numKeys > 0 ? HashSlots.slot(argv[firstKey]) : -1;
    }

    static List<byte[]> list(byte[][] argv, int from, int to) {
        List<byte[]> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(argv[i]);
        }
        return out;
    }
}
