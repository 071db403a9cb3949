package dev.rcsim.junit5.jqwik;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries of {@link FaultSchedule}s for a cluster of {@code masters} x {@code replicasPerMaster}:
 * partitions of a random minority from the rest, kills, pauses and {@code heal all}, at increasing
 * times. They shrink towards fewer steps, shorter gaps and lower node indices, so a failing property
 * reports a short script.
 *
 * <pre>{@code
 * @Provide Arbitrary<FaultSchedule> schedules() {
 *     return FaultSchedules.of(3, 1).filter(s -> s.keepsReplicatedWrites(15_000));
 * }
 * }</pre>
 */
public final class FaultSchedules {
    private FaultSchedules() {}

    /** Schedules of 1 to 5 steps, gaps of 0.5 s to 10 s. */
    public static Arbitrary<FaultSchedule> of(int masters, int replicasPerMaster) {
        return of(masters, replicasPerMaster, 5, 10_000);
    }

    /** Schedules of 1 to {@code maxSteps} steps, gaps in 500 ms multiples up to {@code maxGapMillis}. */
    public static Arbitrary<FaultSchedule> of(int masters, int replicasPerMaster, int maxSteps, long maxGapMillis) {
        int size = masters * (1 + replicasPerMaster);
        if (size < 2) {
            throw new IllegalArgumentException("a schedule needs at least 2 nodes");
        }
        return step(size, maxGapMillis).list().ofMinSize(1).ofMaxSize(maxSteps)
                .map(steps -> new FaultSchedule(masters, replicasPerMaster, steps));
    }

    private static Arbitrary<FaultSchedule.Step> step(int size, long maxGapMillis) {
        Arbitrary<Long> gap = Arbitraries.longs().between(1, Math.max(1, maxGapMillis / 500)).map(n -> n * 500);
        Arbitrary<Integer> node = Arbitraries.integers().between(0, size - 1);
        Arbitrary<List<Integer>> minority = node.set().ofMinSize(1).ofMaxSize((size - 1) / 2)
                .map(s -> {
                    List<Integer> l = new ArrayList<>(s);
                    l.sort(null);
                    return l;
                });
        Arbitrary<FaultSchedule.Step> partition = Combinators.combine(gap, minority)
                .as((g, m) -> new FaultSchedule.Step(g, FaultSchedule.Kind.PARTITION, m));
        Arbitrary<FaultSchedule.Step> kill = Combinators.combine(gap, node)
                .as((g, n) -> new FaultSchedule.Step(g, FaultSchedule.Kind.KILL, List.of(n)));
        Arbitrary<FaultSchedule.Step> pause = Combinators.combine(gap, node)
                .as((g, n) -> new FaultSchedule.Step(g, FaultSchedule.Kind.PAUSE, List.of(n)));
        Arbitrary<FaultSchedule.Step> heal = gap.map(g -> new FaultSchedule.Step(g, FaultSchedule.Kind.HEAL_ALL, List.of()));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, heal),
                net.jqwik.api.Tuple.of(3, partition),
                net.jqwik.api.Tuple.of(2, kill),
                net.jqwik.api.Tuple.of(2, pause));
    }
}
