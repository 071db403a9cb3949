package dev.rcsim.perf;

import dev.rcsim.RedisClusterSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap retained per extra empty node: starts N cluster-enabled empty nodes (spares of a
 * {@link RedisClusterSimulator} with no masters) after a warm-up, forces GC and divides the
 * used-heap delta by N. Run: {@code java -cp <test-classes>:<classes>:<deps> dev.rcsim.perf.NodeMemory [N]}.
 */
public final class NodeMemory {
    private NodeMemory() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        try (RedisClusterSimulator warm = RedisClusterSimulator.builder().masters(0).replicasPerMaster(0).spares(2).seed(1).start()) {
            warm.nodes().size(); // loads the classes, Netty's pools and the command table once
        }
        long before = settledUsed(mx);
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(0).replicasPerMaster(0).spares(n).seed(2).start()) {
            long after = settledUsed(mx);
            long per = (after - before) / n;
            System.out.printf("nodes=%d heap before=%d B after=%d B delta=%d B per node=%d B (%.1f KiB)%n",
                    sim.nodes().size(), before, after, after - before, per, per / 1024.0);
        }
    }

    private static long settledUsed(MemoryMXBean mx) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
