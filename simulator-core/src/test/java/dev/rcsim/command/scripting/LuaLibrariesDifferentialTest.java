package dev.rcsim.command.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.ReplyCorpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cjson, cmsgpack, struct and bit corpus ({@code lua-libraries-corpus.lua}, one snippet a line) run
 * as {@code EVAL <prelude + snippet> 0} on a real redis-server and on an rcsim node, in RESP2 and
 * RESP3, compared byte for byte. Every library function is there, with its edge cases and error texts
 * (through pcall, and raised out of the script).
 */
class LuaLibrariesDifferentialTest {
    /** Helpers every snippet may use: {@code E(f, ...)} is pcall's error text, {@code hex(s)} hex bytes. */
    static final String PRELUDE = "local function E(f, ...) local ok, e = pcall(f, ...) if ok then return 'no error' end return e end "
            + "local function hex(s) return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end)) end ";

    static final List<String> SNIPPETS = load();

    private static List<String> load() {
        try (InputStream in = LuaLibrariesDifferentialTest.class.getResourceAsStream("lua-libraries-corpus.lua")) {
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("--")) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> run(RawClient c, int db, boolean resp3) throws Exception {
        List<String> out = new ArrayList<>();
        c.call("SELECT", String.valueOf(db));
        if (resp3) {
            c.call("HELLO", "3");
        }
        for (String snippet : SNIPPETS) {
            String reply = c.call("EVAL", PRELUDE + snippet, "0");
            out.add(snippet + " -> " + reply.replace("\r\n", "\\r\\n"));
        }
        return out;
    }

    @Test
    void libraryFunctionsReplyAsOnRealRedis() throws Exception {
        assertThat(SNIPPETS).hasSizeGreaterThan(600);
        ReplyCorpus.assertSameAsRealRedis(SNIPPETS.size(), LuaLibrariesDifferentialTest::run);
    }
}
