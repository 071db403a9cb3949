package dev.rcsim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Replies that differ between the real and the simulated side of a {@link ClusterPair}, reported together. */
final class Differences {
    private final List<String> found = new ArrayList<>();

    /** Records {@code what} when the real reply {@code r[0]} and the simulated one {@code r[1]} differ. */
    void compare(String what, String[] r) {
        compare(what, r[0], r[1]);
    }

    void compare(String what, String real, String sim) {
        if (!real.equals(sim)) {
            found.add(what + "\n   real: " + ReplyTree.show(real) + "\n    sim: " + ReplyTree.show(sim));
        }
    }

    void assertNone() {
        assertThat(found).as("replies that differ from a real cluster").isEmpty();
    }
}
