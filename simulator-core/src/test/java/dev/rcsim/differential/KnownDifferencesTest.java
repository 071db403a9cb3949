package dev.rcsim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the harnesses' exclusion list and docs/compatibility.md in sync. */
class KnownDifferencesTest {

    private static String compatibilityDoc() throws Exception {
        Path p = Path.of("../docs/compatibility.md"); // surefire runs in simulator-core
        if (!Files.exists(p)) {
            p = Path.of("docs/compatibility.md");
        }
        return Files.readString(p);
    }

    @Test
    void everyExcludedCommandIsListedInCompatibilityDoc() throws Exception {
        String doc = compatibilityDoc();
        assertThat(KnownDifferences.EXCLUDED).isNotEmpty();
        for (String name : KnownDifferences.EXCLUDED.keySet()) {
            assertThat(doc).as("docs/compatibility.md lists excluded command %s", name).contains("| " + name + " |");
        }
    }

    @Test
    void catalogNeverGeneratesAnExcludedCommand() {
        assertThat(KnownDifferences.excludes(List.of("dump", "k"))).isTrue();
        assertThat(KnownDifferences.excludes(List.of("object", "freq", "k"))).isTrue();
        assertThat(KnownDifferences.excludes(List.of("object", "encoding", "k"))).isFalse();
        CommandCatalog.commands().sampleStream().limit(2000).forEach(c -> assertThat(KnownDifferences.excludes(c)).isFalse());
    }
}
