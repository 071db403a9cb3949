package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sends the same corpus of string and key commands (edge cases: negative indexes, overflow, float
 * formatting, wrong types, syntax errors, binary data) to a real redis-server and to rcsim and asserts
 * byte-identical replies, in RESP2 and RESP3. Nondeterministic commands (RANDOMKEY, SCAN cursors,
 * OBJECT IDLETIME, DUMP payloads, relative TTLs) are left out; they have their own tests.
 */
class StringsAndKeysDifferentialTest {

    /** A list stand-in so WRONGTYPE paths can be compared before rcsim has lists. */
    static final class FakeList implements RedisValue {
        @Override
        public String type() {
            return "list";
        }

        @Override
        public String encoding() {
            return "listpack";
        }

        @Override
        public RedisValue copy() {
            return this;
        }
    }

    static final String[] CORPUS = {
        "SET s hello", "GET s", "GET missing", "STRLEN s", "STRLEN missing", "APPEND s \" world\"", "GET s",
        "APPEND newkey abc", "GETRANGE s 0 4", "GETRANGE s -5 -1", "GETRANGE s -1 -5", "GETRANGE s 5 2",
        "GETRANGE s -100 100", "GETRANGE s 0 -1", "GETRANGE missing 0 -1", "GETRANGE s a 1", "SUBSTR s 1 3",
        "GETRANGE s 9223372036854775807 -9223372036854775808", "SETRANGE s 6 WORLD", "GET s", "SETRANGE s 20 x",
        "GET s", "SETRANGE sr 3 abc", "GET sr", "SETRANGE sr2 0 \"\"", "EXISTS sr2", "SETRANGE s -1 x",
        "SETRANGE s 536870912 x", "SETRANGE s abc x", "SETRANGE s 1 \"\"",
        "SET n 10", "INCR n", "DECR n", "INCRBY n 100", "DECRBY n 5", "INCRBY n -9223372036854775808",
        "INCRBY n 9223372036854775807", "SET big 9223372036854775807", "INCR big", "SET small -9223372036854775808",
        "DECR small", "DECRBY n -9223372036854775808", "INCRBY n abc", "INCR s", "SET sp \" 1\"", "INCR sp",
        "SET lz 01", "INCR lz", "INCR fresh", "DECR fresh2", "INCRBY n 1.5",
        "SET f 10.5", "INCRBYFLOAT f 0.1", "INCRBYFLOAT f -5", "SET e 3.0e3", "INCRBYFLOAT e 0",
        "INCRBYFLOAT e 1e5000", "INCRBYFLOAT e inf", "INCRBYFLOAT e -inf", "INCRBYFLOAT e nan", "INCRBYFLOAT e abc",
        "INCRBYFLOAT ff 0.1", "INCRBYFLOAT ff 0.2", "INCRBYFLOAT ff 1e-20", "INCRBYFLOAT ff 5.0e3",
        "INCRBYFLOAT g 1.23456789012345678901", "INCRBYFLOAT h 1e20", "INCRBYFLOAT h 1e20", "INCRBYFLOAT i -0.0",
        "INCRBYFLOAT j 0x10", "INCRBYFLOAT k .5", "INCRBYFLOAT k 5.", "INCRBYFLOAT k \" 1\"", "INCRBYFLOAT k 1e",
        "SET inf inf", "INCRBYFLOAT inf 1", "INCRBYFLOAT s 1", "INCRBYFLOAT e 3.3333333333333333333333",
        "SETNX s x", "SETNX nx1 x", "GET nx1", "SETEX ex1 100 v", "SETEX ex1 0 v", "SETEX ex1 -1 v", "SETEX ex1 abc v",
        "PSETEX px1 100000 v", "PSETEX px1 0 v", "GETSET s new", "GETSET gs1 v", "GETSET wt x",
        "GETDEL s", "GETDEL s", "GETDEL wt", "GETEX nx1", "GETEX nx1 persist", "GETEX nx1 ex 0", "GETEX nx1 ex abc",
        "GETEX nx1 px 100000 persist", "GETEX nx1 nx", "GETEX missing ex 0", "GETEX nx1 exat 1", "EXISTS nx1",
        "GETEX wt", "MSET a 1 b 2 c 3", "MSET a 1 b", "MGET a b c missing wt", "MSETNX a 1 z 2", "MSETNX y 1 z 2",
        "MGET y z", "SET", "GET a b", "SET k v nx xx", "SET k v ex 10 px 10", "SET k v keepttl ex 10",
        "SET k v ex 10 ex 20", "SET k v ex abc foo", "SET k v px 0", "SET k v exat 1", "EXISTS k", "SET k v get",
        "SET k v2 get", "SET wt v get", "SET k v3 nx get", "SET k v4 xx get", "SET k \"\"", "GET k",
        "SET bin \"a\\x00b\\xffc\"", "GET bin", "STRLEN bin", "GETRANGE bin 1 2",
        "LCS lcsa lcsb", "MSET lcsa ohmytext lcsb mynewtext", "LCS lcsa lcsb", "LCS lcsa lcsb LEN",
        "LCS lcsa lcsb IDX", "LCS lcsa lcsb IDX MINMATCHLEN 4", "LCS lcsa lcsb IDX WITHMATCHLEN",
        "LCS lcsa lcsb IDX LEN", "LCS lcsa lcsb foo", "LCS lcsa wt", "LCS lcsa missing IDX",
        "OBJECT ENCODING a", "OBJECT ENCODING lcsa", "OBJECT ENCODING f", "OBJECT ENCODING newkey",
        "OBJECT ENCODING sr", "OBJECT REFCOUNT a", "OBJECT REFCOUNT lcsa", "OBJECT ENCODING missing",
        "OBJECT FREQ a", "OBJECT HELP", "OBJECT foo", "OBJECT", "OBJECT HELP x", "OBJECT ENCODING",
        "SET longs aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "OBJECT ENCODING longs",
        "SET l44 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "OBJECT ENCODING l44", "SET i20 12345678901234567890",
        "OBJECT ENCODING i20", "INCR n", "OBJECT ENCODING n", "OBJECT REFCOUNT n",
        "DEL a b missing", "UNLINK c", "EXISTS a y y z missing", "TYPE y", "TYPE missing", "TYPE wt",
        "TOUCH y z missing", "RENAME y y2", "GET y2", "RENAME missing x", "RENAMENX missing x", "RENAME y2 y2",
        "RENAMENX y2 y2", "RENAMENX y2 z", "RENAMENX y2 y3", "SET z1 v", "EXPIREAT z1 4000000000", "RENAME z1 z2",
        "EXPIRETIME z2", "PEXPIRETIME z2", "TTL nottl", "SET nottl v", "TTL nottl", "PTTL nottl",
        "EXPIRETIME nottl", "EXPIRETIME missing", "PEXPIRETIME missing", "TTL missing",
        "COPY z2 z3", "EXPIRETIME z3", "COPY z2 z3", "COPY z2 z3 REPLACE", "COPY z2 z2", "COPY z2 z2 DB 1",
        "COPY z2 z2 DB 16", "COPY z2 z2 DB -1", "COPY z2 z2 DB x", "COPY z2 z4 foo", "COPY missing z5",
        "MOVE z2 0", "MOVE z2 16", "MOVE z2 x", "MOVE z2 1", "MOVE z2 1", "EXISTS z2", "MOVE missing 1",
        "SELECT 1", "GET z2", "COPY z2 zz DB 0", "SELECT 0", "GET zz",
        "EXPIRE nottl 100 nx xx", "EXPIRE nottl 100 gt lt", "EXPIRE nottl 100 foo", "EXPIRE nottl abc",
        "EXPIRE nottl abc nx xx", "EXPIRE nottl 9223372036854775807", "PEXPIRE nottl 9223372036854775807",
        "EXPIREAT nottl 9223372036854775807", "PEXPIREAT nottl 9223372036854775807", "EXPIRE nottl -9223372036854775808",
        "EXPIRE missing 100", "EXPIRE nottl 100 xx", "EXPIRE nottl 50 gt", "EXPIREAT nottl 4000000000 nx",
        "EXPIREAT nottl 4000000000 nx", "EXPIREAT nottl 3000000000 gt", "EXPIREAT nottl 5000000000 gt",
        "EXPIRETIME nottl", "PEXPIREAT nottl 4000000000123 lt", "PEXPIRETIME nottl", "EXPIREAT nottl 5000000000 lt",
        "PERSIST nottl", "PERSIST nottl", "PERSIST missing", "TTL nottl", "EXPIRE nottl 0", "EXISTS nottl",
        "SET neg v", "EXPIRE neg -10", "GET neg", "SET pastat v", "PEXPIREAT pastat 1", "EXISTS pastat",
        "EXPIRE", "TTL", "RESTORE r 0 garbage", "RESTORE r -1 garbage", "RESTORE r x garbage",
        "RESTORE wt 0 garbage", "RESTORE r 0 garbage idletime -1", "RESTORE r 0 garbage freq 256",
        "RESTORE r 0 garbage freq 1 idletime 1", "RESTORE r 0 garbage foo", "RESTORE r 0 garbage idletime x",
        "DUMP missing", "KEYS nomatch*", "KEYS l?s[a]", "SCAN 0 count 0", "SCAN 0 count abc", "SCAN abc",
        "SCAN 0 match", "SCAN 0 foo bar", "SCAN 0 type zset count 1000", "SCAN 0 type string match l4* count 1000", "SCAN \" 0\"",
    };

    @Test
    void corpusRepliesAreByteIdenticalToRealRedisInResp2AndResp3() throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start()) {
            for (int resp = 2; resp <= 3; resp++) {
                try (RawClient r = real.raw(); RawClient s = sim.raw()) {
                    r.call("FLUSHALL");
                    r.call("RPUSH", "wt", "x");
                    sim.node.call(() -> {
                        for (int db = 0; db < sim.node.dbCount(); db++) {
                            sim.node.db(db).clear();
                        }
                        sim.node.db(0).set(Bytes.of("wt"), new FakeList());
                        return null;
                    });
                    if (resp == 3) {
                        r.call("HELLO", "3");
                        s.call("HELLO", "3");
                    }
                    List<String> diffs = new ArrayList<>();
                    for (String line : CORPUS) {
                        byte[][] args = split(line);
                        String want = new String(r.callBytes(args), StandardCharsets.ISO_8859_1);
                        String got = new String(s.callBytes(args), StandardCharsets.ISO_8859_1);
                        if (!want.equals(got)) {
                            diffs.add("RESP" + resp + " " + line + "\n   redis: " + esc(want) + "\n   rcsim: " + esc(got));
                        }
                    }
                    assertThat(diffs).as(String.join("\n", diffs)).isEmpty();
                }
            }
        }
    }

    private static String esc(String s) {
        return s.replace("\r\n", "\\r\\n");
    }

    /** Splits like redis-cli: spaces separate, double quotes group, \\xHH escapes inside quotes. */
    static byte[][] split(String line) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (line.charAt(i) == ' ') {
                i++;
                continue;
            }
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            if (line.charAt(i) == '"') {
                i++;
                while (line.charAt(i) != '"') {
                    char ch = line.charAt(i);
                    if (ch == '\\' && line.charAt(i + 1) == 'x') {
                        b.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                        i += 4;
                    } else {
                        b.write(ch);
                        i++;
                    }
                }
                i++;
            } else {
                while (i < line.length() && line.charAt(i) != ' ') {
                    b.write(line.charAt(i++));
                }
            }
            out.add(b.toByteArray());
        }
        return out.toArray(new byte[0][]);
    }
}
