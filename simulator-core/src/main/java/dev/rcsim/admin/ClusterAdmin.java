package dev.rcsim.admin;

import dev.rcsim.keyspace.HashSlots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Cluster administration as {@code redis-cli --cluster} does it, from Java: reshard, rebalance, check
 * and fix. Like redis-cli it is only a client: it loads the cluster from one entry node (CLUSTER NODES
 * there, then CLUSTER NODES on every node it lists, each node's own line giving its slots and open
 * slots) and acts only with commands a node accepts (CLUSTER SETSLOT, GETKEYSINSLOT, MIGRATE, ADDSLOTS,
 * COUNTKEYSINSLOT), over real sockets, so it works on simulated nodes and on real Redis alike. Slot
 * plans use redis-cli's arithmetic (single-precision division, first source rounded up, lowest slots
 * first, rebalance by weighted balance), so the same request gives the same layout.
 *
 * <p>{@link #addNode} and {@link #removeNode} send what {@code redis-cli --cluster add-node / del-node}
 * sends (CLUSTER MEET to the new node, CLUSTER REPLICATE; CLUSTER FORGET on every other node, then
 * CLUSTER RESET SOFT to the removed one) and, unlike redis-cli, then wait until gossip has converged
 * (through the {@link Awaiter}: wall time by default, the simulated clock from {@code cluster.admin()}).
 * {@link #fix()} differs from redis-cli in one way: after covering a slot it also
 * sends {@code CLUSTER SETSLOT <slot> NODE <owner>} to the other masters, which real Redis leaves to
 * gossip, and it covers unassigned slots before closing open ones (MIGRATE answers CLUSTERDOWN while a
 * slot is unassigned).
 */
public final class ClusterAdmin {
    private static final int PIPELINE = 10;
    private static final int TIMEOUT_MS = 60_000;

    private final String host;
    private final int port;
    private AdminListener listener = AdminListener.NONE;
    private Awaiter awaiter = Awaiter.WALL_CLOCK;

    /**
     * How the admin waits for gossip: until {@code condition} holds, at most {@code limit} of cluster
     * time. redis-cli polls the nodes in wall time; {@code cluster.admin()} waits by advancing a
     * simulated clock, so a wait for convergence costs no wall time.
     */
    @FunctionalInterface
    public interface Awaiter {
        /** Polls in wall time every 20 ms. */
        Awaiter WALL_CLOCK = (what, condition, limit) -> {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AdminException("timed out after " + limit.toMillis() + " ms waiting for " + what);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        };

        void await(String what, java.util.function.BooleanSupplier condition, java.time.Duration limit);
    }

    /** An admin that enters the cluster through {@code host:port}. */
    public ClusterAdmin(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Where progress lines go (redis-cli's "Moving slot ..." and the like). */
    public ClusterAdmin listener(AdminListener l) {
        this.listener = l == null ? AdminListener.NONE : l;
        return this;
    }

    /** How to wait for gossip to converge (a simulated cluster passes one that advances its clock). */
    public ClusterAdmin awaiter(Awaiter a) {
        this.awaiter = a == null ? Awaiter.WALL_CLOCK : a;
        return this;
    }

    // ---------------------------------------------------------------- model

    /** One node as the admin loaded it: from the entry node's table, with its own line for slots. */
    static final class Node {
        String id;
        String host;
        int port;
        boolean replica;
        String masterId;
        boolean failed;
        final TreeSet<Integer> slots = new TreeSet<>();
        final Map<Integer, String> migrating = new LinkedHashMap<>();
        final Map<Integer, String> importing = new LinkedHashMap<>();
        NodeClient client;
        /** For rebalance. */
        double weight = 1;
        int balance;

        String address() {
            return host + ":" + port;
        }
    }

    /** The cluster as loaded: entry node first, then the others in the entry node's CLUSTER NODES order. */
    static final class Cluster implements AutoCloseable {
        final List<Node> nodes = new ArrayList<>();

        List<Node> masters() {
            List<Node> out = new ArrayList<>();
            for (Node n : nodes) {
                if (!n.replica) {
                    out.add(n);
                }
            }
            return out;
        }

        Node byId(String id) {
            String lower = id.toLowerCase(java.util.Locale.ROOT);
            Node found = null;
            for (Node n : nodes) {
                if (n.id.equals(lower)) {
                    return n;
                }
                if (n.id.startsWith(lower)) {
                    found = n;
                }
            }
            if (found == null) {
                throw new AdminException("No such node ID " + id);
            }
            return found;
        }

        @Override
        public void close() {
            for (Node n : nodes) {
                if (n.client != null) {
                    n.client.close();
                }
            }
        }
    }

    Cluster load() {
        Cluster c = new Cluster();
        NodeClient entry = new NodeClient(host, port, TIMEOUT_MS);
        try {
            String text = (String) entry.ok("CLUSTER", "NODES");
            List<Node> listed = new ArrayList<>();
            Node me = null;
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] t = line.split(" ");
                Node n = new Node();
                n.id = t[0];
                String addr = t[1];
                int at = addr.lastIndexOf('@');
                String hp = at >= 0 ? addr.substring(0, at) : addr;
                int colon = hp.lastIndexOf(':');
                n.host = hp.substring(0, colon);
                n.port = Integer.parseInt(hp.substring(colon + 1));
                n.failed = t[2].contains("fail") || t[2].contains("noaddr");
                if (t[2].contains("myself")) {
                    n.host = n.host.isEmpty() ? host : n.host;
                    me = n;
                } else if (!n.failed) {
                    listed.add(n);
                }
            }
            if (me == null) {
                throw new AdminException("no myself line in CLUSTER NODES of " + host + ":" + port);
            }
            me.client = entry;
            c.nodes.add(me);
            c.nodes.addAll(listed);
            for (Node n : c.nodes) {
                if (n.client == null) {
                    n.client = new NodeClient(n.host, n.port, TIMEOUT_MS);
                }
                readOwnLine(n, (String) n.client.ok("CLUSTER", "NODES"));
            }
            return c;
        } catch (RuntimeException e) {
            c.close();
            entry.close();
            throw e;
        }
    }

    /** Fills a node's role, slots and open slots from its own {@code myself} line. */
    private static void readOwnLine(Node n, String nodes) {
        for (String line : nodes.split("\n")) {
            String[] t = line.split(" ");
            if (t.length < 8 || !t[2].contains("myself")) {
                continue;
            }
            n.id = t[0];
            n.replica = t[2].contains("slave");
            n.masterId = "-".equals(t[3]) ? null : t[3];
            n.slots.clear();
            n.migrating.clear();
            n.importing.clear();
            for (int i = 8; i < t.length; i++) {
                String s = t[i];
                if (s.startsWith("[")) {
                    String body = s.substring(1, s.length() - 1);
                    int mig = body.indexOf("->-");
                    int imp = body.indexOf("-<-");
                    if (mig > 0) {
                        n.migrating.put(Integer.parseInt(body.substring(0, mig)), body.substring(mig + 3));
                    } else if (imp > 0) {
                        n.importing.put(Integer.parseInt(body.substring(0, imp)), body.substring(imp + 3));
                    }
                } else {
                    int dash = s.indexOf('-');
                    int a = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
                    int b = dash < 0 ? a : Integer.parseInt(s.substring(dash + 1));
                    for (int x = a; x <= b; x++) {
                        n.slots.add(x);
                    }
                }
            }
            return;
        }
    }

    // ---------------------------------------------------------------- check

    /** {@code redis-cli --cluster check}: agreement, open slots and coverage. */
    public CheckReport check() {
        try (Cluster c = load()) {
            return check(c);
        }
    }

    private CheckReport check(Cluster c) {
        List<String> lines = new ArrayList<>();
        String first = null;
        boolean agree = true;
        for (Node n : c.nodes) {
            String sig = signature((String) n.client.ok("CLUSTER", "NODES"));
            if (sig.isEmpty() || (first != null && !first.equals(sig))) {
                agree = false;
            }
            if (first == null) {
                first = sig;
            }
        }
        if (c.nodes.size() == 1) {
            agree = true;
        }
        lines.add(agree ? "[OK] All nodes agree about slots configuration." : "[ERR] Nodes don't agree about configuration!");
        Map<String, List<Integer>> migrating = new LinkedHashMap<>();
        Map<String, List<Integer>> importing = new LinkedHashMap<>();
        TreeSet<Integer> open = new TreeSet<>();
        for (Node n : c.nodes) {
            if (!n.migrating.isEmpty()) {
                migrating.put(n.address(), new ArrayList<>(n.migrating.keySet()));
                lines.add("[WARNING] Node " + n.address() + " has slots in migrating state " + join(n.migrating.keySet()) + ".");
                open.addAll(n.migrating.keySet());
            }
            if (!n.importing.isEmpty()) {
                importing.put(n.address(), new ArrayList<>(n.importing.keySet()));
                lines.add("[WARNING] Node " + n.address() + " has slots in importing state " + join(n.importing.keySet()) + ".");
                open.addAll(n.importing.keySet());
            }
        }
        if (!open.isEmpty()) {
            lines.add("[WARNING] The following slots are open: " + join(open) + ".");
        }
        List<Integer> uncovered = uncovered(c);
        lines.add(uncovered.isEmpty() ? "[OK] All 16384 slots covered." : "[ERR] Not all 16384 slots are covered by nodes.");
        for (String l : lines) {
            listener.progress(l);
        }
        return new CheckReport(agree, migrating, importing, new ArrayList<>(open), uncovered, lines);
    }

    private static List<Integer> uncovered(Cluster c) {
        boolean[] covered = new boolean[HashSlots.SLOTS];
        for (Node n : c.nodes) {
            for (int s : n.slots) {
                covered[s] = true;
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < HashSlots.SLOTS; s++) {
            if (!covered[s]) {
                out.add(s);
            }
        }
        return out;
    }

    private static String join(Collection<Integer> slots) {
        StringBuilder sb = new StringBuilder();
        for (int s : slots) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /** redis-cli's clusterManagerGetConfigSignature over one node's CLUSTER NODES text. */
    static String signature(String nodes) {
        List<String> parts = new ArrayList<>();
        for (String line : nodes.split("\n")) {
            String[] t = line.split(" ");
            if (t.length <= 8) {
                continue;
            }
            List<String> slots = new ArrayList<>();
            for (int i = 8; i < t.length; i++) {
                if (!t[i].startsWith("[")) {
                    slots.add(t[i]);
                }
            }
            if (slots.isEmpty()) {
                continue;
            }
            slots.sort(Comparator.naturalOrder());
            parts.add(t[0] + ":" + String.join(",", slots));
        }
        parts.sort(Comparator.naturalOrder());
        return String.join("|", parts);
    }

    private void requireClean(Cluster c) {
        if (!clean(c)) {
            throw new AdminException("Please fix your cluster problems before resharding");
        }
    }

    private boolean clean(Cluster c) {
        AdminListener saved = listener;
        listener = AdminListener.NONE;
        try {
            return check(c).ok();
        } finally {
            listener = saved;
        }
    }

    /**
     * Gives gossip up to 10 s (cluster time) to settle a previous operation before a reshard or
     * rebalance checks the cluster: right after a slot changed owner, a third node may briefly still
     * follow an older ping. redis-cli does not wait and refuses at once; the check that follows still
     * refuses a cluster that does not settle.
     */
    private void awaitClean() {
        try {
            awaiter.await("the cluster agreeing before resharding", () -> {
                try (Cluster c = load()) {
                    return clean(c);
                }
            }, java.time.Duration.ofSeconds(10));
        } catch (AdminException | AssertionError notSettled) {
            // requireClean reports it (the simulator's awaiter fails with an AssertionError)
        }
    }

    // ---------------------------------------------------------------- reshard

    /**
     * {@code redis-cli --cluster reshard --cluster-from <from...> --cluster-to <to> --cluster-slots <n>
     * --cluster-yes}: moves {@code slots} slots to {@code to}, taken from the {@code from} masters
     * (ids or unique prefixes; {@code "all"} for every other master) in redis-cli's proportions.
     * Returns the slots moved, in order.
     */
    public List<Integer> reshard(Collection<String> from, String to, int slots) {
        awaitClean();
        try (Cluster c = load()) {
            requireClean(c);
            Node target = c.byId(to);
            if (target.replica) {
                throw new AdminException("The specified node (" + to + ") is not known or not a master, please retry.");
            }
            List<Node> sources = new ArrayList<>();
            if (from.size() == 1 && "all".equals(from.iterator().next())) {
                for (Node n : c.masters()) {
                    if (n != target) {
                        sources.add(n);
                    }
                }
            } else {
                for (String id : from) {
                    Node n = c.byId(id);
                    if (n.replica || n == target) {
                        throw new AdminException("Invalid source node " + id);
                    }
                    sources.add(n);
                }
            }
            List<int[]> table = reshardTable(sources, slots);
            List<Integer> moved = new ArrayList<>();
            for (int[] item : table) {
                Node src = sources.get(item[0]);
                moveSlot(c, src, target, item[1]);
                moved.add(item[1]);
            }
            return moved;
        }
    }

    /** redis-cli's clusterManagerComputeReshardTable: (source index, slot) pairs. */
    static List<int[]> reshardTable(List<Node> sources, int numSlots) {
        int total = 0;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            total += sources.get(i).slots.size();
            order.add(i);
        }
        order.sort((a, b) -> sources.get(b).slots.size() - sources.get(a).slots.size());
        List<int[]> moved = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            Node n = sources.get(order.get(k));
            float share = (float) numSlots / total * n.slots.size();
            int max = (int) (k == 0 ? Math.ceil(share) : Math.floor(share));
            int count = 0;
            for (int s : n.slots) {
                if (count >= max || moved.size() >= numSlots) {
                    break;
                }
                moved.add(new int[] {order.get(k), s});
                count++;
            }
        }
        return moved;
    }

    /** redis-cli's clusterManagerMoveSlot: IMPORTING, MIGRATING, keys by MIGRATE, then NODE everywhere. */
    private void moveSlot(Cluster c, Node src, Node dst, int slot) {
        StringBuilder progress = new StringBuilder("Moving slot " + slot + " from " + src.address() + " to " + dst.address() + ": ");
        openSlot(src, dst, slot);
        migrateKeys(src, dst, slot, Integer.MAX_VALUE, progress);
        closeSlot(c, src, dst, slot);
        listener.progress(progress.toString());
    }

    /** The first step of a slot move: {@code SETSLOT IMPORTING} on the target, then {@code MIGRATING} on the source. */
    private static void openSlot(Node src, Node dst, int slot) {
        dst.client.ok("CLUSTER", "SETSLOT", slot, "importing", src.id);
        src.client.ok("CLUSTER", "SETSLOT", slot, "migrating", dst.id);
    }

    /** The last step of a slot move: {@code SETSLOT NODE <dst>} on the target, the source, then every other master. */
    private static void closeSlot(Cluster c, Node src, Node dst, int slot) {
        dst.client.ok("CLUSTER", "SETSLOT", slot, "node", dst.id);
        Object r = src.client.call("CLUSTER", "SETSLOT", slot, "node", dst.id);
        if (r instanceof NodeClient.Error e && !e.message().contains("Please use SETSLOT only with masters.")) {
            throw new AdminException(src.address() + ": " + e.message());
        }
        for (Node n : c.masters()) {
            if (n != src && n != dst) {
                n.client.ok("CLUSTER", "SETSLOT", slot, "node", dst.id);
            }
        }
        src.slots.remove(slot);
        dst.slots.add(slot);
    }

    /** GETKEYSINSLOT / MIGRATE ... KEYS until the source has no key left in the slot, or {@code max} keys moved. */
    private static int migrateKeys(Node src, Node dst, int slot, int max, StringBuilder progress) {
        int moved = 0;
        while (moved < max) {
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) src.client.ok("CLUSTER", "GETKEYSINSLOT", slot, Math.min(PIPELINE, max - moved));
            if (keys.isEmpty()) {
                return moved;
            }
            List<Object> argv = new ArrayList<>(List.of("MIGRATE", dst.host, dst.port, "", 0, TIMEOUT_MS, "KEYS"));
            argv.addAll(keys);
            Object r = src.client.call(argv.toArray());
            if (r instanceof NodeClient.Error e) {
                throw new AdminException("Moving slot " + slot + " from " + src.address() + " to " + dst.address() + ": "
                        + e.message());
            }
            moved += keys.size();
            progress.append(".".repeat(keys.size()));
        }
        return moved;
    }

    // ---------------------------------------------------------------- one slot, step by step

    /**
     * The first step of moving {@code slot} to the master {@code to} (id or unique prefix), as
     * redis-cli's clusterManagerMoveSlot begins it: {@code CLUSTER SETSLOT <slot> IMPORTING <from>} on
     * {@code to}, then {@code SETSLOT <slot> MIGRATING <to>} on the slot's owner. Keys stay where they
     * are: the owner answers {@code ASK} for keys it does not hold. Continue with {@link
     * #migrateSlotKeys} and {@link #migrateSlotFinish}, or end it with {@link #fix()}.
     */
    public void migrateSlotStart(int slot, String to) {
        try (Cluster c = load()) {
            Node dst = c.byId(to);
            Node src = null;
            for (Node n : c.masters()) {
                if (n.slots.contains(slot)) {
                    src = n;
                }
            }
            if (src == null || dst.replica || src == dst) {
                throw new AdminException("slot " + slot + " needs an owner and another master " + to);
            }
            openSlot(src, dst, slot);
            listener.progress("Slot " + slot + " migrating from " + src.address() + " to " + dst.address());
        }
    }

    /** Moves up to {@code count} keys of an open {@code slot} (see {@link #migrateSlotStart}) with MIGRATE; returns how many moved. */
    public int migrateSlotKeys(int slot, int count) {
        try (Cluster c = load()) {
            Node[] ends = openEnds(c, slot);
            StringBuilder progress = new StringBuilder();
            int moved = migrateKeys(ends[0], ends[1], slot, count, progress);
            listener.progress("Moved " + moved + " keys of slot " + slot + " from " + ends[0].address() + " to " + ends[1].address());
            return moved;
        }
    }

    /** Ends the move of an open {@code slot}: the remaining keys migrate, then {@code SETSLOT NODE} everywhere. */
    public void migrateSlotFinish(int slot) {
        try (Cluster c = load()) {
            Node[] ends = openEnds(c, slot);
            StringBuilder progress = new StringBuilder("Moving slot " + slot + " from " + ends[0].address() + " to " + ends[1].address() + ": ");
            migrateKeys(ends[0], ends[1], slot, Integer.MAX_VALUE, progress);
            closeSlot(c, ends[0], ends[1], slot);
            listener.progress(progress.toString());
        }
    }

    /** The source (MIGRATING) and target (IMPORTING) of an open slot. */
    private static Node[] openEnds(Cluster c, int slot) {
        for (Node n : c.nodes) {
            String to = n.migrating.get(slot);
            if (to != null) {
                return new Node[] {n, c.byId(to)};
            }
        }
        throw new AdminException("slot " + slot + " is not migrating (no node has it MIGRATING)");
    }

    // ---------------------------------------------------------------- rebalance

    /**
     * {@code redis-cli --cluster rebalance [--cluster-weight id=w ...] [--cluster-use-empty-masters]
     * [--cluster-threshold pct]}: moves slots so that each master holds its weighted share. Weights are
     * keyed by node id (or unique prefix), 1 by default; a threshold of 2 is redis-cli's default. Returns
     * the number of slots moved (0 when every master is within the threshold).
     */
    public int rebalance(Map<String, Double> weights, boolean useEmptyMasters, double threshold) {
        awaitClean();
        try (Cluster c = load()) {
            List<Node> masters = c.masters();
            if (weights != null) {
                for (Map.Entry<String, Double> e : weights.entrySet()) {
                    c.byId(e.getKey()).weight = e.getValue();
                }
            }
            float totalWeight = 0;
            int involved = 0;
            for (Node n : masters) {
                if (!useEmptyMasters && n.slots.isEmpty()) {
                    n.weight = 0;
                    continue;
                }
                totalWeight += (float) n.weight;
                involved++;
            }
            if (involved < 2) {
                throw new AdminException("No rebalancing needed! No slots assigned or too few masters.");
            }
            requireClean(c);
            boolean thresholdReached = false;
            int totalBalance = 0;
            for (Node n : masters) {
                int expected = (int) ((float) HashSlots.SLOTS / totalWeight * (float) n.weight);
                n.balance = n.slots.size() - expected;
                totalBalance += n.balance;
                if (threshold > 0) {
                    if (!n.slots.isEmpty()) {
                        float err = (float) Math.abs(100 - (100.0 * expected / n.slots.size()));
                        if (err > threshold) {
                            thresholdReached = true;
                        }
                    } else if (expected > 1) {
                        thresholdReached = true;
                    }
                }
            }
            if (!thresholdReached) {
                listener.progress(String.format(java.util.Locale.ROOT,
                        "*** No rebalancing needed! All nodes are within the %.2f%% threshold.", threshold));
                return 0;
            }
            while (totalBalance > 0) {
                for (Node n : c.nodes) {
                    if (!n.replica && n.balance <= 0 && totalBalance > 0) {
                        n.balance--;
                        totalBalance--;
                    }
                }
            }
            List<Node> sorted = new ArrayList<>(masters.subList(0, involved));
            sorted.sort(Comparator.comparingInt(n -> n.balance));
            listener.progress(String.format(java.util.Locale.ROOT, ">>> Rebalancing across %d nodes. Total weight = %.2f",
                    involved, totalWeight));
            int dstIdx = 0;
            int srcIdx = involved - 1;
            int movedTotal = 0;
            while (dstIdx < srcIdx) {
                Node dst = sorted.get(dstIdx);
                Node src = sorted.get(srcIdx);
                int n = Math.min(Math.abs(dst.balance), Math.abs(src.balance));
                if (n > 0) {
                    listener.progress("Moving " + n + " slots from " + src.address() + " to " + dst.address());
                    for (int[] item : reshardTable(List.of(src), n)) {
                        moveSlot(c, src, dst, item[1]);
                    }
                    movedTotal += n;
                }
                dst.balance += n;
                src.balance -= n;
                if (dst.balance == 0) {
                    dstIdx++;
                }
                if (src.balance == 0) {
                    srcIdx--;
                }
            }
            return movedTotal;
        }
    }

    // ---------------------------------------------------------------- fix

    /**
     * {@code redis-cli --cluster fix}: closes open slots (finishing a migration whose both sides are
     * open, giving keys back to the owner when only the importing side is open, SETSLOT STABLE
     * otherwise) and covers unassigned slots (a master holding keys of the slot, else the first
     * master, takes it with DELSLOTS + ADDSLOTS + BUMPEPOCH in one MULTI, as redis-cli does; redis-cli
     * picks a random master). Returns the check after fixing.
     */
    public CheckReport fix() {
        try (Cluster c = load()) {
            CheckReport before = check(c);
            // coverage first (redis-cli fixes open slots first): while a slot is unassigned the cluster
            // is down and MIGRATE, which finishing a migration needs, answers CLUSTERDOWN
            for (int slot : before.uncovered()) {
                coverSlot(c, slot);
            }
            for (int slot : before.openSlots()) {
                fixOpenSlot(c, slot);
            }
        }
        return check();
    }

    private void fixOpenSlot(Cluster c, int slot) {
        listener.progress(">>> Fixing open slot " + slot);
        Node owner = null;
        List<Node> migrating = new ArrayList<>();
        List<Node> importing = new ArrayList<>();
        for (Node n : c.masters()) {
            if (n.slots.contains(slot)) {
                owner = n;
            }
            if (n.migrating.containsKey(slot)) {
                migrating.add(n);
            } else if (n.importing.containsKey(slot)) {
                importing.add(n);
            }
        }
        if (migrating.size() == 1 && importing.size() == 1) {
            Node src = migrating.get(0);
            Node dst = importing.get(0);
            listener.progress(">>> Case 1: Moving slot " + slot + " from " + src.address() + " to " + dst.address());
            moveSlot(c, src, dst, slot);
            src.migrating.remove(slot);
            dst.importing.remove(slot);
            return;
        }
        if (migrating.isEmpty() && !importing.isEmpty() && owner != null) {
            for (Node n : importing) {
                listener.progress(">>> Case 2: Moving keys of slot " + slot + " from " + n.address() + " to " + owner.address());
                n.client.ok("CLUSTER", "SETSLOT", slot, "importing", owner.id);
                migrateKeys(n, owner, slot, Integer.MAX_VALUE, new StringBuilder());
                n.client.ok("CLUSTER", "SETSLOT", slot, "stable");
                n.importing.remove(slot);
            }
            return;
        }
        for (Node n : c.masters()) {
            if (n.migrating.containsKey(slot) || n.importing.containsKey(slot)) {
                listener.progress(">>> Case 4: Closing slot " + slot + " on " + n.address());
                n.client.ok("CLUSTER", "SETSLOT", slot, "stable");
                n.migrating.remove(slot);
                n.importing.remove(slot);
            }
        }
    }

    private void coverSlot(Cluster c, int slot) {
        Node best = null;
        long most = 0;
        for (Node n : c.masters()) {
            long keys = (Long) n.client.ok("CLUSTER", "COUNTKEYSINSLOT", slot);
            if (keys > most) {
                most = keys;
                best = n;
            }
        }
        if (best == null) {
            best = c.masters().get(0);
        }
        listener.progress(">>> Covering slot " + slot + " with " + best.address());
        setSlotOwner(best, slot);
        best.slots.add(slot);
        for (Node n : c.masters()) {
            if (n == best) {
                continue;
            }
            long keys = (Long) n.client.ok("CLUSTER", "COUNTKEYSINSLOT", slot);
            n.client.ok("CLUSTER", "SETSLOT", slot, "node", best.id);
            if (keys > 0) {
                // keys left on another master: a cold move to the new owner, as redis-cli does
                n.client.ok("CLUSTER", "SETSLOT", slot, "importing", best.id);
                migrateKeys(n, best, slot, Integer.MAX_VALUE, new StringBuilder());
                n.client.ok("CLUSTER", "SETSLOT", slot, "stable");
            }
        }
    }

    /**
     * redis-cli's clusterManagerSetSlotOwner: in one MULTI, {@code DELSLOTS} (its error ignored: the
     * node's own view may give the slot to another node, as after a SETSLOT NODE that reached only the
     * old owner), {@code ADDSLOTS}, {@code BUMPEPOCH}.
     */
    private static void setSlotOwner(Node n, int slot) {
        n.client.ok("MULTI");
        n.client.ok("CLUSTER", "DELSLOTS", slot);
        n.client.ok("CLUSTER", "ADDSLOTS", slot);
        n.client.ok("CLUSTER", "BUMPEPOCH");
        Object exec = n.client.ok("EXEC");
        if (exec instanceof List<?> replies) {
            for (int i = 1; i < replies.size(); i++) {
                if (replies.get(i) instanceof NodeClient.Error e) {
                    throw new AdminException(n.address() + " replied to CLUSTER " + (i == 1 ? "ADDSLOTS" : "BUMPEPOCH")
                            + ": " + e.message());
                }
            }
        }
    }

    // ---------------------------------------------------------------- add-node / del-node

    private static final java.time.Duration JOIN_LIMIT = java.time.Duration.ofSeconds(60);

    /**
     * {@code redis-cli --cluster add-node <newNode> <existingNode>}: the new node (host:port, empty,
     * knowing no other node) gets {@code CLUSTER MEET} to the first node loaded from {@code existingNode};
     * then waits until every node knows it (no handshake), it agrees with them about slots and (when the
     * cluster was ok) its own {@code cluster_state} is ok, so that slots can be resharded onto it. Returns
     * the new node's id.
     */
    public String addNode(String newNode, String existingNode) {
        return add(newNode, existingNode, false, null);
    }

    /**
     * {@code redis-cli --cluster add-node <newNode> <existingNode> --cluster-slave [--cluster-master-id
     * <id>]}: as {@link #addNode(String, String)}, then, once the cluster has joined, {@code CLUSTER
     * REPLICATE <master>} to the new node, waiting until every node lists it as that master's replica.
     * A null {@code masterToReplicate} picks the master with the fewest replicas, as redis-cli does.
     */
    public String addNode(String newNode, String existingNode, String masterToReplicate) {
        return add(newNode, existingNode, true, masterToReplicate);
    }

    private String add(String newNode, String existingNode, boolean asReplica, String masterId) {
        String[] ex = splitAddress(existingNode);
        String[] nw = splitAddress(newNode);
        try (Cluster c = new ClusterAdmin(ex[0], Integer.parseInt(ex[1])).load()) {
            Node master = null;
            if (asReplica) {
                if (masterId != null) {
                    master = findNode(c, masterId);
                    if (master == null || master.replica) {
                        throw new AdminException("No such master ID " + masterId);
                    }
                } else {
                    master = leastReplicas(c, null);
                }
            }
            Node first = c.nodes.get(0);
            String firstLine = ownLine((String) first.client.ok("CLUSTER", "NODES"));
            try (NodeClient client = new NodeClient(nw[0], Integer.parseInt(nw[1]), TIMEOUT_MS)) {
                String info = (String) client.ok("INFO");
                if (!info.contains("cluster_enabled:1")) {
                    throw new AdminException("Node " + newNode + " is not configured as a cluster node.");
                }
                String newId = ownLine((String) client.ok("CLUSTER", "NODES")).split(" ")[0];
                if (info.contains("db0:") || !((String) client.ok("CLUSTER", "INFO")).contains("cluster_known_nodes:1\r\n")) {
                    throw new AdminException("Node " + newNode + " is not empty. Either the node already knows other nodes "
                            + "(check with CLUSTER NODES) or contains some key in database 0.");
                }
                if (master == null) {
                    copyFunctions(c.nodes.get(0).client, client, newNode);
                }
                boolean clusterOk = ((String) first.client.ok("CLUSTER", "INFO")).contains("cluster_state:ok\r\n");
                listener.progress(">>> Send CLUSTER MEET to node " + newNode + " to make it join the cluster.");
                int busPort = busPort(firstLine);
                if (busPort != 0 && busPort != first.port + 10000) {
                    client.ok("CLUSTER", "MEET", first.host, first.port, busPort);
                } else {
                    client.ok("CLUSTER", "MEET", first.host, first.port);
                }
                List<NodeClient> all = new ArrayList<>();
                for (Node n : c.nodes) {
                    all.add(n.client);
                }
                all.add(client);
                // a joining master's state turns ok only after the rejoin delay; until then it answers
                // CLUSTERDOWN, also to the RESTORE-ASKING of a reshard onto it
                awaiter.await(newNode + " joining the cluster", () -> joined(all, newId, c.nodes.size() + 1)
                        && (!clusterOk || ((String) client.ok("CLUSTER", "INFO")).contains("cluster_state:ok\r\n")), JOIN_LIMIT);
                if (master != null) {
                    listener.progress(">>> Configure node as replica of " + master.address() + ".");
                    client.ok("CLUSTER", "REPLICATE", master.id);
                    String mid = master.id;
                    awaiter.await(newNode + " becoming a replica of " + master.address(),
                            () -> everyNodeSees(all, newId, "slave", mid), JOIN_LIMIT);
                }
                listener.progress("[OK] New node added correctly.");
                return newId;
            }
        }
    }

    /**
     * What redis-cli 7.0's add-node does before the MEET of a new master (a replica gets the libraries
     * from its master): {@code FUNCTION DUMP} on the entry node (an error there only skips the step, as
     * for a Redis without functions), {@code FUNCTION LIST} on the new node (which must have none), then
     * {@code FUNCTION RESTORE <payload>} on it.
     */
    private void copyFunctions(NodeClient from, NodeClient to, String newNode) {
        listener.progress(">>> Getting functions from cluster");
        Object dump = from.callRaw("FUNCTION", "DUMP");
        if (!(dump instanceof byte[] payload)) {
            String err = dump instanceof NodeClient.Error e ? e.message() : "NULL reply";
            listener.progress(">>> Failed retrieving Functions from the cluster, skip this step as Redis version do not "
                    + "support function command (error = '" + err + "')");
            return;
        }
        listener.progress(">>> Send FUNCTION LIST to " + newNode + " to verify there is no functions in it");
        Object list = to.call("FUNCTION", "LIST");
        if (list instanceof NodeClient.Error e) {
            throw new AdminException(">>> Failed on CLUSTER LIST (error = '" + e.message() + "')");
        }
        if (list instanceof List<?> l && !l.isEmpty()) {
            throw new AdminException(">>> New node already contains functions and can not be added to the cluster. "
                    + "Use FUNCTION FLUSH and try again.");
        }
        listener.progress(">>> Send FUNCTION RESTORE to " + newNode);
        Object restored = to.call("FUNCTION", "RESTORE", payload);
        if (restored instanceof NodeClient.Error e) {
            throw new AdminException(">>> Failed loading functions to the new node (error = '" + e.message() + "')");
        }
    }

    /**
     * {@code redis-cli --cluster del-node <entry> <nodeId>}: refuses a node that owns slots; moves the
     * node's replicas to the master with the fewest replicas; sends {@code CLUSTER FORGET <id>} to every
     * other node and {@code CLUSTER RESET SOFT} to the node itself, then waits until no node lists it.
     */
    public void removeNode(String nodeId) {
        try (Cluster c = load()) {
            Node gone = findNode(c, nodeId);
            if (gone == null) {
                throw new AdminException("No such node ID " + nodeId);
            }
            if (!gone.slots.isEmpty()) {
                throw new AdminException("Node " + gone.address() + " is not empty! Reshard data away and try again.");
            }
            listener.progress(">>> Removing node " + gone.id + " from cluster " + host + ":" + port);
            listener.progress(">>> Sending CLUSTER FORGET messages to the cluster...");
            List<NodeClient> rest = new ArrayList<>();
            for (Node n : c.nodes) {
                if (n == gone) {
                    continue;
                }
                if (n.replica && gone.id.equals(n.masterId)) {
                    Node m = leastReplicas(c, gone);
                    listener.progress(">>> " + n.address() + " as replica of " + m.address());
                    n.client.ok("CLUSTER", "REPLICATE", m.id);
                }
                n.client.ok("CLUSTER", "FORGET", gone.id);
                rest.add(n.client);
            }
            listener.progress(">>> Sending CLUSTER RESET SOFT to the deleted node.");
            gone.client.ok("CLUSTER", "RESET", "SOFT");
            String id = gone.id;
            awaiter.await("every node forgetting " + gone.address(), () -> {
                for (NodeClient a : rest) {
                    if (((String) a.ok("CLUSTER", "NODES")).contains(id)) {
                        return false;
                    }
                }
                return true;
            }, JOIN_LIMIT);
        }
    }

    private static Node findNode(Cluster c, String id) {
        String lower = id.toLowerCase(java.util.Locale.ROOT);
        for (Node n : c.nodes) {
            if (n.id.equals(lower)) {
                return n;
            }
        }
        return null;
    }

    /** The master (other than {@code except}) with the fewest replicas, first in load order on ties. */
    private static Node leastReplicas(Cluster c, Node except) {
        Node best = null;
        int bestCount = Integer.MAX_VALUE;
        for (Node m : c.masters()) {
            if (m == except) {
                continue;
            }
            int count = 0;
            for (Node n : c.nodes) {
                if (n.replica && m.id.equals(n.masterId) && n != except) {
                    count++;
                }
            }
            if (count < bestCount) {
                best = m;
                bestCount = count;
            }
        }
        if (best == null) {
            throw new AdminException("No master to replicate");
        }
        return best;
    }

    /** Every node knows {@code count} nodes, none in handshake, and all agree about slots. */
    private static boolean joined(List<NodeClient> all, String newId, int count) {
        String sig = null;
        for (NodeClient a : all) {
            String nodes = (String) a.ok("CLUSTER", "NODES");
            if (!nodes.contains(newId) || nodes.contains("handshake") || nodes.split("\n").length < count) {
                return false;
            }
            String s = signature(nodes);
            if (sig != null && !sig.equals(s)) {
                return false;
            }
            sig = s;
        }
        return true;
    }

    /** Every node lists {@code id} with {@code flag} and master {@code masterId}. */
    private static boolean everyNodeSees(List<NodeClient> all, String id, String flag, String masterId) {
        for (NodeClient a : all) {
            boolean ok = false;
            for (String line : ((String) a.ok("CLUSTER", "NODES")).split("\n")) {
                String[] t = line.split(" ");
                if (t.length > 3 && t[0].equals(id) && t[2].contains(flag) && t[3].equals(masterId)) {
                    ok = true;
                }
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String ownLine(String nodes) {
        for (String line : nodes.split("\n")) {
            String[] t = line.split(" ");
            if (t.length > 2 && t[2].contains("myself")) {
                return line;
            }
        }
        throw new AdminException("no myself line in CLUSTER NODES");
    }

    private static int busPort(String line) {
        String addr = line.split(" ")[1];
        int at = addr.lastIndexOf('@');
        if (at < 0) {
            return 0;
        }
        String rest = addr.substring(at + 1);
        int comma = rest.indexOf(',');
        return Integer.parseInt(comma < 0 ? rest : rest.substring(0, comma));
    }

    private static String[] splitAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected host:port, got " + hostPort);
        }
        return new String[] {hostPort.substring(0, colon), hostPort.substring(colon + 1)};
    }
}
