package dev.rcsim.acl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command table as Redis's ACL sees it ({@code server.orig_commands}): every command and
 * subcommand of Redis 7.0.15 with its ACL id, categories and {@code no_auth} flag, loaded from
 * {@code acl-commands.tsv} (captured from a real redis-server's COMMAND reply), plus rcsim's own
 * {@code RCSIM} command in {@code @admin @slow @dangerous}.
 *
 * <p>The catalog holds Redis's whole table, also the commands rcsim does not implement (EVAL,
 * FUNCTION...), so ACL CAT, ACL SETUSER {@code +eval} and the rules ACL LIST prints are Redis's.
 * Redis iterates its command dict in a per-process random order; this catalog uses name order.
 */
public final class AclCatalog {
    /** Redis's ACLCommandCategories, in its order (ACL CAT, COMMAND INFO and rule descriptions use it). */
    public static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset", "list",
            "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    /** One command or subcommand: its bit in a selector, categories as a bit set over {@link #CATEGORIES}. */
    public static final class Entry {
        public final int id;
        public final String fullName;
        public final boolean noAuth;
        public final long categories;
        public final Entry parent;
        final Map<String, Entry> subcommands = new LinkedHashMap<>();

        Entry(int id, String fullName, boolean noAuth, long categories, Entry parent) {
            this.id = id;
            this.fullName = fullName;
            this.noAuth = noAuth;
            this.categories = categories;
            this.parent = parent;
        }

        public boolean hasSubcommands() {
            return !subcommands.isEmpty();
        }

        public java.util.Collection<Entry> subcommands() {
            return subcommands.values();
        }
    }

    private static final AclCatalog INSTANCE = load();

    private final List<Entry> commands = new ArrayList<>();
    private final List<Entry> all = new ArrayList<>();
    private final Map<String, Entry> byFullName = new HashMap<>();

    private AclCatalog() {}

    public static AclCatalog get() {
        return INSTANCE;
    }

    /** Number of ids; the next bit is the "future commands" bit that only {@code +@all} sets. */
    public int size() {
        return all.size();
    }

    /** Top-level commands in catalog order. */
    public List<Entry> commands() {
        return Collections.unmodifiableList(commands);
    }

    /** The entry of a full name ({@code get}, {@code config|get}), exact lower case; null if unknown. */
    public Entry byFullName(String lowerFullName) {
        return byFullName.get(lowerFullName);
    }

    /**
     * Redis's ACLLookupCommand: {@code name} or {@code container|sub}, any case; null when unknown or
     * when {@code name|x} names a command without subcommands.
     */
    public Entry lookup(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) {
            Entry e = byFullName.get(lower);
            return e != null && e.parent == null ? e : null;
        }
        if (lower.indexOf('|', bar + 1) >= 0) {
            return null;
        }
        Entry base = byFullName.get(lower.substring(0, bar));
        if (base == null || base.parent != null || !base.hasSubcommands()) {
            return null;
        }
        return base.subcommands.get(lower.substring(bar + 1));
    }

    /**
     * An entry for a command the catalog does not know, on the "future commands" bit: like a module
     * command loaded later in Redis, only {@code +@all} / {@code allcommands} allow it.
     */
    public Entry future(String fullName) {
        return new Entry(size(), fullName, false, 0, null);
    }

    /** The category bit of a name (any case), or 0 when there is no such category. */
    public static long categoryFlag(String name) {
        for (int i = 0; i < CATEGORIES.size(); i++) {
            if (CATEGORIES.get(i).equalsIgnoreCase(name)) {
                return 1L << i;
            }
        }
        return 0;
    }

    private static long categories(String field) {
        long bits = 0;
        for (String c : field.trim().split("\\s+")) {
            if (c.startsWith("@")) {
                bits |= categoryFlag(c.substring(1));
            }
        }
        return bits;
    }

    private void add(String fullName, String flags, String cats) {
        boolean noAuth = (" " + flags + " ").contains(" no_auth ");
        int bar = fullName.indexOf('|');
        Entry parent = bar < 0 ? null : byFullName.get(fullName.substring(0, bar));
        Entry e = new Entry(all.size(), fullName, noAuth, categories(cats), parent);
        all.add(e);
        byFullName.put(fullName, e);
        if (parent == null) {
            commands.add(e);
        } else {
            parent.subcommands.put(fullName.substring(bar + 1), e);
        }
    }

    private static AclCatalog load() {
        AclCatalog cat = new AclCatalog();
        try (InputStream in = AclCatalog.class.getResourceAsStream("acl-commands.tsv")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                cat.add(f[0], f[1], f[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // rcsim's own command (fault injection over RESP): an admin command for ACL purposes.
        cat.add("rcsim", "admin noscript loading stale", "@admin @slow @dangerous");
        return cat;
    }
}
