package dev.rcsim.command.streams;

import dev.rcsim.keyspace.StreamID;
import java.util.ArrayList;
import java.util.List;

/**
 * The node count of the radix tree (Redis's rax, {@code rax->numnodes}) that would index a stream's
 * listpacks by their 128-bit big-endian master IDs. Redis's rax keeps itself compressed: a run of
 * single-child positions is one compressed node, a branch point is one node holding every child's
 * byte, each key ends in its own (leaf) node, and an empty rax is its head node alone. Removal
 * re-compresses, so the count depends only on the set of keys, which is what is computed here.
 */
final class RaxNodes {
    private RaxNodes() {}

    private static final int KEY_LEN = 16;

    /** rax->numnodes for the keys (ascending, as StreamValue's node map yields them). */
    static long count(Iterable<StreamID> ascending) {
        List<byte[]> keys = new ArrayList<>();
        for (StreamID id : ascending) {
            byte[] k = new byte[KEY_LEN];
            for (int i = 0; i < 8; i++) {
                k[i] = (byte) (id.ms >>> (56 - 8 * i));
                k[8 + i] = (byte) (id.seq >>> (56 - 8 * i));
            }
            keys.add(k);
        }
        return keys.isEmpty() ? 1 : node(keys, 0, keys.size(), 0);
    }

    /** Nodes under the position reached after {@code depth} bytes, shared by keys[lo, hi). */
    private static long node(List<byte[]> keys, int lo, int hi, int depth) {
        if (depth == KEY_LEN) {
            return 1; // the key's leaf node
        }
        byte[] first = keys.get(lo);
        byte[] last = keys.get(hi - 1);
        int common = depth;
        while (common < KEY_LEN && first[common] == last[common]) {
            common++;
        }
        if (common > depth) {
            return 1 + branch(keys, lo, hi, common); // a compressed node, then what follows the run
        }
        return branch(keys, lo, hi, depth);
    }

    /** The node at {@code depth} where the keys differ (or end): one node plus each child's subtree. */
    private static long branch(List<byte[]> keys, int lo, int hi, int depth) {
        if (depth == KEY_LEN) {
            return 1;
        }
        long n = 1;
        int start = lo;
        for (int i = lo + 1; i <= hi; i++) {
            if (i == hi || keys.get(i)[depth] != keys.get(start)[depth]) {
                n += node(keys, start, i, depth + 1);
                start = i;
            }
        }
        return n;
    }
}
