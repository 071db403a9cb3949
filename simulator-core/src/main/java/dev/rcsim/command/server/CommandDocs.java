package dev.rcsim.command.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Documentation facts of Redis 7.0.15's commands (what COMMAND DOCS and the tips/key-spec flags of
 * COMMAND INFO report), read once from {@code command-docs.tsv}, captured from a real server.
 * Arguments and history are not kept: COMMAND DOCS is well-formed but shorter than Redis's.
 */
final class CommandDocs {
    /** One command's documentation line. */
    record Doc(String group, String since, String complexity, List<String> docFlags, String deprecatedSince,
               String replacedBy, List<String> tips, List<String> keySpecFlags, String summary) {}

    private static final Map<String, Doc> DOCS = load();

    private CommandDocs() {}

    /** The doc of a command or subcommand by full name ({@code get}, {@code client|list}); null if unknown. */
    static Doc of(String fullName) {
        return DOCS.get(fullName);
    }

    private static List<String> words(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    private static Map<String, Doc> load() {
        Map<String, Doc> out = new HashMap<>();
        try (InputStream in = CommandDocs.class.getResourceAsStream("command-docs.tsv")) {
            if (in == null) {
                return out;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                out.put(f[0], new Doc(f[1], f[2], f[3], words(f[4]), f[5], f[6], words(f[7]), words(f[8]), f[9]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
