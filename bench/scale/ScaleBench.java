import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.time.SimClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Start and failover cost of big simulated clusters: for each size (masters x 1 replica) it starts a
 * cluster on the simulated clock, kills master 0 and waits for its replica's promotion with the
 * default 15 s cluster-node-timeout ({@code awaitFailover}). Prints wall time, the process's CPU time
 * over the same interval (the machine is shared: CPU time is the steadier figure), and the used heap
 * after the start (after a forced GC) and at the end of the failover (before any GC).
 *
 * <p>Usage: {@code bench/scale.sh [nodes...]} (default 6 100 200 1000). A first 6-node round warms the
 * JVM up and is not printed.
 */
public final class ScaleBench {
    private ScaleBench() {}

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {6, 100, 200, 1000} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
        }
        long seed = Long.getLong("seed", 1L);
        round(6, seed, false); // warm-up: class loading and JIT
        System.out.printf("%6s %10s %10s %12s %12s %12s %10s%n", "nodes", "start ms", "start cpu", "failover ms",
                "failover cpu", "heap MiB", "peak MiB");
        for (int n : sizes) {
            round(n, seed, true);
        }
    }

    private static void round(int nodes, long seed, boolean print) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        int masters = Math.max(1, nodes / 2);
        long w0 = System.nanoTime();
        long c0 = cpu();
        RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(masters).replicasPerMaster(1).seed(seed)
                .clock(SimClock.simulated()).start();
        long w1 = System.nanoTime();
        long c1 = cpu();
        try {
            System.gc();
            long heap = mem.getHeapMemoryUsage().getUsed();
            if (print) { // the start figures at once: a big failover can take minutes
                System.out.printf("%6d %10d %10d", masters * 2, (w1 - w0) / 1_000_000, (c1 - c0) / 1_000_000);
                System.out.flush();
            }
            SimNode victim = sim.masters().get(0);
            SimNode replica = sim.replicasOf(victim).get(0);
            long simStart = sim.clock().millis();
            long w2 = System.nanoTime();
            long c2 = cpu();
            sim.kill(victim);
            SimNode promoted = sim.awaitFailover(victim);
            long w3 = System.nanoTime();
            long c3 = cpu();
            long peak = mem.getHeapMemoryUsage().getUsed();
            if (promoted != replica) {
                throw new IllegalStateException("expected " + replica + " promoted, got " + promoted);
            }
            if (print) {
                System.out.printf(" %12d %12d %12d %10d   (simulated %d ms)%n", (w3 - w2) / 1_000_000, (c3 - c2) / 1_000_000,
                        heap >> 20, peak >> 20, sim.clock().millis() - simStart);
            }
        } finally {
            sim.close();
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
