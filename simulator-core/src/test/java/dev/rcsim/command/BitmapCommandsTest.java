package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.BitOP;
import redis.clients.jedis.exceptions.JedisDataException;

class BitmapCommandsTest {

    @Test
    void setbitGrowsTheStringAndRepliesTheOldBit() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            assertThat(j.setbit("b", 9, true)).isFalse();
            assertThat(j.setbit("b", 9, true)).isTrue();
            assertThat(j.strlen("b")).isEqualTo(2);
            assertThat(j.getbit("b", 9)).isTrue();
            assertThat(j.getbit("b", 1000)).isFalse();
            assertThat(j.objectEncoding("b")).isEqualTo("raw");
        }
    }

    @Test
    void setbitOnAnIntegerStringMakesItRaw() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("SET", "n", "1");
            assertThat(c.call("SETBIT", "n", "6", "1")).isEqualTo(":0\r\n");
            assertThat(c.call("GET", "n")).isEqualTo("$1\r\n3\r\n");
            assertThat(c.call("OBJECT", "ENCODING", "n")).isEqualTo("$3\r\nraw\r\n");
        }
    }

    @Test
    void setbitRejectsBadOffsetsAndBits() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("SETBIT", "b", "-1", "1")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
            assertThat(c.call("SETBIT", "b", "4294967296", "1")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
            assertThat(c.call("SETBIT", "b", "0", "2")).isEqualTo("-ERR bit is not an integer or out of range\r\n");
            assertThat(c.call("EXISTS", "b")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void bitcountAndBitposHonourByteAndBitRanges() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            j.set("foo", "foobar");
            assertThat(j.bitcount("foo")).isEqualTo(26);
            assertThat(j.bitcount("foo", 1, 1)).isEqualTo(6);
            assertThat(j.bitcount("foo", 5, 30, redis.clients.jedis.args.BitCountOption.BIT)).isEqualTo(17);
            j.set("bp".getBytes(), new byte[] {(byte) 0xff, (byte) 0xf0, 0});
            assertThat(j.bitpos("bp", false)).isEqualTo(12);
            assertThat(j.bitpos("bp", true, new redis.clients.jedis.params.BitPosParams(2))).isEqualTo(-1);
        }
    }

    @Test
    void bitposForAClearBitInAFullRangeDependsOnWhetherEndWasGiven() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.callBytes("SET".getBytes(), "ones".getBytes(), new byte[] {(byte) 0xff, (byte) 0xff});
            assertThat(c.call("BITPOS", "ones", "0")).isEqualTo(":16\r\n");
            assertThat(c.call("BITPOS", "ones", "0", "0")).isEqualTo(":16\r\n");
            assertThat(c.call("BITPOS", "ones", "0", "0", "-1")).isEqualTo(":-1\r\n");
            assertThat(c.call("BITPOS", "nokey", "0")).isEqualTo(":0\r\n");
            assertThat(c.call("BITPOS", "nokey", "1")).isEqualTo(":-1\r\n");
        }
    }

    @Test
    void bitopCombinesAndDeletesTheDestinationWhenAllSourcesAreEmpty() throws Exception {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            j.set("a".getBytes(), new byte[] {0x0f, (byte) 0xf0});
            j.set("c".getBytes(), new byte[] {(byte) 0xff});
            assertThat(j.bitop(BitOP.AND, "d", "a", "c")).isEqualTo(2);
            assertThat(j.get("d".getBytes())).containsExactly(0x0f, 0);
            assertThat(j.bitop(BitOP.NOT, "d", "c")).isEqualTo(1);
            assertThat(j.get("d".getBytes())).containsExactly(0);
            assertThat(j.bitop(BitOP.OR, "d", "x", "y")).isZero();
            assertThat(j.exists("d")).isFalse();
            assertThatThrownBy(() -> j.bitop(BitOP.NOT, "d", "a", "c"))
                    .isInstanceOf(JedisDataException.class).hasMessage("ERR BITOP NOT must be called with a single source key.");
        }
    }

    @Test
    void bitfieldAppliesOverflowPolicies() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            assertThat(j.bitfield("bf", "SET", "i8", "0", "100", "INCRBY", "i8", "0", "100")).containsExactly(0L, -56L);
            assertThat(j.bitfield("bf", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-1000")).containsExactly(-128L);
            assertThat(j.bitfield("bf", "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "-1")).containsExactly((Long) null);
            assertThat(j.bitfield("bf", "SET", "u8", "#1", "255", "GET", "u8", "8", "GET", "i64", "0"))
                    .containsExactly(0L, 255L, -9151595917793558528L);
            assertThat(j.bitfieldReadonly("bf", "GET", "u4", "0")).containsExactly(8L);
        }
    }

    @Test
    void bitfieldRejectsBadTypesAndBitfieldRoRejectsWrites() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            String typeErr = "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n";
            assertThat(c.call("BITFIELD", "k", "GET", "u64", "0")).isEqualTo(typeErr);
            assertThat(c.call("BITFIELD", "k", "GET", "i65", "0")).isEqualTo(typeErr);
            assertThat(c.call("BITFIELD_RO", "k", "SET", "u8", "0", "1"))
                    .isEqualTo("-ERR BITFIELD_RO only supports the GET subcommand\r\n");
            assertThat(c.call("BITFIELD", "k", "OVERFLOW", "X", "GET", "u8", "0")).isEqualTo("-ERR Invalid OVERFLOW type specified\r\n");
            assertThat(c.call("EXISTS", "k")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void bitWritesCountAsDirtyForWatch() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port());
                Jedis other = new Jedis("127.0.0.1", n.port())) {
            j.watch("b");
            other.setbit("b", 1, true);
            redis.clients.jedis.Transaction t = j.multi();
            t.get("b");
            List<Object> r = t.exec();
            assertThat(r).isNull();
        }
    }
}
