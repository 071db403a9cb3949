package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replays server/CLIENT/CONFIG/COMMAND/AUTH requests against real redis-server 7.0 and rcsim and compares replies. */
class ServerDifferentialTest {

    /** Requests whose replies must be byte-identical. */
    private static final String[][] EXACT = {
        {"config", "set", "maxclients", "abc"}, {"config", "set", "maxclients", "-1"}, {"config", "set", "foo", "bar"},
        {"config", "set", "maxclients"}, {"config", "set", "maxclients", "10", "hz"},
        {"config", "set", "maxclients", "100", "hz", "20"}, 
        {"config", "set", "maxclients", "100", "maxclients", "200"}, {"config", "set", "proto-max-bulk-len", "10"},
        {"config", "set", "proto-max-bulk-len", "1mb"}, {"config", "get", "proto-max-bulk-len"},
        {"config", "set", "client-query-buffer-limit", "x"}, {"config", "set", "maxmemory-policy", "foo"},
        {"config", "set", "appendonly", "maybe"}, {"config", "set", "databases", "3"},
        {"config", "set", "cluster-enabled", "yes"}, {"config", "set", "hz", "1000"}, {"config", "get", "hz"},
        {"config", "set", "timeout", "-1"}, {"config", "set", "loglevel", "foo"}, {"config", "set", "save", "x"},
        {"config", "set", "dir", "/x"}, {"config", "get", "nothing"},
        {"config", "rewrite"}, {"config", "help"}, {"config", "foo"}, {"config"}, {"config", "get"},
        {"swapdb", "0", "x"}, {"swapdb", "x", "0"}, {"swapdb", "0", "99"}, {"swapdb", "0", "1"},
        {"flushall", "foo"}, {"flushall", "async"}, {"flushdb", "sync"}, {"flushdb", "async", "sync"},
        {"bgsave", "foo"}, {"save"}, {"role"}, {"dbsize"}, {"lolwut"},
        {"debug", "sleep"}, {"debug", "foo"}, {"debug", "object", "nokey"}, {"debug", "sleep", "0"},
        {"memory", "usage", "nokey"}, {"memory", "usage", "k", "foo"}, {"memory", "help"}, {"memory", "doctor"},
        {"slowlog", "get", "x"}, {"slowlog", "help"}, {"latency", "help"}, {"latency", "latest"},
        {"latency", "doctor"}, {"shutdown", "foo"}, {"shutdown", "nosave", "save"},
        {"client", "list", "type", "foo"}, {"client", "list", "id", "x"}, {"client", "list", "foo"},
        {"client", "list", "id", "9999"}, {"client", "kill", "1.2.3.4:5"}, {"client", "kill", "id", "999"},
        {"client", "kill", "id", "x"}, {"client", "kill", "foo", "bar"}, {"client", "kill", "type", "foo"},
        {"client", "kill", "skipme", "maybe"}, {"client", "kill", "user", "nouser"}, {"client", "kill", "laddr", "1.1.1.1:1"},
        {"client", "kill"}, {"client", "no-evict", "maybe"}, {"client", "no-evict", "on"}, {"client", "getredir"},
        {"client", "reply", "maybe"}, {"client", "unblock", "999"}, {"client", "unblock", "x"},
        {"client", "unblock", "999", "foo"}, {"client", "unblock", "999", "error"}, {"client", "setinfo", "lib-name", "x"},
        {"client", "help"}, {"client", "foo"}, {"client", "setname", "a b"}, {"client", "setname", "n1"}, {"client", "getname"},
        {"command", "getkeys"}, {"command", "getkeys", "foo", "a"}, {"command", "getkeys", "ping", "x"},
        {"command", "getkeys", "set", "a"}, {"command", "getkeys", "set", "a", "b"}, 
        {"command", "getkeysandflags", "set", "a", "b"}, {"command", "getkeys", "client", "list"},
        {"command", "list", "filterby", "aclcat", "foo"}, {"command", "list", "filterby", "module", "foo"},
        {"command", "list", "filterby", "foo", "bar"}, {"command", "list", "foo"}, {"command", "help"}, {"command", "foo"},
        {"command", "info", "foo", "get"}, {"command", "info", "client|id", "config|get"}, {"command", "docs", "foo"},
        {"command", "docs", "client|id"},
        {"auth", "pw"}, {"auth", "a", "b", "c"}, {"auth", "default", "x"}, {"hello", "4"}, {"hello", "x"},
        {"hello", "3", "auth", "default"}, {"hello", "3", "foo"}, {"hello", "2", "setname"},
        {"info", "foo"}, {"info", "cluster"},
    };

    @Test
    void errorAndFixedRepliesMatchRealRedis() throws Exception {
        try (RealRedis real = RealRedis.start("--enable-debug-command", "yes");
             TestNode sim = TestNode.start("enable-debug-command", "yes");
             RawClient r = real.raw(); RawClient s = sim.raw()) {
            r.call("set", "k", "v");
            s.call("set", "k", "v");
            List<String> diffs = new ArrayList<>();
            for (String[] cmd : EXACT) {
                String a = r.call(cmd);
                String b = s.call(cmd);
                if (!a.equals(b)) {
                    diffs.add(String.join(" ", cmd) + "\n  real: " + a + "\n  sim:  " + b);
                }
            }
            assertThat(diffs).isEmpty();
        }
    }

    private static List<String> fieldNames(String info) {
        List<String> out = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            if (line.startsWith("$") || line.startsWith("=")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            if (name.startsWith("txt")) {
                name = name.substring(3);
            }
            if (!name.startsWith("cmdstat_") && !name.startsWith("errorstat_") && !name.startsWith("latency_percentiles")
                    && !name.startsWith("db")) {
                out.add(name);
            }
        }
        return out;
    }

    @Test
    void infoFieldNamesAndOrderMatchRealRedis() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start();
             RawClient r = real.raw(); RawClient s = sim.raw()) {
            for (String[] args : new String[][] {{"info"}, {"info", "all"}, {"info", "everything"}, {"info", "default"},
                {"info", "keyspace", "server"}, {"info", "replication"}}) {
                assertThat(fieldNames(s.call(args))).as(String.join(" ", args)).isEqualTo(fieldNames(r.call(args)));
            }
            r.call("hello", "3");
            s.call("hello", "3");
            assertThat(s.call("info", "cluster")).isEqualTo(r.call("info", "cluster"));
        }
    }

    @Test
    void keyspaceSectionCountsKeysAndExpires() throws Exception {
        try (TestNode sim = TestNode.start(); RawClient s = sim.raw()) {
            s.call("set", "a", "1");
            s.call("set", "b", "2", "ex", "100");
            assertThat(s.call("info", "keyspace")).isEqualTo("$44\r\n# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n\r\n");
        }
    }

    @Test
    void commandInfoShapeMatchesRealRedisForGetAndCommandsWithSubcommands() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start();
             RawClient r = real.raw(); RawClient s = sim.raw()) {
            for (String name : new String[] {"get", "info", "dbsize", "client|kill", "config|set", "memory|usage", "command|getkeys", "flushall", "swapdb", "time"}) {
                assertThat(s.call("command", "info", name)).as(name).isEqualTo(r.call("command", "info", name));
            }
            r.call("hello", "3");
            s.call("hello", "3");
            assertThat(s.call("command", "info", "get")).isEqualTo(r.call("command", "info", "get"));
            assertThat(s.call("command", "docs", "get")).isEqualTo(r.call("command", "docs", "get").replaceAll("(?s)\\$9\r\narguments.*", "")
                    .replace("%5", "%4"));
            assertThat(s.call("client", "info")).startsWith("=");
        }
    }

    @Test
    void configGetOfHonouredParametersMatchesRealRedisDefaults() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start();
             RawClient r = real.raw(); RawClient s = sim.raw()) {
            for (String p : new String[] {"maxclients", "proto-max-bulk-len", "client-query-buffer-limit", "hz", "timeout",
                "requirepass", "databases", "cluster-enabled", "maxmemory-policy", "appendonly", "replica-read-only"}) {
                assertThat(s.call("config", "get", p)).as(p).isEqualTo(r.call("config", "get", p));
            }
        }
    }
}
