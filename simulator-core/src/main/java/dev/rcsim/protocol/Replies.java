package dev.rcsim.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Factory and pre-encoded constants for replies. */
public final class Replies {
    private Replies() {}

    public static final RespValue OK = raw("+OK\r\n");
    public static final RespValue PONG = raw("+PONG\r\n");
    public static final RespValue QUEUED = raw("+QUEUED\r\n");
    public static final RespValue NULL_BULK = new RespValue.Versioned(ascii("$-1\r\n"), ascii("_\r\n"));
    public static final RespValue NULL_ARRAY = new RespValue.Versioned(ascii("*-1\r\n"), ascii("_\r\n"));
    public static final RespValue EMPTY_ARRAY = raw("*0\r\n");
    public static final RespValue EMPTY_BULK = raw("$0\r\n\r\n");
    public static final RespValue EMPTY_SET = new RespValue.Versioned(ascii("*0\r\n"), ascii("~0\r\n"));
    public static final RespValue EMPTY_MAP = new RespValue.Versioned(ascii("*0\r\n"), ascii("%0\r\n"));

    public static final RespValue WRONGTYPE = error("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final RespValue NOT_INTEGER = error("ERR value is not an integer or out of range");
    public static final RespValue NOT_FLOAT = error("ERR value is not a valid float");
    public static final RespValue SYNTAX = error("ERR syntax error");
    public static final RespValue NO_SUCH_KEY = error("ERR no such key");
    public static final RespValue OVERFLOW = error("ERR increment or decrement would overflow");
    public static final RespValue OUT_OF_RANGE = error("ERR index out of range");
    public static final RespValue NOAUTH = error("NOAUTH Authentication required.");
    public static final RespValue EXECABORT = error("EXECABORT Transaction discarded because of previous errors.");
    public static final RespValue TIMEOUT_NOT_FLOAT = error("ERR timeout is not a float or out of range");
    public static final RespValue TIMEOUT_NEGATIVE = error("ERR timeout is negative");

    private static final int CACHED_INTS = 10_000;
    private static final RespValue[] INTS = new RespValue[CACHED_INTS];

    static {
        for (int i = 0; i < CACHED_INTS; i++) {
            INTS[i] = raw(":" + i + "\r\n");
        }
    }

    public static final RespValue ZERO = INTS[0];
    public static final RespValue ONE = INTS[1];
    public static final RespValue MINUS_ONE = raw(":-1\r\n");
    public static final RespValue MINUS_TWO = raw(":-2\r\n");

    public static RespValue raw(String ascii) {
        return new RespValue.Raw(ascii(ascii));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * An error reply that echoes raw argument bytes as Redis does (byte for byte, not as UTF-8):
     * {@code message} holds them as ISO-8859-1 chars ({@link #rawText}); CR and LF become spaces, as in
     * Redis's addReplyError.
     */
    public static RespValue rawError(String message) {
        String m = message.indexOf('\r') < 0 && message.indexOf('\n') < 0 ? message
                : message.replace('\r', ' ').replace('\n', ' ');
        return new RespValue.Raw(("-" + m + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** An argument as Redis's {@code %s} prints it into an error: its bytes up to a NUL, one char per byte. */
    public static String rawText(byte[] arg) {
        int n = arg.length;
        for (int i = 0; i < n; i++) {
            if (arg[i] == 0) {
                n = i;
                break;
            }
        }
        return new String(arg, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** An error reply; {@code message} is the whole line after '-', e.g. {@code "ERR syntax error"}. */
    public static RespValue error(String message) {
        return new RespValue.Raw(("-" + message + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public static RespValue integer(long n) {
        if (n >= 0 && n < CACHED_INTS) {
            return INTS[(int) n];
        }
        return new RespValue.Int(n);
    }

    public static RespValue bool(boolean b) {
        return b ? ONE : ZERO;
    }

    public static RespValue simple(String s) {
        return new RespValue.Simple(s);
    }

    public static RespValue bulk(byte[] b) {
        return b == null ? NULL_BULK : new RespValue.Bulk(b);
    }

    public static RespValue bulk(String s) {
        return s == null ? NULL_BULK : new RespValue.Bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    public static RespValue array(List<? extends RespValue> items) {
        return new RespValue.Array(items);
    }

    public static RespValue array(RespValue... items) {
        return new RespValue.Array(List.of(items));
    }

    public static RespValue bulks(Collection<byte[]> items) {
        List<RespValue> out = new ArrayList<>(items.size());
        for (byte[] b : items) {
            out.add(bulk(b));
        }
        return new RespValue.Array(out);
    }

    public static RespValue bulkStrings(Collection<String> items) {
        List<RespValue> out = new ArrayList<>(items.size());
        for (String s : items) {
            out.add(bulk(s));
        }
        return new RespValue.Array(out);
    }

    public static RespValue set(List<? extends RespValue> items) {
        return new RespValue.Set(items);
    }

    public static RespValue map(List<? extends RespValue> keysAndValues) {
        return new RespValue.Map(keysAndValues);
    }

    /** A double reply formatted as Redis 7.0 does (RESP3 {@code ,}; bulk string in RESP2). */
    public static RespValue dbl(double d) {
        return new RespValue.Double(Numbers.formatDouble(d));
    }

    public static RespValue verbatim(String text) {
        return new RespValue.Verbatim("txt", text.getBytes(StandardCharsets.UTF_8));
    }

    public static RespValue push(List<? extends RespValue> items) {
        return new RespValue.Push(items);
    }

    /** {@code ERR wrong number of arguments for 'name' command}. */
    public static RespValue wrongArity(String fullName) {
        return error("ERR wrong number of arguments for '" + fullName + "' command");
    }
}
