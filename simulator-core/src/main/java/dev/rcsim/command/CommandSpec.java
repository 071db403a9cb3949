package dev.rcsim.command;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of the command table, as Redis 7.0's COMMAND describes it: name, arity (negative: at
 * least), flags, first/last/step key positions, ACL categories, and subcommands for container
 * commands (CLUSTER, CLIENT, CONFIG...).
 */
public final class CommandSpec {
    final String name;
    public final String fullName;
    final int arity;
    final List<String> flags;
    final int firstKey;
    final int lastKey;
    final int step;
    List<String> acl = List.of();
    Command handler;
    KeyFinder keyFinder;
    CommandSpec parent;
    /** This command in the ACL catalog (resolved on first ACL check). */
    dev.rcsim.acl.AclCatalog.Entry aclEntry;
    final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();

    final boolean write;
    final boolean readonly;
    final boolean noAuth;
    final boolean pubsub;
    final boolean loadingOk;
    final boolean blocking;
    final boolean noMulti;
    final boolean admin;
    final boolean denyOom;
    final boolean stale;
    final boolean noScript;
    final boolean fast;
    /** EXEC (its commands are logged one by one) and the scripting commands: not in SLOWLOG / MONITOR. */
    final boolean skipSlowlog;
    final boolean skipMonitor;
    /** Its lookups are Redis's lookupKeyRead (they publish {@code keymiss}): read-only commands and {@link #READ_LOOKUP_WRITES}. */
    final boolean readLookups;
    /** Write commands that look their keys up for reading (sources; the destination is only stored). */
    private static final java.util.Set<String> READ_LOOKUP_WRITES = java.util.Set.of("getdel", "getex", "bitop", "pfmerge",
            "sort", "sinterstore", "sunionstore", "sdiffstore", "zinterstore", "zunionstore", "zdiffstore", "zrangestore",
            "geosearchstore", "georadius", "georadiusbymember");
    boolean asking;
    /** Dense id of this spec within the JVM, so per-node counters live in an array ({@link dev.rcsim.server.NodeStats#of(int, String)}). */
    final int statsIndex = NEXT_STATS_INDEX.getAndIncrement();

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_STATS_INDEX = new java.util.concurrent.atomic.AtomicInteger();

    public CommandSpec(String name, String fullName, int arity, String flags, int firstKey, int lastKey, int step) {
        this.name = name;
        this.fullName = fullName;
        this.arity = arity;
        this.flags = flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.step = step;
        this.write = this.flags.contains("write");
        this.readonly = this.flags.contains("readonly");
        this.noAuth = this.flags.contains("no_auth");
        this.pubsub = this.flags.contains("pubsub");
        this.loadingOk = this.flags.contains("loading");
        this.blocking = this.flags.contains("blocking");
        this.noMulti = this.flags.contains("no_multi");
        this.admin = this.flags.contains("admin");
        this.denyOom = this.flags.contains("denyoom");
        this.stale = this.flags.contains("stale");
        this.noScript = this.flags.contains("noscript");
        this.fast = this.flags.contains("fast");
        this.skipSlowlog = this.flags.contains("skip_slowlog");
        this.skipMonitor = this.flags.contains("skip_monitor");
        this.readLookups = readonly || READ_LOOKUP_WRITES.contains(name);
    }

    public String name() {
        return name;
    }

    /** {@code get}, or {@code cluster|setslot} for a subcommand. */
    public String fullName() {
        return fullName;
    }

    public int arity() {
        return arity;
    }

    public List<String> flags() {
        return flags;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int step() {
        return step;
    }

    public List<String> aclCategories() {
        return acl;
    }

    public boolean isWrite() {
        return write;
    }

    public boolean isReadonly() {
        return readonly;
    }

    /** Redis's CMD_WRITE or CMD_MAY_REPLICATE: what a read-only script may not call. */
    public boolean mayReplicate() {
        return PauseCheck.mayReplicate(this);
    }

    public boolean isBlocking() {
        return blocking;
    }

    public boolean isPubsub() {
        return pubsub;
    }

    public boolean isAsking() {
        return asking;
    }

    public boolean movableKeys() {
        return keyFinder != null;
    }

    public boolean hasSubcommands() {
        return !subcommands.isEmpty();
    }

    public Map<String, CommandSpec> subcommands() {
        return subcommands;
    }

    public CommandSpec parent() {
        return parent;
    }

    Command handler() {
        return handler;
    }

    public CommandSpec acl(String categories) {
        this.acl = List.of(categories.trim().split("\\s+"));
        return this;
    }

    public CommandSpec run(Command c) {
        this.handler = c;
        return this;
    }

    public CommandSpec keys(KeyFinder f) {
        this.keyFinder = f;
        return this;
    }

    /** Marks a command that carries Redis's implicit ASKING flag (RESTORE-ASKING). */
    public CommandSpec asking() {
        this.asking = true;
        return this;
    }

    /** Adds a subcommand; its full name is {@code parent|sub}. */
    public CommandSpec sub(String sub, int arity, String flags, int firstKey, int lastKey, int step) {
        String lower = sub.toLowerCase(Locale.ROOT);
        CommandSpec s = new CommandSpec(lower, name + "|" + lower, arity, flags, firstKey, lastKey, step);
        s.parent = this;
        subcommands.put(lower, s);
        return s;
    }

    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    private static final int[] NO_KEYS = new int[0];

    /** Indexes of the key arguments of this call (empty for keyless commands). */
    public int[] keyIndexes(byte[][] argv) {
        if (keyFinder != null) {
            return keyFinder.keys(argv);
        }
        if (firstKey <= 0) {
            return NO_KEYS;
        }
        int last = lastKey < 0 ? argv.length + lastKey : lastKey;
        if (last >= argv.length) {
            last = argv.length - 1;
        }
        if (last < firstKey) {
            return NO_KEYS;
        }
        if (firstKey == last) {
            return new int[] {firstKey};
        }
        int[] out = new int[(last - firstKey) / step + 1];
        int n = 0;
        for (int i = firstKey; i <= last; i += step) {
            out[n++] = i;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    @Override
    public String toString() {
        return fullName;
    }
}
