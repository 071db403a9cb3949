package dev.rcsim.command;

import dev.rcsim.protocol.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Redis's {@code redactClientCommandArgument}: the arguments MONITOR and SLOWLOG show as
 * {@code (redacted)}: AUTH's arguments, HELLO's AUTH user and password, MIGRATE's AUTH/AUTH2
 * credentials, the values of sensitive CONFIG SET parameters, and ACL SETUSER's rules. Commands
 * without secrets get their own argv back (no copy).
 */
final class Redaction {
    private Redaction() {}

    static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> SENSITIVE_CONFIGS = Set.of("requirepass", "masterauth", "masteruser");

    static byte[][] of(CommandSpec spec, byte[][] argv) {
        switch (spec.fullName) {
            case "auth" -> {
                byte[][] out = argv.clone();
                for (int j = 1; j < out.length; j++) {
                    out[j] = REDACTED;
                }
                return out;
            }
            case "hello" -> {
                if (argv.length < 2 || !isLong(argv[1])) {
                    return argv; // HELLO stops at a bad protocol version, before its options
                }
                byte[][] out = argv;
                for (int j = 2; j < argv.length; j++) {
                    int more = argv.length - 1 - j;
                    if (Args.is(argv[j], "auth") && more >= 2) {
                        out = out == argv ? argv.clone() : out;
                        out[j + 1] = REDACTED;
                        out[j + 2] = REDACTED;
                        j += 2;
                    } else if (Args.is(argv[j], "setname") && more >= 1) {
                        j++;
                    } else {
                        break;
                    }
                }
                return out;
            }
            case "migrate" -> {
                byte[][] out = argv;
                for (int j = 6; j < argv.length; j++) {
                    int more = argv.length - 1 - j;
                    if (Args.is(argv[j], "auth") && more >= 1) {
                        out = out == argv ? argv.clone() : out;
                        out[++j] = REDACTED;
                    } else if (Args.is(argv[j], "auth2") && more >= 2) {
                        out = out == argv ? argv.clone() : out;
                        out[++j] = REDACTED;
                        out[++j] = REDACTED;
                    } else if (Args.is(argv[j], "keys")) {
                        break;
                    }
                }
                return out;
            }
            case "config|set" -> {
                byte[][] out = argv;
                for (int j = 2; j + 1 < argv.length; j += 2) {
                    if (SENSITIVE_CONFIGS.contains(Args.lower(argv[j]))) {
                        out = out == argv ? argv.clone() : out;
                        out[j + 1] = REDACTED;
                    }
                }
                return out;
            }
            case "acl|setuser" -> {
                byte[][] out = argv.clone();
                for (int j = 2; j < out.length; j++) {
                    out[j] = REDACTED;
                }
                return out;
            }
            default -> {
                return argv;
            }
        }
    }

    private static boolean isLong(byte[] b) {
        try {
            Numbers.parseLong(b);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
