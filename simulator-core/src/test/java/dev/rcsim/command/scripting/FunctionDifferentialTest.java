package dev.rcsim.command.scripting;

import dev.rcsim.testing.ReplyCorpus;
import org.junit.jupiter.api.Test;

/**
 * FUNCTION LOAD/LIST/DELETE/FLUSH/STATS/HELP, FCALL and FCALL_RO against a real redis-server, byte
 * for byte in RESP2 and RESP3: library metadata, redis.register_function in both forms with flags,
 * the load-time API, errors with {@code on @user_function:N}, keys and arguments.
 */
class FunctionDifferentialTest {
    static final String LIB = "#!lua name=mylib\n"
            + "redis.register_function('echo', function(keys, args) return {keys[1], args[1], #keys, #args} end)";
    static final String LIB2 = "#!lua name=lib2\n"
            + "redis.register_function{function_name='ro', callback=function(keys, args) return redis.call('GET', keys[1]) end,"
            + " flags={'no-writes'}, description='reads'}";
    static final String LIB3 = "#!lua name=lib3\n"
            + "redis.register_function{function_name='wr', callback=function(keys, args) return redis.call('SET', keys[1], args[1]) end}";
    static final String LIB4 = "#!lua name=lib4\nlocal function f(keys, args)\n  error('bad ' .. args[1])\nend\n"
            + "redis.register_function('boom', f)";

    static final String[][] CORPUS = {
        {"FUNCTION", "FLUSH"},
        {"FUNCTION", "LIST"},
        {"FUNCTION", "LOAD", LIB},
        {"FUNCTION", "LOAD", LIB},
        {"FUNCTION", "LOAD", "REPLACE", LIB},
        {"FUNCTION", "LIST"},
        {"FUNCTION", "LIST", "WITHCODE"},
        {"FUNCTION", "LIST", "LIBRARYNAME", "my*"},
        {"FUNCTION", "LIST", "LIBRARYNAME", "x*"},
        {"FUNCTION", "LIST", "LIBRARYNAME"},
        {"FUNCTION", "LIST", "BOGUS"},
        {"FCALL", "echo", "1", "k", "a"},
        {"FCALL", "echo", "0"},
        {"FCALL_RO", "echo", "0"},
        {"FCALL", "nosuch", "0"},
        {"FCALL", "echo", "x"},
        {"FCALL", "echo", "-1"},
        {"FCALL", "echo", "5", "a"},
        {"FUNCTION", "LOAD", LIB2},
        {"FUNCTION", "LIST", "LIBRARYNAME", "lib2"},
        {"FCALL", "ro", "1", "fk"},
        {"FCALL_RO", "ro", "1", "fk"},
        {"FUNCTION", "LOAD", LIB3},
        {"FCALL", "wr", "1", "fk", "v"},
        {"FCALL_RO", "wr", "1", "fk", "v"},
        {"FCALL", "ro", "1", "fk"},
        {"FUNCTION", "LOAD", LIB4},
        {"FCALL", "boom", "0", "x"},
        {"FUNCTION", "STATS"},
        {"FUNCTION", "DELETE", "lib4"},
        {"FUNCTION", "DELETE", "lib4"},
        {"FCALL", "boom", "0", "x"},
        {"FUNCTION", "DELETE", "lib3"},
        {"FUNCTION", "DELETE", "lib2"},
        {"DEL", "fk"},
        // LOAD errors
        {"FUNCTION", "LOAD", "return 1"},
        {"FUNCTION", "LOAD", "#!lua name=x"},
        {"FUNCTION", "LOAD", "#!lua\nreturn 1"},
        {"FUNCTION", "LOAD", "#!lua name=a name=b\nreturn 1"},
        {"FUNCTION", "LOAD", "#!lua name=a foo=b\nreturn 1"},
        {"FUNCTION", "LOAD", "#!lua name=bad-name\nreturn 1"},
        {"FUNCTION", "LOAD", "#!python name=p\nreturn 1"},
        {"FUNCTION", "LOAD", "#!LUA name=upper\nredis.register_function('up', function() return 1 end)"},
        {"FCALL", "up", "0"},
        {"FUNCTION", "DELETE", "upper"},
        {"FUNCTION", "LOAD", "#!lua name=empty\nlocal x = 1"},
        {"FUNCTION", "LOAD", "#!lua name=dup\nredis.register_function('echo', function() return 1 end)"},
        {"FUNCTION", "LOAD", "#!lua name=dup2\nredis.register_function('f1', function() return 1 end)\nredis.register_function('f1', function() return 2 end)"},
        {"FUNCTION", "LOAD", "#!lua name=c\nreturn +"},
        {"FUNCTION", "LOAD", "#!lua name=c\nerror('at load')"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.call('PING')"},
        {"FUNCTION", "LOAD", "#!lua name=c\nlocal x = string.len('a')"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.register_function()"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.register_function(1, 2)"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.register_function('f', 2)"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.register_function('bad name', function() end)"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.register_function(5)"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.register_function{callback=function() end}"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.register_function{function_name='f'}"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.register_function{function_name='f', callback=function() end, flags={'bogus'}}"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.register_function{function_name='f', callback=function() end, other=1}"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.register_function{function_name='f', callback=function() end, flags='x'}"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.register_function{function_name='f', callback=1}"},
        {"FUNCTION", "LOAD", "#!lua name=c\nredis.log(redis.LOG_NOTICE, 'loading'); return redis.register_function('lg', function() return redis.REDIS_VERSION end)"},
        {"FCALL", "lg", "0"},
        {"FUNCTION", "LOAD", "BOGUS", "#!lua name=z\nreturn 1"},
        {"FUNCTION", "LOAD", "REPLACE"},
        {"FUNCTION", "LIST", "LIBRARYNAME", "c"},
        {"FUNCTION", "FLUSH", "ASYNC"},
        {"FUNCTION", "FLUSH", "BAD"},
        {"FUNCTION", "FLUSH", "SYNC", "X"},
        {"FUNCTION", "LIST"},
        {"FUNCTION", "STATS"},
        {"FUNCTION", "KILL"},
        {"FUNCTION", "HELP"},
        {"FUNCTION", "NOSUCH"},
        {"FUNCTION"},
        {"FUNCTION", "DELETE"},
        {"FUNCTION", "DUMP", "extra"},
        {"FUNCTION", "RESTORE"},
        {"FUNCTION", "RESTORE", "junk"},
        {"FUNCTION", "RESTORE", "junk", "BOGUS"},
        {"COMMAND", "INFO", "fcall", "fcall_ro", "function|list", "function|flush", "function|kill", "function|load",
            "function|delete", "function|dump", "function|restore", "function|help", "function|stats"},
        {"COMMAND", "GETKEYS", "FCALL", "f", "2", "a", "b", "c"},
    };


    @Test
    void functionCommandsReplyLikeRealRedisInResp2AndResp3() throws Exception {
        ReplyCorpus.assertSameAsRealRedis(CORPUS.length, ReplyCorpus.commands(CORPUS, r -> r));
    }
}
