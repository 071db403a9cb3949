package dev.rcsim.junit5;

import dev.rcsim.RedisClusterSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What cluster to build: from {@link RedisClusterTest} or {@link RedisClusterExtension.Builder}; with the
 * fault script given for its tests (lines, or a classpath resource; none when both are empty).
 */
record ClusterSpec(int masters, int replicasPerMaster, int spares, long seed, ClockMode clock, Map<String, String> config,
        List<String> faultScript, String faultScriptResource) {
    static final String SEED_PROPERTY = "rcsim.seed";

    ClusterSpec(int masters, int replicasPerMaster, int spares, long seed, ClockMode clock, Map<String, String> config) {
        this(masters, replicasPerMaster, spares, seed, clock, config, List.of(), "");
    }

    ClusterSpec {
        if (!faultScript.isEmpty() && !faultScriptResource.isEmpty()) {
            throw new IllegalArgumentException("rcsim: give faultScript or faultScriptResource, not both");
        }
    }

    boolean hasFaultScript() {
        return !faultScript.isEmpty() || !faultScriptResource.isEmpty();
    }

    /** Where the script comes from, for error messages. */
    String faultScriptOrigin() {
        return faultScriptResource.isEmpty() ? "faultScript" : "faultScriptResource " + faultScriptResource;
    }

    /**
     * The script's text: the lines joined with newlines, or the resource read as UTF-8 (found as {@code
     * testClass.getResource} finds it: absolute with a leading {@code /}, else relative to the class's package).
     */
    String faultScriptText(Class<?> testClass) {
        if (faultScriptResource.isEmpty()) {
            return String.join("\n", faultScript);
        }
        try (InputStream in = testClass.getResourceAsStream(faultScriptResource)) {
            if (in == null) {
                throw new IllegalArgumentException("fault script resource " + faultScriptResource
                        + " not found on the classpath (looked up from " + testClass.getName() + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("could not read fault script resource " + faultScriptResource + ": " + e, e);
        }
    }

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
        return new ClusterSpec(a.masters(), a.replicasPerMaster(), a.spares(), a.seed(), a.clock(), cfg,
                List.of(a.faultScript()), a.faultScriptResource().trim());
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
