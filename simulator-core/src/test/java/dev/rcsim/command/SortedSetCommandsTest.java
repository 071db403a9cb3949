package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.ZSetValue;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class SortedSetCommandsTest {

    @Test
    void zrangeWithscoresIsFlatInResp2AndPairsInResp3() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("ZADD", "z", "0.1", "a", "1e300", "b", "-0", "c", "inf", "d");
            assertThat(c.call("ZRANGE", "z", "0", "1", "WITHSCORES"))
                    .isEqualTo("*4\r\n$1\r\nc\r\n$1\r\n0\r\n$1\r\na\r\n$19\r\n0.10000000000000001\r\n");
            c.call("HELLO", "3");
            assertThat(c.call("ZRANGE", "z", "-2", "-1", "WITHSCORES"))
                    .isEqualTo("*2\r\n*2\r\n$1\r\nb\r\n,1.0000000000000001e+300\r\n*2\r\n$1\r\nd\r\n,inf\r\n");
            assertThat(c.call("ZPOPMIN", "z")).isEqualTo("*2\r\n$1\r\nc\r\n,0\r\n");
            assertThat(c.call("ZPOPMIN", "z", "1")).isEqualTo("*1\r\n*2\r\n$1\r\na\r\n,0.10000000000000001\r\n");
        }
    }

    @Test
    void zaddRejectsIncompatibleFlagsWithRedisMessages() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("ZADD", "z", "XX", "NX", "1", "a"))
                    .isEqualTo("-ERR XX and NX options at the same time are not compatible\r\n");
            assertThat(c.call("ZADD", "z", "GT", "LT", "1", "a"))
                    .isEqualTo("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
            assertThat(c.call("ZADD", "z", "INCR", "1", "a", "2", "b"))
                    .isEqualTo("-ERR INCR option supports a single increment-element pair\r\n");
            assertThat(c.call("ZRANGE", "z", "0", "1", "LIMIT", "0", "1"))
                    .isEqualTo("-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n");
            assertThat(c.call("ZRANGE", "z", "a", "b", "BYLEX", "WITHSCORES"))
                    .isEqualTo("-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n");
            assertThat(c.call("ZCOUNT", "z", "x", "1")).isEqualTo("-ERR min or max is not a float\r\n");
            assertThat(c.call("ZLEXCOUNT", "z", "a", "b")).isEqualTo("-ERR min or max not valid string range item\r\n");
        }
    }

    @Test
    void bzpopminBlocksUntilAnotherClientAdds() throws Exception {
        try (TestNode n = TestNode.start(); RawClient waiter = n.raw(); RawClient writer = n.raw()) {
            waiter.send("BZPOPMIN".getBytes(), "q".getBytes(), "0".getBytes());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (n.node.call(n.node::blockedClients) == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(writer.call("ZADD", "q", "5", "m")).isEqualTo(":1\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("*3\r\n$1\r\nq\r\n$1\r\nm\r\n$1\r\n5\r\n");
            assertThat(writer.call("ZCARD", "q")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void bzmpopTimesOutWithNullAndDoesNotBlockInsideMulti() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("BZMPOP", "0.01", "1", "q", "MIN")).isEqualTo("*-1\r\n");
            c.call("MULTI");
            c.call("BZPOPMAX", "q", "0");
            assertThat(c.call("EXEC")).isEqualTo("*1\r\n*-1\r\n");
        }
    }

    @Test
    void zunionstoreAndZrangeOverJedis() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            j.zadd("a", 1, "x");
            j.zadd("a", 2, "y");
            j.zadd("b", 10, "y");
            assertThat(j.zunionstore("u", "a", "b")).isEqualTo(2);
            assertThat(j.zrangeWithScores("u", 0, -1).toString()).isEqualTo("[[x,1.0], [y,12.0]]");
            assertThat(j.zrevrank("u", "x")).isEqualTo(1);
            assertThat(j.zscore("u", "y")).isEqualTo(12.0);
            assertThat(j.zrem("u", "x", "y")).isEqualTo(2);
            assertThat(j.zcard("u")).isZero();
        }
    }

    @Test
    void zsetEncodingIsListpackUntilLimits() {
        ZSetValue z = new ZSetValue();
        for (int i = 0; i < 128; i++) {
            z.put(Bytes.of("m" + i), i, 128, 64);
        }
        assertThat(z.encoding()).isEqualTo("listpack");
        z.put(Bytes.of("m128"), 1, 128, 64);
        assertThat(z.encoding()).isEqualTo("skiplist");
    }

    /** Random ZADD/ZREM sequences keep ranks and ordered iteration equal to a sorted model. */
    @Property(tries = 200)
    void skiplistRanksMatchASortedModel(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 60) Integer> ops) {
        ZSetValue z = new ZSetValue();
        TreeMap<String, Double> model = new TreeMap<>();
        for (int op : ops) {
            String m = "m" + (op % 30);
            if (op >= 45) {
                z.remove(Bytes.of(m));
                model.remove(m);
            } else {
                double score = (op * 7) % 11 - 5;
                z.put(Bytes.of(m), score, 1000, 1000);
                model.put(m, score);
            }
        }
        List<String> expected = new ArrayList<>(model.keySet());
        expected.sort((a, b) -> {
            int c = Double.compare(model.get(a), model.get(b));
            return c != 0 ? c : a.compareTo(b);
        });
        assertThat(z.size()).isEqualTo(expected.size());
        List<String> actual = new ArrayList<>();
        for (ZSetValue.Cursor cur = z.at(0); cur.valid(); cur.next()) {
            actual.add(cur.member().toString());
        }
        assertThat(actual).isEqualTo(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(z.rank(Bytes.of(expected.get(i)))).isEqualTo(i);
            assertThat(z.at(i).member().toString()).isEqualTo(expected.get(i));
        }
        assertThat(z.countBelowScore(0, false)).isEqualTo(model.values().stream().filter(s -> s < 0).count());
    }

    @Test
    void zpopCountThatIsNotAnIntegerRepliesMustBePositive() throws Exception {
        // found by the differential harness: getPositiveLongFromObjectOrReply has one message for both cases
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("ZPOPMIN", "z", "")).isEqualTo("-ERR value is out of range, must be positive\r\n");
            assertThat(c.call("ZPOPMAX", "z", "abc")).isEqualTo("-ERR value is out of range, must be positive\r\n");
            assertThat(c.call("ZPOPMAX", "z", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        }
    }
}
