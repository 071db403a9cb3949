package dev.rcsim.junit5.jqwik;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.FaultScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated list of timed fault steps over a cluster's nodes, named by their index in
 * {@code cluster.nodes()} ({@code n0}, {@code n1}...; masters first, then replicas) so that it can be
 * generated before the cluster exists and printed readably when a property fails. {@link #toString()}
 * is the fault-script text with those names; {@link #text(RedisClusterSimulator)} the same script with
 * the cluster's addresses, runnable with {@code cluster.faults().parse(text).run()}.
 *
 * <p>Differs from a hand-written script: step times are gaps from the previous step, so shrinking a
 * step away keeps the rest in order.
 */
public final class FaultSchedule {
    /** What a step does. */
    public enum Kind { PARTITION, KILL, PAUSE, HEAL_ALL }

    /**
     * One step: {@code gapMillis} after the previous one, a {@code kind}, and its nodes (the minority side
     * of a partition, the killed or paused node; none for heal all).
     */
    public record Step(long gapMillis, Kind kind, List<Integer> nodes) {
        String text(List<String> names) {
            List<String> mine = new ArrayList<>();
            for (int i : nodes) {
                mine.add(names.get(i));
            }
            switch (kind) {
                case PARTITION: {
                    List<String> rest = new ArrayList<>();
                    for (int i = 0; i < names.size(); i++) {
                        if (!nodes.contains(i)) {
                            rest.add(names.get(i));
                        }
                    }
                    return "partition " + String.join(",", mine) + " | " + String.join(",", rest);
                }
                case KILL:
                    return "kill " + mine.get(0);
                case PAUSE:
                    return "pause " + mine.get(0);
                default:
                    return "heal all";
            }
        }
    }

    private final int masters;
    private final int replicasPerMaster;
    private final List<Step> steps;

    FaultSchedule(int masters, int replicasPerMaster, List<Step> steps) {
        this.masters = masters;
        this.replicasPerMaster = replicasPerMaster;
        this.steps = List.copyOf(steps);
    }

    public List<Step> steps() {
        return steps;
    }

    /** Time of the last step from the start. */
    public long durationMillis() {
        long t = 0;
        for (Step s : steps) {
            t += s.gapMillis();
        }
        return t;
    }

    int size() {
        return masters * (1 + replicasPerMaster);
    }

    /**
     * Whether a cluster without persistence can keep every write that reached a replica under this
     * schedule. A killed master comes back empty; if it comes back before its replica took over, the
     * replica resyncs from it and the writes are gone (as with Redis without persistence). So: at most
     * one kill; when it happens no partition or pause is in effect (each earlier one was followed by a
     * {@code heal all}), since those can leave the replica unable to win a majority of votes; and until
     * the next {@code heal all} (which must come {@code failoverMillis} or more later) nothing else
     * happens. The end of the schedule counts as a heal only if the caller lets {@code failoverMillis} pass.
     */
    public boolean keepsReplicatedWrites(long failoverMillis) {
        int kills = 0;
        boolean faultsActive = false;
        long killedAt = -1;
        long t = 0;
        for (Step s : steps) {
            t += s.gapMillis();
            switch (s.kind()) {
                case KILL:
                    if (++kills > 1 || faultsActive) {
                        return false;
                    }
                    killedAt = t;
                    break;
                case HEAL_ALL:
                    if (killedAt >= 0 && t - killedAt < failoverMillis) {
                        return false;
                    }
                    killedAt = -1;
                    faultsActive = false;
                    break;
                default:
                    if (killedAt >= 0) {
                        return false;
                    }
                    faultsActive = true;
            }
        }
        return true;
    }

    /** The script text over {@code cluster}'s node addresses. */
    public String text(RedisClusterSimulator cluster) {
        List<String> names = new ArrayList<>();
        for (SimNode n : cluster.nodes()) {
            names.add(n.address());
        }
        return text(names);
    }

    private String text(List<String> names) {
        StringBuilder sb = new StringBuilder();
        long t = 0;
        for (Step s : steps) {
            t += s.gapMillis();
            sb.append("at ").append(FaultScript.format(Duration.ofMillis(t))).append(' ').append(s.text(names)).append('\n');
        }
        return sb.toString();
    }

    /** The whole schedule as a fault script over {@code cluster}; {@code run()} it to play it. */
    public FaultScript script(RedisClusterSimulator cluster) {
        return cluster.faults().parse(text(cluster));
    }

    /**
     * Plays the schedule step by step: advances the cluster clock by each gap, runs the step (as a one-line
     * script, so it is logged and in the fault history), then calls {@code afterStep} (a workload).
     */
    public void run(RedisClusterSimulator cluster, Runnable afterStep) {
        List<String> names = new ArrayList<>();
        for (SimNode n : cluster.nodes()) {
            names.add(n.address());
        }
        for (Step s : steps) {
            cluster.faults().parse("at " + FaultScript.format(Duration.ofMillis(s.gapMillis())) + " " + s.text(names)).run();
            afterStep.run();
        }
    }

    /** The script with symbolic node names ({@code n0}... = {@code cluster.nodes().get(0)}...). */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            names.add("n" + i);
        }
        return "\n" + text(names);
    }
}
