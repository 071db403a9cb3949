package dev.rcsim.command;

import dev.rcsim.cluster.ClusterCommands;
import dev.rcsim.command.bitmaps.BitmapCommands;
import dev.rcsim.command.connection.AclCommands;
import dev.rcsim.command.connection.ConnectionCommands;
import dev.rcsim.command.geo.GeoCommands;
import dev.rcsim.command.hashes.HashCommands;
import dev.rcsim.command.hll.HyperLogLogCommands;
import dev.rcsim.command.keys.KeyCommands;
import dev.rcsim.command.keys.SortCommand;
import dev.rcsim.command.lists.ListCommands;
import dev.rcsim.command.pubsub.PubSubCommands;
import dev.rcsim.command.server.ServerCommands;
import dev.rcsim.command.sets.SetCommands;
import dev.rcsim.command.sortedsets.SortedSetCommands;
import dev.rcsim.command.streams.StreamCommands;
import dev.rcsim.command.strings.StringCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every command a node knows, with its spec, looked up case-insensitively straight from the request
 * bytes (no per-command String). Built once per JVM ({@link #standard()}) and shared by all nodes.
 */
public final class CommandTable {
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
    private CommandSpec[] slots = new CommandSpec[1024];
    private byte[][] slotNames = new byte[1024][];

    private static volatile CommandTable standard;

    /** Whether {@link #standard()} has been built in this JVM. */
    public static boolean isBuilt() {
        return standard != null;
    }

    /** The table of all implemented Redis 7.0 commands. */
    public static CommandTable standard() {
        CommandTable t = standard;
        if (t == null) {
            synchronized (CommandTable.class) {
                t = standard;
                if (t == null) {
                    t = new CommandTable();
                    ConnectionCommands.register(t);
                    ServerCommands.register(t);
                    KeyCommands.register(t);
                    StringCommands.register(t);
                    HashCommands.register(t);
                    ListCommands.register(t);
                    SetCommands.register(t);
                    SortedSetCommands.register(t);
                    TransactionCommands.register(t);
                    PubSubCommands.register(t);
                    ClusterCommands.register(t);
                    BitmapCommands.register(t);
                    SortCommand.register(t);
                    StreamCommands.register(t);
                    HyperLogLogCommands.register(t);
                    GeoCommands.register(t);
                    AclCommands.register(t);
                    dev.rcsim.command.scripting.ScriptingCommands.register(t);
                    standard = t;
                }
            }
        }
        return t;
    }

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
