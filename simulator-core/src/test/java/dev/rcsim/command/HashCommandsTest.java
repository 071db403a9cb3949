package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class HashCommandsTest {

    @Test
    void hsetThenHgetallOverJedisKeepsInsertionOrder() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            assertThat(j.hset("h", Map.of("a", "1"))).isEqualTo(1);
            assertThat(j.hset("h", "b", "2")).isEqualTo(1);
            assertThat(j.hset("h", "a", "3")).isEqualTo(0);
            assertThat(j.hgetAll("h")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "3", "b", "2"));
            assertThat(j.hkeys("h")).containsExactly("a", "b");
            assertThat(j.hincrBy("h", "n", 5)).isEqualTo(5);
            assertThat(j.hincrByFloat("h", "f", 0.5)).isEqualTo(0.5);
            assertThat(j.hdel("h", "a", "b", "n", "f")).isEqualTo(4);
            assertThat(j.hlen("h")).isZero();
        }
    }

    @Test
    void hgetallIsAMapInResp3AndAFlatArrayInResp2() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("HSET", "h", "a", "1");
            assertThat(c.call("HGETALL", "h")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\n1\r\n");
            c.call("HELLO", "3");
            assertThat(c.call("HGETALL", "h")).isEqualTo("%1\r\n$1\r\na\r\n$1\r\n1\r\n");
            assertThat(c.call("HGETALL", "nokey")).isEqualTo("%0\r\n");
            assertThat(c.call("HRANDFIELD", "h", "2", "WITHVALUES")).isEqualTo("*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        }
    }

    @Test
    void hashOnStringKeyRepliesWrongtype() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "s", "v");
            assertThat(c.call("HGET", "s", "a")).startsWith("-WRONGTYPE");
            assertThat(c.call("HSET", "s", "a", "b")).startsWith("-WRONGTYPE");
        }
    }

    @Test
    void hincrbyOnNonIntegerAndOverflowRepliesRedisErrors() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("HSET", "h", "s", "abc", "m", "9223372036854775807");
            assertThat(c.call("HINCRBY", "h", "s", "1")).isEqualTo("-ERR hash value is not an integer\r\n");
            assertThat(c.call("HINCRBY", "h", "m", "1")).isEqualTo("-ERR increment or decrement would overflow\r\n");
            assertThat(c.call("HINCRBYFLOAT", "h", "s", "1")).isEqualTo("-ERR hash value is not a float\r\n");
            assertThat(c.call("HINCRBYFLOAT", "h", "x", "0.1")).isEqualTo("$3\r\n0.1\r\n");
            assertThat(c.call("HINCRBYFLOAT", "h", "x", "0.2")).isEqualTo("$3\r\n0.3\r\n");
        }
    }

    @Test
    void encodingTurnsHashtableBeyondListpackLimits() {
        dev.rcsim.keyspace.HashValue h = new dev.rcsim.keyspace.HashValue();
        for (int i = 0; i < 128; i++) {
            h.put(dev.rcsim.keyspace.Bytes.of("f" + i), "v".getBytes(), 128, 64);
        }
        assertThat(h.encoding()).isEqualTo("listpack");
        h.put(dev.rcsim.keyspace.Bytes.of("f128"), "v".getBytes(), 128, 64);
        assertThat(h.encoding()).isEqualTo("hashtable");
        dev.rcsim.keyspace.HashValue g = new dev.rcsim.keyspace.HashValue();
        g.put(dev.rcsim.keyspace.Bytes.of("f"), new byte[65], 128, 64);
        assertThat(g.encoding()).isEqualTo("hashtable");
    }

    @Test
    void hscanOfALargeHashVisitsEveryFieldOnceAcrossCursors() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            Map<String, String> all = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                all.put("f" + i, "v" + i);
            }
            j.hset("big", all);
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            int rounds = 0;
            do {
                ScanResult<Map.Entry<String, String>> r = j.hscan("big", cursor, new ScanParams().count(50));
                for (Map.Entry<String, String> e : r.getResult()) {
                    assertThat(seen.add(e.getKey())).isTrue();
                    assertThat(e.getValue()).isEqualTo(all.get(e.getKey()));
                }
                cursor = r.getCursor();
                rounds++;
            } while (!cursor.equals("0"));
            assertThat(seen).hasSize(1000);
            assertThat(rounds).isGreaterThan(10);
        }
    }

    @Test
    void hsetWithOddPairsRepliesWrongArity() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("HSET", "h", "a", "1", "b")).isEqualTo("-ERR wrong number of arguments for 'hset' command\r\n");
            assertThat(c.call("HMSET", "h", "a")).isEqualTo("-ERR wrong number of arguments for 'hmset' command\r\n");
            assertThat(c.call("HMGET", "h", "a")).isEqualTo("*1\r\n$-1\r\n");
            assertThat(List.of(c.call("HLEN", "h"))).containsExactly(":0\r\n");
        }
    }
}
