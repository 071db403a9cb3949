package dev.rcsim.command.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs every snippet of {@code lua-libraries-corpus.lua} (one per line) as {@code EVAL <snippet> 0} on a
 * real redis-server and in-process on LuaJ with {@link ExtraLibraries} installed, and compares the
 * RESP2 replies byte for byte. The in-process side converts the script's result as EVAL does (string
 * to bulk, number truncated to integer, table to array up to the first nil, false and nil to nil).
 */
class LuaLibrariesDifferentialTest {
    /** Helpers every snippet may use: {@code E(f, ...)} is pcall's error text, {@code hex(s)} hex bytes. */
    static final String PRELUDE = "local function E(f, ...) local ok, e = pcall(f, ...) if ok then return 'no error' end return e end "
            + "local function hex(s) return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end)) end ";

    static List<String> corpus() throws IOException {
        try (InputStream in = LuaLibrariesDifferentialTest.class.getResourceAsStream("lua-libraries-corpus.lua")) {
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("--")) {
                    out.add(line);
                }
            }
            return out;
        }
    }

    @Test
    void everySnippetRepliesAsOnRealRedis() throws Exception {
        List<String> snippets = corpus();
        Globals globals = JsePlatform.standardGlobals();
        ExtraLibraries.install(globals);
        List<String> diffs = new ArrayList<>();
        try (RealRedis real = RealRedis.start(); RawClient c = real.raw()) {
            for (String snippet : snippets) {
                String want = c.call("EVAL", PRELUDE + snippet, "0");
                String got = runInProcess(globals, PRELUDE + snippet);
                if (!want.equals(got)) {
                    diffs.add(snippet + "\n    redis: " + printable(want) + "\n    rcsim: " + printable(got));
                }
            }
        }
        assertThat(snippets).hasSizeGreaterThan(300);
        assertThat(diffs).as(diffs.size() + " of " + snippets.size() + " differ:\n" + String.join("\n", diffs)).isEmpty();
    }

    static String printable(String resp) {
        return resp.replace("\r\n", "\\r\\n");
    }

    static String runInProcess(Globals globals, String script) {
        try {
            Prototype p = TailCalls.asPlainCalls(globals.compilePrototype(new StringReader(script), "@user_script"));
            Varargs result = new LuaClosure(p, globals).invoke();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            toResp(result.arg1(), out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } catch (LuaError e) {
            return "-ERR " + e.getMessage() + "\r\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** luaReplyToRedisReply in RESP2. */
    static void toResp(LuaValue v, ByteArrayOutputStream out) {
        switch (v.type()) {
            case LuaValue.TSTRING -> {
                LuaString s = v.checkstring();
                write(out, "$" + s.m_length + "\r\n");
                out.write(s.m_bytes, s.m_offset, s.m_length);
                write(out, "\r\n");
            }
            case LuaValue.TNUMBER -> write(out, ":" + (long) v.todouble() + "\r\n");
            case LuaValue.TBOOLEAN -> write(out, v.toboolean() ? ":1\r\n" : "$-1\r\n");
            case LuaValue.TTABLE -> {
                LuaTable t = (LuaTable) v;
                if (t.rawget("err").isstring()) {
                    write(out, "-" + t.rawget("err").tojstring() + "\r\n");
                    return;
                }
                if (t.rawget("ok").isstring()) {
                    write(out, "+" + t.rawget("ok").tojstring() + "\r\n");
                    return;
                }
                List<LuaValue> items = new ArrayList<>();
                for (int i = 1; !t.rawget(i).isnil(); i++) {
                    items.add(t.rawget(i));
                }
                write(out, "*" + items.size() + "\r\n");
                for (LuaValue item : items) {
                    toResp(item, out);
                }
            }
            default -> write(out, "$-1\r\n");
        }
    }
}
