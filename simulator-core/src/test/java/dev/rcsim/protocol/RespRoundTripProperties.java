package dev.rcsim.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the codec: fragmentation-independent decoding, writer/parser agreement, no exceptions on garbage. */
class RespRoundTripProperties {

    @net.jqwik.api.lifecycle.AfterTry
    void releaseChannels() {
        DecoderHarness.closeAll();
    }

    @Provide
    Arbitrary<List<byte[][]>> commands() {
        Arbitrary<byte[]> arg = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[][]> command = arg.list().ofMinSize(1).ofMaxSize(8).map(l -> l.toArray(new byte[0][]));
        return command.list().ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 300)
    void encodedCommandsFedInRandomFragmentsDecodeToTheSameArguments(
            @ForAll("commands") List<byte[][]> commands, @ForAll("cuts") List<Integer> cutSeeds) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[][] c : commands) {
            all.writeBytes(DecoderHarness.encode(c));
        }
        List<Object> got = new DecoderHarness().feed(fragments(all.toByteArray(), cutSeeds));
        assertThat(got).hasSize(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            assertThat(got.get(i)).isInstanceOf(byte[][].class);
            assertThat((byte[][]) got.get(i)).isDeepEqualTo(commands.get(i));
        }
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(30);
    }

    /** {@code all} cut at the points the seeds pick (shared with {@link RespFuzzProperties}). */
    static byte[][] fragments(byte[] all, List<Integer> seeds) {
        List<Integer> points = new ArrayList<>();
        for (int s : seeds) {
            points.add(all.length == 0 ? 0 : s % (all.length + 1));
        }
        points.add(0);
        points.add(all.length);
        List<Integer> sorted = points.stream().distinct().sorted().toList();
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i + 1 < sorted.size(); i++) {
            parts.add(Arrays.copyOfRange(all, sorted.get(i), sorted.get(i + 1)));
        }
        return parts.toArray(new byte[0][]);
    }

    @Provide
    Arbitrary<List<String>> inlineWords() {
        // a leading * would make the line a multibulk request
        return Arbitraries.strings().withCharRange('!', '~').excludeChars('"', '\'', '*').ofMinLength(1).ofMaxLength(10)
                .list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 200)
    void inlineCommandsOfPlainWordsDecodeToThoseWordsAtAnySplit(@ForAll("inlineWords") List<String> words,
            @ForAll("cuts") List<Integer> cutSeeds) {
        byte[] line = (String.join("  ", words) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        List<Object> got = DecoderHarness.readable(new DecoderHarness().feed(fragments(line, cutSeeds)));
        assertThat(got).containsExactly(words);
    }

    @Provide
    Arbitrary<RespValue> values() {
        return value(3);
    }

    private Arbitrary<RespValue> value(int depth) {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(20);
        Arbitrary<String> line = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(15);
        List<Arbitrary<? extends RespValue>> leaves = List.of(
                line.map(RespValue.Simple::new),
                line.map(s -> new RespValue.Error("ERR " + s)),
                Arbitraries.longs().map(RespValue.Int::new),
                bytes.map(RespValue.Bulk::new),
                Arbitraries.doubles().map(d -> new RespValue.Double(Numbers.formatDouble(d))),
                Arbitraries.of(true, false).map(RespValue.Bool::new),
                bytes.map(b -> new RespValue.Verbatim("txt", b)),
                Arbitraries.just(new RespValue.NullBulk()),
                Arbitraries.just(new RespValue.NullArray()));
        Arbitrary<RespValue> leaf = Arbitraries.oneOf(leaves);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<List<RespValue>> children = value(depth - 1).list().ofMaxSize(4);
        return Arbitraries.oneOf(List.of(
                leaf, leaf,
                children.map(RespValue.Array::new),
                children.map(l -> new RespValue.Map(l.size() % 2 == 0 ? l : l.subList(1, l.size()))),
                children.map(RespValue.Set::new),
                children.map(RespValue.Push::new)));
    }

    @Property(tries = 500)
    void valuesWrittenInResp3ParseBackToTheSameStructure(@ForAll("values") RespValue v) {
        RespValue back = TestRespParser.parse(RespWriter.toBytes(v, 3));
        assertThat(TestRespParser.describe(back)).isEqualTo(TestRespParser.describe(TestRespParser.resp3Shape(v)));
    }

    @Property(tries = 500)
    void valuesWrittenInResp2ParseBackAsTheirResp2Downgrade(@ForAll("values") RespValue v) {
        RespValue back = TestRespParser.parse(RespWriter.toBytes(v, 2));
        assertThat(TestRespParser.describe(back)).isEqualTo(TestRespParser.describe(TestRespParser.downgrade(v)));
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        // RESP-looking noise reaches the deeper parser states more often than uniform bytes
        Arbitrary<byte[]> respish = Arbitraries.of("*", "$", "\r", "\n", "\r\n", "-", "0", "1", "9", "3", "\"", "'", "\\", "x",
                        " ", "\u0000", "*2\r\n", "$3\r\n", "abc", "*-1\r\n", "99999999999", "*2147483648\r\n")
                .list().ofMaxSize(60).map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.oneOf(random, respish);
    }

    @Property(tries = 1000)
    void garbageNeverThrowsAndEndsAtMostInOneProtocolError(@ForAll("garbage") byte[] input,
            @ForAll("cuts") List<Integer> cutSeeds, @ForAll @IntRange(min = 0, max = 1) int auth) {
        DecoderHarness h = new DecoderHarness();
        h.limits.authRequired = auth == 1;
        h.limits.queryBufferLimit = 256;
        List<Object> got = h.feed(fragments(input, cutSeeds));
        h.channel.checkException();
        int errors = 0;
        for (int i = 0; i < got.size(); i++) {
            Object m = got.get(i);
            assertThat(m).isInstanceOfAny(byte[][].class, ProtocolError.class);
            if (m instanceof ProtocolError) {
                errors++;
                assertThat(i).as("the error is the last thing emitted").isEqualTo(got.size() - 1);
            } else {
                assertThat(((byte[][]) m).length).isPositive();
            }
        }
        assertThat(errors).isLessThanOrEqualTo(1);
    }

    @Property(tries = 200)
    void garbageDecodesTheSameWhateverTheFragmentation(@ForAll("garbage") byte[] input, @ForAll("cuts") List<Integer> cutSeeds) {
        List<Object> whole = DecoderHarness.readable(new DecoderHarness().feed(input));
        List<Object> split = DecoderHarness.readable(new DecoderHarness().feed(fragments(input, cutSeeds)));
        assertThat(split).isEqualTo(whole);
    }

    @Property(tries = 50)
    void longsParseLikeString2ll(@ForAll long n) {
        byte[] digits = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        long parsed = RespDecoder.parseLine(io.netty.buffer.Unpooled.wrappedBuffer(digits), 0, digits.length);
        assertThat(parsed).isEqualTo(n == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : n);
    }

    @Property(tries = 100)
    void lengthsWithJunkAreRejected(@ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = 9) Integer> ds,
            @ForAll("junk") String junk) {
        StringBuilder sb = new StringBuilder();
        ds.forEach(sb::append);
        byte[] b = (sb + junk).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(RespDecoder.parseLine(io.netty.buffer.Unpooled.wrappedBuffer(b), 0, b.length)).isEqualTo(Long.MIN_VALUE);
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.of(" ", "a", "+", "-", ".", "\u0000", "e1");
    }
}
