package dev.rcsim.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RealRedis;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random keyed command sequences over keys hashing to all three masters, each command sent to a
 * chosen node of a real 3-master cluster and of an rcsim 3-master cluster: replies, MOVED / CROSSSLOT
 * redirects and transaction aborts must match byte for byte ({@link ClusterPair} normalises ports and
 * ids only).
 */
class ClusterDifferentialProperties {
    private static ClusterPair pair;
    private static final AtomicLong sequences = new AtomicLong();

    @BeforeContainer
    static void start() throws IOException {
        if (RealRedis.available()) {
            pair = new ClusterPair();
        }
    }

    @AfterContainer
    static void stop() throws IOException {
        if (pair != null) {
            System.out.printf("differential (cluster, generated): %d sequences, %d commands compared with a real 3-master cluster%n",
                    sequences.get(), pair.commands.get());
            pair.close();
        }
    }

    /** b, f, {b}2 on node 0 (b, {b}2 one slot), c, g on node 1, a, {a}2, d on node 2. */
    static Arbitrary<String> clusterKeys() {
        return Arbitraries.of("b", "f", "{b}2", "c", "g", "a", "{a}2", "d");
    }

    static Arbitrary<List<String>> clusterOnly() {
        return Arbitraries.oneOf(
                Arbitraries.of(List.of("READONLY"), List.of("READWRITE"), List.of("ASKING"), List.of("CLUSTER", "MYID")),
                clusterKeys().map(k -> List.of("CLUSTER", "KEYSLOT", k)),
                Arbitraries.of("3300", "3168", "7365", "15495", "0", "abc").map(s -> List.of("CLUSTER", "COUNTKEYSINSLOT", s)),
                Arbitraries.of("3300", "7365", "15495", "-1").map(s -> List.of("CLUSTER", "GETKEYSINSLOT", s, "5")));
    }

    record Step(int node, List<String> argv) {
        @Override
        public String toString() {
            return node + ":" + argv;
        }
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        Arbitrary<List<String>> cmd = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, CommandCatalog.commands(clusterKeys())), net.jqwik.api.Tuple.of(1, clusterOnly()));
        return Combinators.combine(Arbitraries.integers().between(0, ClusterPair.MASTERS - 1), cmd).as(Step::new)
                .list().ofMinSize(1).ofMaxSize(15);
    }

    @Property(tries = 500)
    void clusterRepliesMatchRealClusterInResp2(@ForAll("sequences") List<Step> sequence) throws IOException {
        run(sequence, 2);
    }

    @Property(tries = 200)
    void clusterRepliesMatchRealClusterInResp3(@ForAll("sequences") List<Step> sequence) throws IOException {
        run(sequence, 3);
    }

    private void run(List<Step> sequence, int resp) throws IOException {
        RealRedis.assumeAvailable();
        sequences.incrementAndGet();
        pair.reset(resp);
        List<List<String>> queued = new ArrayList<>();
        for (int i = 0; i < ClusterPair.MASTERS; i++) {
            queued.add(null);
        }
        for (int i = 0; i < sequence.size(); i++) {
            Step step = sequence.get(i);
            String[] r = pair.call(step.node(), step.argv());
            String expected = r[0];
            String actual = r[1];
            String name = step.argv().get(0).toUpperCase();
            List<String> q = queued.get(step.node());
            if (name.equals("MULTI") && expected.equals("+OK\r\n")) {
                queued.set(step.node(), new ArrayList<>());
            } else if (q != null && expected.equals("+QUEUED\r\n")) {
                q.add(CommandCatalog.orderKind(step.argv()));
            } else if (name.equals("EXEC") || name.equals("DISCARD")) {
                if (name.equals("EXEC") && q != null && expected.startsWith("*" + q.size() + "\r\n")
                        && q.stream().anyMatch(CommandCatalog.UNORDERED::contains)) {
                    expected = ReplyTree.parse(expected).canonicalPerElement(q, CommandCatalog.UNORDERED);
                    actual = ReplyTree.parse(actual).canonicalPerElement(q, CommandCatalog.UNORDERED);
                }
                queued.set(step.node(), null);
            }
            if (CommandCatalog.UNORDERED.contains(CommandCatalog.orderKind(step.argv()))) {
                expected = ReplyTree.parse(expected).canonicalUnordered();
                actual = ReplyTree.parse(actual).canonicalUnordered();
            }
            if (!expected.equals(actual)) {
                assertThat(ReplyTree.show(actual))
                        .as("RESP%d reply of node %d to %s (step %d of %s)", resp, step.node(), step.argv(), i + 1, sequence)
                        .isEqualTo(ReplyTree.show(expected));
            }
        }
    }
}
