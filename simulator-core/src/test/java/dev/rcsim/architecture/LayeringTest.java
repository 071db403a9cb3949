package dev.rcsim.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * simulator-core's imports point down the layers of docs/architecture.md ({@link LayerCheck#LAYERS})
 * and its packages form no cycle. The checker is tested on synthetic sources first, so it cannot
 * pass by finding nothing.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java");

    @Test
    void mainSourcesImportOnlyDownTheLayers() {
        LayerCheck check = new LayerCheck(LayerCheck.LAYERS);
        Map<String, String> sources = LayerCheck.read(MAIN);
        assertThat(sources).hasSizeGreaterThan(100);
        List<LayerCheck.Ref> refs = check.references(sources);
        assertThat(refs).hasSizeGreaterThan(500); // the scan found the imports
        assertThat(check.layerViolations(refs)).as("imports against the layering").isEmpty();
    }

    @Test
    void mainPackagesFormNoCycle() {
        LayerCheck check = new LayerCheck(LayerCheck.LAYERS);
        assertThat(check.cycles(check.references(LayerCheck.read(MAIN)))).as("package cycles").isEmpty();
    }

    private static final List<List<String>> TOY = List.of(List.of("low"), List.of("mid.a", "mid.b"), List.of("high"));

    @Test
    void anUpwardImportIsReportedWithFileAndLine() {
        LayerCheck check = new LayerCheck(TOY);
        Map<String, String> src = Map.of(
                "dev/rcsim/low/A.java", "package dev.rcsim.low;\n\nimport java.util.List;\nimport dev.rcsim.high.H;\n\nclass A {}\n",
                "dev/rcsim/high/H.java", "package dev.rcsim.high;\nimport dev.rcsim.low.A;\nclass H {}\n");
        assertThat(check.layerViolations(check.references(src)))
                .containsExactly("dev/rcsim/low/A.java:4: import dev.rcsim.high.H;  (dev.rcsim.low is below dev.rcsim.high)");
    }

    @Test
    void aFullyQualifiedReferenceInCodeCountsButNotInCommentsOrStrings() {
        LayerCheck check = new LayerCheck(TOY);
        Map<String, String> src = Map.of("dev/rcsim/low/A.java", "package dev.rcsim.low;\n"
                + "/** see {@link dev.rcsim.high.H} */\n"
                + "class A {\n"
                + "    String s = \"dev.rcsim.high.H\"; // dev.rcsim.high.H\n"
                + "    Object h = new dev.rcsim.high.H();\n"
                + "}\n");
        assertThat(check.layerViolations(check.references(src)))
                .containsExactly("dev/rcsim/low/A.java:5: dev.rcsim.high.H  (dev.rcsim.low is below dev.rcsim.high)");
    }

    @Test
    void staticAndWildcardImportsCount() {
        LayerCheck check = new LayerCheck(TOY);
        Map<String, String> src = Map.of("dev/rcsim/low/A.java",
                "package dev.rcsim.low;\nimport static dev.rcsim.high.H.CONST;\nimport dev.rcsim.mid.a.*;\nclass A {}\n");
        assertThat(check.layerViolations(check.references(src))).hasSize(2);
    }

    @Test
    void aCycleWithinOneLayerIsReported() {
        LayerCheck check = new LayerCheck(TOY);
        Map<String, String> src = Map.of(
                "dev/rcsim/mid/a/A.java", "package dev.rcsim.mid.a;\nimport dev.rcsim.mid.b.B;\nclass A {}\n",
                "dev/rcsim/mid/b/B.java", "package dev.rcsim.mid.b;\n\nimport dev.rcsim.mid.a.A;\nclass B {}\n");
        List<LayerCheck.Ref> refs = check.references(src);
        assertThat(check.layerViolations(refs)).isEmpty(); // one layer: either direction is allowed...
        assertThat(check.cycles(refs)).singleElement().asString() // ...but not both
                .startsWith("cycle among [dev.rcsim.mid.a, dev.rcsim.mid.b]:")
                .contains("dev.rcsim.mid.a -> dev.rcsim.mid.b at dev/rcsim/mid/a/A.java:2")
                .contains("dev.rcsim.mid.b -> dev.rcsim.mid.a at dev/rcsim/mid/b/B.java:3");
    }

    @Test
    void aPackageMissingFromTheTableIsAViolation() {
        LayerCheck check = new LayerCheck(TOY);
        Map<String, String> src = Map.of("dev/rcsim/stray/S.java", "package dev.rcsim.stray;\nimport dev.rcsim.low.A;\nclass S {}\n");
        assertThat(check.layerViolations(check.references(src))).singleElement().asString()
                .contains("package dev.rcsim.stray is in no layer");
    }
}
