package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.ListValue;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.LPosParams;

/** List commands through Jedis and raw sockets: behaviour, encodings and the empty-list deletion rule. */
class ListCommandsTest {

    @Test
    void pushesPopsAndRangesBehaveLikeADeque() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            assertThat(j.rpush("l", "b", "c")).isEqualTo(2);
            assertThat(j.lpush("l", "a", "z")).isEqualTo(4);
            assertThat(j.lrange("l", 0, -1)).containsExactly("z", "a", "b", "c");
            assertThat(j.lpop("l")).isEqualTo("z");
            assertThat(j.rpop("l", 2)).containsExactly("c", "b");
            assertThat(j.llen("l")).isEqualTo(1);
            assertThat(j.lpop("l", 5)).containsExactly("a");
            assertThat(j.llen("l")).isZero();
            assertThat(j.lpop("l")).isNull();
            assertThat(j.lpop("l", 3)).isNull();
        }
    }

    @Test
    void lpushOnStringKeyRepliesWrongtype() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            j.set("s", "v");
            assertThatThrownBy(() -> j.lpush("s", "a")).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("WRONGTYPE");
        }
    }

    @Test
    void indexSetInsertRemoveAndTrimFollowRedisIndexing() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            j.rpush("l", "a", "b", "c", "b", "d");
            assertThat(j.lindex("l", -1)).isEqualTo("d");
            assertThat(j.lset("l", 1, "B")).isEqualTo("OK");
            assertThat(j.linsert("l", ListPosition.AFTER, "c", "C")).isEqualTo(6);
            assertThat(j.lrem("l", -1, "b")).isEqualTo(1);
            assertThat(j.lrange("l", 0, -1)).containsExactly("a", "B", "c", "C", "d");
            assertThat(j.ltrim("l", 1, -2)).isEqualTo("OK");
            assertThat(j.lrange("l", 0, -1)).containsExactly("B", "c", "C");
            assertThatThrownBy(() -> j.lset("l", 3, "x")).hasMessage("ERR index out of range");
            assertThatThrownBy(() -> j.lset("nokey", 0, "x")).hasMessage("ERR no such key");
        }
    }

    @Test
    void lposFindsRanksCountsAndMaxlen() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            j.rpush("l", "a", "b", "a", "c", "a");
            assertThat(j.lpos("l", "a")).isEqualTo(0);
            assertThat(j.lpos("l", "a", LPosParams.lPosParams().rank(-1))).isEqualTo(4);
            assertThat(j.lpos("l", "a", LPosParams.lPosParams().rank(2), 0)).containsExactly(2L, 4L);
            assertThat(j.lpos("l", "a", LPosParams.lPosParams().maxlen(3), 0)).containsExactly(0L, 2L);
            assertThat(j.lpos("l", "zz")).isNull();
        }
    }

    @Test
    void lmoveRotatesAndLmpopPopsFromTheFirstNonEmptyList() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            j.rpush("l", "a", "b", "c");
            assertThat(j.lmove("l", "l", ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo("a");
            assertThat(j.lrange("l", 0, -1)).containsExactly("b", "c", "a");
            assertThat(j.rpoplpush("l", "d")).isEqualTo("a");
            var popped = j.lmpop(ListDirection.LEFT, 5, "none", "l");
            assertThat(popped.getKey()).isEqualTo("l");
            assertThat(popped.getValue()).containsExactly("b", "c");
            assertThat(j.lmpop(ListDirection.LEFT, "none", "l")).isNull();
        }
    }

    @Test
    void listsReportTheQuicklistEncodingAtEverySizeAsRedis70() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("RPUSH", "small", "a");
            for (int i = 0; i < 200; i++) {
                c.call("RPUSH", "big", "x".repeat(100));
            }
            for (String k : List.of("small", "big")) {
                String enc = n.node.call(() -> n.node.db(0).get(Bytes.of(k)).encoding());
                assertThat(enc).isEqualTo("quicklist");
            }
        }
    }

    @Test
    void emptiedListIsDeleted() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("RPUSH", "l", "a", "b");
            c.call("LREM", "l", "0", "a");
            c.call("LMOVE", "l", "d", "LEFT", "LEFT");
            assertThat(n.node.call(() -> n.node.db(0).exists(Bytes.of("l")))).isFalse();
            assertThat(c.call("SET", "l", "v", "NX")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void listValueIsACircularDequeWithIndexAccess() {
        ListValue l = new ListValue();
        for (int i = 0; i < 20; i++) {
            l.addLast(new byte[] {(byte) i});
            l.addFirst(new byte[] {(byte) -i});
        }
        assertThat(l.size()).isEqualTo(40);
        assertThat(l.get(0)[0]).isEqualTo((byte) -19);
        assertThat(l.get(39)[0]).isEqualTo((byte) 19);
        l.insert(20, new byte[] {99});
        assertThat(l.get(20)[0]).isEqualTo((byte) 99);
        l.remove(20);
        l.trim(10, 29);
        assertThat(l.size()).isEqualTo(20);
        assertThat(l.pollFirst()[0]).isEqualTo((byte) -9);
        assertThat(l.pollLast()[0]).isEqualTo((byte) 9);
        ListValue copy = (ListValue) l.copy();
        assertThat(copy.size()).isEqualTo(18);
    }
}
