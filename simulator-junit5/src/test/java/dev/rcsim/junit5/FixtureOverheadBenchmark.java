package dev.rcsim.junit5;

import java.util.Arrays;
import java.util.Map;

/**
 * Measures what the extension does around each test, in a warm JVM: a fresh 3x1 cluster per method
 * (start, baseline topology, close) and the reset of a shared cluster between tests (heal, topology
 * check, FLUSHALL, replica catch-up). 50 warm-up runs, then median/p90/max of 200.
 *
 * <pre>
 * mvn -q -B -o -pl simulator-core,simulator-junit5 test-compile
 * java -cp "simulator-junit5/target/test-classes:simulator-junit5/target/classes:simulator-core/target/classes:$(cat cp.txt)" \
 *     dev.rcsim.junit5.FixtureOverheadBenchmark
 * </pre>
 * (cp.txt from {@code mvn -q -o -pl simulator-junit5 dependency:build-classpath -Dmdep.outputFile=cp.txt})
 */
public final class FixtureOverheadBenchmark {
    private FixtureOverheadBenchmark() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ClusterSpec spec = new ClusterSpec(3, 1, 0, 1, ClockMode.SIMULATED, Map.of());
        for (int i = 0; i < 50; i++) {
            new ClusterResource(spec, false).close();
        }
        long[] fresh = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            ClusterResource r = new ClusterResource(spec, false);
            r.close();
            fresh[i] = System.nanoTime() - t0;
        }
        ClusterResource shared = new ClusterResource(spec, true);
        long[] reset = new long[runs];
        try {
            for (int i = 0; i < 50; i++) {
                shared.reset();
            }
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                shared.reset();
                reset[i] = System.nanoTime() - t0;
            }
        } finally {
            shared.close();
        }
        System.out.println("per-method fresh 3x1 cluster (start + close), " + runs + " runs: " + stats(fresh));
        System.out.println("shared cluster reset between tests, " + runs + " runs: " + stats(reset));
    }

    private static String stats(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return String.format("median %.2f ms, p90 %.2f ms, max %.2f ms", s[s.length / 2] / 1e6, s[s.length * 9 / 10] / 1e6,
                s[s.length - 1] / 1e6);
    }
}
