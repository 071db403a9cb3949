package dev.rcsim.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A parsed reply, kept as the exact bytes of each element, so that replies whose element order Redis
 * leaves unspecified (SMEMBERS of a hashtable set...) can be compared as multisets.
 */
final class ReplyTree {
    final String header;
    final List<ReplyTree> children;
    final String leaf;

    private ReplyTree(String header, List<ReplyTree> children, String leaf) {
        this.header = header;
        this.children = children;
        this.leaf = leaf;
    }

    static ReplyTree parse(String bytes) {
        int[] pos = {0};
        return parse(bytes, pos);
    }

    private static ReplyTree parse(String s, int[] pos) {
        int eol = s.indexOf("\r\n", pos[0]);
        String line = s.substring(pos[0], eol);
        pos[0] = eol + 2;
        char t = line.charAt(0);
        if (t == '$' || t == '=' || t == '!') {
            int len = Integer.parseInt(line.substring(1));
            if (len < 0) {
                return new ReplyTree(line, null, line);
            }
            String body = s.substring(pos[0], pos[0] + len);
            pos[0] += len + 2;
            return new ReplyTree(line, null, line + "\r\n" + body);
        }
        if (t == '*' || t == '~' || t == '>' || t == '%' || t == '|') {
            int n = Integer.parseInt(line.substring(1));
            if (n < 0) {
                return new ReplyTree(line, null, line);
            }
            int count = (t == '%' || t == '|') ? 2 * n : n;
            List<ReplyTree> kids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                kids.add(parse(s, pos));
            }
            return new ReplyTree(line, kids, null);
        }
        return new ReplyTree(line, null, line);
    }

    /**
     * The reply with its top-level elements sorted (maps: sorted by key/value pairs). A HSCAN/ZSCAN-shaped
     * reply (a cursor, then an array of field/value pairs) keeps its cursor and has its pairs sorted.
     */
    String canonicalUnordered() {
        if (children == null) {
            return leaf;
        }
        if (children.size() == 2 && children.get(0).children == null && children.get(1).children != null
                && children.get(1).children.size() % 2 == 0) {
            List<ReplyTree> items = children.get(1).children;
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < items.size(); i += 2) {
                pairs.add(items.get(i).canonical() + "=>" + items.get(i + 1).canonical());
            }
            pairs.sort(Comparator.naturalOrder());
            return header + "[" + children.get(0).canonical() + "," + children.get(1).header + "{" + String.join(",", pairs) + "}]";
        }
        List<String> parts = new ArrayList<>();
        boolean map = header.startsWith("%");
        if (map) {
            for (int i = 0; i < children.size(); i += 2) {
                parts.add(children.get(i).canonical() + "=>" + children.get(i + 1).canonical());
            }
        } else {
            for (ReplyTree c : children) {
                parts.add(c.canonical());
            }
        }
        parts.sort(Comparator.naturalOrder());
        return header + "{" + String.join(",", parts) + "}";
    }

    /** An EXEC reply: element i compared as a multiset when queued command i is unordered. */
    String canonicalPerElement(List<String> names, java.util.Set<String> unordered) {
        StringBuilder sb = new StringBuilder(header).append('[');
        for (int i = 0; i < children.size(); i++) {
            ReplyTree c = children.get(i);
            sb.append(unordered.contains(names.get(i)) ? c.canonicalUnordered() : c.canonical()).append(',');
        }
        return sb.append(']').toString();
    }

    String canonical() {
        if (children == null) {
            return leaf;
        }
        StringBuilder sb = new StringBuilder(header).append('[');
        for (ReplyTree c : children) {
            sb.append(c.canonical()).append(',');
        }
        return sb.append(']').toString();
    }

    /** The reply with fn applied to the text of every leaf (bulk/verbatim bodies, status, error and integer lines). */
    ReplyTree mapText(java.util.function.UnaryOperator<String> fn) {
        if (children != null) {
            List<ReplyTree> kids = new ArrayList<>(children.size());
            for (ReplyTree c : children) {
                kids.add(c.mapText(fn));
            }
            return new ReplyTree(header, kids, null);
        }
        char t = header.charAt(0);
        if ((t == '$' || t == '=' || t == '!') && !header.startsWith(t + "-")) {
            String body = fn.apply(leaf.substring(header.length() + 2));
            String h = t + String.valueOf(body.getBytes(StandardCharsets.ISO_8859_1).length);
            return new ReplyTree(h, null, h + "\r\n" + body);
        }
        if (t == '+' || t == '-' || t == ':' || t == '(' || t == ',') {
            String line = t + fn.apply(header.substring(1));
            return new ReplyTree(line, null, line);
        }
        return this;
    }

    /** The reply's bytes again (after {@link #mapText}). */
    String serialise() {
        StringBuilder sb = new StringBuilder();
        serialise(sb);
        return sb.toString();
    }

    private void serialise(StringBuilder sb) {
        if (children == null) {
            sb.append(leaf).append("\r\n");
            return;
        }
        sb.append(header).append("\r\n");
        for (ReplyTree c : children) {
            c.serialise(sb);
        }
    }

    static String show(String raw) {
        return raw.replace("\r\n", "\\r\\n");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
