package dev.rcsim.junit5;

import dev.rcsim.RedisClusterSimulator;
import java.util.LinkedHashMap;
import java.util.Map;

/** What cluster to build: from {@link RedisClusterTest} or {@link RedisClusterExtension.Builder}. */
record ClusterSpec(int masters, int replicasPerMaster, int spares, long seed, ClockMode clock, Map<String, String> config) {
    static final String SEED_PROPERTY = "rcsim.seed";

    static ClusterSpec of(RedisClusterTest a) {
        Map<String, String> cfg = new LinkedHashMap<>();
        for (String line : a.config()) {
            String t = line.trim();
            int sp = t.indexOf(' ');
            if (sp <= 0) {
                throw new IllegalArgumentException("@RedisClusterTest config entry must be \"name value\": '" + line + "'");
            }
            cfg.put(t.substring(0, sp), t.substring(sp + 1).trim());
        }
        return new ClusterSpec(a.masters(), a.replicasPerMaster(), a.spares(), a.seed(), a.clock(), cfg);
    }

    /** The seed to use: -Drcsim.seed, else the declared one, else a random one. */
    long effectiveSeed() {
        String p = System.getProperty(SEED_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Long.parseLong(p.trim());
        }
        if (seed != RedisClusterTest.RANDOM_SEED) {
            return seed;
        }
        return new java.util.Random().nextLong();
    }

    RedisClusterSimulator start(long seed) {
        RedisClusterSimulator.Builder b = RedisClusterSimulator.builder().masters(masters).replicasPerMaster(replicasPerMaster)
                .spares(spares).seed(seed).clock(clock.newClock());
        config.forEach(b::config);
        return b.start();
    }
}
