package dev.rcsim.acl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * Redis's ACL LOG: newest first, a denial similar to one of the 10 newest within 60 s (same reason,
 * context, object and user) bumps that entry's count and moves it to the front; trimmed to
 * {@code acllog-max-len}. Times are the node's clock.
 */
public final class AclLog {
    public static final int DENIED_CMD = 1;
    public static final int DENIED_KEY = 2;
    public static final int DENIED_AUTH = 3;
    public static final int DENIED_CHANNEL = 4;

    /** One entry as ACL LOG shows it. */
    public static final class Entry {
        public long count = 1;
        public final int reason;
        /** {@link #TOPLEVEL}, {@link #MULTI} or {@link #LUA}: where the denied call was made. */
        public final int context;
        public final String object;
        public final String username;
        public long ctimeMillis;
        public String clientInfo;

        Entry(int reason, int context, String object, String username, long ctime, String clientInfo) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.ctimeMillis = ctime;
            this.clientInfo = clientInfo;
        }

        public String reasonName() {
            return switch (reason) {
                case DENIED_CMD -> "command";
                case DENIED_KEY -> "key";
                case DENIED_CHANNEL -> "channel";
                case DENIED_AUTH -> "auth";
                default -> "unknown";
            };
        }

        public String contextName() {
            return switch (context) {
                case MULTI -> "multi";
                case LUA -> "lua";
                default -> "toplevel";
            };
        }
    }

    private final LinkedList<Entry> entries = new LinkedList<>();

    /** Redis's addACLLogEntry. */
    /** ACL LOG contexts (Redis's ACL_LOG_CTX_*). */
    public static final int TOPLEVEL = 0;
    public static final int MULTI = 1;
    public static final int LUA = 2;

    public void add(int reason, int context, String object, String username, long nowMillis, String clientInfo, long maxLen) {
        int toscan = 10;
        Iterator<Entry> it = entries.iterator();
        while (toscan-- > 0 && it.hasNext()) {
            Entry e = it.next();
            if (e.reason == reason && e.context == context && Math.abs(e.ctimeMillis - nowMillis) <= 60000
                    && e.object.equals(object) && e.username.equals(username)) {
                it.remove();
                entries.addFirst(e);
                e.clientInfo = clientInfo;
                e.ctimeMillis = nowMillis;
                e.count++;
                return;
            }
        }
        entries.addFirst(new Entry(reason, context, object, username, nowMillis, clientInfo));
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    public void reset() {
        entries.clear();
    }

    /** The newest {@code count} entries. */
    public List<Entry> newest(long count) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (out.size() >= count) {
                break;
            }
            out.add(e);
        }
        return out;
    }
}
