package dev.rcsim.command;

import dev.rcsim.testing.RawClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sends the same edge-case bitmap and SORT commands to a real redis-server and to rcsim, in
 * RESP2 (db 0) and RESP3 (db 1), and compares the reply bytes. Only order-deterministic replies
 * (small listpack/intset encodings, sorted outputs) are used.
 */
class BitsAndSortDifferentialTest {

    static final String[] SCRIPT = {
        // bitmaps
        "SETBIT b 7 1", "SETBIT b 7 1", "GETBIT b 7", "GETBIT b 100", "GETBIT nokey 0", "SETBIT b -1 1", "SETBIT b x 1",
        "SETBIT b 4294967296 1", "SETBIT b 4294967295 x", "SETBIT b 0 2", "SETBIT b 0 -1", "SETBIT b x 2", "GETBIT b x", "GETBIT b -1",
        "SETBIT b 20 1", "GET b", "STRLEN b", "OBJECT ENCODING b", "SET n 10", "SETBIT n 1 1", "OBJECT ENCODING n", "GET n",
        "SETBIT newkey 0 0", "GET newkey", "SET str hello", "SETBIT l 0 1", "LPUSH lst a", "SETBIT lst 0 1", "GETBIT lst 0",
        "SET foo foobar", "BITCOUNT foo", "BITCOUNT foo 0 0", "BITCOUNT foo 1 1", "BITCOUNT foo 1 -2", "BITCOUNT foo -1 -2",
        "BITCOUNT foo 5 30 BIT", "BITCOUNT foo 5 30 byte", "BITCOUNT foo 0 -1 BIT", "BITCOUNT foo -3 -1 bit", "BITCOUNT foo 1",
        "BITCOUNT foo 0 1 FOO", "BITCOUNT foo x 1", "BITCOUNT foo 1 x", "BITCOUNT nokey 1", "BITCOUNT nokey x y", "BITCOUNT lst",
        "BITCOUNT foo 0 1 BIT extra", "BITCOUNT foo -100 100", "BITCOUNT foo 100 200", "SET empty \"\"",
        "SET bp \\xff\\xf0\\x00", "BITPOS bp 0", "BITPOS bp 1", "BITPOS bp 1 2", "BITPOS bp 0 0 0", "BITPOS bp 0 0", "BITPOS bp 1 0 -1",
        "BITPOS bp 0 2 -1 BIT", "BITPOS bp 0 7 15 BIT", "BITPOS bp 1 7 15 bit", "BITPOS bp 0 1 BIT", "BITPOS bp 0 0 1", "BITPOS bp 2",
        "BITPOS bp x", "BITPOS nokey 0", "BITPOS nokey 1", "BITPOS nokey 0 1 2 FOO", "BITPOS bp 0 1 2 FOO", "BITPOS bp 0 x", "BITPOS bp 0 0 x",
        "BITPOS lst 1", "SET ones \\xff\\xff", "BITPOS ones 0", "BITPOS ones 0 0", "BITPOS ones 0 0 -1", "BITPOS ones 0 0 -1 BIT",
        "BITPOS ones 0 3 BIT", "BITPOS ones 1 -1 -2", "BITPOS ones 1 -5 -3 BIT", "BITPOS foo 1 2 -1 BYTE extra",
        "SET a \\x0f\\xf0", "SET c \\xff", "BITOP AND d a c", "GET d", "BITOP OR d a c nokey", "GET d", "BITOP XOR d a c", "GET d",
        "BITOP NOT d a", "GET d", "OBJECT ENCODING d", "BITOP NOT d a c", "BITOP FOO d a", "BITOP AND d nokey nokey2", "EXISTS d",
        "BITOP OR d lst a", "BITOP not d2 a", "BITOP AND",
        "BITFIELD bf SET i8 0 100", "BITFIELD bf GET i8 0 GET u4 0 GET i4 4", "BITFIELD bf INCRBY i8 0 100", "BITFIELD bf OVERFLOW SAT INCRBY i8 0 100",
        "BITFIELD bf OVERFLOW FAIL INCRBY i8 0 100", "BITFIELD bf OVERFLOW SAT INCRBY i8 0 -1000", "BITFIELD bf OVERFLOW WRAP INCRBY u2 100 1 INCRBY u2 100 3",
        "BITFIELD bf OVERFLOW SAT INCRBY u2 102 5", "BITFIELD bf OVERFLOW SAT INCRBY u2 102 -5", "BITFIELD bf OVERFLOW FAIL SET u2 102 9",
        "BITFIELD bf SET u8 #1 255 GET u8 #1 SET i64 64 -1 GET i64 64 GET u63 64", "BITFIELD bf INCRBY i64 64 -9223372036854775807",
        "BITFIELD bf OVERFLOW SAT INCRBY i64 64 -9223372036854775807", "BITFIELD bf OVERFLOW WRAP INCRBY i64 64 -9223372036854775807",
        "BITFIELD bf OVERFLOW FAIL SET u63 0 -1", "BITFIELD bf SET u8 0 -1", "BITFIELD bf SET i8 0 200", "BITFIELD bf GET u64 0", "BITFIELD bf GET i65 0",
        "BITFIELD bf GET u0 0", "BITFIELD bf GET x8 0", "BITFIELD bf GET i8", "BITFIELD bf GET i8 -1", "BITFIELD bf GET i8 #-1", "BITFIELD bf GET i8 #x",
        "BITFIELD bf SET i8 0 x", "BITFIELD bf OVERFLOW FOO GET i8 0", "BITFIELD bf FOO", "BITFIELD bf", "BITFIELD nokey GET u8 0", "BITFIELD lst GET u8 0",
        "BITFIELD lst SET u8 0 1", "BITFIELD nf OVERFLOW FAIL INCRBY u2 0 9", "GET nf", "BITFIELD bf GET u8 1000", "BITFIELD bf GET i8 4294967296",
        "BITFIELD_RO bf GET u8 0 GET i16 #2", "BITFIELD_RO bf SET u8 0 1", "BITFIELD_RO bf GET u8 0 INCRBY u8 0 x", "BITFIELD_RO bf OVERFLOW SAT GET u8 0",
        "BITFIELD_RO nokey GET i64 0", "GET bf", "OBJECT ENCODING bf",
        // sort
        "RPUSH sl 3 1 2 10 -1.5 2", "SORT sl", "SORT sl DESC", "SORT sl ALPHA", "SORT sl ALPHA DESC", "SORT sl LIMIT 1 2", "SORT sl LIMIT -5 2",
        "SORT sl LIMIT 2 -1", "SORT sl LIMIT 10 2", "SORT sl LIMIT 0 0", "SORT sl LIMIT x 1", "SORT sl LIMIT 1", "SORT sl FOO", "SORT sl BY nosort",
        "SORT sl BY nosort DESC", "SORT sl BY nosort LIMIT 1 3", "SORT sl BY nosort DESC LIMIT 1 3", "SORT nokey", "SORT nokey STORE dst", "EXISTS dst",
        "SORT str", "RPUSH bad 1 x 2", "SORT bad", "SORT bad ALPHA", "SORT bad STORE dst", "SADD ss 5 3 9 1", "SORT ss", "SORT ss DESC LIMIT 0 2",
        "SORT ss BY nosort STORE dst", "LRANGE dst 0 -1", "ZADD sz 3 c 1 a 2 b", "SORT sz ALPHA", "SORT sz BY nosort", "SORT sz BY nosort DESC",
        "SORT sz BY nosort LIMIT 1 5", "OBJECT ENCODING sz", "SORT sz", "MSET w_3 30 w_1 10 w_2 20 w_10 5 w_-1.5 100", "SORT sl BY w_*",
        "SORT sl BY w_* DESC GET #", "SORT sl BY w_* GET # GET w_*", "SORT sl BY w_* GET nosuch_* GET #", "SORT sl GET w_* GET x",
        "HSET h_1 f one", "HSET h_2 f two", "SORT sl BY h_*->f ALPHA GET h_*->f GET #", "SORT sl GET h_*-> GET h_*->zz",
        "SORT sl BY w_* STORE dst GET # GET w_*", "LRANGE dst 0 -1", "OBJECT ENCODING dst", "SORT sl ALPHA STORE dst", "LRANGE dst 0 -1",
        "SORT sl LIMIT 0 0 STORE dst", "EXISTS dst", "SORT sl STORE", "SORT_RO sl", "SORT_RO sl STORE dst", "SORT_RO sl BY w_* GET #",
        "RPUSH sp \" 3\" 0x10 \"\" abc", "SORT sp", "RPUSH sp2 \" 3\" 0x10 \"\" 2", "SORT sp2", "RPUSH nan nan", "SORT nan",
        "SORT sl BY w_* LIMIT 1 2", "SORT sl by W_* limit 0 2 desc alpha", "SORT sl GET", "BITPOS empty 0", "BITPOS empty 1", "BITCOUNT empty", "BITPOS empty 0 0 -1 BIT", "BITFIELD empty GET u8 0",
        "BITFIELD_RO empty GET i8 0", "BITCOUNT empty 0 -1 BIT", "SETBIT empty 3 1", "GET empty", "RPUSH dup 2 1 2 b a", "SORT dup ALPHA DESC",
        "SORT dup BY w_* ALPHA", "SORT dup BY nokey_* DESC ALPHA STORE d5", "LRANGE d5 0 -1", "SORT sl BY w_* DESC GET # STORE d6 GET h_*->f",
        "LRANGE d6 0 -1", "SORT sl BY w_ LIMIT 0 2", "SORT sl BY \"w_*->\" GET #", "SADD si 3 1 2", "SORT si BY nosort", "SORT si BY nosort DESC LIMIT 0 2",
        "MULTI", "SETBIT m 1 1", "BITFIELD m INCRBY u8 0 1", "SORT sl LIMIT 0 1", "EXEC", "INFO keyspace", "COMMAND INFO setbit getbit bitcount bitpos bitop bitfield bitfield_ro sort sort_ro", "COMMAND GETKEYS SORT sl STORE a STORE b", "COMMAND GETKEYS SORT_RO sl", "COMMAND GETKEYS SORT sl LIMIT 0 1 BY x GET y",
    };

    private static List<String> run(RawClient c, int db, boolean resp3) throws Exception {
        List<String> out = new ArrayList<>();
        c.call("SELECT", String.valueOf(db));
        if (resp3) {
            c.call("HELLO", "3");
        }
        for (String line : SCRIPT) {
            String r = new String(c.callBytes(split(line)), java.nio.charset.StandardCharsets.ISO_8859_1);
            out.add(line + " -> " + r.replace("\r\n", "\\r\\n"));
        }
        return out;
    }

    /** Splits a line like redis-cli: double quotes group words, \\xHH is a byte. */
    static byte[][] split(String line) {
        List<byte[]> args = new ArrayList<>();
        java.io.ByteArrayOutputStream cur = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
                if (cur == null) {
                    cur = new java.io.ByteArrayOutputStream();
                }
            } else if (ch == ' ' && !quoted) {
                if (cur != null) {
                    args.add(cur.toByteArray());
                    cur = null;
                }
            } else {
                if (cur == null) {
                    cur = new java.io.ByteArrayOutputStream();
                }
                if (ch == '\\' && i + 3 < line.length() && line.charAt(i + 1) == 'x') {
                    cur.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                    i += 3;
                } else {
                    cur.write(ch);
                }
            }
        }
        if (cur != null) {
            args.add(cur.toByteArray());
        }
        return args.toArray(new byte[0][]);
    }

    @Test
    void bitmapAndSortCommandsReplyLikeRealRedisInResp2AndResp3() throws Exception {
        dev.rcsim.testing.ReplyCorpus.assertSameAsRealRedis(SCRIPT.length, BitsAndSortDifferentialTest::run);
    }
}
