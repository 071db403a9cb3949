package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class StringCommandsTest {

    @Test
    void incrbyfloatFormatsLikeRedisLongDoubles() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "f", "10.5");
            assertThat(c.call("INCRBYFLOAT", "f", "0.1")).isEqualTo("$4\r\n10.6\r\n");
            c.call("SET", "e", "3.0e3");
            assertThat(c.call("INCRBYFLOAT", "e", "0")).isEqualTo("$4\r\n3000\r\n");
            assertThat(c.call("OBJECT", "ENCODING", "e")).isEqualTo("$6\r\nembstr\r\n");
            assertThat(c.call("INCRBYFLOAT", "x", "0.1")).isEqualTo("$3\r\n0.1\r\n");
            assertThat(c.call("INCRBYFLOAT", "x", "0.2")).isEqualTo("$3\r\n0.3\r\n");
        }
    }

    @Test
    void incrbyfloatRefusesInfinityAndBadFloats() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("INCRBYFLOAT", "x", "inf")).isEqualTo("-ERR increment would produce NaN or Infinity\r\n");
            assertThat(c.call("INCRBYFLOAT", "x", "1e5000")).isEqualTo("-ERR value is not a valid float\r\n");
            assertThat(c.call("INCRBYFLOAT", "x", "abc")).isEqualTo("-ERR value is not a valid float\r\n");
            assertThat(c.call("EXISTS", "x")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void incrOverflowAndNonIntegerValuesAreRefused() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "big", "9223372036854775807");
            assertThat(c.call("INCR", "big")).isEqualTo("-ERR increment or decrement would overflow\r\n");
            assertThat(c.call("DECRBY", "big", "-9223372036854775808")).isEqualTo("-ERR decrement would overflow\r\n");
            c.call("SET", "s", "01");
            assertThat(c.call("INCR", "s")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(c.call("INCRBY", "new", "-5")).isEqualTo(":-5\r\n");
        }
    }

    @Test
    void incrKeepsTheTtlOfTheKey() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "k", "1", "EX", "100");
            c.call("INCR", "k");
            assertThat(c.call("TTL", "k")).isEqualTo(":100\r\n");
        }
    }

    @Test
    void getrangeHandlesNegativeAndOutOfRangeIndexes() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "s", "Hello World");
            assertThat(c.call("GETRANGE", "s", "-5", "-1")).isEqualTo("$5\r\nWorld\r\n");
            assertThat(c.call("GETRANGE", "s", "-1", "-5")).isEqualTo("$0\r\n\r\n");
            assertThat(c.call("GETRANGE", "s", "0", "100")).isEqualTo("$11\r\nHello World\r\n");
            assertThat(c.call("SUBSTR", "s", "0", "4")).isEqualTo("$5\r\nHello\r\n");
        }
    }

    @Test
    void setrangePadsWithZeroBytesAndChecksTheSizeLimit() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("SETRANGE", "k", "3", "ab")).isEqualTo(":5\r\n");
            assertThat(c.call("GET", "k")).isEqualTo("$5\r\n\0\0\0ab\r\n");
            assertThat(c.call("OBJECT", "ENCODING", "k")).isEqualTo("$3\r\nraw\r\n");
            assertThat(c.call("SETRANGE", "k", "536870912", "x"))
                    .isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
            assertThat(c.call("SETRANGE", "k", "-1", "x")).isEqualTo("-ERR offset is out of range\r\n");
        }
    }

    @Test
    void appendTurnsAnIntIntoARawString() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "k", "1");
            assertThat(c.call("OBJECT", "ENCODING", "k")).isEqualTo("$3\r\nint\r\n");
            assertThat(c.call("APPEND", "k", "1")).isEqualTo(":2\r\n");
            assertThat(c.call("OBJECT", "ENCODING", "k")).isEqualTo("$3\r\nraw\r\n");
        }
    }

    @Test
    void msetMgetAndMsetnxOverJedis() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            assertThat(j.mset("a", "1", "b", "2")).isEqualTo("OK");
            assertThat(j.mget("a", "b", "c")).isEqualTo(java.util.Arrays.asList("1", "2", null));
            assertThat(j.msetnx("c", "3", "a", "9")).isEqualTo(0L);
            assertThat(j.msetnx("c", "3", "d", "4")).isEqualTo(1L);
            assertThat(j.get("a")).isEqualTo("1");
        }
    }

    @Test
    void getsetGetdelAndSetnxOverJedis() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            assertThat(j.setnx("k", "v")).isEqualTo(1L);
            assertThat(j.setnx("k", "w")).isEqualTo(0L);
            assertThat(j.getSet("k", "x")).isEqualTo("v");
            assertThat(j.getDel("k")).isEqualTo("x");
            assertThat(j.exists("k")).isFalse();
        }
    }

    @Test
    void lcsReturnsStringLengthAndMatchesLikeRedis() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("MSET", "a", "ohmytext", "b", "mynewtext");
            assertThat(c.call("LCS", "a", "b")).isEqualTo("$6\r\nmytext\r\n");
            assertThat(c.call("LCS", "a", "b", "LEN")).isEqualTo(":6\r\n");
            assertThat(c.call("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN")).isEqualTo(
                    "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n");
        }
    }

    @Test
    void binaryValuesRoundTrip() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            byte[] v = {0, (byte) 0xff, '\r', '\n', 7};
            c.callBytes("SET".getBytes(), "b".getBytes(), v);
            byte[] got = c.callBytes("GET".getBytes(), "b".getBytes());
            assertThat(got).isEqualTo(new byte[] {'$', '5', '\r', '\n', 0, (byte) 0xff, '\r', '\n', 7, '\r', '\n'});
        }
    }

    @Test
    void getCountsKeyspaceHitsAndMisses() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "k", "v");
            c.call("MGET", "k", "nope");
            c.call("STRLEN", "k");
            List<Long> hm = n.node.call(() -> List.of(n.node.stats().keyspaceHits, n.node.stats().keyspaceMisses));
            assertThat(hm).containsExactly(2L, 1L);
        }
    }
}
