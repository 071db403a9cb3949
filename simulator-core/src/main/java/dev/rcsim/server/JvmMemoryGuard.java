package dev.rcsim.server;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's memory as the nodes in it see it: several nodes share one JVM, so when its heap or its
 * direct memory is nearly exhausted every node answers {@code -OOM} to commands that may grow memory
 * (Redis's denyoom commands), as a Redis at its maxmemory does, instead of the JVM dying. Other
 * commands (reads, DEL, FLUSHALL, CONFIG...) keep working, so a client can free memory.
 *
 * <p>What is measured: the heap in use outside the young generation's allocation space (eden), against
 * the heap's maximum, and the direct buffers in use against the direct-memory maximum. Above the
 * threshold ({@link #THRESHOLD} of either, lower on a small G1 heap, see below) the guard is on; it goes
 * off below 5 points under, confirmed by a collection. Three things look, so that no thread's scheduling
 * decides: a daemon thread every {@value #SAMPLE_MILLIS} ms; the write path itself, which measures after
 * every {@value #CHECK_BYTES} bytes of denyoom requests ({@link #checkOnWrite}); and each garbage
 * collection's own report (measured after it, and G1's signs of running out of free regions, a
 * "G1 Preventive Collection" or a full collection on an allocation failure, turn the guard on at once).
 *
 * <p>Why a small G1 heap needs more room than 10%: G1 hands out memory in regions (1 MB below a 2 GB
 * heap) and needs free ones for its young generation; values of tens of KB leave the tail of each old
 * region unused (64 KB values: 1/16 of every region), which the bytes-in-use figures do not show. At
 * {@code -Xmx128m}, 119 MB of 64 KB values filled all 128 regions and the JVM then ran full
 * collections back to back (a 10 s stall, or an OutOfMemoryError). So with G1 the threshold leaves at
 * least 10 regions plus 1/16 of the heap free. Values of a few hundred KB waste more of a region than
 * that; on a small heap they can still reach the JVM's limit before the guard.
 *
 * <p>An {@link OutOfMemoryError} that still happens on a node's event loop is reported here
 * ({@link #outOfMemory}): logged at ERROR with the node's name, and passed to the process's handler
 * (the standalone launcher exits; a test JVM goes on).
 */
public final class JvmMemoryGuard {
    private static final Logger log = LoggerFactory.getLogger(JvmMemoryGuard.class);

    static final long SAMPLE_MILLIS = 20;
    /** Denyoom request bytes between two measurements on the write path. */
    static final int CHECK_BYTES = 256 * 1024;
    /** The share of the heap (or of direct memory) above which denyoom commands are refused. */
    public static final double THRESHOLD = Double.parseDouble(System.getProperty("rcsim.memory-guard.threshold", "0.9"));
    /** How far under the threshold the guard goes off again. */
    private static final double HYSTERESIS = 0.05;

    private static volatile boolean exhausted;
    private static volatile String reason = "";
    private static volatile Consumer<String> onOutOfMemory = m -> {};
    private static Thread sampler;
    private static List<MemoryPoolMXBean> pools;
    private static List<BufferPoolMXBean> buffers;
    private static long maxHeap;
    private static long maxDirect;
    /** The heap share that turns the guard on: {@link #THRESHOLD}, lower on a small G1 heap. */
    private static double heapThreshold;
    /** Denyoom request bytes since the write path last measured (racy across event loops: a hint). */
    private static int bytesSinceCheck;

    private JvmMemoryGuard() {}

    /** True while the process is nearly out of heap or direct memory: denyoom commands get -OOM. */
    public static boolean exhausted() {
        return exhausted;
    }

    /** Why the guard is on (for the log), or the empty string. */
    public static String reason() {
        return reason;
    }

    /** What the process does after an OutOfMemoryError on a node (the launcher: exit). Default: nothing. */
    public static void onOutOfMemory(Consumer<String> handler) {
        onOutOfMemory = handler;
    }

    /**
     * The write path's look (a denyoom command of {@code requestBytes}): every {@value #CHECK_BYTES}
     * bytes it measures now, so a fast writer cannot outrun the sampler, and answers whether the guard
     * is on. It only turns the guard on; turning it off waits for a collection (the sampler's).
     */
    public static boolean checkOnWrite(long requestBytes) {
        if (exhausted) {
            return true;
        }
        int since = bytesSinceCheck + (int) Math.min(requestBytes, CHECK_BYTES);
        if (since < CHECK_BYTES || pools == null) {
            bytesSinceCheck = since;
            return false;
        }
        bytesSinceCheck = 0;
        long[] m = measure();
        if (over(m, heapThreshold, THRESHOLD)) {
            turn(true, m, "on the write path");
        }
        return exhausted;
    }

    /** Starts the sampler and the collection listener once per process (called as nodes start). */
    static synchronized void start() {
        if (sampler != null) {
            return;
        }
        pools = ManagementFactory.getMemoryPoolMXBeans();
        buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        maxHeap = Runtime.getRuntime().maxMemory();
        maxDirect = io.netty.util.internal.PlatformDependent.maxDirectMemory();
        heapThreshold = heapThreshold(THRESHOLD, maxHeap, pools);
        listenToCollections();
        sampler = new Thread(JvmMemoryGuard::run, "rcsim-memory-guard");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** An OutOfMemoryError on {@code node}'s event loop: logged at ERROR, then the process's handler. */
    public static void outOfMemory(String node, String doing, Throwable e) {
        String message = "node " + node + ": out of memory " + doing + ": " + e;
        log.error(message);
        onOutOfMemory.accept(message);
    }

    /** True when {@code t} or one of its causes is an OutOfMemoryError (heap, or Netty's direct memory). */
    public static boolean isOutOfMemory(Throwable t) {
        for (int depth = 0; t != null && depth < 8; t = t.getCause(), depth++) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /**
     * With G1, the share that leaves free at least 10 regions plus 1/16 of the heap (region tails left
     * unused by values of tens of KB), when that is more than {@code 1 - threshold}. G1's region size
     * follows its ergonomics (heap / 2048, a power of two from 1 to 32 MB) unless set.
     */
    static double heapThreshold(double threshold, long maxHeap, List<MemoryPoolMXBean> pools) {
        boolean g1 = pools.stream().anyMatch(p -> p.getName().startsWith("G1 "));
        if (!g1 || maxHeap <= 0 || maxHeap == Long.MAX_VALUE) {
            return threshold;
        }
        long region = Long.getLong("rcsim.memory-guard.g1-region-bytes", g1RegionSize(maxHeap));
        double reserve = (10.0 * region + maxHeap / 16.0) / maxHeap;
        return Math.min(threshold, 1 - reserve);
    }

    /** G1's default region size for a heap of {@code maxHeap} bytes (HeapRegion::setup_heap_region_size). */
    static long g1RegionSize(long maxHeap) {
        String set = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:G1HeapRegionSize=")).reduce((a, b) -> b).orElse(null);
        if (set != null) {
            String v = set.substring(set.indexOf('=') + 1).toLowerCase(java.util.Locale.ROOT);
            long unit = v.endsWith("k") ? 1L << 10 : v.endsWith("m") ? 1L << 20 : v.endsWith("g") ? 1L << 30 : 1;
            try {
                return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
            } catch (NumberFormatException ignored) {
                // fall back to the ergonomic size
            }
        }
        long size = Math.max(maxHeap / 2048, 1L << 20);
        return Math.min(Long.highestOneBit(size), 32L << 20);
    }

    /** Heap in use outside eden, and direct memory in use. */
    private static long[] measure() {
        long heap = 0;
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() == MemoryType.HEAP && !p.getName().contains("Eden")) {
                heap += p.getUsage().getUsed();
            }
        }
        return new long[] {heap, direct()};
    }

    private static long direct() {
        long direct = 0;
        for (BufferPoolMXBean b : buffers) {
            if (b.getName().equals("direct")) {
                direct += b.getMemoryUsed();
            }
        }
        long nettyDirect = io.netty.util.internal.PlatformDependent.usedDirectMemory();
        if (nettyDirect > 0) {
            direct += nettyDirect;
        }
        return direct;
    }

    /** True when the heap is over {@code heapShare} of its maximum or direct memory over {@code directShare}. */
    private static boolean over(long[] m, double heapShare, double directShare) {
        boolean heap = maxHeap > 0 && maxHeap != Long.MAX_VALUE && m[0] > heapShare * maxHeap;
        boolean direct = maxDirect > 0 && m[1] > directShare * maxDirect;
        return heap || direct;
    }

    /** Turns the guard on or off (once per change: logged at WARN). */
    private static synchronized void turn(boolean now, long[] m, String how) {
        if (now == exhausted) {
            return;
        }
        reason = now ? String.format("heap %d MB of %d MB, direct %d MB of %d MB, %s", m[0] >> 20, maxHeap >> 20,
                m[1] >> 20, maxDirect >> 20, how) : "";
        exhausted = now;
        if (now) {
            log.warn("JVM memory nearly exhausted ({}): nodes answer -OOM to commands that may grow memory", reason);
        } else {
            log.warn("JVM memory available again: nodes accept every command");
        }
    }

    /**
     * Every collection's report (the JDK's GC notification, read through plain JMX types): the heap
     * after it is measured at once, and a collection that says G1 is short of free regions, or a full
     * collection forced by a failed allocation, turns the guard on while the heap is within 5 points
     * of the threshold.
     */
    private static void listenToCollections() {
        javax.management.NotificationListener listener = (n, handback) -> {
            try {
                if (!"com.sun.management.gc.notification".equals(n.getType())
                        || !(n.getUserData() instanceof javax.management.openmbean.CompositeData info)) {
                    return;
                }
                String cause = String.valueOf(info.get("gcCause"));
                String action = String.valueOf(info.get("gcAction"));
                long[] m = measure();
                boolean pressure = cause.equals("G1 Preventive Collection") || cause.equals("Allocation Failure")
                        && action.contains("major") || cause.equals("G1 Compaction Pause") || cause.equals("Allocation Stall");
                if (over(m, heapThreshold, THRESHOLD)
                        || pressure && over(m, heapThreshold - HYSTERESIS, THRESHOLD - HYSTERESIS)) {
                    turn(true, m, "after a collection (" + cause + ")");
                }
            } catch (Throwable ignored) { // an OutOfMemoryError here too: the sampler goes on
                // nothing to do
            }
        };
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof javax.management.NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
            }
        }
    }

    private static void run() {
        long lastGc = 0;
        while (true) {
            try {
                long[] m = measure();
                boolean near = over(m, heapThreshold - HYSTERESIS, THRESHOLD - HYSTERESIS);
                if (near && System.nanoTime() - lastGc > 1_000_000_000L) {
                    // the old generation may hold garbage: a collection tells what is live (at most once a
                    // second, only near the limit), so the guard neither starts on garbage nor outlasts a FLUSHALL
                    System.gc();
                    lastGc = System.nanoTime();
                    m = measure();
                    near = over(m, heapThreshold - HYSTERESIS, THRESHOLD - HYSTERESIS);
                }
                if (exhausted ? !near : over(m, heapThreshold, THRESHOLD)) {
                    turn(!exhausted, m, "sampled");
                }
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) { // an OutOfMemoryError here too: keep sampling
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
