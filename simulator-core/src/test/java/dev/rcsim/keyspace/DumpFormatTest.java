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
}
