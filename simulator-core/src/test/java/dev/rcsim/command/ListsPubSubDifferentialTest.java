package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the same command scripts on rcsim and on a real redis-server 7.0 and compares the exact reply
 * bytes: lists (with COUNT, null shapes in RESP2 and RESP3, errors in Redis's order), blocking commands
 * that time out or cannot block, pub/sub confirmations and transactions. Each script runs on a fresh
 * connection; {@code $} in a script becomes a prefix unique to the script, so scripts share no keys.
 * Redis walks a client's subscriptions in hash order (random seed), so no script unsubscribes from
 * several channels at once without naming them.
 */
class ListsPubSubDifferentialTest {
    private static RealRedis real;
    private static TestNode sim;

    @BeforeAll
    static void start() {
        real = RealRedis.start();
        sim = TestNode.start();
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
        if (real != null) {
            real.close();
        }
    }

    static Stream<String> scripts() {
        return Stream.of(
                // pushes and lengths
                "RPUSH $l a b c | LPUSH $l x y | LRANGE $l 0 -1 | LLEN $l | LLEN $none",
                "LPUSHX $none a | RPUSHX $none a | LLEN $none | RPUSH $l a | RPUSHX $l b c | LPUSHX $l z | LRANGE $l 0 -1",
                "SET $s v | LPUSH $s a | RPUSH $s a | LPUSHX $s a | RPUSHX $s a | LLEN $s | LRANGE $s 0 1 | LINDEX $s 0",
                "RPUSH $l a | SET $l x NX | SET $none x NX | LPUSH $none a",
                // LPOP / RPOP and COUNT
                "RPUSH $l a b c | LPOP $l | RPOP $l | LPOP $l | LLEN $l | LPOP $l | RPOP $l",
                "RPUSH $l a b c d | LPOP $l 2 | RPOP $l 5 | LLEN $l",
                "RPUSH $l a | LPOP $l 0 | LPOP $none 0 | LPOP $none 2 | RPOP $none | LPOP $l -1 | LPOP $l x | RPOP $l 1 2",
                "HELLO 3 | LPOP $none | LPOP $none 1 | RPUSH $l a | LPOP $l 0 | LPOP $l 1 | RPOP $none 9",
                "SET $s v | LPOP $s | LPOP $s 0 | LPOP $s x | RPOP $s 1",
                "RPOP $l 9223372036854775807 | RPUSH $l a | RPOP $l 9223372036854775807 | RPOP $l 9223372036854775808",
                // LINDEX / LSET
                "RPUSH $l a b c | LINDEX $l 0 | LINDEX $l -1 | LINDEX $l 3 | LINDEX $l -4 | LINDEX $l x | LINDEX $none x | LINDEX $none 0",
                "RPUSH $l a b c | LSET $l 0 A | LSET $l -1 C | LSET $l 3 x | LSET $l -4 x | LSET $l x v | LRANGE $l 0 -1",
                "LSET $none 0 x | LSET $none x x | SET $s v | LSET $s 0 x | LSET $s x x",
                // LRANGE
                "RPUSH $l a b c d e | LRANGE $l 1 3 | LRANGE $l -2 -1 | LRANGE $l -100 100 | LRANGE $l 3 1 | LRANGE $l 5 10 | LRANGE $l -1 -5",
                "LRANGE $none 0 -1 | LRANGE $none x 1 | RPUSH $l a | LRANGE $l 0 x | LRANGE $l 9223372036854775807 -9223372036854775808",
                "HELLO 3 | LRANGE $none 0 -1 | RPUSH $l a b | LRANGE $l 0 -1",
                // LTRIM
                "RPUSH $l a b c d e | LTRIM $l 1 -2 | LRANGE $l 0 -1 | LTRIM $l 0 100 | LRANGE $l 0 -1 | LTRIM $l 2 1 | LLEN $l",
                "LTRIM $none 0 1 | RPUSH $l a b | LTRIM $l -100 -3 | LLEN $l | LTRIM $l x 1 | SET $s v | LTRIM $s 0 1",
                "RPUSH $l a b c | LTRIM $l 5 10 | LLEN $l",
                // LREM
                "RPUSH $l a b a c a | LREM $l 2 a | LRANGE $l 0 -1 | LREM $l 0 a | LRANGE $l 0 -1",
                "RPUSH $l a b a c a | LREM $l -2 a | LRANGE $l 0 -1 | LREM $l 0 zz | LREM $l x a | LREM $none 0 a",
                "RPUSH $l a a | LREM $l 0 a | LLEN $l | SET $s v | LREM $s 0 a",
                // LINSERT
                "RPUSH $l a b c | LINSERT $l BEFORE b X | LINSERT $l after c Y | LINSERT $l AFTER zz X | LRANGE $l 0 -1",
                "LINSERT $none BEFORE a X | LINSERT $none MIDDLE a X | SET $s v | LINSERT $s BEFORE a X | LINSERT $s middle a X",
                "RPUSH $l a | LINSERT $l BEFORE a X | LINSERT $l AFTER a Y | LRANGE $l 0 -1",
                // LPOS
                "RPUSH $l a b c a b c a | LPOS $l a | LPOS $l c | LPOS $l zz | LPOS $l a RANK 2 | LPOS $l a RANK -1 | LPOS $l a RANK -2",
                "RPUSH $l a b c a b c a | LPOS $l a COUNT 0 | LPOS $l a COUNT 2 | LPOS $l a COUNT 0 RANK -1 | LPOS $l a COUNT 0 MAXLEN 4 | LPOS $l a RANK 2 MAXLEN 3",
                "RPUSH $l a b | LPOS $l a RANK 0 | LPOS $l a COUNT -1 | LPOS $l a MAXLEN -1 | LPOS $l a COUNT x | LPOS $l a MAXLEN x | LPOS $l a RANK x",
                "RPUSH $l a b | LPOS $l a FOO | LPOS $l a RANK | LPOS $l a COUNT 1 COUNT 2 | LPOS $l a RANK -9223372036854775808 | LPOS $l zz COUNT 0",
                "LPOS $none a | LPOS $none a COUNT 0 | LPOS $none a RANK 0 | SET $s v | LPOS $s a | HELLO 3 | LPOS $none a | LPOS $none a COUNT 1",
                // LMOVE / RPOPLPUSH
                "RPUSH $l a b c | LMOVE $l $d LEFT RIGHT | LMOVE $l $d RIGHT LEFT | LRANGE $d 0 -1 | LRANGE $l 0 -1 | LMOVE $l $d left left | LLEN $l",
                "RPUSH $l a b c | LMOVE $l $l LEFT RIGHT | LRANGE $l 0 -1 | RPOPLPUSH $l $l | LRANGE $l 0 -1",
                "RPUSH $l a | LMOVE $l $l LEFT LEFT | LRANGE $l 0 -1 | LMOVE $l $d MIDDLE LEFT | LMOVE $l $d LEFT up",
                "LMOVE $none $d LEFT RIGHT | RPOPLPUSH $none $d | SET $s v | LMOVE $none $s LEFT RIGHT | RPUSH $l a | LMOVE $l $s LEFT RIGHT | LMOVE $s $l LEFT RIGHT | LRANGE $l 0 -1",
                "HELLO 3 | LMOVE $none $d LEFT RIGHT | RPOPLPUSH $none $d",
                // LMPOP
                "RPUSH $l a b c | LMPOP 2 $none $l LEFT | LMPOP 2 $none $l RIGHT COUNT 10 | LLEN $l | LMPOP 1 $l LEFT",
                "LMPOP 0 $l LEFT | LMPOP -1 $l LEFT | LMPOP x $l LEFT | LMPOP 2 $l LEFT | LMPOP 1 $l MIDDLE | LMPOP 1 $l LEFT COUNT 0",
                "LMPOP 1 $l LEFT COUNT -1 | LMPOP 1 $l LEFT COUNT x | LMPOP 1 $l LEFT COUNT 1 COUNT 1 | LMPOP 1 $l LEFT FOO | LMPOP 1 $l LEFT COUNT",
                "SET $s v | RPUSH $l a | LMPOP 2 $s $l LEFT | LMPOP 2 $l $s LEFT | HELLO 3 | LMPOP 1 $none LEFT | RPUSH $l a b | LMPOP 1 $l RIGHT COUNT 1",
                "LMPOP 9223372036854775807 $l LEFT | LMPOP 9223372036854775806 $l LEFT | LMPOP 3 $l LEFT",
                // blocking commands that do not block
                "RPUSH $l a b | BLPOP $none $l 0 | BRPOP $l 0 | LLEN $l | BLPOP $none 0.01 | BRPOP $none $none2 0.01",
                "BLPOP $l x | BLPOP $l -1 | BLPOP $l inf | BLPOP $l nan | BLPOP $l 1e400 | BLPOP $l 99999999999999999 | BLPOP $l -inf",
                "SET $s v | BLPOP $s 0 | BLPOP $none $s 0 | RPUSH $l a | BLPOP $l $s 0 | BRPOPLPUSH $s $d 0 | BLMOVE $s $d LEFT LEFT 0 | BLMPOP 0 1 $s LEFT",
                "RPUSH $l a b | BLMOVE $l $d LEFT RIGHT 0 | BRPOPLPUSH $l $d 0 | LRANGE $d 0 -1 | BLMOVE $l $d LEFT middle 0 | BLMOVE $l $d LEFT RIGHT x",
                "BLMOVE $none $d LEFT LEFT 0.01 | BRPOPLPUSH $none $d 0.01 | BLMPOP 0.01 1 $none LEFT | HELLO 3 | BLPOP $none 0.01 | BLMOVE $none $d LEFT LEFT 0.01",
                "BLMPOP x 1 $l LEFT | BLMPOP -1 1 $l LEFT | BLMPOP 0 0 $l LEFT | BLMPOP 0 1 $l LEFT COUNT 0 | RPUSH $l a b c | BLMPOP 0 1 $l RIGHT COUNT 2",
                "BRPOPLPUSH $l $d x | BRPOPLPUSH $l $d -1 | BLMOVE $l $d LEFT RIGHT -1 | BLPOP $l 0.0001",
                "MULTI | BLPOP $none 0 | BRPOP $none 0 | BLMOVE $none $d LEFT LEFT 0 | BRPOPLPUSH $none $d 0 | BLMPOP 0 1 $none LEFT | EXEC",
                "HELLO 3 | MULTI | BLPOP $none 0 | BLMOVE $none $d LEFT LEFT 0 | BLMPOP 0 1 $none LEFT | EXEC",
                "MULTI | RPUSH $l a | BLPOP $l 0 | BLPOP $l 0 | EXEC",
                // arity
                "LPUSH $l | RPUSH | LLEN | LINDEX $l | LSET $l 0 | LRANGE $l 0 | LTRIM $l | LREM $l 0 | LINSERT $l BEFORE a | LPOS $l",
                "LMOVE $l $d LEFT | RPOPLPUSH $l | LMPOP 1 $l | BLPOP $l | BLMOVE $l $d LEFT RIGHT | BRPOPLPUSH $l $d | BLMPOP 0 1 $l | LPOP | RPOP",
                // pub/sub
                "UNSUBSCRIBE | PUNSUBSCRIBE | SUNSUBSCRIBE | UNSUBSCRIBE a b | PUNSUBSCRIBE p*",
                "SUBSCRIBE $a $b $a | PSUBSCRIBE $p* $a | SSUBSCRIBE $s1 | GET x | PING | PING hello | PUBSUB NUMPAT | UNSUBSCRIBE $b | PUNSUBSCRIBE $p* | SUNSUBSCRIBE $s1 $zz",
                "SUBSCRIBE $a | PUNSUBSCRIBE | SUNSUBSCRIBE | UNSUBSCRIBE | PING | GET $x",
                "SSUBSCRIBE $s | GET $x | SUBSCRIBE $a | UNSUBSCRIBE | GET $x | PING | SUNSUBSCRIBE | GET $x | PING",
                "SUBSCRIBE $a | MULTI | SET $k v | RESET | GET $k | PUBSUB NUMSUB $a",
                "SUBSCRIBE | PSUBSCRIBE | SSUBSCRIBE | PUBLISH $a | PUBLISH | SPUBLISH $a | PUBSUB | PUBSUB FOO | PUBSUB NUMPAT x | PUBSUB HELP x",
                "PUBSUB HELP | PUBSUB CHANNELS $nomatch* | PUBSUB CHANNELS a b | pubsub shardchannels a b | PUBSUB NUMSUB | PUBSUB SHARDNUMSUB | PUBSUB NUMSUB $a $b",
                "PUBLISH $a hi | SPUBLISH $a hi | SUBSCRIBE $a | QUIT",
                "HELLO 3 | UNSUBSCRIBE | PUNSUBSCRIBE x | SUBSCRIBE $a | PSUBSCRIBE $a* | GET $x | PING | PUBLISH $a hi | PUBLISH $ab hi | SSUBSCRIBE $s | SPUBLISH $s m",
                "HELLO 3 | SUBSCRIBE $a $b | UNSUBSCRIBE $b | UNSUBSCRIBE | SUNSUBSCRIBE x | PUBSUB NUMSUB $a | PUBSUB SHARDNUMSUB $s",
                "MULTI | SUBSCRIBE $a $b | PING | EXEC | PING",
                "SUBSCRIBE $a | MULTI | EXEC x | EXEC | DISCARD | WATCH x",
                // transactions
                "EXEC | DISCARD | EXEC x | MULTI | MULTI | WATCH $x | EXEC x | EXEC",
                "MULTI | FOO | SET $a b | EXEC | GET $a",
                "MULTI | GET | SET $a b | EXEC | GET $a",
                "SET $k str | MULTI | LPUSH $k a | SET $k2 v | LPOP $k2 x | RPUSH $l a | EXEC",
                "MULTI | MULTI | WATCH $x | SET $a b | EXEC",
                "UNWATCH | MULTI | UNWATCH | EXEC | MULTI | EXEC | MULTI | DISCARD | DISCARD",
                "WATCH $k | SET $k v | MULTI | GET $k | EXEC",
                "WATCH $k | MULTI | SET $k v | EXEC | WATCH $k | UNWATCH | SET $k w | MULTI | GET $k | EXEC",
                "HELLO 3 | MULTI | LPOP $none | LPOP $none 1 | EXEC | WATCH $k | SET $k v | MULTI | EXEC",
                "MULTI | LPUSH $l | EXEC | MULTI | SET $a | EXEC",
                "WATCH | MULTI | WATCH | EXEC",
                "RPUSH $l a | WATCH $l | LTRIM $l 0 -1 | MULTI | EXEC",
                "RPUSH $l a | WATCH $l | LREM $l 0 zz | LINSERT $l BEFORE zz x | LPOS $l a | MULTI | EXEC");
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void sameBytesAsRealRedis(String script) throws Exception {
        String prefix = "d" + Integer.toHexString(script.hashCode()) + ":";
        List<String[]> cmds = new ArrayList<>();
        for (String part : script.split("\\|")) {
            String t = part.trim().replace("$", prefix);
            cmds.add(t.split("\\s+"));
        }
        List<String> expected = run(real.raw(), cmds);
        List<String> actual = run(sim.raw(), cmds);
        for (int i = 0; i < cmds.size(); i++) {
            assertThat(actual.get(i)).as(String.join(" ", cmds.get(i))).isEqualTo(expected.get(i));
        }
    }

    private static List<String> run(RawClient c, List<String[]> cmds) throws Exception {
        List<String> out = new ArrayList<>();
        try (c) {
            for (String[] cmd : cmds) {
                String name = cmd[0].toLowerCase(java.util.Locale.ROOT);
                if (name.equals("hello")) {
                    c.call(cmd); // carries the client id: not compared
                    out.add("");
                } else if (name.endsWith("subscribe")) {
                    out.add(readUntilPong(c, cmd));
                } else {
                    out.add(c.call(cmd));
                }
            }
        }
        return out;
    }

    /** (UN)SUBSCRIBE replies once per channel: reads them all, up to the reply of a PING sent behind. */
    private static String readUntilPong(RawClient c, String[] cmd) throws Exception {
        c.send(toBytes(cmd));
        c.send(toBytes(new String[] {"PING"}));
        StringBuilder sb = new StringBuilder();
        while (true) {
            String r = c.readReplyString();
            sb.append(r);
            if (r.equals("+QUEUED\r\n")) {
                return sb.append(c.readReplyString()).toString(); // inside MULTI: the PING is queued too
            }
            if (r.equals("+PONG\r\n") || r.equals("*2\r\n$4\r\npong\r\n$0\r\n\r\n")) {
                return sb.toString();
            }
        }
    }

    private static byte[][] toBytes(String[] cmd) {
        byte[][] b = new byte[cmd.length][];
        for (int i = 0; i < cmd.length; i++) {
            b[i] = cmd[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return b;
    }
}
