package dev.rcsim.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A node's configuration parameters as CONFIG GET/SET sees them, with Redis 7.0's defaults. Only the
 * parameters listed here exist; the ones the simulator honours are read through typed accessors.
 */
public final class NodeConfig {
    private final Map<String, String> values = new LinkedHashMap<>();
    /** Parameters given a value by the user (builder, CONFIG SET), as opposed to defaults. */
    private final java.util.Set<String> explicit = new java.util.HashSet<>();

    public NodeConfig() {
        // Defaults of Redis 7.0.15 (CONFIG GET on a fresh redis-server).
        put("bind", "127.0.0.1");
        put("port", "6379");
        put("requirepass", "");
        put("masterauth", "");
        put("proto-max-bulk-len", "536870912");
        put("client-query-buffer-limit", "1073741824");
        put("maxclients", "10000");
        put("client-output-buffer-limit", OutputBufferLimits.DEFAULT);
        put("timeout", "0");
        put("tcp-keepalive", "300");
        put("databases", "16");
        put("maxmemory", "0");
        put("maxmemory-policy", "noeviction");
        put("maxmemory-samples", "5");
        put("maxmemory-eviction-tenacity", "10");
        put("lfu-decay-time", "1");
        put("lfu-log-factor", "10");
        put("replica-ignore-maxmemory", "yes");
        put("hz", "10");
        put("dynamic-hz", "yes");
        put("appendonly", "no");
        put("save", "");
        put("dir", "/tmp");
        put("dbfilename", "dump.rdb");
        put("loglevel", "notice");
        put("logfile", "");
        put("daemonize", "no");
        put("protected-mode", "no");
        put("cluster-enabled", "no");
        put("cluster-config-file", "nodes.conf");
        put("cluster-node-timeout", "15000");
        put("cluster-port", "0");
        put("cluster-replica-validity-factor", "10");
        put("cluster-migration-barrier", "1");
        put("cluster-allow-replica-migration", "yes");
        put("cluster-require-full-coverage", "yes");
        put("cluster-replica-no-failover", "no");
        put("cluster-allow-reads-when-down", "no");
        put("cluster-allow-pubsubshard-when-down", "yes");
        put("cluster-announce-ip", "");
        put("cluster-announce-port", "0");
        put("cluster-announce-bus-port", "0");
        put("cluster-announce-hostname", "");
        put("cluster-preferred-endpoint-type", "ip");
        put("cluster-link-sendbuf-limit", "0");
        put("replica-read-only", "yes");
        put("replica-serve-stale-data", "yes");
        put("repl-backlog-size", "1048576");
        put("repl-timeout", "60");
        put("repl-ping-replica-period", "10");
        put("min-replicas-to-write", "0");
        put("min-replicas-max-lag", "10");
        put("hash-max-listpack-entries", "512");
        put("hash-max-listpack-value", "64");
        put("list-max-listpack-size", "-2");
        put("list-compress-depth", "0");
        put("set-max-intset-entries", "512");
        put("zset-max-listpack-entries", "128");
        put("zset-max-listpack-value", "64");
        put("stream-node-max-bytes", "4096");
        put("stream-node-max-entries", "100");
        put("hll-sparse-max-bytes", "3000");
        put("lua-time-limit", "5000");
        put("busy-reply-threshold", "5000");
        put("slowlog-log-slower-than", "10000");
        put("slowlog-max-len", "128");
        put("tracking-table-max-keys", "1000000");
        put("acllog-max-len", "128");
        put("acl-pubsub-default", "resetchannels");
        put("aclfile", ""); // rcsim has no ACL file: ACL LOAD/SAVE answer as a Redis without one
        put("latency-monitor-threshold", "0");
        put("latency-tracking", "yes");
        put("latency-tracking-info-percentiles", "50 99 99.9");
        put("notify-keyspace-events", "");
        put("lazyfree-lazy-user-del", "no");
        put("lazyfree-lazy-user-flush", "no");
        put("active-expire-effort", "1");
        put("enable-debug-command", "no");
        put("enable-module-command", "no");
        put("io-threads", "1");
        // rcsim only: accept RCSIM FAULT commands (not a Redis parameter)
        put("rcsim-faults", "no");
    }

    private void put(String k, String v) {
        values.put(k, v);
    }

    public boolean has(String name) {
        return values.containsKey(name.toLowerCase(Locale.ROOT));
    }

    public String get(String name) {
        return values.get(name.toLowerCase(Locale.ROOT));
    }

    /** Sets a known parameter (the caller validates the value). */
    public void set(String name, String value) {
        String k = name.toLowerCase(Locale.ROOT);
        if (!values.containsKey(k)) {
            throw new IllegalArgumentException("Unknown option or number of arguments for CONFIG SET - '" + name + "'");
        }
        values.put(k, value);
        explicit.add(k);
        String alias = ALIASES.get(k);
        if (alias != null) {
            values.put(alias, value);
            explicit.add(alias);
        }
    }

    /** True once the user set {@code name} (a default the node computes, like maxclients, may follow its process). */
    public boolean isSet(String name) {
        return explicit.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Replaces a default value the node computes (maxclients' descriptor share); a user's value stays. */
    void setDefault(String name, String value) {
        String k = name.toLowerCase(Locale.ROOT);
        if (!explicit.contains(k)) {
            values.put(k, value);
        }
    }

    /** Parameters Redis 7.0 keeps under two names, one value (lua-time-limit is busy-reply-threshold's old name). */
    private static final Map<String, String> ALIASES = Map.of(
            "lua-time-limit", "busy-reply-threshold", "busy-reply-threshold", "lua-time-limit");

    public Map<String, String> all() {
        return values;
    }

    public String requirePass() {
        String p = values.get("requirepass");
        return p == null || p.isEmpty() ? null : p;
    }

    public long longValue(String name) {
        return parseMemory(values.get(name));
    }

    public boolean yes(String name) {
        return "yes".equals(values.get(name));
    }

    public boolean clusterEnabled() {
        return yes("cluster-enabled");
    }

    /** Parses Redis memory notation (1gb, 512mb, 100k...). */
    public static long parseMemory(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        long mul = 1;
        if (s.endsWith("gb")) {
            mul = 1024L * 1024 * 1024;
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("mb")) {
            mul = 1024L * 1024;
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("kb")) {
            mul = 1024L;
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("g")) {
            mul = 1000L * 1000 * 1000;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            mul = 1000L * 1000;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("k")) {
            mul = 1000L;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s) * mul;
    }
}
