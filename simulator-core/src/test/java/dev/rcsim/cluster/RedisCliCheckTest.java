package dev.rcsim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real {@code redis-cli --cluster check} accepts a formed simulated cluster. */
class RedisCliCheckTest {
    static final String CLI = "/usr/bin/redis-cli";

    @BeforeAll
    static void standIns() {
        ClusterTestSupport.installStandIns();
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("redis-cli finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void redisCliClusterCheckPasses() throws Exception {
        Assumptions.assumeTrue(new File(CLI).canExecute(), "redis-cli not installed");
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start()) {
            String out = run(CLI, "--cluster", "check", sim.masters().get(0).address());
            assertThat(out).contains("[OK] All nodes agree about slots configuration.")
                    .contains("[OK] All 16384 slots covered.")
                    .contains(sim.masters().get(0).address() + " (" + sim.masters().get(0).id().substring(0, 8)
                            + "...) -> 0 keys | 5461 slots | 1 slaves.");
        }
    }
}
