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
 * <p>A daemon thread samples every {@value #SAMPLE_MILLIS} ms: the heap in use outside the young
 * generation's allocation space (eden), against the heap's maximum, and the direct buffers in use
 * against the direct-memory maximum. Above {@link #THRESHOLD} of either the guard is on; it goes off
 * below 5 points under. An {@link OutOfMemoryError} that still happens on a node's event loop is
 * reported here ({@link #outOfMemory}): logged at ERROR with the node's name, and passed to the
 * process's handler (the standalone launcher exits; a test JVM goes on).
 */
public final class JvmMemoryGuard {
    private static final Logger log = LoggerFactory.getLogger(JvmMemoryGuard.class);

    static final long SAMPLE_MILLIS = 20;
    /** The share of the heap (or of direct memory) above which denyoom commands are refused. */
    public static final double THRESHOLD = Double.parseDouble(System.getProperty("rcsim.memory-guard.threshold", "0.9"));

    private static volatile boolean exhausted;
    private static volatile String reason = "";
    private static volatile Consumer<String> onOutOfMemory = m -> {};
    private static Thread sampler;

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

    /** Starts the sampler once per process (called as nodes start). */
    static synchronized void start() {
        if (sampler != null) {
            return;
        }
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

    /** Heap in use outside eden, and direct memory in use. */
    private static long[] measure(List<MemoryPoolMXBean> pools, List<BufferPoolMXBean> buffers) {
        long heap = 0;
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() == MemoryType.HEAP && !p.getName().contains("Eden")) {
                heap += p.getUsage().getUsed();
            }
        }
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
        return new long[] {heap, direct};
    }

    private static double share(long[] m, long maxHeap, long maxDirect) {
        double heapShare = maxHeap > 0 && maxHeap != Long.MAX_VALUE ? (double) m[0] / maxHeap : 0;
        double directShare = maxDirect > 0 ? (double) m[1] / maxDirect : 0;
        return Math.max(heapShare, directShare);
    }

    private static void run() {
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        List<BufferPoolMXBean> buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        long maxHeap = Runtime.getRuntime().maxMemory();
        long maxDirect = io.netty.util.internal.PlatformDependent.maxDirectMemory();
        long lastGc = 0;
        while (true) {
            try {
                long[] m = measure(pools, buffers);
                double share = share(m, maxHeap, maxDirect);
                if (share > THRESHOLD - 0.05 && System.nanoTime() - lastGc > 1_000_000_000L) {
                    // the old generation may hold garbage: a collection tells what is live (at most once a
                    // second, only near the limit), so the guard neither starts on garbage nor outlasts a FLUSHALL
                    System.gc();
                    lastGc = System.nanoTime();
                    m = measure(pools, buffers);
                    share = share(m, maxHeap, maxDirect);
                }
                long heap = m[0];
                long direct = m[1];
                boolean was = exhausted;
                boolean now = was ? share > THRESHOLD - 0.05 : share > THRESHOLD;
                if (now != was) {
                    reason = now ? String.format("heap %d MB of %d MB, direct %d MB of %d MB", heap >> 20, maxHeap >> 20,
                            direct >> 20, maxDirect >> 20) : "";
                    exhausted = now;
                    if (now) {
                        log.warn("JVM memory nearly exhausted ({}): nodes answer -OOM to commands that may grow memory", reason);
                    } else {
                        log.warn("JVM memory available again: nodes accept every command");
                    }
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
