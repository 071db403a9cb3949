package dev.rcsim.command;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Argument parsing shared by every command family, with Redis's error replies. */
public final class Args {
    private Args() {}

    /** Case-insensitive comparison of an argument with an ASCII keyword (given in lower case). */
    public static boolean is(byte[] arg, String lowerKeyword) {
        int n = lowerKeyword.length();
        if (arg.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = arg[i];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != lowerKeyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public static String str(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }

    public static String lower(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }

    public static Bytes key(byte[] arg) {
        return Bytes.of(arg);
    }

    /** string2ll or {@code ERR value is not an integer or out of range}. */
    public static long toLong(byte[] arg) {
        try {
            return Numbers.parseLong(arg);
        } catch (NumberFormatException e) {
            throw new ReplyException(Replies.NOT_INTEGER);
        }
    }

    public static long toLong(byte[] arg, RespValue error) {
        try {
            return Numbers.parseLong(arg);
        } catch (NumberFormatException e) {
            throw new ReplyException(error);
        }
    }

    /** An int in range, else {@code ERR value is out of range, must be positive} style errors chosen by the caller. */
    public static int toInt(byte[] arg) {
        long v = toLong(arg);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ReplyException(Replies.NOT_INTEGER);
        }
        return (int) v;
    }

    /** strtod rules or {@code ERR value is not a valid float}. */
    public static double toDouble(byte[] arg) {
        try {
            return Numbers.parseDouble(arg);
        } catch (NumberFormatException e) {
            throw new ReplyException(Replies.NOT_FLOAT);
        }
    }

    public static ReplyException error(String message) {
        return new ReplyException(Replies.error(message));
    }

    public static ReplyException syntax() {
        return new ReplyException(Replies.SYNTAX);
    }

    /** The value under key, checked to be of {@code type}; null if absent; WRONGTYPE otherwise. */
    @SuppressWarnings("unchecked")
    public static <T extends RedisValue> T lookup(Connection c, byte[] key, Class<T> type) {
        RedisValue v = c.keyspace().get(Bytes.of(key));
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw new ReplyException(Replies.WRONGTYPE);
        }
        return (T) v;
    }

    /**
     * Timeout argument of blocking commands in seconds (double), as milliseconds; 0 means forever.
     * Errors as Redis: not a float, or negative.
     */
    public static long timeoutMillis(byte[] arg) {
        double d;
        try {
            d = Numbers.parseDouble(arg);
        } catch (NumberFormatException e) {
            throw new ReplyException(Replies.TIMEOUT_NOT_FLOAT);
        }
        // Redis: (long long) ceill(d * 1000); inf and values past LLONG_MAX convert to LLONG_MIN -> negative
        double ms = Math.ceil(d * 1000);
        if (ms < 0 || ms >= 0x1p63) {
            throw new ReplyException(Replies.TIMEOUT_NEGATIVE);
        }
        return (long) ms;
    }
}
