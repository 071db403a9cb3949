package dev.rcsim.ui;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.time.SimClock;
import java.util.List;

/**
 * What one tick of the teaching view costs the cluster: the wall time of building the page's message
 * (every node's view read on its loop, the JSON), for a 3x1 cluster on the system clock and a 100x1
 * cluster on a simulated one. Not a test; run with {@code java -cp ... dev.rcsim.ui.SnapshotCost [ticks]}.
 */
public final class SnapshotCost {
    private SnapshotCost() {}

    public static void main(String[] args) {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        measure("3 masters x 1 replica, system clock", RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(1), ticks);
        measure("100 masters x 1 replica, simulated clock",
                RedisClusterSimulator.builder().masters(100).replicasPerMaster(1).seed(1).clock(SimClock.simulated()), ticks / 4);
        System.exit(0);
    }

    private static void measure(String what, RedisClusterSimulator.Builder b, int ticks) {
        try (RedisClusterSimulator cluster = b.start()) {
            Snapshot s = new Snapshot(cluster);
            List<String> names = Snapshot.names(cluster);
            int size = 0;
            for (int i = 0; i < ticks / 4; i++) { // warm-up
                StringBuilder sb = new StringBuilder();
                s.write(sb, names, List.of());
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < ticks; i++) {
                StringBuilder sb = new StringBuilder();
                s.write(sb, names, List.of());
                size = sb.length();
            }
            long perTick = (System.nanoTime() - t0) / ticks;
            System.out.printf("%s: %d nodes, %.3f ms per snapshot, %d bytes of JSON%n", what, cluster.nodes().size(),
                    perTick / 1e6, size);
        }
    }
}
