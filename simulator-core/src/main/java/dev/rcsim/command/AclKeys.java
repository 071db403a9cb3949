package dev.rcsim.command;

import dev.rcsim.acl.AclCheck;
import dev.rcsim.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key arguments of a call as Redis's ACL check sees them: positions from the command's key
 * finder, and for each key the access its key spec declares (ACCESS: read; INSERT, DELETE, UPDATE:
 * write), which {@code %R~} and {@code %W~} patterns are matched against. A key is mapped to its
 * spec with Redis's getKeysUsingKeySpecs search (index or keyword, then range or keynum). As in
 * Redis, SET and BITFIELD (variable flags) and SORT (unknown specs: sortGetKeys) decide by their
 * arguments: SORT's STORE key is written (OW UPDATE).
 */
final class AclKeys implements AclCheck.Keys {
    private record Spec(int needs, int index, String keyword, int startFrom, boolean keynum, int lastKey, int step,
            int limit, int keynumIdx, int firstKey, boolean unknown) {}

    private static final ConcurrentHashMap<String, AclKeys> BY_COMMAND = new ConcurrentHashMap<>();

    private final CommandSpec command;
    private final List<Spec> specs;
    private final int constantNeeds;
    private final int unknownNeeds;

    private AclKeys(CommandSpec command) {
        this.command = command;
        this.specs = parse(KeySpecs.of(command.fullName));
        int first = -1;
        boolean constant = true;
        int unknown = 0;
        for (Spec s : specs) {
            if (first == -1) {
                first = s.needs;
            } else if (first != s.needs) {
                constant = false;
            }
            if (s.unknown && (s.needs & AclCheck.WRITE) != 0) {
                unknown |= s.needs; // sortGetKeys reports only the STORE key, OW UPDATE
            }
        }
        boolean variable = command.fullName.equals("set") || command.fullName.equals("bitfield");
        this.constantNeeds = constant && !variable ? Math.max(first, 0) : -1;
        this.unknownNeeds = unknown;
    }

    static AclKeys of(CommandSpec spec) {
        return BY_COMMAND.computeIfAbsent(spec.fullName, n -> new AclKeys(spec));
    }

    @Override
    public int[] positions(byte[][] argv) {
        return command.keyIndexes(argv);
    }

    @Override
    public int needs(byte[][] argv, int pos) {
        if (constantNeeds >= 0) {
            return constantNeeds;
        }
        if (command.fullName.equals("set")) {
            return setNeeds(argv);
        }
        if (command.fullName.equals("bitfield")) {
            return bitfieldNeeds(argv);
        }
        for (Spec s : specs) {
            if (!s.unknown && finds(s, argv, pos)) {
                return s.needs;
            }
        }
        return unknownNeeds;
    }

    /** Redis's setGetKeys: RW ACCESS UPDATE with GET, else OW UPDATE. */
    private static int setNeeds(byte[][] argv) {
        for (int i = 3; i < argv.length; i++) {
            if (Args.is(argv[i], "get")) {
                return AclCheck.READ | AclCheck.WRITE;
            }
        }
        return AclCheck.WRITE;
    }

    /** Redis's bitfieldGetKeys: RO ACCESS when only GET and OVERFLOW, else RW ACCESS UPDATE. */
    private static int bitfieldNeeds(byte[][] argv) {
        for (int i = 2; i < argv.length; i++) {
            int rem = argv.length - i - 1;
            if (Args.is(argv[i], "get") && rem >= 2) {
                i += 2;
            } else if (Args.is(argv[i], "overflow") && rem >= 1) {
                i += 1;
            } else {
                return AclCheck.READ | AclCheck.WRITE;
            }
        }
        return AclCheck.READ;
    }

    private static boolean finds(Spec s, byte[][] argv, int pos) {
        int argc = argv.length;
        int first = 0;
        if (s.keyword == null) {
            first = s.index;
        } else {
            int start = s.startFrom > 0 ? s.startFrom : argc + s.startFrom;
            int end = s.startFrom > 0 ? argc - 1 : 1;
            for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                if (i >= argc || i < 1) {
                    break;
                }
                if (new String(argv[i], StandardCharsets.ISO_8859_1).equalsIgnoreCase(s.keyword)) {
                    first = i + 1;
                    break;
                }
            }
            if (first == 0) {
                return false;
            }
        }
        int last;
        int step = s.step <= 0 ? 1 : s.step;
        if (!s.keynum) {
            if (s.lastKey >= 0) {
                last = first + s.lastKey;
            } else if (s.limit == 0) {
                last = argc + s.lastKey;
            } else {
                last = first + ((argc - first) / s.limit + s.lastKey);
            }
        } else {
            if (first + s.keynumIdx >= argc) {
                return false;
            }
            long n;
            try {
                n = Long.parseLong(new String(argv[first + s.keynumIdx], StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException e) {
                return false;
            }
            first += s.firstKey;
            last = first + (int) n - 1;
        }
        return pos >= first && pos <= last && (pos - first) % step == 0;
    }

    private static RespValue field(RespValue map, String name) {
        if (map instanceof RespValue.Map m) {
            List<? extends RespValue> kv = m.keysAndValues();
            for (int i = 0; i + 1 < kv.size(); i += 2) {
                if (kv.get(i) instanceof RespValue.Bulk b && new String(b.bytes(), StandardCharsets.US_ASCII).equals(name)) {
                    return kv.get(i + 1);
                }
            }
        }
        return null;
    }

    private static String text(RespValue v) {
        if (v instanceof RespValue.Bulk b) {
            return new String(b.bytes(), StandardCharsets.US_ASCII);
        }
        return v instanceof RespValue.Simple s ? s.text() : null;
    }

    private static int num(RespValue map, String name) {
        RespValue v = field(map, name);
        if (v instanceof RespValue.Int i) {
            return (int) i.value();
        }
        if (v instanceof RespValue.Raw r && r.bytes().length > 3 && r.bytes()[0] == ':') {
            return Integer.parseInt(new String(r.bytes(), 1, r.bytes().length - 3, StandardCharsets.US_ASCII));
        }
        return 0;
    }

    private static List<Spec> parse(RespValue all) {
        List<Spec> out = new ArrayList<>();
        if (!(all instanceof RespValue.Array || all instanceof RespValue.Set)) {
            return out;
        }
        List<? extends RespValue> items = all instanceof RespValue.Array a ? a.items() : ((RespValue.Set) all).items();
        for (RespValue spec : items) {
            int needs = 0;
            boolean notKey = false;
            RespValue flags = field(spec, "flags");
            List<? extends RespValue> fl = flags instanceof RespValue.Set s ? s.items()
                    : flags instanceof RespValue.Array a ? a.items() : List.of();
            for (RespValue f : fl) {
                switch (String.valueOf(text(f))) {
                    case "access" -> needs |= AclCheck.READ;
                    case "insert", "delete", "update" -> needs |= AclCheck.WRITE;
                    case "not_key" -> notKey = true;
                    default -> { }
                }
            }
            if (notKey) {
                continue;
            }
            RespValue bs = field(spec, "begin_search");
            RespValue fk = field(spec, "find_keys");
            String bsType = text(field(bs, "type"));
            String fkType = text(field(fk, "type"));
            RespValue bsSpec = field(bs, "spec");
            RespValue fkSpec = field(fk, "spec");
            boolean unknown = !"index".equals(bsType) && !"keyword".equals(bsType)
                    || !"range".equals(fkType) && !"keynum".equals(fkType);
            String keyword = "keyword".equals(bsType) ? text(field(bsSpec, "keyword")) : null;
            out.add(new Spec(needs, num(bsSpec, "index"), keyword, num(bsSpec, "startfrom"), "keynum".equals(fkType),
                    num(fkSpec, "lastkey"), "keynum".equals(fkType) ? num(fkSpec, "keystep") : num(fkSpec, "keystep"),
                    num(fkSpec, "limit"), num(fkSpec, "keynumidx"), num(fkSpec, "firstkey"), unknown));
        }
        return out;
    }
}
