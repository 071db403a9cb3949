package dev.rcsim.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generates Redis commands over a small key and value space so that generated sequences collide on
 * keys, types and edge values often. Commands on the {@link KnownDifferences} list are never generated. Replies of every command listed here are deterministic in Redis
 * 7.0 (commands with random or time-dependent replies are left out), except the element order of
 * the commands in {@link #UNORDERED}.
 */
final class CommandCatalog {
    private CommandCatalog() {}

    /**
     * Commands whose reply is a collection in unspecified order: compared as multisets. HSCAN/ZSCAN: a
     * hash or zset in its hashtable/skiplist encoding (large values, or a zset SORT converted, as Redis's
     * sortCommand does) is scanned in its dict's per-process order; their pairs are compared as a multiset.
     */
    static final Set<String> UNORDERED = Set.of("SMEMBERS", "SUNION", "SINTER", "SDIFF", "KEYS", "SORT~", "HSCAN", "ZSCAN");

    /**
     * The command's name for the {@link #UNORDERED} check: {@code SORT~} for a SORT/SORT_RO whose order
     * Redis 7.0 leaves to the source's iteration order (a hashtable set's order is per process): BY a
     * pattern without {@code *} (no sorting), or BY with ALPHA (missing weights compare equal, no
     * tie-break; numeric sorting breaks ties by the element itself).
     */
    static String orderKind(List<String> cmd) {
        String name = cmd.get(0).toUpperCase(java.util.Locale.ROOT);
        if (name.equals("SORT") || name.equals("SORT_RO")) {
            boolean alpha = false;
            String by = null;
            for (int i = 2; i < cmd.size(); i++) {
                String a = cmd.get(i).toUpperCase(java.util.Locale.ROOT);
                if (a.equals("ALPHA")) {
                    alpha = true;
                } else if (a.equals("BY") && i + 1 < cmd.size()) {
                    by = cmd.get(++i);
                } else if ((a.equals("GET") || a.equals("STORE")) && i + 1 < cmd.size()) {
                    i++;
                } else if (a.equals("LIMIT")) {
                    i += 2;
                }
            }
            if (by != null && (alpha || !by.contains("*"))) {
                return "SORT~";
            }
        }
        return name;
    }

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

    static Arbitrary<String> lons() {
        return Arbitraries.of("13.361389", "-180", "180", "0", "181", "179.9999", "-0.5", "abc", "15.087269");
    }

    static Arbitrary<String> lats() {
        return Arbitraries.of("38.115556", "85.05112878", "-85.05112878", "0", "86", "-10.5", "x", "37.502669");
    }

    static Arbitrary<String> units() {
        return Arbitraries.of("m", "km", "ft", "mi", "KM", "yd");
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
        return commands(keys());
    }

    /** The catalog over the given key space (a cluster run passes keys hashing to every master). */
    static Arbitrary<List<String>> commands(Arbitrary<String> k) {
        List<Arbitrary<List<String>>> all = new ArrayList<>();
        // strings
        all.add(cmd("SET", k, values()));
        all.add(cmd("SET", k, values(), kw("NX", "XX", "GET", "KEEPTTL", "BOGUS"), ints()));
        // TTLs long enough that no key expires during a sequence on one server and not the other
        all.add(cmd("SET", k, values(), kw("EX", "PX"), kw("100000", "0", "-1", "abc", "9223372036854775807")));
        all.add(cmd("GET", k));
        all.add(cmd("GETSET", k, values()));
        all.add(cmd("GETDEL", k));
        all.add(cmd("SETNX", k, values()));
        all.add(cmd("MGET", some(k, 1, 4)));
        all.add(cmd("MSET", k, values(), k, values()));
        all.add(cmd("MSETNX", k, values(), k, values()));
        all.add(cmd("INCR", k));
        all.add(cmd("DECR", k));
        all.add(cmd("INCRBY", k, ints()));
        all.add(cmd("DECRBY", k, ints()));
        all.add(cmd("INCRBYFLOAT", k, values()));
        all.add(cmd("APPEND", k, values()));
        all.add(cmd("STRLEN", k));
        all.add(cmd("GETRANGE", k, ints(), ints()));
        all.add(cmd("SETRANGE", k, kw("0", "1", "5", "-1"), values()));
        // keys
        all.add(cmd("DEL", some(k, 1, 3)));
        all.add(cmd("EXISTS", some(k, 1, 3)));
        all.add(cmd("TYPE", k));
        all.add(cmd("RENAME", k, k));
        all.add(cmd("RENAMENX", k, k));
        all.add(cmd("COPY", k, k));
        all.add(cmd("EXPIRE", k, kw("100", "0", "-1", "abc", "1000"), kw("NX", "XX", "GT", "LT", "")));
        all.add(cmd("TTL", k));
        all.add(cmd("PERSIST", k));
        all.add(cmd("KEYS", kw("*", "k*", "{t}*", "k[12]", "?1")));
        all.add(cmd("OBJECT", kw("ENCODING"), k));
        all.add(cmd("DBSIZE"));
        // hashes
        all.add(cmd("HSET", k, members(), values()));
        all.add(cmd("HSET", k, members(), values(), members(), values()));
        all.add(cmd("HGET", k, members()));
        all.add(cmd("HDEL", k, some(members(), 1, 3)));
        all.add(cmd("HGETALL", k));
        all.add(cmd("HKEYS", k));
        all.add(cmd("HVALS", k));
        all.add(cmd("HLEN", k));
        all.add(cmd("HINCRBY", k, members(), ints()));
        all.add(cmd("HINCRBYFLOAT", k, members(), values()));
        all.add(cmd("HMGET", k, some(members(), 1, 3)));
        all.add(cmd("HSETNX", k, members(), values()));
        all.add(cmd("HEXISTS", k, members()));
        all.add(cmd("HSTRLEN", k, members()));
        // lists
        all.add(cmd("LPUSH", k, some(values(), 1, 3)));
        all.add(cmd("RPUSH", k, some(values(), 1, 3)));
        all.add(cmd("LPUSHX", k, values()));
        all.add(cmd("LPOP", k));
        all.add(cmd("RPOP", k, ints()));
        all.add(cmd("LRANGE", k, ints(), ints()));
        all.add(cmd("LINDEX", k, ints()));
        all.add(cmd("LSET", k, ints(), values()));
        all.add(cmd("LLEN", k));
        all.add(cmd("LREM", k, ints(), values()));
        all.add(cmd("LTRIM", k, ints(), ints()));
        all.add(cmd("LINSERT", k, kw("BEFORE", "AFTER", "X"), values(), values()));
        all.add(cmd("LPOS", k, values()));
        all.add(cmd("LMOVE", k, k, kw("LEFT", "RIGHT"), kw("LEFT", "RIGHT", "UP")));
        all.add(cmd("RPOPLPUSH", k, k));
        // sets
        all.add(cmd("SADD", k, some(members(), 1, 4)));
        all.add(cmd("SREM", k, some(members(), 1, 3)));
        all.add(cmd("SMEMBERS", k));
        all.add(cmd("SISMEMBER", k, members()));
        all.add(cmd("SMISMEMBER", k, some(members(), 1, 3)));
        all.add(cmd("SCARD", k));
        all.add(cmd("SMOVE", k, k, members()));
        all.add(cmd("SINTER", some(k, 1, 3)));
        all.add(cmd("SUNION", some(k, 1, 3)));
        all.add(cmd("SDIFF", some(k, 1, 3)));
        all.add(cmd("SINTERCARD", kw("1", "2", "0"), some(k, 1, 2)));
        all.add(cmd("SUNIONSTORE", k, some(k, 1, 2)));
        // sorted sets
        all.add(cmd("ZADD", k, scores(), members()));
        all.add(cmd("ZADD", k, kw("NX", "XX", "GT", "LT", "CH", "INCR"), scores(), members()));
        all.add(cmd("ZINCRBY", k, scores(), members()));
        all.add(cmd("ZSCORE", k, members()));
        all.add(cmd("ZMSCORE", k, some(members(), 1, 3)));
        all.add(cmd("ZCARD", k));
        all.add(cmd("ZRANK", k, members()));
        all.add(cmd("ZREVRANK", k, members()));
        all.add(cmd("ZREM", k, some(members(), 1, 3)));
        all.add(cmd("ZRANGE", k, ints(), ints()));
        all.add(cmd("ZRANGE", k, ints(), ints(), kw("WITHSCORES", "REV", "LIMIT")));
        all.add(cmd("ZRANGE", k, scores(), scores(), kw("BYSCORE"), kw("WITHSCORES", "REV", "")));
        all.add(cmd("ZRANGEBYSCORE", k, scores(), scores()));
        all.add(cmd("ZRANGEBYLEX", k, lexes(), lexes()));
        all.add(cmd("ZCOUNT", k, scores(), scores()));
        all.add(cmd("ZLEXCOUNT", k, lexes(), lexes()));
        all.add(cmd("ZPOPMIN", k));
        all.add(cmd("ZPOPMAX", k, ints()));
        all.add(cmd("ZUNIONSTORE", k, kw("2"), k, k));
        all.add(cmd("ZINTER", kw("2"), k, k, kw("WITHSCORES", "")));
        all.add(cmd("ZREMRANGEBYSCORE", k, scores(), scores()));
        // more strings
        all.add(cmd("SETEX", k, kw("100", "0", "-1", "abc"), values()));
        all.add(cmd("PSETEX", k, kw("100000", "0", "-5"), values()));
        all.add(cmd("GETEX", k, kw("PERSIST", "EX", "PX", "EXAT", "BOGUS"), kw("100000", "0", "-1", "4000000000")));
        all.add(cmd("GETEX", k));
        all.add(cmd("SUBSTR", k, ints(), ints()));
        all.add(cmd("LCS", k, k, kw("LEN", "IDX", "MINMATCHLEN", "WITHMATCHLEN", "")));
        all.add(cmd("SET", k, values(), kw("EXAT", "PXAT"), kw("4000000000", "4000000000000", "0", "-1")));
        all.add(cmd("SET", k, values(), kw("NX", "XX"), kw("GET")));
        // more keys
        all.add(cmd("UNLINK", some(k, 1, 3)));
        all.add(cmd("TOUCH", some(k, 1, 3)));
        all.add(cmd("PEXPIRE", k, kw("100000", "0", "-1", "abc")));
        all.add(cmd("EXPIREAT", k, kw("4000000000", "0", "1", "abc"), kw("NX", "XX", "GT", "LT", "")));
        all.add(cmd("PEXPIREAT", k, kw("4000000000000", "0", "abc")));
        // PTTL, EXPIRETIME and PEXPIRETIME are left out: after a relative expire their replies depend on
        // the millisecond (or second) each server ran the command, a race between two processes, not a
        // difference; StringsAndKeysDifferentialTest and ExpiryTest cover them deterministically.
        all.add(cmd("OBJECT", kw("ENCODING", "REFCOUNT", "FOO"), k));
        all.add(cmd("OBJECT", kw("HELP", "")));
        all.add(cmd("SELECT", kw("0", "1", "16", "-1", "abc")));
        all.add(cmd("MOVE", k, kw("1", "0", "16", "abc")));
        all.add(cmd("SWAPDB", kw("0", "1", "16"), kw("0", "1", "abc")));
        all.add(cmd("FLUSHDB"));
        all.add(cmd("COPY", k, k, kw("REPLACE", "DB", "")));
        all.add(cmd("TYPE", k));
        // more hashes
        all.add(cmd("HMSET", k, members(), values()));
        all.add(cmd("HSCAN", k, kw("0"), kw("MATCH", "COUNT", ""), kw("*", "a*", "10", "0")));
        // more lists
        all.add(cmd("RPUSHX", k, some(values(), 1, 2)));
        all.add(cmd("LPOP", k, ints()));
        all.add(cmd("LPOS", k, values(), kw("RANK", "COUNT", "MAXLEN"), ints()));
        all.add(cmd("LMPOP", kw("1", "2", "0"), some(k, 1, 2), kw("LEFT", "RIGHT", "X"), kw("COUNT", ""), kw("1", "2", "0")));
        all.add(cmd("BLPOP", some(k, 1, 2), kw("0.01", "-1", "abc")));
        all.add(cmd("BRPOP", k, kw("0.01")));
        all.add(cmd("BLMOVE", k, k, kw("LEFT", "RIGHT"), kw("LEFT", "RIGHT"), kw("0.01")));
        all.add(cmd("BRPOPLPUSH", k, k, kw("0.01")));
        // more sets
        all.add(cmd("SINTERSTORE", k, some(k, 1, 2)));
        all.add(cmd("SDIFFSTORE", k, some(k, 1, 2)));
        all.add(cmd("SADD", k, some(kw("1", "2", "3", "-1", "100"), 1, 4)));
        // more sorted sets
        all.add(cmd("ZADD", k, scores(), members(), scores(), members()));
        all.add(cmd("ZREVRANGE", k, ints(), ints(), kw("WITHSCORES", "")));
        all.add(cmd("ZREVRANGEBYSCORE", k, scores(), scores(), kw("WITHSCORES", "LIMIT", "")));
        all.add(cmd("ZREVRANGEBYLEX", k, lexes(), lexes()));
        all.add(cmd("ZRANGEBYSCORE", k, scores(), scores(), kw("WITHSCORES", "LIMIT"), ints(), ints()));
        all.add(cmd("ZRANGE", k, lexes(), lexes(), kw("BYLEX"), kw("REV", "LIMIT", "")));
        all.add(cmd("ZRANGESTORE", k, k, ints(), ints()));
        all.add(cmd("ZREMRANGEBYRANK", k, ints(), ints()));
        all.add(cmd("ZREMRANGEBYLEX", k, lexes(), lexes()));
        all.add(cmd("ZPOPMIN", k, ints()));
        all.add(cmd("ZMPOP", kw("1", "2"), some(k, 1, 2), kw("MIN", "MAX", "X"), kw("COUNT", ""), kw("1", "3", "0")));
        all.add(cmd("BZPOPMIN", k, kw("0.01")));
        all.add(cmd("BZMPOP", kw("0.01"), kw("1"), k, kw("MIN", "MAX")));
        all.add(cmd("ZUNION", kw("2"), k, k, kw("WITHSCORES", "AGGREGATE", "WEIGHTS", ""), kw("MIN", "MAX", "SUM", "2")));
        all.add(cmd("ZINTERSTORE", k, kw("2"), k, k, kw("AGGREGATE", "WEIGHTS", ""), kw("MIN", "MAX", "1")));
        all.add(cmd("ZDIFF", kw("1", "2"), k, k, kw("WITHSCORES", "")));
        all.add(cmd("ZDIFFSTORE", k, kw("2"), k, k));
        all.add(cmd("ZINTERCARD", kw("2", "1"), k, k, kw("LIMIT", ""), kw("1", "0")));
        all.add(cmd("ZSCAN", k, kw("0")));
        // geo (sorted sets of geohash scores)
        all.add(cmd("GEOADD", k, kw("NX", "XX", "CH", ""), lons(), lats(), members(), lons(), lats(), members()));
        all.add(cmd("GEOPOS", k, some(members(), 1, 3)));
        all.add(cmd("GEOHASH", k, some(members(), 1, 3)));
        all.add(cmd("GEODIST", k, members(), members(), kw("m", "km", "ft", "mi", "yd", "")));
        all.add(cmd("GEOSEARCH", k, kw("FROMLONLAT"), lons(), lats(), kw("BYRADIUS"), kw("100", "5000", "0", "-1", "x"), units(),
                kw("WITHDIST", "WITHCOORD", "WITHHASH", "ASC", "DESC", ""), kw("COUNT", "ANY", ""), kw("1", "3", "0")));
        all.add(cmd("GEOSEARCH", k, kw("FROMMEMBER"), members(), kw("BYBOX"), kw("100", "20000", "x"), kw("300", "-1"), units(),
                kw("WITHDIST", "DESC", "ASC", "")));
        all.add(cmd("GEOSEARCHSTORE", k, k, kw("FROMMEMBER"), members(), kw("BYRADIUS"), kw("1000", "20000"), units(),
                kw("STOREDIST", "COUNT", "WITHDIST", ""), kw("2", "")));
        all.add(cmd("GEORADIUS", k, lons(), lats(), kw("1000", "20000"), units(), kw("STORE", "STOREDIST", "WITHDIST", "COUNT"),
                kw("1", "2"), kw("DESC", "")));
        all.add(cmd("GEORADIUSBYMEMBER", k, members(), kw("1000", "20000"), units(), kw("STORE", "STOREDIST", "WITHCOORD", "ASC"), k));
        // transactions
        all.add(cmd("MULTI"));
        all.add(cmd("EXEC"));
        all.add(cmd("DISCARD"));
        all.add(cmd("WATCH", some(k, 1, 2)));
        all.add(cmd("UNWATCH"));
        // scripts (one declared key, so they run in the cluster catalog too)
        all.add(cmd("EVAL", kw("return redis.call('GET', KEYS[1])", "return redis.call('SET', KEYS[1], ARGV[1])",
                "return redis.pcall('INCR', KEYS[1])", "return redis.call('INCRBY', KEYS[1], ARGV[1])",
                "local v = redis.call('GET', KEYS[1]); if v then return {v, #v} else return false end",
                "redis.call('RPUSH', KEYS[1], ARGV[1]); return redis.call('LRANGE', KEYS[1], 0, -1)",
                "return redis.call('TYPE', KEYS[1])", "return redis.call('HSET', KEYS[1], 'f', ARGV[1])",
                "return {redis.call('EXISTS', KEYS[1]), tostring(redis.call('TTL', KEYS[1]))}",
                "redis.setresp(3); return redis.call('ZSCORE', KEYS[1], ARGV[1])",
                "return redis.call('ZADD', KEYS[1], ARGV[1], 'm')", "return tonumber(ARGV[1])",
                "#!lua flags=no-writes\nreturn redis.call('STRLEN', KEYS[1])"), kw("1"), k, values()));
        all.add(cmd("EVAL_RO", kw("return redis.call('STRLEN', KEYS[1])", "return redis.call('DEL', KEYS[1])"), kw("1"), k));
        all.add(cmd("EVALSHA", kw("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "x"), kw("0", "1", "-1"), k));
        all.add(cmd("SCRIPT", kw("LOAD"), kw("return 1", "return redis.call('GET', KEYS[1])")));
        all.add(cmd("SCRIPT", kw("EXISTS"), kw("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "x")));
        // server and introspection with deterministic replies
        all.add(cmd("COMMAND", kw("INFO"), kw("get", "set", "zadd", "lmpop", "blpop", "nosuch", "smove", "client|list", "zunionstore", "getex")));
        all.add(cmd("COMMAND", kw("GETKEYS"), kw("SET", "MSET", "ZUNIONSTORE", "GET", "LMPOP"), k, kw("2", "v", "k2")));
        all.add(cmd("CONFIG", kw("GET"), kw("maxmemory-policy", "hash-max-listpack-entries", "list-max-listpack-size",
                "zset-max-listpack-value", "set-max-intset-entries", "nosuch", "appendonly")));
        all.add(cmd("CONFIG", kw("FOO", "HELP", "SET")));
        all.add(cmd("CLIENT", kw("GETNAME", "SETNAME", "FOO", "HELP", "NO-EVICT")));
        all.add(cmd("CLIENT", kw("SETNAME"), kw("x", "a b", "")));
        // bitmaps
        all.add(cmd("SETBIT", k, ints(), kw("0", "1", "2", "x")));
        all.add(cmd("GETBIT", k, ints()));
        all.add(cmd("BITCOUNT", k));
        all.add(cmd("BITCOUNT", k, ints(), ints(), kw("BYTE", "BIT", "FOO")));
        all.add(cmd("BITPOS", k, kw("0", "1", "2"), ints()));
        all.add(cmd("BITPOS", k, kw("0", "1"), ints(), ints(), kw("BYTE", "BIT")));
        all.add(cmd("BITOP", kw("AND", "OR", "XOR", "NOT", "FOO"), k, some(k, 1, 2)));
        all.add(cmd("BITFIELD", k, kw("GET", "SET", "INCRBY"), kw("i8", "u4", "i64", "u63", "u64", "x1"), kw("0", "#1", "5", "-1"), ints()));
        all.add(cmd("BITFIELD", k, kw("OVERFLOW"), kw("WRAP", "SAT", "FAIL", "FOO"), kw("INCRBY"), kw("u2", "i5"), kw("0", "3"), ints()));
        all.add(cmd("BITFIELD_RO", k, kw("GET", "SET"), kw("i8", "u16"), kw("0", "#2"), ints()));
        // sort (no BY nosort: a hashtable set's own order is unspecified)
        all.add(cmd("SORT", k));
        all.add(cmd("SORT", k, kw("ALPHA", "DESC", "ASC", "FOO"), kw("ALPHA", "DESC", "")));
        all.add(cmd("SORT", k, kw("LIMIT"), ints(), ints(), kw("ALPHA", "DESC")));
        all.add(cmd("SORT", k, kw("BY", "GET"), kw("w_*", "#", "h_*->f", "x"), kw("ALPHA", "")));
        all.add(cmd("SORT", k, kw("ALPHA"), kw("STORE"), k));
        all.add(cmd("SORT_RO", k, kw("ALPHA", "DESC", "STORE"), kw("ALPHA", "")));
        // hyperloglog (small sets stay sparse; PFDEBUG GETREG/TODENSE make dense ones)
        all.add(cmd("PFADD", k, some(members(), 0, 4)));
        all.add(cmd("PFADD", k, some(values(), 1, 3)));
        all.add(cmd("PFCOUNT", some(k, 1, 3)));
        all.add(cmd("PFMERGE", k, some(k, 0, 2)));
        all.add(cmd("PFDEBUG", kw("ENCODING", "DECODE", "TODENSE", "GETREG", "FOO"), k));
        // errors and protocol-level
        all.add(cmd("GET"));
        all.add(cmd("NOSUCHCMD", values()));
        all.add(cmd("PING", values()));
        all.add(cmd("ECHO", values()));
        all.add(cmd("SET", k));
        all.add(cmd("PING"));
        all.add(cmd("PING", values(), values()));
        return Arbitraries.oneOf(all).filter(c -> !KnownDifferences.excludes(c));
    }
}
