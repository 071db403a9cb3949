package dev.rcsim.testing;

import dev.rcsim.SimNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One-shot requests to a simulated node, as the tests of the cluster bus and its faults send them. */
public final class Nodes {
    private Nodes() {}

    /** Sends one command on a fresh connection and returns the exact reply bytes (as {@link RawClient#call}). */
    public static String call(SimNode n, String... args) {
        try (RawClient c = new RawClient(n.port())) {
            return c.call(args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first key {@code prefix0}, {@code prefix1}, ... whose slot {@code n} owns (in its own view). */
    public static String keyOwnedBy(SimNode n, String prefix) {
        for (int i = 0; ; i++) {
            String k = prefix + i;
            if (n.ownsSlot(dev.rcsim.keyspace.HashSlots.slot(k))) {
                return k;
            }
        }
    }

    /** The flags {@code observer}'s CLUSTER NODES shows for {@code subject} ({@code master,fail?}...), or "". */
    public static String flagsOf(SimNode observer, SimNode subject) {
        for (String line : call(observer, "CLUSTER", "NODES").split("\n")) {
            if (line.contains(subject.id())) {
                return line.split(" ")[2];
            }
        }
        return "";
    }
}
