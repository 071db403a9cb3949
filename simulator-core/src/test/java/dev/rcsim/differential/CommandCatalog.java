package dev.rcsim.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generates Redis commands over a small key and value space so that generated sequences collide on
 * keys, types and edge values often. Replies of every command listed here are deterministic in Redis
 * 7.0 (commands with random or time-dependent replies are left out), except the element order of
 * the commands in {@link #UNORDERED}.
 */
final class CommandCatalog {
    private CommandCatalog() {}

    /** Commands whose reply is a collection in unspecified order: compared as multisets. */
    static final Set<String> UNORDERED = Set.of("SMEMBERS", "SUNION", "SINTER", "SDIFF", "KEYS");

    static Arbitrary<String> keys() {
        return Arbitraries.of("k1", "k2", "k3", "{t}a", "{t}b", "");
    }

    static Arbitrary<String> values() {
        return Arbitraries.of("1", "0", "-5", "10.5", "abc", "", "9223372036854775807", "-9223372036854775808",
                "3.0e3", "inf", "0x10", " 1", "01", "+1", "1.0", "hello world", "\u00ff\u0000\u0001");
    }

    static Arbitrary<String> ints() {
        return Arbitraries.of("0", "1", "2", "-1", "-2", "3", "100", "-100", "abc", "9223372036854775807", "1.5", "");
    }

    static Arbitrary<String> scores() {
        return Arbitraries.of("1", "2.5", "-3", "0", "-inf", "+inf", "inf", "(1", "(2.5", "abc", "1e3", "0.1", "-0");
    }

    static Arbitrary<String> lexes() {
        return Arbitraries.of("-", "+", "[a", "(a", "[m", "(z", "a", "[");
    }

    static Arbitrary<String> members() {
        return Arbitraries.of("a", "b", "c", "1", "2", "m", "z");
    }

    private static Arbitrary<List<String>> cmd(String name, Arbitrary<?>... args) {
        if (args.length == 0) {
            return Arbitraries.just(List.of(name));
        }
        List<Arbitrary<Object>> list = new ArrayList<>();
        for (Arbitrary<?> a : args) {
            list.add(a.map(x -> (Object) x));
        }
        return Combinators.combine(list).as(vals -> {
            List<String> out = new ArrayList<>();
            out.add(name);
            for (Object v : vals) {
                if (v instanceof List<?> l) {
                    for (Object o : l) {
                        out.add(String.valueOf(o));
                    }
                } else {
                    out.add(String.valueOf(v));
                }
            }
            return out;
        });
    }

    private static Arbitrary<String> kw(String... words) {
        return Arbitraries.of(words);
    }

    private static <T> Arbitrary<List<T>> some(Arbitrary<T> a, int min, int max) {
        return a.list().ofMinSize(min).ofMaxSize(max);
    }

    static Arbitrary<List<String>> commands() {
        List<Arbitrary<List<String>>> all = new ArrayList<>();
        // strings
        all.add(cmd("SET", keys(), values()));
        all.add(cmd("SET", keys(), values(), kw("NX", "XX", "GET", "KEEPTTL", "EX", "PX", "BOGUS"), ints()));
        all.add(cmd("GET", keys()));
        all.add(cmd("GETSET", keys(), values()));
        all.add(cmd("GETDEL", keys()));
        all.add(cmd("SETNX", keys(), values()));
        all.add(cmd("MGET", some(keys(), 1, 4)));
        all.add(cmd("MSET", keys(), values(), keys(), values()));
        all.add(cmd("MSETNX", keys(), values(), keys(), values()));
        all.add(cmd("INCR", keys()));
        all.add(cmd("DECR", keys()));
        all.add(cmd("INCRBY", keys(), ints()));
        all.add(cmd("DECRBY", keys(), ints()));
        all.add(cmd("INCRBYFLOAT", keys(), values()));
        all.add(cmd("APPEND", keys(), values()));
        all.add(cmd("STRLEN", keys()));
        all.add(cmd("GETRANGE", keys(), ints(), ints()));
        all.add(cmd("SETRANGE", keys(), kw("0", "1", "5", "-1"), values()));
        // keys
        all.add(cmd("DEL", some(keys(), 1, 3)));
        all.add(cmd("EXISTS", some(keys(), 1, 3)));
        all.add(cmd("TYPE", keys()));
        all.add(cmd("RENAME", keys(), keys()));
        all.add(cmd("RENAMENX", keys(), keys()));
        all.add(cmd("COPY", keys(), keys()));
        all.add(cmd("EXPIRE", keys(), kw("100", "0", "-1", "abc", "1000"), kw("NX", "XX", "GT", "LT", "")));
        all.add(cmd("TTL", keys()));
        all.add(cmd("PERSIST", keys()));
        all.add(cmd("KEYS", kw("*", "k*", "{t}*", "k[12]", "?1")));
        all.add(cmd("OBJECT", kw("ENCODING"), keys()));
        all.add(cmd("DBSIZE"));
        // hashes
        all.add(cmd("HSET", keys(), members(), values()));
        all.add(cmd("HSET", keys(), members(), values(), members(), values()));
        all.add(cmd("HGET", keys(), members()));
        all.add(cmd("HDEL", keys(), some(members(), 1, 3)));
        all.add(cmd("HGETALL", keys()));
        all.add(cmd("HKEYS", keys()));
        all.add(cmd("HVALS", keys()));
        all.add(cmd("HLEN", keys()));
        all.add(cmd("HINCRBY", keys(), members(), ints()));
        all.add(cmd("HINCRBYFLOAT", keys(), members(), values()));
        all.add(cmd("HMGET", keys(), some(members(), 1, 3)));
        all.add(cmd("HSETNX", keys(), members(), values()));
        all.add(cmd("HEXISTS", keys(), members()));
        all.add(cmd("HSTRLEN", keys(), members()));
        // lists
        all.add(cmd("LPUSH", keys(), some(values(), 1, 3)));
        all.add(cmd("RPUSH", keys(), some(values(), 1, 3)));
        all.add(cmd("LPUSHX", keys(), values()));
        all.add(cmd("LPOP", keys()));
        all.add(cmd("RPOP", keys(), ints()));
        all.add(cmd("LRANGE", keys(), ints(), ints()));
        all.add(cmd("LINDEX", keys(), ints()));
        all.add(cmd("LSET", keys(), ints(), values()));
        all.add(cmd("LLEN", keys()));
        all.add(cmd("LREM", keys(), ints(), values()));
        all.add(cmd("LTRIM", keys(), ints(), ints()));
        all.add(cmd("LINSERT", keys(), kw("BEFORE", "AFTER", "X"), values(), values()));
        all.add(cmd("LPOS", keys(), values()));
        all.add(cmd("LMOVE", keys(), keys(), kw("LEFT", "RIGHT"), kw("LEFT", "RIGHT", "UP")));
        all.add(cmd("RPOPLPUSH", keys(), keys()));
        // sets
        all.add(cmd("SADD", keys(), some(members(), 1, 4)));
        all.add(cmd("SREM", keys(), some(members(), 1, 3)));
        all.add(cmd("SMEMBERS", keys()));
        all.add(cmd("SISMEMBER", keys(), members()));
        all.add(cmd("SMISMEMBER", keys(), some(members(), 1, 3)));
        all.add(cmd("SCARD", keys()));
        all.add(cmd("SMOVE", keys(), keys(), members()));
        all.add(cmd("SINTER", some(keys(), 1, 3)));
        all.add(cmd("SUNION", some(keys(), 1, 3)));
        all.add(cmd("SDIFF", some(keys(), 1, 3)));
        all.add(cmd("SINTERCARD", kw("1", "2", "0"), some(keys(), 1, 2)));
        all.add(cmd("SUNIONSTORE", keys(), some(keys(), 1, 2)));
        // sorted sets
        all.add(cmd("ZADD", keys(), scores(), members()));
        all.add(cmd("ZADD", keys(), kw("NX", "XX", "GT", "LT", "CH", "INCR"), scores(), members()));
        all.add(cmd("ZINCRBY", keys(), scores(), members()));
        all.add(cmd("ZSCORE", keys(), members()));
        all.add(cmd("ZMSCORE", keys(), some(members(), 1, 3)));
        all.add(cmd("ZCARD", keys()));
        all.add(cmd("ZRANK", keys(), members()));
        all.add(cmd("ZREVRANK", keys(), members()));
        all.add(cmd("ZREM", keys(), some(members(), 1, 3)));
        all.add(cmd("ZRANGE", keys(), ints(), ints()));
        all.add(cmd("ZRANGE", keys(), ints(), ints(), kw("WITHSCORES", "REV", "LIMIT")));
        all.add(cmd("ZRANGE", keys(), scores(), scores(), kw("BYSCORE"), kw("WITHSCORES", "REV", "")));
        all.add(cmd("ZRANGEBYSCORE", keys(), scores(), scores()));
        all.add(cmd("ZRANGEBYLEX", keys(), lexes(), lexes()));
        all.add(cmd("ZCOUNT", keys(), scores(), scores()));
        all.add(cmd("ZLEXCOUNT", keys(), lexes(), lexes()));
        all.add(cmd("ZPOPMIN", keys()));
        all.add(cmd("ZPOPMAX", keys(), ints()));
        all.add(cmd("ZUNIONSTORE", keys(), kw("2"), keys(), keys()));
        all.add(cmd("ZINTER", kw("2"), keys(), keys(), kw("WITHSCORES", "")));
        all.add(cmd("ZREMRANGEBYSCORE", keys(), scores(), scores()));
        // more strings
        all.add(cmd("SETEX", keys(), kw("100", "0", "-1", "abc"), values()));
        all.add(cmd("PSETEX", keys(), kw("100000", "0", "-5"), values()));
        all.add(cmd("GETEX", keys(), kw("PERSIST", "EX", "PX", "EXAT", "BOGUS"), kw("100", "0", "-1", "4000000000")));
        all.add(cmd("GETEX", keys()));
        all.add(cmd("SUBSTR", keys(), ints(), ints()));
        all.add(cmd("LCS", keys(), keys(), kw("LEN", "IDX", "MINMATCHLEN", "WITHMATCHLEN", "")));
        all.add(cmd("SET", keys(), values(), kw("EXAT", "PXAT"), kw("4000000000", "4000000000000", "0", "-1")));
        all.add(cmd("SET", keys(), values(), kw("NX", "XX"), kw("GET")));
        // more keys
        all.add(cmd("UNLINK", some(keys(), 1, 3)));
        all.add(cmd("TOUCH", some(keys(), 1, 3)));
        all.add(cmd("PEXPIRE", keys(), kw("100000", "0", "-1", "abc")));
        all.add(cmd("EXPIREAT", keys(), kw("4000000000", "0", "1", "abc"), kw("NX", "XX", "GT", "LT", "")));
        all.add(cmd("PEXPIREAT", keys(), kw("4000000000000", "0", "abc")));
        all.add(cmd("EXPIRETIME", keys()));
        all.add(cmd("PEXPIRETIME", keys()));
        all.add(cmd("PTTL", keys()));
        all.add(cmd("OBJECT", kw("ENCODING", "REFCOUNT", "FOO"), keys()));
        all.add(cmd("OBJECT", kw("HELP", "")));
        all.add(cmd("SELECT", kw("0", "1", "16", "-1", "abc")));
        all.add(cmd("MOVE", keys(), kw("1", "0", "16", "abc")));
        all.add(cmd("SWAPDB", kw("0", "1", "16"), kw("0", "1", "abc")));
        all.add(cmd("FLUSHDB"));
        all.add(cmd("COPY", keys(), keys(), kw("REPLACE", "DB", "")));
        all.add(cmd("TYPE", keys()));
        // more hashes
        all.add(cmd("HMSET", keys(), members(), values()));
        all.add(cmd("HSCAN", keys(), kw("0"), kw("MATCH", "COUNT", ""), kw("*", "a*", "10", "0")));
        // more lists
        all.add(cmd("RPUSHX", keys(), some(values(), 1, 2)));
        all.add(cmd("LPOP", keys(), ints()));
        all.add(cmd("LPOS", keys(), values(), kw("RANK", "COUNT", "MAXLEN"), ints()));
        all.add(cmd("LMPOP", kw("1", "2", "0"), some(keys(), 1, 2), kw("LEFT", "RIGHT", "X"), kw("COUNT", ""), kw("1", "2", "0")));
        all.add(cmd("BLPOP", some(keys(), 1, 2), kw("0.01", "-1", "abc")));
        all.add(cmd("BRPOP", keys(), kw("0.01")));
        all.add(cmd("BLMOVE", keys(), keys(), kw("LEFT", "RIGHT"), kw("LEFT", "RIGHT"), kw("0.01")));
        all.add(cmd("BRPOPLPUSH", keys(), keys(), kw("0.01")));
        // more sets
        all.add(cmd("SINTERSTORE", keys(), some(keys(), 1, 2)));
        all.add(cmd("SDIFFSTORE", keys(), some(keys(), 1, 2)));
        all.add(cmd("SADD", keys(), some(kw("1", "2", "3", "-1", "100"), 1, 4)));
        // more sorted sets
        all.add(cmd("ZADD", keys(), scores(), members(), scores(), members()));
        all.add(cmd("ZREVRANGE", keys(), ints(), ints(), kw("WITHSCORES", "")));
        all.add(cmd("ZREVRANGEBYSCORE", keys(), scores(), scores(), kw("WITHSCORES", "LIMIT", "")));
        all.add(cmd("ZREVRANGEBYLEX", keys(), lexes(), lexes()));
        all.add(cmd("ZRANGEBYSCORE", keys(), scores(), scores(), kw("WITHSCORES", "LIMIT"), ints(), ints()));
        all.add(cmd("ZRANGE", keys(), lexes(), lexes(), kw("BYLEX"), kw("REV", "LIMIT", "")));
        all.add(cmd("ZRANGESTORE", keys(), keys(), ints(), ints()));
        all.add(cmd("ZREMRANGEBYRANK", keys(), ints(), ints()));
        all.add(cmd("ZREMRANGEBYLEX", keys(), lexes(), lexes()));
        all.add(cmd("ZPOPMIN", keys(), ints()));
        all.add(cmd("ZMPOP", kw("1", "2"), some(keys(), 1, 2), kw("MIN", "MAX", "X"), kw("COUNT", ""), kw("1", "3", "0")));
        all.add(cmd("BZPOPMIN", keys(), kw("0.01")));
        all.add(cmd("BZMPOP", kw("0.01"), kw("1"), keys(), kw("MIN", "MAX")));
        all.add(cmd("ZUNION", kw("2"), keys(), keys(), kw("WITHSCORES", "AGGREGATE", "WEIGHTS", ""), kw("MIN", "MAX", "SUM", "2")));
        all.add(cmd("ZINTERSTORE", keys(), kw("2"), keys(), keys(), kw("AGGREGATE", "WEIGHTS", ""), kw("MIN", "MAX", "1")));
        all.add(cmd("ZDIFF", kw("1", "2"), keys(), keys(), kw("WITHSCORES", "")));
        all.add(cmd("ZDIFFSTORE", keys(), kw("2"), keys(), keys()));
        all.add(cmd("ZINTERCARD", kw("2", "1"), keys(), keys(), kw("LIMIT", ""), kw("1", "0")));
        all.add(cmd("ZSCAN", keys(), kw("0")));
        // transactions
        all.add(cmd("MULTI"));
        all.add(cmd("EXEC"));
        all.add(cmd("DISCARD"));
        all.add(cmd("WATCH", some(keys(), 1, 2)));
        all.add(cmd("UNWATCH"));
        // server and introspection with deterministic replies
        all.add(cmd("COMMAND", kw("INFO"), kw("get", "set", "zadd", "lmpop", "blpop", "nosuch", "smove", "client|list", "zunionstore", "getex")));
        all.add(cmd("COMMAND", kw("GETKEYS"), kw("SET", "MSET", "ZUNIONSTORE", "GET", "LMPOP"), keys(), kw("2", "v", "k2")));
        all.add(cmd("CONFIG", kw("GET"), kw("maxmemory-policy", "hash-max-listpack-entries", "list-max-listpack-size",
                "zset-max-listpack-value", "set-max-intset-entries", "nosuch", "appendonly")));
        all.add(cmd("CONFIG", kw("FOO", "HELP", "SET")));
        all.add(cmd("CLIENT", kw("GETNAME", "SETNAME", "FOO", "HELP", "NO-EVICT")));
        all.add(cmd("CLIENT", kw("SETNAME"), kw("x", "a b", "")));
        // errors and protocol-level
        // errors and protocol-level
        all.add(cmd("GET"));
        all.add(cmd("NOSUCHCMD", values()));
        all.add(cmd("PING", values()));
        all.add(cmd("ECHO", values()));
        all.add(cmd("SET", keys()));
        all.add(cmd("PING"));
        all.add(cmd("PING", values(), values()));
        return Arbitraries.oneOf(all);
    }
}
