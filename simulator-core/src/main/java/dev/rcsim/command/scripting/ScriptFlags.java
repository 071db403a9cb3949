package dev.rcsim.command.scripting;

/**
 * Script flags (script.c {@code scripts_flags_def}) as a bit set: from an EVAL shebang
 * ({@code #!lua flags=no-writes,allow-stale}) or a function's {@code flags} field. A script without
 * a shebang runs in EVAL compatibility mode.
 */
final class ScriptFlags {
    private ScriptFlags() {}

    static final int NO_WRITES = 1;
    static final int ALLOW_OOM = 1 << 1;
    static final int ALLOW_STALE = 1 << 2;
    static final int NO_CLUSTER = 1 << 3;
    static final int EVAL_COMPAT_MODE = 1 << 4;
    static final int ALLOW_CROSS_SLOT = 1 << 5;

    static final String[] NAMES = {"no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"};
    static final int[] BITS = {NO_WRITES, ALLOW_OOM, ALLOW_STALE, NO_CLUSTER, ALLOW_CROSS_SLOT};

    /** The bit of a flag name in any case (function flags), 0 if unknown. */
    static int ofIgnoreCase(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equalsIgnoreCase(name)) {
                return BITS[i];
            }
        }
        return 0;
    }

    /** The bit of a flag name, 0 if unknown. */
    static int of(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return BITS[i];
            }
        }
        return 0;
    }
}
