package dev.rcsim.command.scripting;

import dev.rcsim.testing.ReplyCorpus;
import org.junit.jupiter.api.Test;

/**
 * What a script's {@code redis.call} gets from the checks Redis's scriptCall makes besides its own:
 * ACL (scriptVerifyACL, with the {@code lua} context in ACL LOG) for the user running the script, and
 * maxmemory (scriptVerifyOOM for EVAL compatibility mode; a shebang script that may write is a denyoom
 * command unless {@code allow-oom}), compared with a real redis-server 7.0.15 in RESP2 and RESP3.
 * Normalised: ACL LOG's {@code age-seconds} and {@code client-info}, which belong to the process.
 */
class ScriptAclAndOomDifferentialTest {

    private static final String[][] CORPUS = {
        {"ACL", "SETUSER", "u", "reset", "on", ">p", "+eval", "+evalsha", "+fcall", "+get", "+set", "~a*", "&ch", "+publish"},
        {"ACL", "LOG", "RESET"},
        {"AUTH", "u", "p"},
        {"EVAL", "return redis.call('get', 'a1')", "0"},
        {"EVAL", "return redis.call('get', 'b1')", "0"},
        {"EVAL", "return redis.pcall('get', 'b1')", "0"},
        {"EVAL", "return redis.call('del', 'a1')", "0"},
        {"EVAL", "return redis.pcall('incr', 'a1')", "0"},
        {"EVAL", "return redis.call('publish', 'ch', 'm')", "0"},
        {"EVAL", "return redis.call('publish', 'other', 'm')", "0"},
        {"EVAL", "return redis.call('set', KEYS[1], 'v')", "1", "b2"},
        {"AUTH", "default", "x"},
        {"ACL", "LOG", "3"},
        {"SET", "a", "1"},
        {"CONFIG", "SET", "maxmemory", "1"},
        {"EVAL", "return redis.call('set', 'a', '2')", "0"},
        {"EVAL", "return redis.pcall('set', 'a', '2')", "0"},
        {"EVAL", "return redis.call('get', 'a')", "0"},
        {"EVAL", "redis.call('del', 'zz'); return redis.call('set', 'a', '3')", "0"},
        {"EVAL", "#!lua\nreturn redis.call('get', 'a')", "0"},
        {"EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'a')", "0"},
        {"EVAL", "#!lua flags=allow-oom\nreturn redis.call('set', 'a', '4')", "0"},
        {"EVAL_RO", "#!lua\nreturn redis.call('get', 'a')", "0"},
        {"GET", "a"},
        {"CONFIG", "SET", "maxmemory", "0"},
        {"EVAL", "return redis.call('set', 'a', '5')", "0"},
        {"ACL", "DELUSER", "u"},
    };

    /** ACL LOG fields whose values belong to the process. */
    static String normalize(String reply) {
        return reply.replaceAll("(age-seconds\\r\\n)(,[^\\r]*|\\$\\d+\\r\\n[^\\r]*)", "$1V")
                .replaceAll("(client-info\\r\\n)\\$\\d+\\r\\n[^\\r]*", "$1V");
    }


    @Test
    void scriptCallsObeyTheCallersAclAndMaxmemoryLikeRealRedis() throws Exception {
        ReplyCorpus.assertSameAsRealRedis(CORPUS.length, ReplyCorpus.commands(CORPUS, ScriptAclAndOomDifferentialTest::normalize));
    }
}
