package dev.rcsim.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed input over a real socket: the exact reply bytes and whether the server closes the
 * connection, as Redis 7.0.15 does. The table was captured from real redis-server with raw sockets;
 * {@link #theTableMatchesRealRedis} re-checks it against a live redis-server when one is installed.
 */
class ProtocolErrorTest {
    /** Input, expected bytes, whether the connection ends up closed. */
    record Case(String name, String input, String reply, boolean closed) {}

    static final List<Case> CASES = List.of(
            new Case("negativeCountSkipped", "*-1\r\nPING\r\n", "+PONG\r\n", false),
            new Case("zeroCountSkipped", "*0\r\nPING\r\n", "+PONG\r\n", false),
            new Case("emptyInlineSkipped", "\r\n\n  \r\nPING\r\n", "+PONG\r\n", false),
            new Case("badCountAfterPing", "PING\r\n*abc\r\nPING\r\n", "+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n", true),
            new Case("countAboveIntMax", "*3000000000\r\n", "-ERR Protocol error: invalid multibulk length\r\n", true),
            new Case("badBulkLength", "*1\r\n$x\r\nPING\r\n", "-ERR Protocol error: invalid bulk length\r\n", true),
            new Case("negativeBulkLength", "*1\r\n$-1\r\nPING\r\n", "-ERR Protocol error: invalid bulk length\r\n", true),
            new Case("bulkAboveProtoMax", "*1\r\n$536870913\r\n", "-ERR Protocol error: invalid bulk length\r\n", true),
            new Case("expectedDollar", "*1\r\n+PING\r\n", "-ERR Protocol error: expected '$', got '+'\r\n", true),
            new Case("expectedDollarNewline", "*1\r\n\n\r\n", "-ERR Protocol error: expected '$', got ' '\r\n", true),
            new Case("expectedDollarHighByte", "*1\r\n\u00ffabc\r\n", "-ERR Protocol error: expected '$', got '\u00ff'\r\n", true),
            new Case("hugeCountWaitsForArguments", "*2000000000\r\n$4\r\nPING\r\n", "", false),
            new Case("commandsBeforeBadBytesRun", "SET pe:a 1\r\n*1\r\n$4\r\nPING\r\n*x\r\nGET pe:a\r\n",
                    "+OK\r\n+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n", true),
            new Case("inlineHexEscapes", "SET \"pe:k\\x41\" \"v\\n\\\"q\\\"\" \r\nGET pe:kA\r\n", "+OK\r\n$5\r\nv\n\"q\"\r\n", false),
            new Case("unbalancedQuotes", "PING\r\nSET \"a b\r\nPING\r\n", "+PONG\r\n-ERR Protocol error: unbalanced quotes in request\r\n", true),
            new Case("closingQuoteFollowedByText", "SET \"a\"b c\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n", true),
            new Case("nulHidesInlineLineEnd", "ECHO a\u0000b\r\nPING\r\n", "", false),
            new Case("tooBigInline", "A".repeat(70000), "-ERR Protocol error: too big inline request\r\n", true),
            new Case("inlineLineOf90KbIsTooBigEvenWithItsNewline", "ECHO " + "a".repeat(90000) + "\r\n",
                    "-ERR Protocol error: too big inline request\r\n", true),
            new Case("unknownCommandEchoes128BytesOfAnArgument", "FOO " + "a".repeat(200) + " " + "b".repeat(50) + "\r\n",
                    "-ERR unknown command 'FOO', with args beginning with: '" + "a".repeat(128) + "' \r\n", false),
            new Case("unknownCommandEchoes128BytesOverItsArguments", "FOO " + "a".repeat(100) + " " + "b".repeat(50) + "\r\n",
                    "-ERR unknown command 'FOO', with args beginning with: '" + "a".repeat(100) + "' '" + "b".repeat(25) + "' \r\n", false),
            new Case("tooBigMbulkCount", "*" + "1".repeat(70000), "-ERR Protocol error: too big mbulk count string\r\n", true),
            new Case("tooBigBulkCount", "*1\r\n$" + "1".repeat(70000), "-ERR Protocol error: too big bulk count string\r\n", true),
            new Case("bytesAfterPayloadSkipped", "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", "+PONG\r\n+PONG\r\n", false),
            new Case("verticalTabDoesNotEndAnUnquotedWord", "ECHO\u000ba\r\n",
                    "-ERR unknown command 'ECHO\u000ba', with args beginning with: \r\n", false),
            new Case("leadingWhitespaceOfAnyKindSkipped", " \u000b\u000cECHO a\r\n", "$1\r\na\r\n", false),
            new Case("backslashAtLineEndInQuotes", "ECHO \"\\\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n", true),
            new Case("crBeforeCrlfAfterCount", "*1\r\r\n$4\r\nPING\r\n", "-ERR Protocol error: expected '$', got ' '\r\n", true),
            new Case("emptyCommandName", "*1\r\n$0\r\n\r\n", "-ERR unknown command '', with args beginning with: \r\n", false),
            new Case("unknownInline", "FOO bar\r\n", "-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n", false));

    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void malformedInputGetsRedisRepliesAndCloses() throws IOException {
        for (Case c : CASES) {
            assertThat(exchange(node.port(), c.input)).as(c.name).isEqualTo(new Outcome(c.reply, c.closed));
        }
    }

    @Test
    void theTableMatchesRealRedis() throws IOException {
        try (RealRedis real = RealRedis.start()) {
            for (Case c : CASES) {
                assertThat(exchange(real.port(), c.input)).as(c.name).isEqualTo(new Outcome(c.reply, c.closed));
            }
        }
    }

    @Test
    void bulkLongerThanConfiguredProtoMaxBulkLenIsRejected() throws IOException {
        // real Redis only accepts >= 1mb here; the simulator's NodeConfig lets tests go lower
        try (TestNode small = TestNode.start("proto-max-bulk-len", "1000")) {
            assertThat(exchange(small.port(), "*2\r\n$4\r\nECHO\r\n$1000\r\n" + "a".repeat(1000) + "\r\n*2\r\n$4\r\nECHO\r\n$1001\r\n"))
                    .isEqualTo(new Outcome("$1000\r\n" + "a".repeat(1000) + "\r\n-ERR Protocol error: invalid bulk length\r\n", true));
        }
    }

    @Test
    void unauthenticatedClientsAreLimitedUntilAuth() throws IOException {
        try (TestNode secured = TestNode.start("requirepass", "pw")) {
            assertThat(exchange(secured.port(), "*11\r\n"))
                    .isEqualTo(new Outcome("-ERR Protocol error: unauthenticated multibulk length\r\n", true));
            assertThat(exchange(secured.port(), "*1\r\n$16385\r\n"))
                    .isEqualTo(new Outcome("-ERR Protocol error: unauthenticated bulk length\r\n", true));
            assertThat(exchange(secured.port(), "*10\r\n$4\r\nPING\r\n")).isEqualTo(new Outcome("", false));
            // AUTH earlier in the same packet already counts for the requests after it
            assertThat(exchange(secured.port(), "AUTH pw\r\n*2\r\n$4\r\nECHO\r\n$20000\r\n" + "a".repeat(20000) + "\r\n"))
                    .isEqualTo(new Outcome("+OK\r\n$20000\r\n" + "a".repeat(20000) + "\r\n", false));
            assertThat(exchange(secured.port(), "GET a\r\n")).isEqualTo(new Outcome("-NOAUTH Authentication required.\r\n", false));
        }
    }

    @Test
    void queryBufferLimitClosesWithoutReplyAfterRunningCompleteCommands() throws IOException {
        try (TestNode limited = TestNode.start("client-query-buffer-limit", "1mb")) {
            String partial = "SET q 1\r\n*2\r\n$4\r\nECHO\r\n$2000000\r\n" + "a".repeat(1_200_000);
            assertThat(exchange(limited.port(), partial)).isEqualTo(new Outcome("+OK\r\n", true));
            assertThat(exchange(limited.port(), "GET q\r\n")).isEqualTo(new Outcome("$1\r\n1\r\n", false));
        }
    }

    /** What came back: all bytes until the server closed or went quiet, and whether it closed. */
    record Outcome(String reply, boolean closed) {}

    static Outcome exchange(int port, String input) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(300);
            try {
                s.getOutputStream().write(input.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException closedWhileSending) {
                // the server may close before it read everything
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            boolean closed = false;
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException quiet) {
                    break;
                } catch (java.net.SocketException reset) {
                    closed = true;
                    break;
                }
                if (n < 0) {
                    closed = true;
                    break;
                }
                got.write(buf, 0, n);
            }
            return new Outcome(got.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }
}
