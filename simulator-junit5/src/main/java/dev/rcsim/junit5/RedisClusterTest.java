package dev.rcsim.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test against a simulated Redis Cluster. On a class: one cluster for all its tests, reset
 * between them (FLUSHALL on the masters, faults healed, event log cleared, the cluster rebuilt from
 * the same seed if its topology changed). On a method: a fresh cluster for that test (it takes
 * precedence over the class's).
 *
 * <p>Test and lifecycle methods may declare {@code RedisClusterSimulator}, {@code Faults},
 * {@code EventLog}, {@code SimClock}, and {@code SimNode} parameters qualified with {@link Master} or
 * {@link ReplicaOf}. Client connections come from {@code cluster.seeds(HostAndPort::new)}.
 *
 * <p>When a test fails, the seed, the fault script that ran and the last 30 cluster events are printed;
 * run again with {@code seed = ...} or {@code -Drcsim.seed=...} to repeat the cluster's decisions.
 *
 * <pre>{@code
 * @RedisClusterTest(masters = 3, replicasPerMaster = 1)
 * class PaymentsTest {
 *     @Test
 *     void write(RedisClusterSimulator cluster) {
 *         try (var jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) { ... }
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RedisClusterExtension.class)
public @interface RedisClusterTest {
    /** {@link #seed()} value meaning "pick one at random" (printed, and overridden by {@code -Drcsim.seed}). */
    long RANDOM_SEED = Long.MIN_VALUE;

    int masters() default 3;

    int replicasPerMaster() default 1;

    /** Empty cluster-enabled nodes outside the cluster (for add-node scenarios). */
    int spares() default 0;

    /** The seed of every random choice; {@code -Drcsim.seed=N} overrides it. */
    long seed() default RANDOM_SEED;

    /**
     * SIMULATED: the cluster's time moves only when the test advances it ({@code cluster.clock().advance},
     * {@code awaitHealthy}, fault scripts), so timeouts are deterministic and instant; key TTLs and
     * node timeouts do not pass on their own. SYSTEM: wall time.
     */
    ClockMode clock() default ClockMode.SIMULATED;

    /** Redis configuration applied to every node, one {@code "name value"} a string. */
    String[] config() default {};
}
