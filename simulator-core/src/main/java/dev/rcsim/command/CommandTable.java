package dev.rcsim.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every command a node knows, with its spec, looked up case-insensitively straight from the request
 * bytes (no per-command String). The standard table is assembled once per JVM by {@code
 * node.StandardNode} (each layer registers its own commands) and shared by all nodes.
 */
public final class CommandTable {
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
    private CommandSpec[] slots = new CommandSpec[1024];
    private byte[][] slotNames = new byte[1024][];

    private final Map<String, CommandSpec> hidden = new LinkedHashMap<>();

    /** Declares a command. Flags and key positions follow Redis 7.0's COMMAND INFO. */
    public CommandSpec add(String name, int arity, String flags, int firstKey, int lastKey, int step) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (byName.containsKey(lower)) {
            throw new IllegalStateException("duplicate command " + lower);
        }
        CommandSpec spec = new CommandSpec(lower, lower, arity, flags, firstKey, lastKey, step);
        byName.put(lower, spec);
        insert(lower.getBytes(StandardCharsets.US_ASCII), spec);
        return spec;
    }

    private void insert(byte[] lowerName, CommandSpec spec) {
        if (byName.size() * 2 > slots.length) {
            rehash();
        }
        int mask = slots.length - 1;
        int i = hash(lowerName, lowerName.length) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = spec;
        slotNames[i] = lowerName;
    }

    private void rehash() {
        CommandSpec[] old = slots;
        byte[][] oldNames = slotNames;
        slots = new CommandSpec[old.length * 2];
        slotNames = new byte[old.length * 2][];
        int mask = slots.length - 1;
        for (int j = 0; j < old.length; j++) {
            if (old[j] != null) {
                int i = hash(oldNames[j], oldNames[j].length) & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = old[j];
                slotNames[i] = oldNames[j];
            }
        }
    }

    private static int lower(byte b) {
        return (b >= 'A' && b <= 'Z') ? b + 32 : b;
    }

    private static int hash(byte[] name, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = h * 31 + lower(name[i]);
        }
        return h ^ (h >>> 16);
    }

    /** The command named by {@code name}, any case; null if unknown. */
    public CommandSpec lookup(byte[] name) {
        if (name.length > 64) {
            return null;
        }
        int mask = slots.length - 1;
        int i = hash(name, name.length) & mask;
        while (slots[i] != null) {
            byte[] n = slotNames[i];
            if (n.length == name.length && equalsIgnoreCase(n, name)) {
                return slots[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private static boolean equalsIgnoreCase(byte[] lowerName, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (lowerName[i] != lower(name[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Declares a command the simulator adds that Redis does not have ({@code RCSIM}): found only by
     * {@link #lookupHidden}, which the dispatcher asks for a name the table lacks, so COMMAND does not
     * list it (as a real server's table does not) and scripts and MULTI queues do not find it; once
     * found it goes through every check of {@link Dispatcher#process} like a Redis admin command.
     */
    public void addHidden(CommandSpec spec) {
        hidden.put(spec.name, spec);
    }

    /** The simulator command named {@code name} (any case), or null. */
    public CommandSpec lookupHidden(byte[] name) {
        return hidden.isEmpty() ? null : hidden.get(new String(name, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
    }

    public CommandSpec lookup(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** The spec that runs for this request: the subcommand's for a container command, else the command's. */
    public static CommandSpec subcommand(CommandSpec container, byte[] sub) {
        return container.subcommands.get(new String(sub, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
    }

    public Collection<CommandSpec> all() {
        return byName.values();
    }

    public int size() {
        return byName.size();
    }

    /** Every spec including subcommands, for COMMAND LIST and the docs. */
    public List<CommandSpec> allWithSubcommands() {
        List<CommandSpec> out = new ArrayList<>();
        for (CommandSpec s : byName.values()) {
            out.add(s);
            out.addAll(s.subcommands.values());
        }
        return out;
    }
}
