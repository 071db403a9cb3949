package dev.rcsim.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written corpus run against a real redis-server and an rcsim node, in RESP2 (db 0) and RESP3
 * (db 1), each on its own connection; every reply is compared byte for byte and all differences are
 * reported together (the first 30, each cut to 300 characters).
 */
public final class ReplyCorpus {
    private ReplyCorpus() {}

    /** Runs the corpus on one connection and returns one {@code "line -> reply"} per corpus line. */
    @FunctionalInterface
    public interface Runner {
        List<String> run(RawClient c, int db, boolean resp3) throws Exception;
    }

    /** A reply line cut to 300 characters (HLL and stream replies run to kilobytes). */
    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "...(" + s.length() + " chars)" : s;
    }

    /** Asserts that the {@code lines} replies of {@code runner} are the same on real Redis and on rcsim. */
    public static void assertSameAsRealRedis(int lines, Runner runner) throws Exception {
        assertSameAsRealRedis(new String[0], new String[0], lines, runner);
    }

    /**
     * As {@link #assertSameAsRealRedis(int, Runner)}, with redis-server started with {@code realArgs}
     * (e.g. {@code --cluster-enabled yes}) and the rcsim node with {@code simConfig} pairs.
     */
    public static void assertSameAsRealRedis(String[] realArgs, String[] simConfig, int lines, Runner runner) throws Exception {
        try (RealRedis real = RealRedis.start(realArgs); TestNode sim = TestNode.start(simConfig);
                RawClient r2 = real.raw(); RawClient r3 = real.raw(); RawClient s2 = sim.raw(); RawClient s3 = sim.raw()) {
            List<String> want2 = runner.run(r2, 0, false);
            List<String> got2 = runner.run(s2, 0, false);
            List<String> want3 = runner.run(r3, 1, true);
            List<String> got3 = runner.run(s3, 1, true);
            List<String> diffs = new ArrayList<>();
            for (int i = 0; i < lines; i++) {
                if (!want2.get(i).equals(got2.get(i))) {
                    diffs.add("RESP2 want " + abbreviate(want2.get(i)) + "\n      got  " + abbreviate(got2.get(i)));
                }
                if (!want3.get(i).equals(got3.get(i))) {
                    diffs.add("RESP3 want " + abbreviate(want3.get(i)) + "\n      got  " + abbreviate(got3.get(i)));
                }
            }
            assertThat(diffs).as(String.join("\n", diffs.subList(0, Math.min(diffs.size(), 30)))).isEmpty();
        }
    }

    /**
     * The runner of a fixed corpus of commands, one {@code String[]} each (arguments may hold spaces and
     * newlines): each reply, passed through {@code normalize}, labelled with its command.
     */
    public static Runner commands(String[][] corpus, java.util.function.UnaryOperator<String> normalize) {
        return (c, db, resp3) -> {
            List<String> out = new ArrayList<>();
            c.call("SELECT", String.valueOf(db));
            if (resp3) {
                c.call("HELLO", "3");
            }
            for (String[] line : corpus) {
                String r = normalize.apply(c.call(line));
                out.add(String.join(" | ", line).replace("\n", "\\n") + " -> " + r.replace("\r\n", "\\r\\n"));
            }
            return out;
        };
    }
}
