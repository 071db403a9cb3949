package dev.rcsim.server;

import dev.rcsim.keyspace.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Redis's keyspace notifications ({@code notify.c}): the classes enabled by
 * {@code notify-keyspace-events} and the publishing of {@code __keyspace@<db>__:<key>} (message: the
 * event) and {@code __keyevent@<db>__:<event>} (message: the key). As in Redis the messages go to this
 * node's subscribers only, also in a cluster. Commands report their effects through
 * {@link #fire}, which returns at once when the class is off.
 */
public final class KeyEvents {
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 13;
    public static final int NEW = 1 << 14;
    /** The {@code A} class: every class but key-miss and new-key events. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    private final PubSubRegistry pubsub;
    private int flags;
    /**
     * True while a command whose lookups are Redis's lookupKeyRead runs (read-only commands, and write
     * commands that read sources): a miss publishes {@code keymiss}. Other writes look keys up for
     * writing.
     */
    public boolean inReadCommand;

    KeyEvents(PubSubRegistry pubsub) {
        this.pubsub = pubsub;
    }

    /** Redis's keyspaceEventsStringToFlags: -1 for a character that names no class. */
    public static int parse(String classes) {
        int f = 0;
        for (int i = 0; i < classes.length(); i++) {
            switch (classes.charAt(i)) {
                case 'A' -> f |= ALL;
                case 'g' -> f |= GENERIC;
                case '$' -> f |= STRING;
                case 'l' -> f |= LIST;
                case 's' -> f |= SET;
                case 'h' -> f |= HASH;
                case 'z' -> f |= ZSET;
                case 'x' -> f |= EXPIRED;
                case 'e' -> f |= EVICTED;
                case 'K' -> f |= KEYSPACE;
                case 'E' -> f |= KEYEVENT;
                case 't' -> f |= STREAM;
                case 'm' -> f |= KEY_MISS;
                case 'd' -> f |= MODULE;
                case 'n' -> f |= NEW;
                default -> {
                    return -1;
                }
            }
        }
        return f;
    }

    /** Redis's keyspaceEventsFlagsToString: the form CONFIG GET shows ({@code KEA} becomes {@code AKE}). */
    public static String format(int f) {
        StringBuilder sb = new StringBuilder();
        if ((f & ALL) == ALL) {
            sb.append('A');
        } else {
            String chars = "g$lshzxetdn";
            int[] bits = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE, NEW};
            for (int i = 0; i < bits.length; i++) {
                if ((f & bits[i]) != 0) {
                    sb.append(chars.charAt(i));
                }
            }
        }
        if ((f & KEYSPACE) != 0) {
            sb.append('K');
        }
        if ((f & KEYEVENT) != 0) {
            sb.append('E');
        }
        if ((f & KEY_MISS) != 0) {
            sb.append('m');
        }
        return sb.toString();
    }

    /** Re-reads {@code notify-keyspace-events}, storing it in Redis's normalised form. */
    void refresh(NodeConfig config) {
        int f = parse(config.get("notify-keyspace-events"));
        flags = Math.max(f, 0);
        config.set("notify-keyspace-events", format(flags));
    }

    /** True when events of {@code type} are published (a class and K or E are on). */
    public boolean enabled(int type) {
        return (flags & type) != 0 && (flags & (KEYSPACE | KEYEVENT)) != 0;
    }

    /** Redis's notifyKeyspaceEvent. */
    public void fire(int type, String event, byte[] key, int db) {
        if ((flags & type) == 0) {
            return;
        }
        byte[] ev = event.getBytes(StandardCharsets.US_ASCII);
        if ((flags & KEYSPACE) != 0) {
            pubsub.deliver(channel("__keyspace@", db, key), ev);
        }
        if ((flags & KEYEVENT) != 0) {
            pubsub.deliver(channel("__keyevent@", db, ev), key);
        }
    }

    private static Bytes channel(String prefix, int db, byte[] tail) {
        byte[] head = (prefix + db + "__:").getBytes(StandardCharsets.US_ASCII);
        byte[] ch = new byte[head.length + tail.length];
        System.arraycopy(head, 0, ch, 0, head.length);
        System.arraycopy(tail, 0, ch, head.length, tail.length);
        return Bytes.of(ch);
    }
}
