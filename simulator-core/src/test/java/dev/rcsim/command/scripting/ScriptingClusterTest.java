package dev.rcsim.command.scripting;

import static dev.rcsim.testing.Nodes.call;
import static dev.rcsim.testing.Nodes.keyOwnedBy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.keyspace.HashSlots;
import dev.rcsim.testing.RawClient;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scripts in a simulated cluster: declared keys route like any command's (CROSSSLOT, MOVED), keys a
 * script touches without declaring them must be local, read-only scripts run on READONLY replicas,
 * and a script's writes reach the replica as effects in one MULTI/EXEC that WAIT counts.
 */
class ScriptingClusterTest {
    static RedisClusterSimulator sim;
    static SimNode master;
    static SimNode other;
    static SimNode replica;

    @BeforeAll
    static void start() {
        sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(11).clock(SimClock.simulated()).start();
        master = sim.masters().get(0);
        other = sim.masters().get(1);
        replica = sim.replicasOf(master).get(0);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String slotSha(String body) {
        return Scripting.sha1hex(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** calls= of one command in a node's INFO commandstats, 0 when it never ran. */
    private static long stat(SimNode n, String command) {
        for (String line : call(n, "INFO", "commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
            }
        }
        return 0;
    }

    @Test
    void declaredKeysOfTwoSlotsReplyCrossslot() {
        String a = keyOwnedBy(master, "a");
        String b = a;
        for (int i = 0; HashSlots.slot(b) == HashSlots.slot(a); i++) {
            b = keyOwnedBy(master, "b" + i);
        }
        assertThat(call(master, "EVAL", "return 1", "2", a, b)).isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
    }

    @Test
    void declaredKeyOfAnotherMasterRepliesMoved() {
        String k = keyOwnedBy(other, "k");
        assertThat(call(master, "EVAL", "return 1", "1", k)).startsWith("-MOVED " + HashSlots.slot(k) + " ")
                .endsWith(":" + other.port() + "\r\n");
        assertThat(call(master, "EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "1", k)).startsWith("-MOVED ");
    }

    @Test
    void undeclaredKeyOfAnotherMasterIsANonLocalKeyError() {
        String foreign = keyOwnedBy(other, "f");
        String body = "return redis.call('GET', ARGV[1])";
        assertThat(call(master, "EVAL", body, "0", foreign)).isEqualTo(
                "-ERR Script attempted to access a non local key in a cluster node script: " + slotSha(body) + ", on @user_script:1.\r\n");
    }

    @Test
    void nonLocalKeyRefusedInsideAScriptIsNoRedirectServed() {
        String foreign = keyOwnedBy(other, "nl");
        long moved = sim.metrics(master).redirects("MOVED");
        long movedEvents = sim.events().matching(e -> e.type().equals("MOVED")).size();
        assertThat(call(master, "EVAL", "return redis.call('GET', ARGV[1])", "0", foreign)).contains("non local key");
        assertThat(sim.metrics(master).redirects("MOVED")).isEqualTo(moved);
        assertThat(sim.events().matching(e -> e.type().equals("MOVED")).size()).isEqualTo(movedEvents);
        assertThat(call(master, "GET", foreign)).startsWith("-MOVED "); // a command's own MOVED still counts
        assertThat(sim.metrics(master).redirects("MOVED")).isEqualTo(moved + 1);
    }

    @Test
    void scriptThatWritesThenRunsLongOnTheScriptThreadReplicatesItsEffectsOnceInOneMultiExec() throws Exception {
        String tag = "{" + keyOwnedBy(master, "long") + "}";
        String body = "redis.call('INCR', KEYS[1]); redis.call('RPUSH', KEYS[2], 'a');"
                + " local i = 0 while i < 300000 do i = i + 1 end"
                + " redis.call('RPUSH', KEYS[2], 'b'); return {redis.call('GET', KEYS[1]), redis.call('LLEN', KEYS[2])}";
        long multiBefore = stat(replica, "multi");
        long execBefore = stat(replica, "exec");
        // the INCR and the first RPUSH ran on the loop; the run restarted on the script thread replays them
        assertThat(call(master, "EVAL", body, "2", tag + "n", tag + "l")).isEqualTo("*2\r\n$1\r\n1\r\n:2\r\n");
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
                .contains("rcsim-script-" + master.port());
        sim.clock().advance(Duration.ofSeconds(1));
        sim.awaitCondition("replica in sync", () -> replica.replicationOffset() == master.replicationOffset(), Duration.ofSeconds(30));
        try (RawClient c = new RawClient(replica.port())) {
            c.call("READONLY");
            assertThat(c.call("GET", tag + "n")).isEqualTo("$1\r\n1\r\n");
            assertThat(c.call("LRANGE", tag + "l", "0", "-1")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        }
        assertThat(stat(replica, "multi")).isEqualTo(multiBefore + 1);
        assertThat(stat(replica, "exec")).isEqualTo(execBefore + 1);
    }

    @Test
    void keysOfTwoLocalSlotsNeedTheCrossSlotFlagOnceAScriptHasAShebang() {
        String a = keyOwnedBy(master, "x");
        String b = a;
        for (int i = 0; HashSlots.slot(b) == HashSlots.slot(a); i++) {
            b = keyOwnedBy(master, "y" + i);
        }
        String compat = "redis.call('SET', KEYS[1], 1); return redis.call('SET', ARGV[1], 2)";
        assertThat(call(master, "EVAL", compat, "1", a, b)).isEqualTo("+OK\r\n");
        String flagged = "#!lua\nredis.call('SET', KEYS[1], 1); return redis.call('SET', ARGV[1], 2)";
        assertThat(call(master, "EVAL", flagged, "1", a, b)).isEqualTo(
                "-ERR Script attempted to access keys that do not hash to the same slot script: " + slotSha(flagged) + ", on @user_script:2.\r\n");
        String allowed = "#!lua flags=allow-cross-slot-keys\nredis.call('SET', KEYS[1], 1); return redis.call('SET', ARGV[1], 2)";
        assertThat(call(master, "EVAL", allowed, "1", a, b)).isEqualTo("+OK\r\n");
        assertThat(call(master, "EVAL", "#!lua flags=no-cluster\nreturn 1", "0"))
                .isEqualTo("-ERR Can not run script on cluster, 'no-cluster' flag is set.\r\n");
    }

    @Test
    void readonlyReplicaRunsReadingScriptsAndRefusesTheirWrites() throws Exception {
        String k = keyOwnedBy(master, "ro");
        assertThat(call(master, "SET", k, "v")).isEqualTo("+OK\r\n");
        sim.awaitCondition("replica in sync", () -> replica.replicationOffset() == master.replicationOffset(), Duration.ofSeconds(30));
        try (RawClient c = new RawClient(replica.port())) {
            c.call("READONLY");
            assertThat(c.call("EVAL_RO", "return redis.call('GET', KEYS[1])", "1", k)).isEqualTo("$1\r\nv\r\n");
            // EVAL without a shebang is not a write command: a READONLY replica serves it (getNodeByQuery)
            assertThat(c.call("EVAL", "return redis.call('GET', KEYS[1])", "1", k)).isEqualTo("$1\r\nv\r\n");
            String write = "return redis.call('SET', KEYS[1], 'w')";
            assertThat(c.call("EVAL", write, "1", k)).isEqualTo(
                    "-READONLY You can't write against a read only replica. script: " + slotSha(write) + ", on @user_script:1.\r\n");
            assertThat(c.call("EVAL_RO", "return redis.call('SET', KEYS[1], 'w')", "1", k))
                    .startsWith("-ERR Write commands are not allowed from read-only scripts.");
        }
    }

    @Test
    void scriptWritesReplicateAsOneMultiExecOfEffectsThatWaitCounts() throws Exception {
        String k = keyOwnedBy(master, "eff");
        String tag = "{" + k + "}";
        String body = "redis.call('SET', KEYS[1], 'a'); redis.call('INCRBYFLOAT', KEYS[2], '1.5');"
                + " redis.call('RPUSH', KEYS[3], 'x', 'y'); return redis.call('GET', KEYS[1])";
        long multiBefore = stat(replica, "multi");
        long execBefore = stat(replica, "exec");
        long evalBefore = stat(replica, "eval");
        assertThat(call(master, "EVAL", body, "3", tag + "s", tag + "f", tag + "l")).isEqualTo("$1\r\na\r\n");
        sim.clock().advance(Duration.ofSeconds(1));
        sim.awaitCondition("replica in sync", () -> replica.replicationOffset() == master.replicationOffset(), Duration.ofSeconds(30));
        assertThat(call(master, "WAIT", "1", "0")).isEqualTo(":1\r\n");
        try (RawClient c = new RawClient(replica.port())) {
            c.call("READONLY");
            assertThat(c.call("GET", tag + "s")).isEqualTo("$1\r\na\r\n");
            assertThat(c.call("GET", tag + "f")).isEqualTo("$3\r\n1.5\r\n");
            assertThat(c.call("LRANGE", tag + "l", "0", "-1")).isEqualTo("*2\r\n$1\r\nx\r\n$1\r\ny\r\n");
        }
        assertThat(stat(replica, "multi")).isEqualTo(multiBefore + 1);
        assertThat(stat(replica, "exec")).isEqualTo(execBefore + 1);
        assertThat(stat(replica, "eval")).isEqualTo(evalBefore); // effects, not the script
    }

    @Test
    void functionLibrariesArePerNodeAndReachTheReplicaWhereFcallRoRuns() throws Exception {
        String lib = "#!lua name=clib\n"
                + "redis.register_function{function_name='cget', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}\n"
                + "redis.register_function('cset', function(keys, args) return redis.call('SET', keys[1], args[1]) end)";
        assertThat(call(master, "FUNCTION", "LOAD", lib)).isEqualTo("$4\r\nclib\r\n");
        String k = keyOwnedBy(master, "fn");
        assertThat(call(master, "FCALL", "cset", "1", k, "v1")).isEqualTo("+OK\r\n");
        assertThat(call(master, "FCALL", "cset", "1", keyOwnedBy(other, "fo"), "v1")).startsWith("-MOVED ");
        assertThat(call(other, "FCALL", "cget", "0")).isEqualTo("-ERR Function not found\r\n");
        sim.clock().advance(Duration.ofSeconds(1));
        sim.awaitCondition("replica in sync", () -> replica.replicationOffset() == master.replicationOffset(), Duration.ofSeconds(30));
        try (RawClient c = new RawClient(replica.port())) {
            c.call("READONLY");
            assertThat(c.call("FCALL_RO", "cget", "1", k)).isEqualTo("$2\r\nv1\r\n");
            // a function that may write is a write command: the replica redirects it to its master
            assertThat(c.call("FCALL_RO", "cset", "1", k, "x")).startsWith("-MOVED " + HashSlots.slot(k) + " ");
            assertThat(c.call("FCALL_RO", "cset", "0")).isEqualTo("-READONLY You can't write against a read only replica.\r\n");
        }
    }
}
