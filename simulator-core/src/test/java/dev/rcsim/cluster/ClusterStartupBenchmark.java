package dev.rcsim.cluster;

import dev.rcsim.RedisClusterSimulator;
import java.util.Arrays;

/**
 * Measures start and close time of a 3x1 simulated cluster in a warm JVM: 50 warm-up runs, then the
 * median, p90 and max of 200 runs. Run with {@code java -cp <test classpath> dev.rcsim.cluster.ClusterStartupBenchmark}.
 */
public final class ClusterStartupBenchmark {
    private ClusterStartupBenchmark() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        for (int i = 0; i < 50; i++) {
            RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(i).start().close();
        }
        long[] start = new long[runs];
        long[] close = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(i).start();
            long t1 = System.nanoTime();
            sim.close();
            long t2 = System.nanoTime();
            start[i] = t1 - t0;
            close[i] = t2 - t1;
        }
        System.out.println("3x1 cluster, " + runs + " runs: start " + stats(start) + "; close " + stats(close));
    }

    private static String stats(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return String.format("median %.2f ms, p90 %.2f ms, max %.2f ms", s[s.length / 2] / 1e6, s[s.length * 9 / 10] / 1e6,
                s[s.length - 1] / 1e6);
    }
}
