package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SortingParams;

class SortCommandTest {

    @Test
    void sortsNumericallyAlphabeticallyAndWithLimit() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            j.rpush("l", "3", "10", "1", "2");
            assertThat(j.sort("l")).containsExactly("1", "2", "3", "10");
            assertThat(j.sort("l", new SortingParams().alpha())).containsExactly("1", "10", "2", "3");
            assertThat(j.sort("l", new SortingParams().desc().limit(1, 2))).containsExactly("3", "2");
            assertThat(j.sortReadonly("l", new SortingParams().limit(0, 1))).containsExactly("1");
        }
    }

    @Test
    void limitNearLongMaxIsClampedToTheObjectSizeAsRedis70Does() throws Exception {
        // checked against redis-server 7.0.15: start and count are clamped before start + count - 1
        try (TestNode n = TestNode.start(); RawClient c = new RawClient(n.port())) {
            c.call("RPUSH", "k", "1", "3", "2");
            assertThat(c.call("SORT", "k", "LIMIT", "2", "9223372036854775807", "ALPHA")).isEqualTo("*1\r\n$1\r\n3\r\n");
            assertThat(c.call("SORT", "k", "LIMIT", "0", "9223372036854775807")).isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
            assertThat(c.call("SORT", "k", "LIMIT", "9223372036854775807", "9223372036854775807")).isEqualTo("*0\r\n");
            assertThat(c.call("SORT", "k", "LIMIT", "-5", "2")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        }
    }

    @Test
    void byAndGetPatternsReadStringsAndHashFields() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            j.rpush("l", "a", "b", "c");
            j.mset("w_a", "3", "w_b", "1", "w_c", "2");
            j.hset("h_a", "f", "A");
            assertThat(j.sort("l", new SortingParams().by("w_*"))).containsExactly("b", "c", "a");
            assertThat(j.sort("l", new SortingParams().by("nosort").desc())).containsExactly("c", "b", "a");
            assertThat(j.sort("l", new SortingParams().by("w_*").get("#", "h_*->f")))
                    .containsExactly("b", null, "c", null, "a", "A");
        }
    }

    @Test
    void storeWritesAListAndAnEmptyResultDeletesTheDestination() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SADD", "s", "5", "3", "9");
            assertThat(c.call("SORT", "s", "STORE", "dst")).isEqualTo(":3\r\n");
            assertThat(c.call("LRANGE", "dst", "0", "-1")).isEqualTo("*3\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n9\r\n");
            assertThat(c.call("SORT", "nokey", "STORE", "dst")).isEqualTo(":0\r\n");
            assertThat(c.call("EXISTS", "dst")).isEqualTo(":0\r\n");
            assertThat(c.call("SORT_RO", "s", "STORE", "dst")).isEqualTo("-ERR syntax error\r\n");
        }
    }

    @Test
    void nonNumericElementsFailANumericSort() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("RPUSH", "l", "1", "x");
            assertThat(c.call("SORT", "l")).isEqualTo("-ERR One or more scores can't be converted into double\r\n");
            assertThat(c.call("SET", "str", "v")).isEqualTo("+OK\r\n");
            assertThat(c.call("SORT", "str")).startsWith("-WRONGTYPE");
        }
    }

    @Test
    void sortedSetIsConvertedToSkiplistBySort() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("ZADD", "z", "2", "b", "1", "a");
            assertThat(c.call("SORT", "z", "BY", "nosort")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
            assertThat(c.call("OBJECT", "ENCODING", "z")).isEqualTo("$8\r\nskiplist\r\n");
        }
    }

    @Test
    void commandGetkeysFindsTheStoreDestination() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("COMMAND", "GETKEYS", "SORT", "l", "LIMIT", "0", "1", "STORE", "d"))
                    .isEqualTo("*2\r\n$1\r\nl\r\n$1\r\nd\r\n");
        }
    }

    @Test
    void clusterModeRefusesByAndGetPatterns() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(1).replicasPerMaster(0).start()) {
            SimNode m = sim.masters().get(0);
            try (RawClient c = new RawClient(m.port())) {
                c.call("RPUSH", "l", "2", "1");
                assertThat(c.call("SORT", "l", "BY", "w_*")).isEqualTo("-ERR BY option of SORT denied in Cluster mode.\r\n");
                assertThat(c.call("SORT", "l", "GET", "#")).isEqualTo("-ERR GET option of SORT denied in Cluster mode.\r\n");
                assertThat(c.call("SORT", "l", "BY", "nosort")).isEqualTo("*2\r\n$1\r\n2\r\n$1\r\n1\r\n");
            }
        }
    }
}
