package dev.rcsim.server;

import dev.rcsim.keyspace.Bytes;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Redis's server-assisted client-side caching ({@code tracking.c}) on one node: the tracking table
 * (keys read by tracking clients, and who read them), BCAST prefixes, and the invalidation messages:
 * a RESP3 push {@code invalidate [keys]} (null after FLUSHALL/FLUSHDB), or, for a RESP2 connection a
 * client REDIRECTs to, a message on {@code __redis__:invalidate}. As in Redis, keys are tracked by
 * name across databases, an invalidation for the client that runs the command comes after its reply,
 * and BCAST invalidations are sent once the node has finished the clients' current input (Redis's
 * beforeSleep).
 */
public final class Tracking {
    /** One client's CLIENT TRACKING state (Redis's CLIENT_TRACKING_* flags). */
    public static final class State {
        public long redirect;
        public boolean bcast;
        public boolean optin;
        public boolean optout;
        public boolean noloop;
        public boolean caching;
        public boolean brokenRedirect;
        public final TreeSet<Bytes> prefixes = new TreeSet<>();
    }

    /** A BCAST prefix: its clients and the keys changed since the last broadcast (with who changed them). */
    private static final class Prefix {
        final LinkedHashSet<Connection> clients = new LinkedHashSet<>();
        final TreeMap<Bytes, Connection> keys = new TreeMap<>();
    }

    private static final RespValue INVALIDATE = Replies.bulk("invalidate");
    private static final RespValue MESSAGE = Replies.bulk("message");
    private static final RespValue CHANNEL = Replies.bulk("__redis__:invalidate");
    private static final RespValue REDIR_BROKEN = Replies.bulk("tracking-redir-broken");
    private static final RespValue NULL2 = new RespValue.Raw("$-1\r\n".getBytes(StandardCharsets.US_ASCII));
    private static final RespValue NULL3 = new RespValue.Raw("_\r\n".getBytes(StandardCharsets.US_ASCII));

    private final RedisNode node;
    private final Map<Bytes, LinkedHashSet<Long>> table = new HashMap<>();
    private final TreeMap<Bytes, Prefix> prefixTable = new TreeMap<>();
    private long totalItems;
    private int trackingClients;
    /** trackingLimitUsedSlots's timeout_counter: runs in a row that ended still over the limit. */
    private int limitTimeouts;
    private boolean broadcastScheduled;
    /** The client whose command is running (Redis's server.current_client), while tracking is in use. */
    public Connection current;

    Tracking(RedisNode node) {
        this.node = node;
    }

    /** True when some client tracks or the table holds keys: only then do commands consult this class. */
    public boolean active() {
        return trackingClients > 0 || !table.isEmpty();
    }

    public int clients() {
        return trackingClients;
    }

    public int totalKeys() {
        return table.size();
    }

    public long totalItems() {
        return totalItems;
    }

    public int totalPrefixes() {
        return prefixTable.size();
    }

    /** Redis's enableTracking: options already validated by CLIENT TRACKING. */
    public void enable(Connection c, long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop, List<Bytes> prefixes) {
        State s = c.tracking();
        if (s == null) {
            s = new State();
            c.setTracking(s);
            trackingClients++;
        }
        s.brokenRedirect = false;
        s.bcast = false;
        s.optin = false;
        s.optout = false;
        s.noloop = false;
        s.redirect = redirect;
        if (bcast) {
            s.bcast = true;
            if (prefixes.isEmpty()) {
                addPrefix(c, Bytes.of(new byte[0]));
            }
            for (Bytes p : prefixes) {
                addPrefix(c, p);
            }
        }
        s.optin = optin;
        s.optout = optout;
        s.noloop = noloop;
    }

    private void addPrefix(Connection c, Bytes p) {
        Prefix bs = prefixTable.computeIfAbsent(p, k -> new Prefix());
        if (bs.clients.add(c)) {
            c.tracking().prefixes.add(p);
        }
    }

    /** Redis's disableTracking (CLIENT TRACKING off, RESET, a closed connection). */
    public void disable(Connection c) {
        State s = c.tracking();
        if (s == null) {
            return;
        }
        if (s.bcast) {
            for (Bytes p : s.prefixes) {
                Prefix bs = prefixTable.get(p);
                if (bs != null) {
                    bs.clients.remove(c);
                    if (bs.clients.isEmpty()) {
                        prefixTable.remove(p);
                    }
                }
            }
        }
        c.setTracking(null);
        trackingClients--;
    }

    /**
     * Redis's checkPrefixCollisionsOrReply: null when no prefix overlaps another (one a prefix of the
     * other), else the error. {@code partial} is set when Redis's own check lets the command go on
     * after replying the error (an overlap found between two new prefixes past the first).
     */
    public static String prefixCollision(State existing, List<Bytes> prefixes, boolean[] partial) {
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] p = prefixes.get(i).bytes();
            if (existing != null) {
                for (Bytes e : existing.prefixes) {
                    if (overlap(e.bytes(), p)) {
                        return "ERR Prefix '" + cstr(p) + "' overlaps with an existing prefix '" + cstr(e.bytes())
                                + "'. Prefixes for a single client must not overlap.";
                    }
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                byte[] q = prefixes.get(j).bytes();
                if (overlap(p, q)) {
                    partial[0] = i != 0;
                    return "ERR Prefix '" + cstr(p) + "' overlaps with another provided prefix '" + cstr(q)
                            + "'. Prefixes for a single client must not overlap.";
                }
            }
        }
        return null;
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** As C's %s prints it: up to the first NUL, one char per byte. */
    private static String cstr(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Redis's trackingRememberKeys, after a read-only command of a tracking client (not in BCAST mode),
     * unless OPTIN without CACHING yes or OPTOUT with CACHING no.
     */
    public void remember(Connection c, byte[][] argv, int[] keyIndexes) {
        State s = c.tracking();
        if (s == null || s.bcast || (s.optin && !s.caching) || (s.optout && s.caching)) {
            return;
        }
        for (int idx : keyIndexes) {
            LinkedHashSet<Long> ids = table.computeIfAbsent(Bytes.of(argv[idx]), k -> new LinkedHashSet<>());
            if (ids.add(c.id())) {
                totalItems++;
            }
        }
    }

    /**
     * Redis's trackingLimitUsedSlots (before each command of a node with tracking clients, and from the
     * cron): while the table holds more keys than {@code tracking-table-max-keys} (0: no limit), keys
     * are invalidated, as if modified, until it is back at the limit; at most 100 keys per run, 100 more
     * for each run in a row that ended still over it. Which keys: Redis walks its radix tree at random,
     * rcsim takes them in its table's order.
     */
    public void limitUsedSlots() {
        if (trackingClients == 0) {
            return;
        }
        long max = node.config().longValue("tracking-table-max-keys");
        if (max == 0) {
            return;
        }
        if (table.size() <= max) {
            limitTimeouts = 0;
            return;
        }
        int effort = 100 * (limitTimeouts + 1);
        List<Bytes> victims = new ArrayList<>(Math.min(effort, table.size()));
        for (Bytes k : table.keySet()) {
            if (victims.size() == effort) {
                break;
            }
            victims.add(k);
        }
        for (Bytes k : victims) {
            invalidate(k, k.bytes(), false, false);
            if (table.size() <= max) {
                limitTimeouts = 0;
                return;
            }
        }
        limitTimeouts++;
    }

    /** Redis's trackingInvalidateKey(c, key, bcast=1): a key was modified (by {@link #current}, or by expiry). */
    public void invalidate(byte[] key) {
        invalidate(null, key, true, true);
    }

    /**
     * trackingInvalidateKey. {@code inCommand}: the key changed inside a command (Redis's
     * fixed_time_expire), so the running client's own message waits for its reply; outside one (the
     * table limit, checked before the command runs) it goes out at once.
     */
    private void invalidate(Bytes k, byte[] key, boolean bcast, boolean inCommand) {
        if (bcast && !prefixTable.isEmpty()) {
            if (k == null) {
                k = Bytes.of(key);
            }
            rememberForBroadcast(k);
        }
        if (table.isEmpty()) {
            return;
        }
        if (k == null) {
            k = Bytes.of(key);
        }
        LinkedHashSet<Long> ids = table.remove(k);
        if (ids == null) {
            return;
        }
        totalItems -= ids.size();
        RespValue keys = Replies.array(List.of(Replies.bulk(key)));
        for (long id : ids) {
            Connection target = node.clients().byId(id);
            if (target == null || target.tracking() == null || target.tracking().bcast) {
                continue;
            }
            if (target.tracking().noloop && target == current) {
                continue;
            }
            send(target, keys, inCommand && target == current);
        }
    }

    private void rememberForBroadcast(Bytes key) {
        byte[] k = key.bytes();
        for (Map.Entry<Bytes, Prefix> e : prefixTable.entrySet()) {
            byte[] p = e.getKey().bytes();
            if (p.length > k.length || !overlap(p, k)) {
                continue;
            }
            e.getValue().keys.put(key, current);
        }
        if (!broadcastScheduled && node.loop() != null) {
            broadcastScheduled = true;
            node.loop().execute(this::broadcast);
        }
    }

    /** Redis's trackingBroadcastInvalidationMessages (beforeSleep): each prefix's changed keys, in key order. */
    void broadcast() {
        broadcastScheduled = false;
        for (Prefix bs : prefixTable.values()) {
            if (!bs.keys.isEmpty()) {
                RespValue all = keysArray(bs, null);
                for (Connection c : new ArrayList<>(bs.clients)) {
                    if (c.tracking() != null && c.tracking().noloop) {
                        RespValue own = keysArray(bs, c);
                        if (own != null) {
                            send(c, own, false);
                        }
                    } else {
                        send(c, all, false);
                    }
                    c.flush();
                }
                bs.keys.clear();
            }
        }
    }

    private static RespValue keysArray(Prefix bs, Connection except) {
        List<RespValue> keys = new ArrayList<>(bs.keys.size());
        for (Map.Entry<Bytes, Connection> e : bs.keys.entrySet()) {
            if (except == null || e.getValue() != except) {
                keys.add(Replies.bulk(e.getKey().bytes()));
            }
        }
        return keys.isEmpty() ? null : Replies.array(keys);
    }

    /** Redis's trackingInvalidateKeysOnFlush: every tracking client is told to drop everything. */
    public void flushed() {
        if (trackingClients > 0) {
            for (Connection c : new ArrayList<>(node.clients().all())) {
                if (c.tracking() != null) {
                    send(c, c.resp() > 2 ? NULL3 : NULL2, c == current);
                }
            }
        }
        table.clear();
        totalItems = 0;
    }

    /** Redis's sendTrackingMessage; {@code afterReply} queues it behind the reply of the running command. */
    private void send(Connection c, RespValue keys, boolean afterReply) {
        State s = c.tracking();
        Connection target = c;
        boolean redirected = false;
        if (s != null && s.redirect != 0) {
            Connection redir = node.clients().byId(s.redirect);
            if (redir == null) {
                s.brokenRedirect = true;
                if (c.resp() > 2) {
                    deliver(c, Replies.push(List.of(REDIR_BROKEN, Replies.integer(s.redirect))), afterReply);
                }
                return;
            }
            target = redir;
            redirected = true;
            afterReply = afterReply && redir == current;
        }
        if (target.resp() > 2) {
            deliver(target, Replies.push(List.of(INVALIDATE, keys)), afterReply);
        } else if (redirected && target.subscriptionCount() > 0) {
            deliver(target, Replies.push(List.of(MESSAGE, CHANNEL, keys)), afterReply);
        }
    }

    private static void deliver(Connection c, RespValue msg, boolean afterReply) {
        if (afterReply) {
            c.sendAfterReply(msg);
        } else {
            c.push(msg);
        }
    }

    /** The keys of the tracking table, for tests. */
    public Set<Bytes> trackedKeys() {
        return table.keySet();
    }
}
