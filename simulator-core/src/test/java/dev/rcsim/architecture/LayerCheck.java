package dev.rcsim.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package layering of simulator-core (docs/architecture.md), checked on source text: every
 * main source file's package, its imports (static and wildcard too) and the fully-qualified
 * {@code dev.rcsim.x.Y} references in its code (comments and string literals stripped). A reference
 * may point to the same package, or to a package of a lower layer; between packages of one layer it
 * may point either way as long as the packages form no cycle. A package missing from the table is a
 * violation too, so a new package has to be placed.
 *
 * <p>Plain Java rather than ArchUnit (not available offline here); it reads sources, so a type used
 * without being named (a field reached through another object) is not a dependency for it, as for the
 * compiler's import rules.
 */
final class LayerCheck {
    /** The layers, lowest first; each line is one layer's packages, relative to {@code dev.rcsim} ("" is the root). */
    static final List<List<String>> LAYERS = List.of(
            List.of("time"),
            List.of("protocol"),
            List.of("keyspace"),
            List.of("events"),
            List.of("bus"),
            List.of("acl"),
            List.of("server"),
            List.of("command"),
            List.of("command.strings", "command.bitmaps", "command.hll", "command.keys", "command.hashes", "command.sets",
                    "command.sortedsets", "command.geo", "command.lists", "command.streams", "command.pubsub",
                    "command.connection", "command.server", "command.scripting"),
            List.of("cluster"),
            List.of("replication"),
            List.of("internal"),
            List.of("fault", "admin"),
            List.of("node"),
            List.of(""),
            List.of("ui", "standalone"));

    private static final String ROOT = "dev.rcsim";
    private static final Pattern PACKAGE = Pattern.compile("^[ \\t]*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^[ \\t]*import\\s+(static\\s+)?([\\w.]+?)(\\.\\*)?\\s*;", Pattern.MULTILINE);
    /** dev.rcsim, then lower-case segments (the package), then an upper-case one (the type). */
    private static final Pattern FQN = Pattern.compile("\\bdev\\.rcsim((?:\\.[a-z_][\\w]*)*)\\.([A-Z]\\w*)");

    /** One reference from a file to a package. */
    record Ref(String file, int line, String from, String to, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text;
        }
    }

    private final Map<String, Integer> layerOf = new LinkedHashMap<>();

    LayerCheck(List<List<String>> layers) {
        for (int i = 0; i < layers.size(); i++) {
            for (String p : layers.get(i)) {
                layerOf.put(p.isEmpty() ? ROOT : ROOT + "." + p, i);
            }
        }
    }

    /** Every {@code .java} file under {@code root}, by path relative to it. */
    static Map<String, String> read(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java"))::iterator) {
                out.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The cross-package references of {@code sources} (path -> text). */
    List<Ref> references(Map<String, String> sources) {
        List<Ref> refs = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String code = blankCommentsAndStrings(e.getValue());
            Matcher pm = PACKAGE.matcher(code);
            if (!pm.find()) {
                continue;
            }
            String from = pm.group(1);
            Matcher im = IMPORT.matcher(code);
            List<int[]> importSpans = new ArrayList<>();
            while (im.find()) {
                importSpans.add(new int[] {im.start(), im.end()});
                String name = im.group(2);
                if (!name.startsWith(ROOT + ".") && !name.equals(ROOT)) {
                    continue;
                }
                String pkg = im.group(3) != null && im.group(1) == null ? name : packageOf(name, im.group(1) != null);
                add(refs, e.getKey(), lineOf(code, im.start()), from, pkg, im.group().trim());
            }
            Matcher fm = FQN.matcher(code);
            while (fm.find()) {
                if (inside(importSpans, fm.start()) || fm.start() < pm.end()) {
                    continue;
                }
                add(refs, e.getKey(), lineOf(code, fm.start()), from, ROOT + fm.group(1), fm.group());
            }
        }
        return refs;
    }

    private static void add(List<Ref> refs, String file, int line, String from, String to, String text) {
        if (!to.equals(from)) {
            refs.add(new Ref(file, line, from, to, text));
        }
    }

    /** The package of an imported name: the segments before the first upper-case one. */
    private static String packageOf(String name, boolean isStatic) {
        String[] parts = name.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty() && Character.isUpperCase(p.charAt(0))) {
                break;
            }
            sb.append(sb.length() == 0 ? "" : ".").append(p);
        }
        return sb.toString();
    }

    /** References that point to a higher layer, or come from or go to a package missing from the table. */
    List<String> layerViolations(List<Ref> refs) {
        List<String> out = new ArrayList<>();
        for (Ref r : refs) {
            Integer from = layerOf.get(r.from());
            Integer to = layerOf.get(r.to());
            if (from == null) {
                out.add(r + "  (package " + r.from() + " is in no layer)");
            } else if (to == null) {
                out.add(r + "  (package " + r.to() + " is in no layer)");
            } else if (to > from) {
                out.add(r + "  (" + r.from() + " is below " + r.to() + ")");
            }
        }
        return out;
    }

    /** Package cycles, each as its packages and one reference per edge. */
    List<String> cycles(List<Ref> refs) {
        Map<String, Map<String, Ref>> graph = new TreeMap<>();
        for (Ref r : refs) {
            graph.computeIfAbsent(r.from(), k -> new TreeMap<>()).putIfAbsent(r.to(), r);
            graph.computeIfAbsent(r.to(), k -> new TreeMap<>());
        }
        // Tarjan's strongly connected components: every component of more than one package is a cycle
        List<String> out = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, Integer> low = new LinkedHashMap<>();
        List<String> stack = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, graph, index, low, stack, counter, out);
            }
        }
        return out;
    }

    private void strongConnect(String v, Map<String, Map<String, Ref>> graph, Map<String, Integer> index,
            Map<String, Integer> low, List<String> stack, int[] counter, List<String> out) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.add(v);
        for (String w : graph.get(v).keySet()) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, counter, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            TreeSet<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.remove(stack.size() - 1);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                StringBuilder sb = new StringBuilder("cycle among " + component + ":");
                for (String a : component) {
                    for (Map.Entry<String, Ref> e : graph.get(a).entrySet()) {
                        if (component.contains(e.getKey())) {
                            sb.append("\n    ").append(a).append(" -> ").append(e.getKey()).append(" at ").append(e.getValue());
                        }
                    }
                }
                out.add(sb.toString());
            }
        }
    }

    private static boolean inside(List<int[]> spans, int at) {
        for (int[] s : spans) {
            if (at >= s[0] && at < s[1]) {
                return true;
            }
        }
        return false;
    }

    private static int lineOf(String code, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Comments, string/text-block and char literals replaced by spaces (line breaks kept, so lines stay right). */
    static String blankCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(s, i, end, out);
                i = end;
            } else if (c == '"' && s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                blank(s, i, end, out);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(n, j + 1);
                blank(s, i, end, out);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(String s, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            out.append(s.charAt(k) == '\n' ? '\n' : ' ');
        }
    }
}
