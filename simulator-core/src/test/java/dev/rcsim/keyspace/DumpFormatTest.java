package dev.rcsim.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DumpFormatTest {
    @Test
    void crc64MatchesRedisCheckValue() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(DumpFormat.Crc64.update(0, b, 0, b.length)).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void stringRoundTripsAndKeepsItsEncodingRules() throws Exception {
        byte[] p = DumpFormat.dump(new StringValue("12345".getBytes(StandardCharsets.US_ASCII)));
        assertThat(DumpFormat.verify(p)).isTrue();
        RedisValue v = DumpFormat.load(p);
        assertThat(((StringValue) v).bytes()).isEqualTo("12345".getBytes(StandardCharsets.US_ASCII));
        assertThat(v.encoding()).isEqualTo("int");
    }

    @Test
    void unknownTypeByteIsBadFormat() {
        byte[] p = DumpFormat.dump(new StringValue(new byte[] {1}));
        p[0] = 99;
        long crc = DumpFormat.Crc64.update(0, p, 0, p.length - 8);
        for (int i = 0; i < 8; i++) {
            p[p.length - 8 + i] = (byte) (crc >>> (8 * i));
        }
        assertThat(DumpFormat.verify(p)).isTrue();
        assertThatThrownBy(() -> DumpFormat.load(p)).isInstanceOf(DumpFormat.BadFormatException.class);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyAggregateTypeRoundTripsWithItsEncoding() throws Exception {
        ListValue l = new ListValue();
        l.addLast(b("a"));
        l.addLast(new byte[0]);
        l.addFirst(b("z"));
        HashValue h = new HashValue();
        h.put(Bytes.of(b("f1")), b("v1"), 128, 64);
        h.put(Bytes.of(b("f2")), b("v2"), 128, 64);
        SetValue ints = new SetValue();
        ints.add(Bytes.of(b("3")), 512);
        ints.add(Bytes.of(b("-1")), 512);
        SetValue strs = new SetValue();
        strs.add(Bytes.of(b("x")), 512);
        strs.add(Bytes.of(b("7")), 512);
        ZSetValue z = new ZSetValue();
        z.put(Bytes.of(b("m1")), 1.5, 128, 64);
        z.put(Bytes.of(b("m2")), Double.NEGATIVE_INFINITY, 128, 64);
        z.put(Bytes.of(b("m3")), 1.5, 1, 64);
        for (RedisValue v : new RedisValue[] {l, h, ints, strs, z}) {
            byte[] p = DumpFormat.dump(v);
            assertThat(DumpFormat.verify(p)).isTrue();
            RedisValue back = DumpFormat.load(p);
            assertThat(back.type()).isEqualTo(v.type());
            assertThat(back.encoding()).isEqualTo(v.encoding());
            assertThat(DumpFormat.dump(back)).isEqualTo(p);
        }
        ListValue lb = (ListValue) DumpFormat.load(DumpFormat.dump(l));
        assertThat(lb.size()).isEqualTo(3);
        assertThat(new String(lb.get(0), StandardCharsets.UTF_8)).isEqualTo("z");
        assertThat(lb.get(2)).isEmpty();
        ZSetValue zb = (ZSetValue) DumpFormat.load(DumpFormat.dump(z));
        assertThat(zb.rank(Bytes.of(b("m2")))).isZero();
        assertThat(zb.score(Bytes.of(b("m3")))).isEqualTo(1.5);
        assertThat(((SetValue) DumpFormat.load(DumpFormat.dump(strs))).contains(Bytes.of(b("7")))).isTrue();
    }
}
