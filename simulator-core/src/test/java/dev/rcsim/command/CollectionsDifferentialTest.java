package dev.rcsim.command;

import dev.rcsim.testing.RawClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sends the same edge-case hash, set and sorted set commands to a real redis-server and to rcsim, in
 * RESP2 (db 0) and RESP3 (db 1), and compares the reply bytes. Only order-deterministic replies
 * (small listpack/intset encodings, sorted outputs) are used.
 */
class CollectionsDifferentialTest {

    static final String[] SCRIPT = {
        // hashes
        "HSET h a 1 b 2 c 3", "HSET h a 10 d 4", "HGETALL h", "HKEYS h", "HVALS h", "HLEN h", "HGET h a", "HGET h zz",
        "HGET nokey a", "HMGET h a zz b", "HMGET nokey a", "HSETNX h a 5", "HSETNX h e 5", "HSTRLEN h a", "HSTRLEN h zz",
        "HEXISTS h a", "HEXISTS h zz", "HDEL h zz", "HDEL h e e", "HSET h a", "HSET h a 1 b", "HMSET h x 1", "HMSET h x",
        "HINCRBY h a 5", "HINCRBY h new -3", "HINCRBY h x y", "HSET h s abc", "HINCRBY h s 1", "HINCRBYFLOAT h s 1",
        "HINCRBYFLOAT h f 0.1", "HINCRBYFLOAT h f 0.2", "HINCRBYFLOAT h f -0.3", "HINCRBYFLOAT hb f 1e300", "HINCRBYFLOAT h f inf", "HGETALL hb",
        "HSET h2 y 1e308", "HINCRBYFLOAT h2 y 1e308", "HINCRBYFLOAT h2 y 1.5", "HINCRBYFLOAT h3 z 5.0e3", "HSET h3 w 1",
        "HINCRBY h big 9223372036854775807", "HINCRBY h big 1", "HGETALL h2", "HGETALL nokey", "HKEYS nokey",
        "HRANDFIELD nokey", "HRANDFIELD nokey 3", "HRANDFIELD h 0", "HRANDFIELD h3 5", "HRANDFIELD h3 5 WITHVALUES", "HRANDFIELD hb -3 WITHVALUES", "HRANDFIELD h2 -2",
        "HRANDFIELD h 1 foo", "HRANDFIELD h -9223372036854775808", "HRANDFIELD h -9223372036854775807 withvalues",
        "HSCAN h 0", "HSCAN h 0 MATCH a* COUNT 1", "HSCAN h x", "HSCAN h 0 COUNT 0", "HSCAN h 0 FOO", "HSCAN nokey 0 FOO",
        "HDEL h a b c d new x s f big", "HLEN h", "HGETALL h",
        "SET str v", "HGET str a", "HSET str a 1", "SADD str a", "ZADD str 1 a", "ZSCORE str a",
        // sets
        "SADD s 3 1 2 -5 1", "SMEMBERS s", "SADD s2 2 3 4 x", "SCARD s", "SISMEMBER s 1", "SISMEMBER s 01",
        "SMISMEMBER s 1 9 -5", "SMISMEMBER nokey a", "SREM s 9 1", "SMEMBERS s", "SINTER s s2", "SINTER s nokey", "SINTER s str",
        "SUNION s d1", "SUNION s nokey", "SDIFF s s2", "SDIFFSTORE d4 s2 s", "SCARD d4", "SINTERSTORE d1 s s2", "SMEMBERS d1", "SUNIONSTORE d2 s s3",
        "SMEMBERS d2", "SDIFFSTORE d3 s s", "SMEMBERS d3", "SINTERCARD 2 s s2", "SINTERCARD 2 s s2 LIMIT 1", "SINTERCARD 0 s",
        "SINTERCARD 3 s s2", "SINTERCARD 1 s LIMIT -1", "SINTERCARD 1 s LIMIT", "SINTERCARD x s", "SMOVE s s5 2", "SMEMBERS s5",
        "SMOVE s s 3", "SMOVE nokey s 1", "SMOVE s str 3", "SMOVE str s 3", "SPOP s 0", "SPOP s -1", "SPOP nokey", "SPOP nokey 3",
        "SPOP s 1 2", "SRANDMEMBER nokey", "SRANDMEMBER nokey 5", "SRANDMEMBER s 10", "SRANDMEMBER s -9223372036854775808",
        "SRANDMEMBER s 0", "SSCAN s 0", "SSCAN s 0 MATCH -* ", "SSCAN nokey 0", "SPOP s5", "SCARD s5", "SSCAN s 0 COUNT 1",
        "SADD s6 a", "SPOP s6 5", "SMEMBERS s6",
        // sorted sets
        "ZADD z 1 a 2 b 0.1 c 1e300 d -0 e inf f", "ZRANGE z 0 -1 WITHSCORES", "ZSCORE z c", "ZSCORE z e", "ZSCORE z zz",
        "ZMSCORE z a zz f", "ZMSCORE nokey a", "ZCARD z", "ZCARD nokey", "ZRANK z a", "ZREVRANK z a", "ZRANK z zz",
        "ZADD z XX NX 1 a", "ZADD z GT LT 1 a", "ZADD z GT NX 1 a", "ZADD z INCR 1 a 2 b", "ZADD z 1 a 2", "ZADD z x a",
        "ZADD z nan a", "ZADD z INCR 1 a", "ZADD z NX INCR 1 a", "ZADD z XX INCR 1 nope", "ZADD z GT INCR 0 a",
        "ZADD z CH GT 5 a", "ZADD z CH LT 10 a", "ZADD z CH 1 a 1 b 7 new", "ZADD z INCR inf f", "ZADD z INCR -inf f",
        "ZADD nz XX 1 a", "ZADD nz INCR -0 a", "ZSCORE nz a", "ZINCRBY nz 1.5 a", "ZINCRBY nz x a", "ZINCRBY nz -inf a",
        "ZRANGE z 0 -1", "ZRANGE z -2 -1 WITHSCORES", "ZRANGE z 5 1", "ZRANGE z 0 1 LIMIT 0 1", "ZRANGE z a b BYLEX WITHSCORES",
        "ZRANGE z (1 5 BYSCORE", "ZRANGE z 5 (1 BYSCORE REV WITHSCORES", "ZRANGE z -inf +inf BYSCORE LIMIT 1 2 WITHSCORES",
        "ZRANGE z -inf +inf BYSCORE LIMIT -1 2", "ZRANGE z -inf +inf BYSCORE LIMIT 1 -1", "ZRANGE z -inf +inf BYSCORE LIMIT 100 1",
        "ZRANGE z 0 -1 REV WITHSCORES", "ZRANGE z 0 -1 REV REV", "ZRANGE z 0 -1 BYSCORE BYLEX", "ZRANGE z x 1", "ZRANGE nokey 0 -1",
        "ZREVRANGE z 0 2 WITHSCORES", "ZREVRANGE z 0 2 LIMIT 0 1", "ZRANGEBYSCORE z x 1", "ZRANGEBYSCORE z -inf +inf WITHSCORES LIMIT 1 2",
        "ZRANGEBYSCORE z 1 1e400", "ZRANGEBYSCORE z [1 2", "ZRANGEBYSCORE z 0 0", "ZREVRANGEBYSCORE z +inf -inf WITHSCORES LIMIT 0 2",
        "ZRANGEBYSCORE z 0 1 REV", "ZCOUNT z (1 +inf", "ZCOUNT z 5 1", "ZCOUNT z x 1", "ZCOUNT nokey 0 1",
        "ZADD lex 0 a 0 b 0 c 0 d 0 e", "ZRANGEBYLEX lex - +", "ZRANGEBYLEX lex [b (d", "ZRANGEBYLEX lex a b", "ZRANGEBYLEX lex - + LIMIT 1 2",
        "ZREVRANGEBYLEX lex + - LIMIT 0 2", "ZREVRANGEBYLEX lex (d [a", "ZRANGEBYLEX lex + -", "ZRANGE lex [c + BYLEX", "ZRANGE lex [c - BYLEX REV",
        "ZLEXCOUNT lex - +", "ZLEXCOUNT lex (a [c", "ZLEXCOUNT lex a b", "ZRANGEBYLEX lex - + WITHSCORES",
        // mixed scores (undefined in Redis, but a listpack's walk is deterministic): each direction's own run
        "ZADD mixed 1 z 2 a 3 m 4 b 5 y", "ZREVRANGEBYLEX mixed [m -", "ZRANGEBYLEX mixed - [m", "ZRANGEBYLEX mixed [b +",
        "ZREVRANGEBYLEX mixed + [b", "ZREVRANGEBYLEX mixed (z (a", "ZRANGEBYLEX mixed (a (z", "ZLEXCOUNT mixed [b [y",
        "ZRANGE mixed [m - BYLEX REV LIMIT 1 2", "ZRANGE mixed - [y BYLEX LIMIT 1 5", "ZRANGESTORE mixdst mixed + [a BYLEX REV",
        "ZRANGE mixdst 0 -1", "ZREMRANGEBYLEX mixed [a [y", "ZRANGE mixed 0 -1 WITHSCORES",
        "ZADD z2 10 a 20 x 3 b", "ZUNION 2 z z2 WITHSCORES", "ZUNION 2 z z2 WEIGHTS 1 2 AGGREGATE MAX WITHSCORES", "ZUNION 2 z z2 AGGREGATE MIN",
        "ZINTER 2 z z2 WITHSCORES", "ZINTER 2 z nokey", "ZDIFF 2 z z2 WITHSCORES", "ZDIFF 2 z z2 WEIGHTS 1 2", "ZINTER 2 z z2 AGGREGATE foo",
        "ZINTER 2 z z2 WEIGHTS 1", "ZINTER 2 z z2 WEIGHTS 1 x", "ZUNION 0 z", "ZUNION 3 z z2", "ZUNION x z", "ZUNION 2 str z", "ZUNION 2 s z WITHSCORES",
        "ZINTERCARD 2 z z2", "ZINTERCARD 2 z z2 LIMIT 1", "ZINTERCARD 0 z", "ZINTERCARD 1 z LIMIT -1", "ZINTERCARD 1 z WITHSCORES",
        "ZUNIONSTORE u 2 z z2", "ZRANGE u 0 -1 WITHSCORES", "ZINTERSTORE u 2 z z2 WEIGHTS 2 3", "ZRANGE u 0 -1 WITHSCORES",
        "ZINTERSTORE u 2 z nokey", "ZRANGE u 0 -1", "ZDIFFSTORE u 2 z z2", "ZRANGE u 0 -1 WITHSCORES", "ZUNIONSTORE u 2 z z2 WITHSCORES",
        "ZRANGESTORE rs z 0 2", "ZRANGE rs 0 -1 WITHSCORES", "ZRANGESTORE rs z 0 -1 WITHSCORES", "ZRANGESTORE rs nokey 0 -1", "ZRANGE rs 0 -1",
        "ZRANGESTORE rs lex [b + BYLEX LIMIT 0 2", "ZRANGE rs 0 -1",
        "ZRANDMEMBER nokey", "ZRANDMEMBER nokey 2", "ZRANDMEMBER z2 5 WITHSCORES", "ZRANDMEMBER z2 5", "ZRANDMEMBER z2 x",
        "ZRANDMEMBER z2 -9223372036854775807 WITHSCORES", "ZRANDMEMBER z2 0", "ZSCAN z 0", "ZSCAN z 0 MATCH a*", "ZSCAN nokey 0",
        "ZPOPMIN z", "ZPOPMIN z 2", "ZPOPMAX z 1", "ZPOPMIN z 0", "ZPOPMIN z -1", "ZPOPMAX nokey", "ZPOPMAX nokey 2", "ZPOPMIN z 1 2",
        "ZMPOP 2 nokey z MAX COUNT 2", "ZMPOP 1 z MIN", "ZMPOP 1 nokey MIN", "ZMPOP 0 z MIN", "ZMPOP 1 z FOO", "ZMPOP 1 z MIN COUNT 0",
        "ZMPOP 1 z MIN COUNT 1 COUNT 2", "ZMPOP 3 z MIN", "ZMPOP 1 str MIN",
        "BZPOPMIN z2 0", "BZPOPMAX z2 nokey 0", "BZMPOP 0 2 nokey z2 MAX COUNT 5", "BZPOPMAX nokey -1", "BZPOPMAX nokey x",
        "BZMPOP 0 1 nokey FOO", "BZMPOP x 1 z MIN", "ZCARD z2",
        "ZREM lex a zz", "ZREMRANGEBYRANK lex 0 0", "ZRANGE lex 0 -1", "ZREMRANGEBYLEX lex (c +", "ZRANGE lex 0 -1",
        "ZADD r 1 a 2 b 3 c 4 d", "ZREMRANGEBYSCORE r -inf (3", "ZRANGE r 0 -1 WITHSCORES", "ZREMRANGEBYSCORE r x 1", "ZREMRANGEBYLEX r a b",
        "ZREMRANGEBYRANK r x 1", "ZREMRANGEBYRANK r 0 -1", "ZCARD r", "ZREMRANGEBYRANK nokey 0 -1",
        "ZADD zz 1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ZADD zz INCR -0 b", "ZSCORE zz b",
        "ZRANGE zz 0 -1 WITHSCORES", "ZCARD zz",
    };

    private static List<String> run(RawClient c, int db, boolean resp3) throws Exception {
        List<String> out = new ArrayList<>();
        c.call("SELECT", String.valueOf(db));
        if (resp3) {
            c.call("HELLO", "3");
        }
        for (String line : SCRIPT) {
            String r = c.call(line.trim().split(" "));
            out.add(line + " -> " + r.replace("\r\n", "\\r\\n"));
        }
        return out;
    }

    @Test
    void collectionCommandsReplyLikeRealRedisInResp2AndResp3() throws Exception {
        dev.rcsim.testing.ReplyCorpus.assertSameAsRealRedis(SCRIPT.length, CollectionsDifferentialTest::run);
    }
}
