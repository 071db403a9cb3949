package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.SetValue;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class SetCommandsTest {

    @Test
    void intsetMembersReplyInAscendingNumericOrder() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("SADD", "s", "10", "-5", "3", "3")).isEqualTo(":3\r\n");
            assertThat(c.call("SMEMBERS", "s")).isEqualTo("*3\r\n$2\r\n-5\r\n$1\r\n3\r\n$2\r\n10\r\n");
            c.call("HELLO", "3");
            assertThat(c.call("SMEMBERS", "s")).isEqualTo("~3\r\n$2\r\n-5\r\n$1\r\n3\r\n$2\r\n10\r\n");
            assertThat(c.call("SPOP", "nokey", "2")).isEqualTo("~0\r\n");
            assertThat(c.call("SRANDMEMBER", "s", "5")).isEqualTo("*3\r\n$2\r\n-5\r\n$1\r\n3\r\n$2\r\n10\r\n");
        }
    }

    @Test
    void setOperationsOverJedis() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            j.sadd("a", "1", "2", "3");
            j.sadd("b", "2", "3", "4");
            assertThat(j.sinter("a", "b")).containsExactlyInAnyOrder("2", "3");
            assertThat(j.sunion("a", "b")).containsExactlyInAnyOrder("1", "2", "3", "4");
            assertThat(j.sdiff("a", "b")).containsExactly("1");
            assertThat(j.sintercard(1, "a", "b")).isEqualTo(1);
            assertThat(j.sinterstore("d", "a", "b")).isEqualTo(2);
            assertThat(j.smove("a", "d", "1")).isEqualTo(1);
            assertThat(j.smembers("d")).containsExactlyInAnyOrder("1", "2", "3");
            assertThat(j.srem("b", "2", "3", "4")).isEqualTo(3);
            assertThat(j.scard("b")).isZero();
            assertThat(j.spop("a", 10)).containsExactlyInAnyOrder("2", "3");
            assertThat(j.scard("a")).isZero();
        }
    }

    @Test
    void srandmemberWithNegativeCountRepeatsMembers() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SADD", "s", "x");
            assertThat(c.call("SRANDMEMBER", "s", "-3")).isEqualTo("*3\r\n$1\r\nx\r\n$1\r\nx\r\n$1\r\nx\r\n");
            assertThat(c.call("SPOP", "s", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        }
    }

    @Test
    void setConvertsToHashtableOnNonIntegerOrTooManyMembers() {
        SetValue s = new SetValue();
        for (int i = 0; i < 512; i++) {
            s.add(Bytes.of(String.valueOf(i)), 512);
        }
        assertThat(s.encoding()).isEqualTo("intset");
        s.add(Bytes.of("512"), 512);
        assertThat(s.encoding()).isEqualTo("hashtable");
        assertThat(s.contains(Bytes.of("7"))).isTrue();
        SetValue t = new SetValue();
        t.add(Bytes.of("1"), 512);
        t.add(Bytes.of("01"), 512);
        assertThat(t.encoding()).isEqualTo("hashtable");
        assertThat(t.size()).isEqualTo(2);
    }

    @Test
    void sscanOfALargeSetVisitsEveryMember() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            for (int i = 0; i < 600; i++) {
                j.sadd("big", "m" + i);
            }
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            do {
                ScanResult<String> r = j.sscan("big", cursor, new ScanParams().count(25));
                seen.addAll(r.getResult());
                cursor = r.getCursor();
            } while (!cursor.equals("0"));
            assertThat(seen).hasSize(600);
        }
    }

    @Test
    void smoveFromMissingSourceRepliesZeroEvenWhenDestinationHasWrongType() throws Exception {
        // found by the differential harness: Redis answers 0 before type-checking the destination
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "dst", "v");
            assertThat(c.call("SMOVE", "nosrc", "dst", "m")).isEqualTo(":0\r\n");
            c.call("SADD", "src", "m");
            assertThat(c.call("SMOVE", "src", "dst", "m")).startsWith("-WRONGTYPE");
        }
    }
}
