package dev.rcsim.protocol;

import static dev.rcsim.protocol.DecoderHarness.bytes;
import static dev.rcsim.protocol.DecoderHarness.readable;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request splitter on an EmbeddedChannel: Redis 7.0.15's parsing rules and exact protocol error
 * messages (each verified against real redis-server over a raw socket).
 */
class RespDecoderTest {

    @org.junit.jupiter.api.AfterEach
    void releaseChannels() {
        DecoderHarness.closeAll();
    }

    private static List<Object> decode(String input) {
        return readable(new DecoderHarness().feed(input));
    }

    private static final String MIXED = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n"
            + "GET k\r\n"
            + "*0\r\n*-1\r\n\r\n   \r\n"
            + "ECHO \"a\\x41\\n\" 'b c'\n"
            + "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"
            + "*1\r\n$4\r\nPING\r\n";

    private static final List<Object> MIXED_DECODED = List.of(
            List.of("SET", "k", "hello"),
            List.of("GET", "k"),
            List.of("ECHO", "aA\n", "b c"),
            List.of("ECHO", ""),
            List.of("PING"));

    @Test
    void mixedMultibulkAndInlineRequestsDecodeInOrderSkippingEmptyOnes() {
        assertThat(decode(MIXED)).isEqualTo(MIXED_DECODED);
    }

    @Test
    void everySplitPointOfAPipelineDecodesIdentically() {
        byte[] all = bytes(MIXED);
        for (int cut = 0; cut <= all.length; cut++) {
            List<Object> got = readable(new DecoderHarness().feed(
                    Arrays.copyOfRange(all, 0, cut), Arrays.copyOfRange(all, cut, all.length)));
            assertThat(got).as("split at %d", cut).isEqualTo(MIXED_DECODED);
        }
    }

    @Test
    void byteByByteFeedingDecodesIdentically() {
        byte[] all = bytes(MIXED);
        byte[][] singles = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            singles[i] = new byte[] {all[i]};
        }
        assertThat(readable(new DecoderHarness().feed(singles))).isEqualTo(MIXED_DECODED);
    }

    @Test
    void everySplitPointOfAProtocolErrorGivesTheSameRequestsThenTheError() {
        byte[] all = bytes("SET a 1\r\n*1\r\n$4\r\nPING\r\n*x\r\nGET a\r\n");
        List<Object> expected = List.of(List.of("SET", "a", "1"), List.of("PING"),
                "ERROR:ERR Protocol error: invalid multibulk length");
        for (int cut = 0; cut <= all.length; cut++) {
            assertThat(readable(new DecoderHarness().feed(
                    Arrays.copyOfRange(all, 0, cut), Arrays.copyOfRange(all, cut, all.length))))
                    .as("split at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void malformedMultibulkCountsAreInvalidMultibulkLength() {
        for (String bad : List.of("*abc\r\n", "*+1\r\n", "* 1\r\n", "*\r\n", "*01\r\n", "*-0\r\n", "*1\n$4\r\n",
                "*3000000000\r\n", "*2147483648\r\n", "*99999999999999999999\r\n")) {
            assertThat(decode(bad)).as(bad).containsExactly("ERROR:ERR Protocol error: invalid multibulk length");
        }
    }

    @Test
    void negativeAndZeroMultibulkCountsAreSkipped() {
        assertThat(decode("*-1\r\n*0\r\n*-2\r\n*-9223372036854775808\r\nPING\r\n")).containsExactly(List.of("PING"));
    }

    @Test
    void malformedBulkLengthsAreInvalidBulkLength() {
        for (String bad : List.of("*1\r\n$x\r\n", "*1\r\n$-1\r\n", "*1\r\n$4\nPING\r\n", "*1\r\n$99999999999999999999999\r\n",
                "*1\r\n$536870913\r\n", "*1\r\n$\r\n")) {
            assertThat(decode(bad)).as(bad).containsExactly("ERROR:ERR Protocol error: invalid bulk length");
        }
    }

    @Test
    void bulkLengthAboveProtoMaxBulkLenIsInvalid() {
        DecoderHarness h = new DecoderHarness();
        h.limits.protoMaxBulkLen = 1000;
        assertThat(readable(h.feed("*2\r\n$4\r\nECHO\r\n$1000\r\n" + "a".repeat(1000) + "\r\n*1\r\n$1001\r\n")))
                .containsExactly(List.of("ECHO", "a".repeat(1000)), "ERROR:ERR Protocol error: invalid bulk length");
    }

    @Test
    void nonDollarArgumentNamesTheByteRawWithNewlinesAsSpaces() {
        assertThat(decode("*1\r\n+PING\r\n")).containsExactly("ERROR:ERR Protocol error: expected '$', got '+'");
        assertThat(decode("*1\r\n\n\r\n")).containsExactly("ERROR:ERR Protocol error: expected '$', got ' '");
        assertThat(decode("*1\r\n\u00ffabc\r\n")).containsExactly("ERROR:ERR Protocol error: expected '$', got '\u00ff'");
        assertThat(decode("*2147483647\r\nPING\r\n")).containsExactly("ERROR:ERR Protocol error: expected '$', got 'P'");
        ProtocolError e = (ProtocolError) new DecoderHarness().feed("*1\r\n\u00ffabc\r\n").get(0);
        assertThat(RespDecoder.errorLine(e)).isEqualTo(bytes("-ERR Protocol error: expected '$', got '\u00ff'\r\n"));
    }

    @Test
    void overlongLinesWithoutTerminatorAreRejectedPastSixtyFourKilobytes() {
        assertThat(decode("A".repeat(65536))).isEmpty();
        assertThat(decode("A".repeat(65537))).containsExactly("ERROR:ERR Protocol error: too big inline request");
        assertThat(decode("*" + "1".repeat(70000))).containsExactly("ERROR:ERR Protocol error: too big mbulk count string");
        assertThat(decode("*1\r\n$" + "1".repeat(70000))).containsExactly("ERROR:ERR Protocol error: too big bulk count string");
    }

    @Test
    void inlineLinesLongerThanSixtyFourKilobytesAreRejectedEvenWhenTheirEndArrivesAtOnce() {
        String ok = "ECHO " + "a".repeat(65535 - 5); // with its CR: 64 KiB before the LF
        assertThat(decode(ok + "\r\n")).hasSize(1).first().isInstanceOf(List.class);
        assertThat(decode(ok + "a\r\n")).containsExactly("ERROR:ERR Protocol error: too big inline request");
        assertThat(decode("PING\r\n" + ok + "a\r\nPING\r\n"))
                .containsExactly(List.of("PING"), "ERROR:ERR Protocol error: too big inline request");
    }

    @Test
    void aNulByteHidesTheLineEndLikeRedisStrchr() {
        assertThat(decode("ECHO a\u0000b\r\nPING\r\n")).isEmpty();
        assertThat(decode("PING\r\n" + "a\u0000".repeat(40000)))
                .containsExactly(List.of("PING"), "ERROR:ERR Protocol error: too big inline request");
        // inside a bulk payload NUL is just data
        assertThat(decode("*2\r\n$4\r\nECHO\r\n$3\r\na\u0000b\r\n")).containsExactly(List.of("ECHO", "a\u0000b"));
    }

    @Test
    void theTwoBytesAfterABulkPayloadAreSkippedWhateverTheyAre() {
        assertThat(decode("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n")).containsExactly(List.of("PING"), List.of("PING"));
    }

    @Test
    void inlineQuotingFollowsSdssplitargs() {
        assertThat(decode("SET \"k\\x41\" \"v\\n\\\"q\\\"\" \r\n")).containsExactly(List.of("SET", "kA", "v\n\"q\""));
        assertThat(decode("ECHO \"\\a\\b\\t\\r\\n\\z\\x4g\\x\"\r\n")).containsExactly(List.of("ECHO", "\u0007\b\t\r\nzx4gx"));
        assertThat(decode("ECHO ''\r\n   PING   \r\nECHO\ta\tb\r\nPING\nECHO x\n"))
                .containsExactly(List.of("ECHO", ""), List.of("PING"), List.of("ECHO", "a", "b"), List.of("PING"), List.of("ECHO", "x"));
        assertThat(decode("ECHO a\rb\r\n")).containsExactly(List.of("ECHO", "a", "b"));
        assertThat(decode("SET 'a\\'b' 'x y'\r\n")).containsExactly(List.of("SET", "a'b", "x y"));
    }

    @Test
    void unbalancedOrUnterminatedQuotesAreProtocolErrors() {
        for (String bad : List.of("SET \"a b\r\n", "SET \"a\"b c\r\n", "SET 'a'b c\r\n", "ECHO 'abc\r\n")) {
            assertThat(decode(bad)).as(bad).containsExactly("ERROR:ERR Protocol error: unbalanced quotes in request");
        }
    }

    @Test
    void unauthenticatedClientsGetSmallLimits() {
        DecoderHarness h = new DecoderHarness();
        h.limits.authRequired = true;
        assertThat(readable(h.feed("*10\r\n"))).isEmpty();
        assertThat(readable(new DecoderHarnessAuth().feed("*11\r\n")))
                .containsExactly("ERROR:ERR Protocol error: unauthenticated multibulk length");
        assertThat(readable(new DecoderHarnessAuth().feed("*2\r\n$4\r\nECHO\r\n$16384\r\n"))).isEmpty();
        assertThat(readable(new DecoderHarnessAuth().feed("*2\r\n$4\r\nECHO\r\n$16385\r\n")))
                .containsExactly("ERROR:ERR Protocol error: unauthenticated bulk length");
    }

    @Test
    void authenticatingBetweenRequestsLiftsTheLimitForTheNextRequest() {
        DecoderHarness h = new DecoderHarness();
        h.limits.authRequired = true;
        // the next request is parsed only after the previous one was handled: simulate AUTH succeeding
        h.channel.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                h.limits.authRequired = false;
                ctx.fireChannelRead(msg);
            }
        });
        assertThat(readable(h.feed("AUTH pw\r\n*12\r\n"))).containsExactly(List.of("AUTH", "pw"));
    }

    @Test
    void aHugeDeclaredArgumentCountIsNotAllocatedUpFront() {
        DecoderHarness h = new DecoderHarness();
        // 2e9 slots would need 8-16 GB: decoding must not try
        assertThat(readable(h.feed("*2000000000\r\n$4\r\nPING\r\n$1\r\nx\r\n"))).isEmpty();
        assertThat(h.channel.isOpen()).isTrue();
    }

    @Test
    void manyArgumentsBeyondTheInitialArrayGrowCorrectly() {
        StringBuilder sb = new StringBuilder("*3001\r\n$4\r\nMSET\r\n");
        for (int i = 0; i < 3000; i++) {
            String a = Integer.toString(i);
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        List<Object> got = decode(sb.toString());
        assertThat(got).hasSize(1);
        @SuppressWarnings("unchecked")
        List<String> args = (List<String>) got.get(0);
        assertThat(args).hasSize(3001);
        assertThat(args.get(3000)).isEqualTo("2999");
    }

    @Test
    void exceedingTheQueryBufferLimitClosesWithoutAReply() {
        DecoderHarness h = new DecoderHarness();
        h.limits.queryBufferLimit = 1024 * 1024;
        List<Object> got = h.feed(bytes("SET q 1\r\n*2\r\n$4\r\nECHO\r\n$2000000\r\n"), new byte[600_000], new byte[600_000]);
        assertThat(got).hasSize(2);
        assertThat(readable(got).get(0)).isEqualTo(List.of("SET", "q", "1"));
        ProtocolError e = (ProtocolError) got.get(1);
        assertThat(e.reply()).isNull();
    }

    @Test
    void nothingIsDecodedAfterAProtocolError() {
        DecoderHarness h = new DecoderHarness();
        assertThat(readable(h.feed("*x\r\n"))).hasSize(1);
        assertThat(h.feed("PING\r\n")).isEmpty();
    }

    /** A harness whose client has not authenticated yet. */
    private static final class DecoderHarnessAuth {
        private final DecoderHarness h = new DecoderHarness();

        DecoderHarnessAuth() {
            h.limits.authRequired = true;
        }

        List<Object> feed(String s) {
            return h.feed(s);
        }
    }
}
