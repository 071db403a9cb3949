package dev.rcsim.command.server;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.HelpText;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import dev.rcsim.keyspace.Glob;
import dev.rcsim.server.NodeConfig;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CONFIG GET/SET/RESETSTAT/REWRITE/HELP over {@link NodeConfig}. SET validates each value with the
 * rule Redis 7.0.15 applies to that parameter (bool, bounded integer, memory, enum, immutable,
 * protected) and fails the whole call, without applying anything, with Redis's error text. The
 * simulator cannot rebind a listening port, so {@code port} and {@code bind} are reported as
 * immutable (real Redis rebinds).
 */
final class ConfigCommands {
    private ConfigCommands() {}

    private static final String INT_MAX = "2147483647";
    private static final String LL_MAX = "9223372036854775807";
    private static final Map<String, String> RULES = new HashMap<>();

    static {
        for (String p : List.of("appendonly", "protected-mode", "dynamic-hz", "cluster-allow-replica-migration",
                "cluster-require-full-coverage", "cluster-replica-no-failover", "cluster-allow-reads-when-down",
                "cluster-allow-pubsubshard-when-down", "replica-read-only", "replica-serve-stale-data",
                "lazyfree-lazy-user-del", "lazyfree-lazy-user-flush", "latency-tracking", "rcsim-faults")) {
            RULES.put(p, "bool");
        }
        for (String p : List.of("databases", "logfile", "daemonize", "cluster-enabled", "cluster-config-file",
                "cluster-port", "enable-debug-command", "enable-module-command", "io-threads", "port", "bind", "aclfile")) {
            RULES.put(p, "immutable");
        }
        RULES.put("dir", "protected");
        RULES.put("dbfilename", "protected");
        for (String p : List.of("timeout", "tcp-keepalive", "hz", "cluster-replica-validity-factor",
                "cluster-migration-barrier", "min-replicas-to-write", "min-replicas-max-lag", "list-compress-depth")) {
            RULES.put(p, "int 0 " + INT_MAX);
        }
        RULES.put("maxclients", "int 1 4294967295");
        RULES.put("repl-timeout", "int 1 " + INT_MAX);
        RULES.put("repl-ping-replica-period", "int 1 " + INT_MAX);
        RULES.put("cluster-announce-port", "int 0 65535");
        RULES.put("cluster-announce-bus-port", "int 0 65535");
        RULES.put("active-expire-effort", "int 1 10");
        RULES.put("maxmemory-samples", "int 1 " + INT_MAX);
        RULES.put("maxmemory-eviction-tenacity", "int 0 100");
        RULES.put("lfu-log-factor", "int 0 " + INT_MAX);
        RULES.put("lfu-decay-time", "int 0 " + INT_MAX);
        RULES.put("replica-ignore-maxmemory", "bool");
        RULES.put("list-max-listpack-size", "int -5 " + INT_MAX);
        RULES.put("slowlog-log-slower-than", "int -1 " + LL_MAX);
        for (String p : List.of("cluster-node-timeout", "hash-max-listpack-entries", "set-max-intset-entries",
                "zset-max-listpack-entries", "lua-time-limit", "busy-reply-threshold", "slowlog-max-len",
                "latency-monitor-threshold", "acllog-max-len", "tracking-table-max-keys")) {
            RULES.put(p, "int 0 " + LL_MAX);
        }
        RULES.put("proto-max-bulk-len", "mem 1048576 " + LL_MAX);
        RULES.put("client-query-buffer-limit", "mem 1048576 " + LL_MAX);
        RULES.put("repl-backlog-size", "mem 1 " + LL_MAX);
        RULES.put("maxmemory", "mem 0 " + LL_MAX);
        RULES.put("cluster-link-sendbuf-limit", "mem 0 " + LL_MAX);
        RULES.put("hash-max-listpack-value", "mem 0 " + LL_MAX);
        RULES.put("zset-max-listpack-value", "mem 0 " + LL_MAX);
        RULES.put("hll-sparse-max-bytes", "mem 0 " + LL_MAX);
        RULES.put("maxmemory-policy", "enum volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction");
        RULES.put("loglevel", "enum debug, verbose, notice, warning");
        RULES.put("acl-pubsub-default", "enum allchannels, resetchannels");
        RULES.put("cluster-preferred-endpoint-type", "enum ip, hostname, unknown-endpoint");
        RULES.put("save", "save");
        RULES.put("notify-keyspace-events", "events");
    }

    static void register(CommandTable t) {
        CommandSpec config = t.add("config", -2, "", 0, 0, 0).acl("@slow");
        config.sub("resetstat", 2, "admin noscript loading stale", 0, 0, 0).acl("@admin @slow @dangerous").run(ConfigCommands::resetStat);
        config.sub("set", -4, "admin noscript loading stale", 0, 0, 0).acl("@admin @slow @dangerous").run(ConfigCommands::set);
        config.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow").run((c, a) -> HelpText.CONFIG);
        config.sub("rewrite", 2, "admin noscript loading stale", 0, 0, 0).acl("@admin @slow @dangerous")
                .run((c, a) -> Replies.error("ERR The server is running without a config file"));
        config.sub("get", -3, "admin noscript loading stale", 0, 0, 0).acl("@admin @slow @dangerous").run(ConfigCommands::get);
    }

    private static boolean isGlob(String p) {
        for (int i = 0; i < p.length(); i++) {
            char ch = p.charAt(i);
            if (ch == '*' || ch == '?' || ch == '[') {
                return true;
            }
        }
        return false;
    }

    private static RespValue get(Connection c, byte[][] argv) {
        NodeConfig cfg = c.node().config();
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 2; i < argv.length; i++) {
            String pattern = Args.str(argv[i]);
            if (!isGlob(pattern)) {
                String lower = pattern.toLowerCase(Locale.ROOT);
                if (cfg.has(lower)) {
                    found.putIfAbsent(lower, cfg.get(lower));
                }
                continue;
            }
            for (Map.Entry<String, String> e : cfg.all().entrySet()) {
                if (Glob.matches(pattern, e.getKey())) {
                    found.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        List<RespValue> kv = new ArrayList<>(found.size() * 2);
        for (Map.Entry<String, String> e : found.entrySet()) {
            kv.add(Replies.bulk(e.getKey()));
            kv.add(Replies.bulk(e.getValue()));
        }
        return Replies.map(kv);
    }

    private static RespValue set(Connection c, byte[][] argv) {
        if ((argv.length - 2) % 2 != 0) {
            return Replies.SYNTAX;
        }
        RedisNode node = c.node();
        NodeConfig cfg = node.config();
        Map<String, String> changes = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 2; i < argv.length; i += 2) {
            String name = Args.str(argv[i]);
            String lower = name.toLowerCase(Locale.ROOT);
            if (!cfg.has(lower)) {
                return Replies.error("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
            }
            if (!seen.add(lower)) {
                return failed(name, "duplicate parameter");
            }
        }
        for (int i = 2; i < argv.length; i += 2) {
            String name = Args.str(argv[i]);
            String lower = name.toLowerCase(Locale.ROOT);
            String value = Args.str(argv[i + 1]);
            String rule = RULES.getOrDefault(lower, "string");
            String err = null;
            if (rule.equals("immutable")) {
                err = "can't set immutable config";
            } else if (rule.equals("protected")) {
                err = "can't set protected config";
            }
            if (err != null) {
                return failed(name, err);
            }
        }
        for (int i = 2; i < argv.length; i += 2) {
            String name = Args.str(argv[i]);
            String lower = name.toLowerCase(Locale.ROOT);
            String value = Args.str(argv[i + 1]);
            String rule = RULES.getOrDefault(lower, "string");
            String[] out = new String[1];
            String err = validate(rule, value, out);
            if (lower.equals("client-output-buffer-limit")) {
                try {
                    out[0] = dev.rcsim.server.OutputBufferLimits.merge(cfg.get(lower), value);
                } catch (IllegalArgumentException e) {
                    err = e.getMessage();
                }
            }
            if (err != null) {
                return failed(name, err);
            }
            if (lower.equals("maxclients") && Long.parseLong(out[0]) > cfg.longValue("maxclients")) {
                long cap = dev.rcsim.server.ClientRegistry.maxClientsCap(Long.parseLong(out[0]));
                if (cap >= 0) { // Redis could not raise its descriptor limit that far (updateMaxclients)
                    return failed(name, "The operating system is not able to handle the specified number of clients, try with " + cap);
                }
            }
            if (lower.equals("hz")) {
                out[0] = String.valueOf(Math.max(1, Math.min(500, Long.parseLong(out[0]))));
            }
            if (lower.equals("repl-backlog-size")) { // resizeReplicationBacklog's 16 KB minimum
                out[0] = String.valueOf(Math.max(16 * 1024, Long.parseLong(out[0])));
            }
            changes.put(lower, out[0]);
        }
        for (Map.Entry<String, String> e : changes.entrySet()) {
            boolean changed = !e.getValue().equals(cfg.get(e.getKey()));
            cfg.set(e.getKey(), e.getValue());
            if (changed && e.getKey().equals("requirepass")) { // Redis applies a config only when its value changes
                node.acl().setRequirePass(e.getValue());
            }
            if (e.getKey().equals("acl-pubsub-default")) {
                node.acl().setPubsubDefault(e.getValue());
            }
        }
        node.refreshLimits();
        return Replies.OK;
    }

    private static RespValue failed(String name, String why) {
        return Replies.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + why);
    }

    /** Null when {@code value} is acceptable (the stored form goes to out[0]), else Redis's reason. */
    private static String validate(String rule, String value, String[] out) {
        out[0] = value;
        if (rule.equals("string")) {
            return null;
        }
        if (rule.equals("bool")) {
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.equals("yes") && !v.equals("no")) {
                return "argument must be 'yes' or 'no'";
            }
            out[0] = v;
            return null;
        }
        if (rule.startsWith("enum ")) {
            String list = rule.substring(5);
            for (String e : list.split(", ")) {
                if (e.equalsIgnoreCase(value)) {
                    out[0] = e;
                    return null;
                }
            }
            return "argument(s) must be one of the following: " + list;
        }
        if (rule.startsWith("int ") || rule.startsWith("mem ")) {
            String[] parts = rule.split(" ");
            long min = Long.parseLong(parts[1]);
            long max = Long.parseLong(parts[2]);
            long v;
            if (rule.startsWith("int ")) {
                try {
                    v = Numbers.parseLong(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (NumberFormatException e) {
                    return "argument couldn't be parsed into an integer";
                }
            } else {
                Long m = memory(value);
                if (m == null) {
                    return "argument must be a memory value";
                }
                v = m;
            }
            if (v < min || v > max) {
                return "argument must be between " + parts[1] + " and " + parts[2] + " inclusive";
            }
            out[0] = String.valueOf(v);
            return null;
        }
        if (rule.equals("save")) {
            String[] parts = value.trim().isEmpty() ? new String[0] : value.trim().split("\\s+");
            if (parts.length % 2 != 0) {
                return "Invalid save parameters";
            }
            for (String p : parts) {
                try {
                    if (Long.parseLong(p) < 0) {
                        return "Invalid save parameters";
                    }
                } catch (NumberFormatException e) {
                    return "Invalid save parameters";
                }
            }
            out[0] = String.join(" ", parts);
            return null;
        }
        if (rule.equals("events")) {
            if (dev.rcsim.server.KeyEvents.parse(value) < 0) {
                return "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
            }
            return null;
        }
        return null;
    }

    /** Redis's memtoull: digits with an optional b/k/kb/m/mb/g/gb unit (any case); null if invalid. */
    static Long memory(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        long mul = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"},
            {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                s = s.substring(0, s.length() - u[0].length());
                break;
            }
        }
        if (s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(s), mul);
        } catch (ArithmeticException | NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static RespValue resetStat(Connection c, byte[][] argv) {
        c.node().stats().reset();
        c.node().memory().resetStats();
        c.node().replication().resetStats();
        return Replies.OK;
    }
}
