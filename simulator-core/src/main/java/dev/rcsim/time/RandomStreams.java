package dev.rcsim.time;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * One seed and the named random sub-streams drawn from it (DESIGN invariant 3). Each stream's seed is
 * a stable mix (SplitMix64) of this source's seed and the stream's name, so a stream's draws depend
 * only on the seed and its name: a node drawing more (a restart, an election, SRANDMEMBER) or a node
 * being added never shifts the draws of another subsystem or node. {@link #scope} makes a source for
 * one owner (a node, one run of a node), whose streams are named under it:
 * {@code seeded(7).scope("node").scope("3").stream("election")} is the stream (7, node, 3, election).
 *
 * <p>Real Redis draws from {@code random()}/{@code /dev/urandom} per process; a simulated cluster draws
 * from these streams instead, so that one seed repeats a whole run.
 */
public final class RandomStreams {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long seed;
    private final Map<String, Random> streams = new HashMap<>();

    private RandomStreams(long seed) {
        this.seed = seed;
    }

    /** The source of every random choice made under {@code seed}. */
    public static RandomStreams seeded(long seed) {
        return new RandomStreams(seed);
    }

    public long seed() {
        return seed;
    }

    /**
     * The source for one owner named {@code name} under this one (its seed is {@link #seedOf}{@code (name)}).
     * Two calls with the same name give sources that draw the same values: keep the one you made.
     */
    public RandomStreams scope(String name) {
        return new RandomStreams(seedOf(name));
    }

    /** The stream named {@code name}: the same object on every call with that name. */
    public synchronized Random stream(String name) {
        return streams.computeIfAbsent(name, n -> new Random(seedOf(n)));
    }

    /** The seed of the stream or scope named {@code name}: SplitMix64 over this seed and the name's FNV-1a hash. */
    public long seedOf(String name) {
        return mix(seed + GOLDEN * (1 + mix(fnv1a(name))));
    }

    /** SplitMix64's finalizer (Steele, Lea, Flood 2014): a bijection that spreads every input bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64-bit FNV-1a over the name's UTF-16 chars: stable across JVMs and runs. */
    static long fnv1a(String name) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001B3L;
        }
        return h;
    }

    @Override
    public String toString() {
        return "RandomStreams[seed=" + seed + "]";
    }
}
