package dev.rcsim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * redis-py's {@code RedisCluster} (Debian's python3-redis, which CI installs) against a simulated 3x1
 * cluster: topology discovery, routing, hash tags, CROSSSLOT, cluster pipelines, MOVED from a replica
 * and reads from replicas, and its {@code Lock} (SET NX PX, then EVALSHA scripts to release, extend and
 * reacquire). The script prints a line per check and exits 1 on the first mismatch.
 */
class RedisPyClusterTest {
    static final String PYTHON = "/usr/bin/python3";

    static boolean redisPyInstalled() throws Exception {
        if (!new File(PYTHON).canExecute()) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import redis.cluster").redirectErrorStream(true).start();
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void redisPyClusterClientRoutesReadsAndWritesLikeOnRealRedis(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(redisPyInstalled(), "python3-redis not installed (apt-get install python3-redis)");
        Path script = dir.resolve("redis_py_cluster.py");
        try (InputStream in = getClass().getResourceAsStream("/clients/redis_py_cluster.py")) {
            Files.copy(in, script);
        }
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start()) {
            Process p = new ProcessBuilder(PYTHON, script.toString(), sim.masters().get(0).host(),
                    String.valueOf(sim.masters().get(0).port()), String.valueOf(sim.replicas().get(0).port()))
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("redis-py script finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("ok keys spread over every primary", "ok crossslot error", "ok cluster pipeline",
                    "ok replica redirects", "ok read from replicas", "ok lock extend", "ok release unowned lock",
                    "ok context manager released").endsWith("done\n");
        }
    }
}
