package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.ReplyCorpus;
import dev.rcsim.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keyspace and keyevent notifications on a real redis-server and on rcsim: a subscriber (RESP2 or
 * RESP3) pattern-subscribed to {@code __key*__:*} watches a writer run commands of every family; after
 * each command the writer publishes a marker, and the messages the subscriber received up to it are
 * compared, exactly and in order. Also CONFIG SET/GET of notify-keyspace-events.
 */
class KeyspaceNotificationsDifferentialTest {

    static final String[] SCRIPT = {
        // strings
        "SET s v", "SET s v2 EX 100", "SET s v3 KEEPTTL", "SET s v NX", "SET s v XX PX 100000", "SETNX s x", "SETNX s2 x",
        "SETEX s3 100 v", "PSETEX s4 100000 v", "GETSET s new", "GETDEL s2", "GETDEL nokey", "GETEX s3 EX 200", "GETEX s3 PERSIST",
        "GETEX s3", "GETEX s4 PXAT 1", "MSET m1 a m2 b", "MSETNX m1 x m9 y", "MSETNX m7 x m8 y", "INCR n", "DECR n", "INCRBY n 5",
        "DECRBY n 2", "INCRBYFLOAT f 1.5", "APPEND s tail", "APPEND a1 x", "SETRANGE s 1 XY", "SETRANGE r2 2 ab", "SETRANGE r3 0 \"\"",
        "SETBIT b 7 1", "SETBIT b 7 1", "BITOP OR bo b b", "BITOP AND bo nokey", "BITFIELD bf SET u8 0 255", "BITFIELD bf GET u8 0",
        "PFADD h a b c", "PFADD h a", "PFADD h2", "PFMERGE h3 h h2", "PFCOUNT h h3",
        // keys
        "DEL m1 m2 nokey", "UNLINK s", "EXPIRE m7 100", "PEXPIRE m7 1000 GT", "PEXPIRE m7 1000000 GT", "EXPIREAT m7 1", "EXISTS m7", "SET e v",
        "PERSIST e", "EXPIRE e 100", "PERSIST e", "RENAME e e2", "RENAMENX e2 m8", "RENAMENX e2 e3", "COPY e3 e4",
        "COPY e3 e4", "COPY e3 e4 REPLACE", "COPY e3 e5 DB 5", "MOVE e4 6", "DUMP nokey", "TYPE e3",
        // lists
        "RPUSH l a b c d e", "LPUSH l z", "LPUSHX nol a", "RPUSHX l f", "LPOP l", "RPOP l 2", "LSET l 0 A", "LINSERT l BEFORE A x",
        "LINSERT l BEFORE nope x", "LREM l 0 x", "LREM l 0 nope", "LTRIM l 0 1", "LTRIM l 5 10", "RPUSH l2 a b", "LMOVE l2 l3 LEFT RIGHT",
        "RPOPLPUSH l2 l3", "LMPOP 2 nol l3 LEFT COUNT 5", "RPUSH bl x", "BLPOP bl 0", "BRPOP nol bl 0.01", "RPUSH bm a b",
        "BLMOVE bm bm2 RIGHT LEFT 0", "BLMPOP 0 1 bm RIGHT", "RPUSH sl 3 1 2", "SORT sl STORE sls", "SORT nol STORE sls",
        // hashes
        "HSET hh a 1 b 2", "HSET hh a 1", "HSETNX hh a 2", "HSETNX hh c 3", "HMSET hh d 4", "HINCRBY hh a 5", "HINCRBYFLOAT hh b 0.5",
        "HDEL hh a nope", "HDEL hh nope", "HDEL hh b c d", "HGET hh a",
        // sets
        "SADD st a b c", "SADD st a", "SREM st a", "SREM st nope", "SMOVE st st2 b", "SMOVE st st2 c", "SADD st 1",
        "SPOP st", "SADD st 1 2", "SPOP st 0", "SPOP st 2", "SADD st 7", "SPOP st 5", "SPOP nokey", "SADD sa 1 2 3", "SADD sb 2 3 4", "SINTERSTORE si sa sb", "SUNIONSTORE su sa sb",
        "SDIFFSTORE sd sa sb", "SINTERSTORE si sa nokey", "SDIFFSTORE sd nokey", "SREM sa 1 2 3",
        // sorted sets
        "ZADD z 1 a 2 b 3 c", "ZADD z 1 a", "ZADD z XX 5 a", "ZADD z INCR 1 a", "ZINCRBY z 0 a", "ZINCRBY z 2 new", "ZREM z new nope",
        "ZREMRANGEBYSCORE z 0 1", "ZREMRANGEBYRANK z 0 0", "ZREMRANGEBYLEX z - +", "ZADD z 1 a 2 b 3 c 4 d", "ZPOPMIN z", "ZPOPMAX z 2",
        "ZMPOP 1 z MIN", "ZADD z 9 q", "BZPOPMIN z 0", "ZADD za 1 a 2 b", "ZADD zb 2 b 3 c", "ZUNIONSTORE zu 2 za zb", "ZINTERSTORE zi 2 za zb",
        "ZDIFFSTORE zd 2 za zb", "ZINTERSTORE zi 2 za nokey", "ZRANGESTORE zr za 0 -1", "ZRANGESTORE zr za 5 10", "ZREM za a b",
        "GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania", "GEOADD g 13.361389 38.115556 Palermo",
        "GEOSEARCHSTORE gs g FROMLONLAT 15 37 BYRADIUS 200 km", "GEORADIUS g 15 37 200 km STORE gr", "GEOSEARCHSTORE gs g FROMLONLAT 0 0 BYRADIUS 1 km",
        // streams
        "XADD x 1-1 f v", "XADD x MAXLEN 1 2-1 f v", "XADD x MAXLEN 5 3-1 f v", "XTRIM x MAXLEN 1", "XTRIM x MAXLEN 10", "XDEL x 3-1 9-9",
        "XDEL x 9-9", "XSETID x 5-0", "XGROUP CREATE x g $", "XGROUP CREATE nx g $ MKSTREAM", "XGROUP SETID x g 0", "XGROUP CREATECONSUMER x g c1",
        "XGROUP CREATECONSUMER x g c1", "XADD x 6-1 f v", "XREADGROUP GROUP g c2 STREAMS x >", "XREADGROUP GROUP g c2 STREAMS x >",
        "XCLAIM x g c3 0 6-1", "XAUTOCLAIM x g c4 0 0", "XGROUP DELCONSUMER x g c1", "XGROUP DELCONSUMER x g nope",
        "XGROUP DESTROY x g", "XGROUP DESTROY x g",
        // misc
        "RESTORE rk 0 \"\"", "SWAPDB 0 9", "SWAPDB 0 9", "FLUSHDB", "SET last v",
    };

    @Test
    void everyFamilyPublishesTheEventsRedisPublishesInResp2AndResp3() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start()) {
            for (boolean resp3 : new boolean[] {false, true}) {
                List<String> want = run(real.raw(), real.raw(), resp3, "AKEn");
                List<String> got = run(sim.raw(), sim.raw(), resp3, "AKEn");
                assertSame(want, got, resp3);
            }
        }
    }

    @Test
    void singleClassesAndKeyeventOnlyPublishOnlyTheirEvents() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start()) {
            for (String flags : new String[] {"Kg", "E$", "Kl", "Es", "Kh", "Ez", "Kt", "Egx", "Kn", "A", "KE", "Km"}) {
                List<String> want = run(real.raw(), real.raw(), false, flags);
                List<String> got = run(sim.raw(), sim.raw(), false, flags);
                assertSame(want, got, false);
            }
        }
    }

    private static void assertSame(List<String> want, List<String> got, boolean resp3) {
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
            String w = i < want.size() ? want.get(i) : "<none>";
            String g = i < got.size() ? got.get(i) : "<none>";
            if (!w.equals(g)) {
                diffs.add("RESP" + (resp3 ? 3 : 2) + "\n want " + w + "\n got  " + g);
            }
        }
        assertThat(diffs).as(String.join("\n", diffs.subList(0, Math.min(30, diffs.size())))).isEmpty();
    }

    private static List<String> run(RawClient sub, RawClient writer, boolean resp3, String flags) throws Exception {
        try (sub; writer) {
            List<String> out = new ArrayList<>();
            writer.call("FLUSHALL");
            out.add("config -> " + writer.call("CONFIG", "SET", "notify-keyspace-events", flags));
            if (resp3) {
                sub.call("HELLO", "3");
                writer.call("HELLO", "3");
            }
            sub.call("PSUBSCRIBE", "__key*__:*");
            sub.call("SUBSCRIBE", "marker");
            int n = 0;
            for (String line : SCRIPT) {
                String[] cmd = line.split(" ");
                for (int i = 0; i < cmd.length; i++) {
                    cmd[i] = cmd[i].equals("\"\"") ? "" : cmd[i];
                }
                String reply = writer.call(cmd);
                if (cmd[0].equals("RESTORE")) {
                    reply = reply.startsWith("-ERR") ? "-ERR (payload)" : reply;
                }
                StringBuilder sb = new StringBuilder(line).append(" -> ").append(reply.replace("\r\n", "\\r\\n")).append(" |");
                String mark = String.valueOf(n++);
                writer.call("PUBLISH", "marker", mark);
                while (true) {
                    String msg = sub.readReplyString();
                    if (msg.contains("marker") && msg.endsWith("\r\n" + mark + "\r\n")) {
                        break;
                    }
                    sb.append(' ').append(msg.replace("\r\n", " "));
                }
                out.add(sb.toString());
            }
            writer.call("CONFIG", "SET", "notify-keyspace-events", "");
            return out;
        }
    }

    static final String[] CONFIG = {
        "CONFIG SET notify-keyspace-events KEA", "CONFIG GET notify-keyspace-events", "CONFIG SET notify-keyspace-events Kg$lshzxetd",
        "CONFIG GET notify-keyspace-events", "CONFIG SET notify-keyspace-events mnEK$", "CONFIG GET notify-keyspace-events",
        "CONFIG SET notify-keyspace-events gggKKK", "CONFIG GET notify-keyspace-events", "CONFIG SET notify-keyspace-events KEAmn",
        "CONFIG GET notify-keyspace-events", "CONFIG SET notify-keyspace-events Q", "CONFIG SET notify-keyspace-events KEa",
        "CONFIG GET notify-keyspace-events", "CONFIG SET notify-keyspace-events x", "CONFIG GET notify-keyspace-events",
        "CONFIG SET notify-keyspace-events dE", "CONFIG GET notify-keyspace-events", "CONFIG SET notify-keyspace-events \"\"",
        "CONFIG GET notify-keyspace-events", "CONFIG GET notify-*",
    };

    private static List<String> config(RawClient c, int db, boolean resp3) throws Exception {
        List<String> out = new ArrayList<>();
        if (resp3) {
            c.call("HELLO", "3");
        }
        for (String line : CONFIG) {
            String[] cmd = line.split(" ");
            for (int i = 0; i < cmd.length; i++) {
                cmd[i] = cmd[i].equals("\"\"") ? "" : cmd[i];
            }
            out.add(line + " -> " + c.call(cmd).replace("\r\n", "\\r\\n"));
        }
        return out;
    }

    @Test
    void configNormalisesFlagsAndRejectsUnknownClassesLikeRedis() throws Exception {
        ReplyCorpus.assertSameAsRealRedis(CONFIG.length, KeyspaceNotificationsDifferentialTest::config);
    }
}
