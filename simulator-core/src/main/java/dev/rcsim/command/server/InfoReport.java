package dev.rcsim.command.server;

import dev.rcsim.command.LatencyCommands;
import dev.rcsim.command.ServerInfo;
import dev.rcsim.command.ServerState;
import dev.rcsim.keyspace.Keyspace;
import dev.rcsim.server.Connection;
import dev.rcsim.server.NodeStats;
import dev.rcsim.server.RedisNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text of INFO, section by section, with Redis 7.0.15's field names and order. Values come from
 * the node's state where the simulator has one (clients, keyspace, stats, replication); process
 * facts (memory, CPU) come from the JVM; persistence and AOF report an instance that never saved.
 */
final class InfoReport {
    private InfoReport() {}

    private static final List<String> DEFAULT = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");
    private static final List<String> ALL = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");

    /** The INFO text for the requested section names (already lower-cased); empty list = default. */
    static String build(RedisNode node, List<String> args) {
        Set<String> wanted = new LinkedHashSet<>();
        if (args.isEmpty()) {
            wanted.addAll(DEFAULT);
        }
        for (String a : args) {
            if (a.equals("default")) {
                wanted.addAll(DEFAULT);
            } else if (a.equals("all") || a.equals("everything")) {
                wanted.addAll(ALL);
            } else {
                wanted.add(a);
            }
        }
        StringBuilder sb = new StringBuilder(4096);
        for (String s : ALL) {
            if (!wanted.contains(s)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("\r\n");
            }
            section(node, s, sb);
        }
        return sb.toString();
    }

    private static void section(RedisNode node, String name, StringBuilder sb) {
        switch (name) {
            case "server" -> server(node, sb);
            case "clients" -> clients(node, sb);
            case "memory" -> memory(node, sb);
            case "persistence" -> persistence(node, sb);
            case "stats" -> stats(node, sb);
            case "replication" -> sb.append("# Replication\r\n").append(node.replication().infoSection());
            case "cpu" -> cpu(sb);
            case "modules" -> sb.append("# Modules\r\n");
            case "commandstats" -> commandstats(node, sb);
            case "errorstats" -> errorstats(node, sb);
            case "latencystats" -> LatencyCommands.infoSection(node, sb);
            case "cluster" -> sb.append("# Cluster\r\ncluster_enabled:").append(node.config().clusterEnabled() ? 1 : 0).append("\r\n");
            case "keyspace" -> keyspace(node, sb);
            default -> { }
        }
    }

    private static void f(StringBuilder sb, String k, Object v) {
        sb.append(k).append(':').append(v).append("\r\n");
    }

    private static void server(RedisNode node, StringBuilder sb) {
        long nowMs = node.clock().millis();
        long uptime = (nowMs - node.startMillis()) / 1000;
        int hz = Integer.parseInt(node.config().get("hz"));
        sb.append("# Server\r\n");
        f(sb, "redis_version", ServerInfo.VERSION);
        f(sb, "redis_git_sha1", "00000000");
        f(sb, "redis_git_dirty", 0);
        f(sb, "redis_build_id", "72637369d2e1a7f");
        f(sb, "redis_mode", node.config().clusterEnabled() ? "cluster" : "standalone");
        f(sb, "os", osLine());
        f(sb, "arch_bits", 64);
        f(sb, "monotonic_clock", "POSIX clock_gettime");
        f(sb, "multiplexing_api", "epoll");
        f(sb, "atomicvar_api", "c11-builtin");
        f(sb, "gcc_version", "12.2.0");
        f(sb, "process_id", ProcessHandle.current().pid());
        f(sb, "process_supervised", "no");
        f(sb, "run_id", node.runId());
        f(sb, "tcp_port", node.port());
        f(sb, "server_time_usec", node.clock().micros());
        f(sb, "uptime_in_seconds", uptime);
        f(sb, "uptime_in_days", uptime / 86400);
        f(sb, "hz", hz);
        f(sb, "configured_hz", hz);
        f(sb, "lru_clock", (nowMs / 1000) & ((1 << 24) - 1));
        f(sb, "executable", "");
        f(sb, "config_file", "");
        f(sb, "io_threads_active", 0);
    }

    private static String osLine() {
        String arch = System.getProperty("os.arch", "x86_64");
        if (arch.equals("amd64")) {
            arch = "x86_64";
        }
        return System.getProperty("os.name", "Linux") + " " + System.getProperty("os.version", "") + " " + arch;
    }

    private static void clients(RedisNode node, StringBuilder sb) {
        int normal = 0;
        for (Connection c : node.clients().all()) {
            if (!c.isReplicaLink()) {
                normal++;
            }
        }
        sb.append("# Clients\r\n");
        f(sb, "connected_clients", normal);
        f(sb, "cluster_connections", 0);
        f(sb, "maxclients", node.config().get("maxclients"));
        f(sb, "client_recent_max_input_buffer", 0);
        f(sb, "client_recent_max_output_buffer", 0);
        f(sb, "blocked_clients", node.blockedClients());
        f(sb, "tracking_clients", node.tracking().clients());
        f(sb, "clients_in_timeout_table", 0);
    }

    /** Redis's bytesToHuman. */
    static String human(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double d = n / 1024.0;
        int u = 0;
        while (d >= 1024 && u < units.length - 1) {
            d /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", d, units[u]);
    }

    private static void memory(RedisNode node, StringBuilder sb) {
        Runtime rt = Runtime.getRuntime();
        dev.rcsim.server.MaxMemory mem = node.memory();
        long used = mem.used();
        long peak = mem.peak();
        long rss = used;
        long startup = mem.startup();
        long dataset = mem.dataset();
        long max = node.config().longValue("maxmemory");
        sb.append("# Memory\r\n");
        f(sb, "used_memory", used);
        f(sb, "used_memory_human", human(used));
        f(sb, "used_memory_rss", rss);
        f(sb, "used_memory_rss_human", human(rss));
        f(sb, "used_memory_peak", peak);
        f(sb, "used_memory_peak_human", human(peak));
        f(sb, "used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", used * 100.0 / peak));
        f(sb, "used_memory_overhead", startup);
        f(sb, "used_memory_startup", startup);
        f(sb, "used_memory_dataset", dataset);
        f(sb, "used_memory_dataset_perc", String.format(Locale.ROOT, "%.2f%%", dataset * 100.0 / Math.max(1, used - startup)));
        f(sb, "allocator_allocated", used);
        f(sb, "allocator_active", rss);
        f(sb, "allocator_resident", rss);
        f(sb, "total_system_memory", rt.maxMemory());
        f(sb, "total_system_memory_human", human(rt.maxMemory()));
        f(sb, "used_memory_lua", 32768);
        f(sb, "used_memory_vm_eval", 32768);
        f(sb, "used_memory_lua_human", "32.00K");
        f(sb, "used_memory_scripts_eval", 0);
        f(sb, "number_of_cached_scripts", 0);
        f(sb, "number_of_functions", 0);
        f(sb, "number_of_libraries", 0);
        f(sb, "used_memory_vm_functions", 32768);
        f(sb, "used_memory_vm_total", 65536);
        f(sb, "used_memory_vm_total_human", "64.00K");
        f(sb, "used_memory_functions", 0);
        f(sb, "used_memory_scripts", 0);
        f(sb, "used_memory_scripts_human", "0B");
        f(sb, "maxmemory", max);
        f(sb, "maxmemory_human", human(max));
        f(sb, "maxmemory_policy", node.config().get("maxmemory-policy"));
        f(sb, "allocator_frag_ratio", "1.00");
        f(sb, "allocator_frag_bytes", 0);
        f(sb, "allocator_rss_ratio", "1.00");
        f(sb, "allocator_rss_bytes", 0);
        f(sb, "rss_overhead_ratio", "1.00");
        f(sb, "rss_overhead_bytes", 0);
        f(sb, "mem_fragmentation_ratio", "1.00");
        f(sb, "mem_fragmentation_bytes", 0);
        f(sb, "mem_not_counted_for_evict", 0);
        f(sb, "mem_replication_backlog", 0);
        f(sb, "mem_total_replication_buffers", 0);
        f(sb, "mem_clients_slaves", 0);
        f(sb, "mem_clients_normal", 0);
        f(sb, "mem_cluster_links", 0);
        f(sb, "mem_aof_buffer", 0);
        f(sb, "mem_allocator", "jemalloc-5.3.0");
        f(sb, "active_defrag_running", 0);
        f(sb, "lazyfree_pending_objects", 0);
        f(sb, "lazyfreed_objects", 0);
    }

    private static void persistence(RedisNode node, StringBuilder sb) {
        ServerState st = ServerState.of(node);
        sb.append("# Persistence\r\n");
        f(sb, "loading", 0);
        f(sb, "async_loading", 0);
        f(sb, "current_cow_peak", 0);
        f(sb, "current_cow_size", 0);
        f(sb, "current_cow_size_age", 0);
        f(sb, "current_fork_perc", "0.00");
        f(sb, "current_save_keys_processed", 0);
        f(sb, "current_save_keys_total", 0);
        f(sb, "rdb_changes_since_last_save", node.effects().dirty() - st.dirtyAtLastSave);
        f(sb, "rdb_bgsave_in_progress", 0);
        f(sb, "rdb_last_save_time", node.lastSaveSeconds());
        f(sb, "rdb_last_bgsave_status", "ok");
        f(sb, "rdb_last_bgsave_time_sec", st.saves > 0 ? 0 : -1);
        f(sb, "rdb_current_bgsave_time_sec", -1);
        f(sb, "rdb_saves", st.saves);
        f(sb, "rdb_last_cow_size", 0);
        f(sb, "rdb_last_load_keys_expired", 0);
        f(sb, "rdb_last_load_keys_loaded", 0);
        f(sb, "aof_enabled", node.config().yes("appendonly") ? 1 : 0);
        f(sb, "aof_rewrite_in_progress", 0);
        f(sb, "aof_rewrite_scheduled", 0);
        f(sb, "aof_last_rewrite_time_sec", -1);
        f(sb, "aof_current_rewrite_time_sec", -1);
        f(sb, "aof_last_bgrewrite_status", "ok");
        f(sb, "aof_rewrites", 0);
        f(sb, "aof_rewrites_consecutive_failures", 0);
        f(sb, "aof_last_write_status", "ok");
        f(sb, "aof_last_cow_size", 0);
        f(sb, "module_fork_in_progress", 0);
        f(sb, "module_fork_last_cow_size", 0);
    }

    private static void stats(RedisNode node, StringBuilder sb) {
        NodeStats s = node.stats();
        long expired = 0;
        for (int i = 0; i < node.dbCount(); i++) {
            expired += node.db(i).expiredKeys();
        }
        sb.append("# Stats\r\n");
        f(sb, "total_connections_received", s.connectionsReceived);
        f(sb, "total_commands_processed", s.commandsProcessed);
        f(sb, "instantaneous_ops_per_sec", 0);
        f(sb, "total_net_input_bytes", s.netInput);
        f(sb, "total_net_output_bytes", s.netOutput);
        f(sb, "total_net_repl_input_bytes", 0);
        f(sb, "total_net_repl_output_bytes", 0);
        f(sb, "instantaneous_input_kbps", "0.00");
        f(sb, "instantaneous_output_kbps", "0.00");
        f(sb, "instantaneous_input_repl_kbps", "0.00");
        f(sb, "instantaneous_output_repl_kbps", "0.00");
        f(sb, "rejected_connections", s.rejectedConnections);
        f(sb, "sync_full", node.replication().syncFull());
        f(sb, "sync_partial_ok", node.replication().syncPartialOk());
        f(sb, "sync_partial_err", node.replication().syncPartialErr());
        f(sb, "expired_keys", expired + s.expiredKeys);
        f(sb, "expired_stale_perc", "0.00");
        f(sb, "expired_time_cap_reached_count", 0);
        f(sb, "expire_cycle_cpu_milliseconds", 0);
        f(sb, "evicted_keys", node.memory().evictedKeys());
        f(sb, "evicted_clients", 0);
        f(sb, "total_eviction_exceeded_time", 0);
        f(sb, "current_eviction_exceeded_time", 0);
        f(sb, "keyspace_hits", s.keyspaceHits);
        f(sb, "keyspace_misses", s.keyspaceMisses);
        f(sb, "pubsub_channels", node.pubsub().channels().size());
        f(sb, "pubsub_patterns", node.pubsub().patterns().size());
        f(sb, "pubsubshard_channels", node.pubsub().shardChannels().size());
        f(sb, "latest_fork_usec", 0);
        f(sb, "total_forks", 0);
        f(sb, "migrate_cached_sockets", 0);
        f(sb, "slave_expires_tracked_keys", 0);
        f(sb, "active_defrag_hits", 0);
        f(sb, "active_defrag_misses", 0);
        f(sb, "active_defrag_key_hits", 0);
        f(sb, "active_defrag_key_misses", 0);
        f(sb, "total_active_defrag_time", 0);
        f(sb, "current_active_defrag_time", 0);
        f(sb, "tracking_total_keys", node.tracking().totalKeys());
        f(sb, "tracking_total_items", node.tracking().totalItems());
        f(sb, "tracking_total_prefixes", node.tracking().totalPrefixes());
        f(sb, "unexpected_error_replies", 0);
        f(sb, "total_error_replies", s.errorReplies);
        f(sb, "dump_payload_sanitizations", 0);
        f(sb, "total_reads_processed", s.commandsProcessed);
        f(sb, "total_writes_processed", s.commandsProcessed);
        f(sb, "io_threaded_reads_processed", 0);
        f(sb, "io_threaded_writes_processed", 0);
        f(sb, "reply_buffer_shrinks", 0);
        f(sb, "reply_buffer_expands", 0);
    }

    private static void cpu(StringBuilder sb) {
        java.lang.management.ThreadMXBean tb = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuNanos = tb.isCurrentThreadCpuTimeSupported() ? tb.getCurrentThreadCpuTime() : 0;
        long userNanos = tb.isCurrentThreadCpuTimeSupported() ? tb.getCurrentThreadUserTime() : 0;
        String sys = secs(Math.max(0, cpuNanos - userNanos));
        String user = secs(userNanos);
        sb.append("# CPU\r\n");
        f(sb, "used_cpu_sys", sys);
        f(sb, "used_cpu_user", user);
        f(sb, "used_cpu_sys_children", "0.000000");
        f(sb, "used_cpu_user_children", "0.000000");
        f(sb, "used_cpu_sys_main_thread", sys);
        f(sb, "used_cpu_user_main_thread", user);
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }

    private static void commandstats(RedisNode node, StringBuilder sb) {
        sb.append("# Commandstats\r\n");
        for (Map.Entry<String, NodeStats.CommandStat> e : node.stats().commands.entrySet()) {
            NodeStats.CommandStat st = e.getValue();
            if (st.calls == 0 && st.rejected == 0 && st.failed == 0) {
                continue;
            }
            sb.append("cmdstat_").append(e.getKey()).append(":calls=").append(st.calls).append(",usec=").append(st.usec)
                    .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f", st.calls == 0 ? 0.0 : (double) st.usec / st.calls))
                    .append(",rejected_calls=").append(st.rejected).append(",failed_calls=").append(st.failed).append("\r\n");
        }
    }

    private static void errorstats(RedisNode node, StringBuilder sb) {
        sb.append("# Errorstats\r\n");
        List<String> codes = new ArrayList<>(node.stats().errors.keySet());
        java.util.Collections.sort(codes);
        for (String code : codes) {
            sb.append("errorstat_").append(code).append(":count=").append(node.stats().errors.get(code)).append("\r\n");
        }
    }

    private static void keyspace(RedisNode node, StringBuilder sb) {
        sb.append("# Keyspace\r\n");
        for (int i = 0; i < node.dbCount(); i++) {
            Keyspace db = node.db(i);
            if (db.size() > 0) {
                sb.append("db").append(i).append(":keys=").append(db.size()).append(",expires=").append(db.expiresCount())
                        .append(",avg_ttl=0\r\n");
            }
        }
    }
}
