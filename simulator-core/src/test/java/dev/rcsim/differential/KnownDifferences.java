package dev.rcsim.differential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one list of commands the differential harnesses leave out ({@code known-differences.tsv}):
 * deliberate differences, random or time-dependent replies, and parts of the command table rcsim
 * does not have yet. docs/compatibility.md shows the same list ({@link KnownDifferencesTest}).
 */
final class KnownDifferences {
    private KnownDifferences() {}

    /** Upper-case "NAME" or "NAME SUB" -> "kind: reason". */
    static final Map<String, String> EXCLUDED = load();

    /** True when the generated command is on the list (by name, or name + subcommand). */
    static boolean excludes(List<String> argv) {
        String name = argv.get(0).toUpperCase(Locale.ROOT);
        if (EXCLUDED.containsKey(name)) {
            return true;
        }
        return argv.size() > 1 && EXCLUDED.containsKey(name + " " + argv.get(1).toUpperCase(Locale.ROOT));
    }

    private static Map<String, String> load() {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = KnownDifferences.class.getResourceAsStream("known-differences.tsv")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                out.put(f[0].toUpperCase(Locale.ROOT), f[1] + ": " + f[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
