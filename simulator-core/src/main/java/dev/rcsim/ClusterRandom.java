package dev.rcsim;

import dev.rcsim.server.RedisNode;
import dev.rcsim.time.RandomStreams;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The seed of a simulated cluster and the sub-streams its parts draw from (DESIGN invariant 3): node
 * {@code i}'s id from (seed, node, i, node-id), each run of node {@code i} (its first start, then one per
 * restart) from (seed, node, i, run, k), and the bus network's loss draws from (seed, network). So a
 * restart of one node, or draws made by one node, never shift what another node or subsystem draws.
 */
final class ClusterRandom {
    private final RandomStreams root;
    private final Map<Integer, Integer> runs = new HashMap<>();

    ClusterRandom(long seed) {
        this.root = RandomStreams.seeded(seed);
    }

    /** The node id of the {@code index}-th node created. */
    String nodeId(int index) {
        return RedisNode.hex40(node(index).stream("node-id"));
    }

    /** The streams of the next run (process) of the {@code index}-th node: a new one per start. */
    synchronized RandomStreams nextRun(int index) {
        int run = runs.merge(index, 1, Integer::sum) - 1;
        return node(index).scope("run").scope(String.valueOf(run));
    }

    /** The cluster bus network's stream (loss draws). */
    Random network() {
        return root.stream("network");
    }

    private RandomStreams node(int index) {
        return root.scope("node").scope(String.valueOf(index));
    }
}
