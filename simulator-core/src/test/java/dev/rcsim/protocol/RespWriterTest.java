package dev.rcsim.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Exact bytes of every reply kind in RESP2 and RESP3, and captured Redis 7.0.15 replies re-encoded. */
class RespWriterTest {

    private static String w(RespValue v, int resp) {
        return new String(RespWriter.toBytes(v, resp), StandardCharsets.ISO_8859_1);
    }

    private static void both(RespValue v, String resp2, String resp3) {
        assertThat(w(v, 2)).as("RESP2").isEqualTo(resp2);
        assertThat(w(v, 3)).as("RESP3").isEqualTo(resp3);
    }

    private static RespValue bulk(String s) {
        return new RespValue.Bulk(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void scalarKindsEncodeAsRedisDoes() {
        both(new RespValue.Simple("OK"), "+OK\r\n", "+OK\r\n");
        both(new RespValue.Error("ERR boom"), "-ERR boom\r\n", "-ERR boom\r\n");
        both(new RespValue.Int(0), ":0\r\n", ":0\r\n");
        both(new RespValue.Int(-42), ":-42\r\n", ":-42\r\n");
        both(new RespValue.Int(Long.MAX_VALUE), ":9223372036854775807\r\n", ":9223372036854775807\r\n");
        both(new RespValue.Int(Long.MIN_VALUE), ":-9223372036854775808\r\n", ":-9223372036854775808\r\n");
        both(new RespValue.Int(1_000_000_000_000L), ":1000000000000\r\n", ":1000000000000\r\n");
        both(bulk(""), "$0\r\n\r\n", "$0\r\n\r\n");
        both(bulk("a\r\nb"), "$4\r\na\r\nb\r\n", "$4\r\na\r\nb\r\n");
        both(new RespValue.Double("3.5"), "$3\r\n3.5\r\n", ",3.5\r\n");
        both(new RespValue.Double("inf"), "$3\r\ninf\r\n", ",inf\r\n");
        both(new RespValue.Bool(true), ":1\r\n", "#t\r\n");
        both(new RespValue.Bool(false), ":0\r\n", "#f\r\n");
        both(new RespValue.Verbatim("txt", "hi".getBytes(StandardCharsets.ISO_8859_1)), "$2\r\nhi\r\n", "=6\r\ntxt:hi\r\n");
        both(new RespValue.NullBulk(), "$-1\r\n", "_\r\n");
        both(new RespValue.NullArray(), "*-1\r\n", "_\r\n");
        both(new RespValue.Raw("+PONG\r\n".getBytes(StandardCharsets.ISO_8859_1)), "+PONG\r\n", "+PONG\r\n");
        both(new RespValue.Versioned("*0\r\n".getBytes(StandardCharsets.ISO_8859_1), "~0\r\n".getBytes(StandardCharsets.ISO_8859_1)),
                "*0\r\n", "~0\r\n");
    }

    @Test
    void aggregatesDowngradeToFlatArraysInResp2() {
        RespValue map = new RespValue.Map(List.of(bulk("a"), new RespValue.Int(1), bulk("b"), new RespValue.Double("0.5")));
        both(map, "*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n$3\r\n0.5\r\n", "%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n,0.5\r\n");
        both(new RespValue.Set(List.of(bulk("x"))), "*1\r\n$1\r\nx\r\n", "~1\r\n$1\r\nx\r\n");
        both(new RespValue.Push(List.of(bulk("message"), bulk("ch"), bulk("hi"))),
                "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n", ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
        both(new RespValue.Array(List.of()), "*0\r\n", "*0\r\n");
        both(new RespValue.Array(List.of(new RespValue.NullBulk(), new RespValue.Array(List.of(new RespValue.Bool(true))))),
                "*2\r\n$-1\r\n*1\r\n:1\r\n", "*2\r\n_\r\n*1\r\n#t\r\n");
        both(new RespValue.Map(List.of()), "*0\r\n", "%0\r\n");
    }

    @Test
    void repliesFactoriesAgreeWithTheWriter() {
        both(Replies.OK, "+OK\r\n", "+OK\r\n");
        both(Replies.NULL_BULK, "$-1\r\n", "_\r\n");
        both(Replies.NULL_ARRAY, "*-1\r\n", "_\r\n");
        both(Replies.EMPTY_SET, "*0\r\n", "~0\r\n");
        both(Replies.EMPTY_MAP, "*0\r\n", "%0\r\n");
        both(Replies.integer(7), ":7\r\n", ":7\r\n");
        both(Replies.integer(123456789), ":123456789\r\n", ":123456789\r\n");
    }

    private static byte[] sample(String name) throws IOException {
        Path p = Path.of("/work/shared/reference/samples", name);
        Assumptions.assumeTrue(Files.exists(p), "reference sample " + name + " not present");
        return Files.readAllBytes(p);
    }

    @Test
    void capturedHelloRepliesReencodeByteForByte() throws IOException {
        byte[] hello3 = sample("hello_3.resp");
        RespValue parsed = TestRespParser.parse(hello3);
        assertThat(parsed).isInstanceOf(RespValue.Map.class);
        assertThat(RespWriter.toBytes(parsed, 3)).isEqualTo(hello3);
        // the same map in RESP2 is what HELLO 2 sends (hello_2.resp has the same fields but proto 2)
        byte[] hello2 = sample("hello_2.resp");
        RespValue parsed2 = TestRespParser.parse(hello2);
        assertThat(RespWriter.toBytes(parsed2, 2)).isEqualTo(hello2);
        String asResp2 = new String(RespWriter.toBytes(parsed, 2), StandardCharsets.ISO_8859_1);
        assertThat(asResp2).startsWith("*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n");
    }

    @Test
    void capturedClusterSlotsRepliesReencodeByteForByte() throws IOException {
        byte[] resp3 = sample("cluster_slots.resp3.resp");
        assertThat(RespWriter.toBytes(TestRespParser.parse(resp3), 3)).isEqualTo(resp3);
        byte[] resp2 = sample("cluster_slots.resp");
        assertThat(RespWriter.toBytes(TestRespParser.parse(resp2), 2)).isEqualTo(resp2);
        // in RESP2 the empty per-node metadata map is an empty array
        String down = new String(RespWriter.toBytes(TestRespParser.parse(resp3), 2), StandardCharsets.ISO_8859_1);
        assertThat(down).doesNotContain("%").contains("*0\r\n");
    }
}
