package dev.rcsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.junit5.RedisClusterTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a user copies must use only the public API: the examples, the JUnit 5 module (main and tests)
 * and the Java snippets of README.md and docs/ name no rcsim package that {@code module-info} does not
 * export. The exported packages are read from the module descriptors of the two jars on the class path
 * (simulator-core's and simulator-junit5's), so a package exported later is allowed without editing
 * this test. The core's own layering is checked inside simulator-core; this is the consumer side.
 */
class PublicApiImportsTest {
    /** An rcsim package name in front of a type name (upper case) or a wildcard import ({@code .*}). */
    private static final Pattern RCSIM_PACKAGE = Pattern.compile("\\bdev\\.rcsim(?:\\.[a-z_][a-z0-9_]*)*(?=\\.(?:[A-Z]|\\*))");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void examplesJunit5AndDocSnippetsUseOnlyExportedPackages() throws IOException {
        Set<String> allowed = exported(RedisClusterSimulator.class);
        allowed.addAll(exported(RedisClusterTest.class));
        allowed.add("dev.rcsim.examples");
        assertThat(allowed).contains("dev.rcsim", "dev.rcsim.fault", "dev.rcsim.events", "dev.rcsim.time",
                "dev.rcsim.admin", "dev.rcsim.junit5", "dev.rcsim.junit5.jqwik");

        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> offences = new ArrayList<>();
        for (Path dir : List.of(root.resolve("examples/src"), root.resolve("simulator-junit5/src"))) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String p : rcsimPackages(Files.readString(f))) {
                        if (!allowed.contains(p)) {
                            offences.add(root.relativize(f) + ": " + p);
                        }
                    }
                }
            }
        }
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        for (Path f : docs) {
            Matcher block = JAVA_BLOCK.matcher(Files.readString(f));
            while (block.find()) {
                for (String p : rcsimPackages(block.group(1))) {
                    if (!allowed.contains(p)) {
                        offences.add(root.relativize(f) + " (java snippet): " + p);
                    }
                }
            }
        }
        assertThat(offences).as("rcsim packages that module-info does not export").isEmpty();
    }

    @Test
    void theScanFindsImportsStaticImportsWildcardsAndQualifiedNames() {
        // written with a placeholder, so that this file itself names no internal package
        String source = """
                import @.RedisClusterSimulator;
                import @.cluster.HashSlots;
                import static @.server.RedisNode.hex40;
                import @.keyspace.*;
                class X { int s = @.protocol.Numbers.parse("1"); }
                """.replace("@", "dev.rcsim");
        assertThat(rcsimPackages(source))
                .containsExactly("dev.rcsim", "dev.rcsim.cluster", "dev.rcsim.keyspace", "dev.rcsim.protocol", "dev.rcsim.server");
    }

    /** The rcsim packages {@code text} names, sorted. */
    static Set<String> rcsimPackages(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = RCSIM_PACKAGE.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** The packages the module of {@code type}'s jar (or classes directory) exports, unqualified. */
    private static Set<String> exported(Class<?> type) {
        Path location;
        try {
            location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        ModuleDescriptor d = ModuleFinder.of(location).findAll().stream().findFirst()
                .orElseThrow(() -> new UncheckedIOException(new IOException("no module at " + location)))
                .descriptor();
        assertThat(d.isAutomatic()).as(location + " has a module-info").isFalse();
        Set<String> out = new TreeSet<>();
        for (ModuleDescriptor.Exports e : d.exports()) {
            if (!e.isQualified()) {
                out.add(e.source());
            }
        }
        return out;
    }
}
