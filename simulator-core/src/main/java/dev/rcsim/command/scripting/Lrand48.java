package dev.rcsim.command.scripting;

/**
 * Redis's {@code redisLrand48}/{@code redisSrand48} (rand.c): the 48-bit linear congruential generator
 * of POSIX lrand48, which backs Lua's {@code math.random} in scripts so that every node yields the same
 * sequence for the same seed. One per node; never reseeded except by {@code math.randomseed}.
 */
final class Lrand48 {
    static final int MAX = Integer.MAX_VALUE;
    private static final long A = 0x5DEECE66DL;
    private static final long MASK = (1L << 48) - 1;
    private long x = 0x1234ABCD330EL;

    long state() {
        return x;
    }

    void restore(long state) {
        x = state;
    }

    int next() {
        x = (A * x + 0xB) & MASK;
        return (int) (x >>> 17);
    }

    void seed(int seed) {
        x = ((seed & 0xFFFFFFFFL) << 16) | 0x330E;
    }
}
