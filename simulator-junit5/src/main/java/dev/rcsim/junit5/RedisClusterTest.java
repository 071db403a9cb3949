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
 * {@code EventLog}, {@code SimClock}, {@code SimNode} parameters qualified with {@link Master} or
 * {@link ReplicaOf}, and the {@code FaultScript} declared by {@link #faultScript()} or {@link
 * #faultScriptResource()} (a method's annotation, script included, replaces the class's). Client
 * connections come from {@code cluster.seeds(HostAndPort::new)}.
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

    /**
     * A fault script in the text grammar of {@code dev.rcsim.fault.FaultScript}, one step a string (or
     * several lines in one string), e.g. {@code {"at 1s kill master:0", "at 20s heal all"}}. It is parsed
     * against each test's cluster before the test (a bad line fails the test, naming the line) and
     * injected as a {@code FaultScript} parameter, which the test runs when it wants ({@code script.run()},
     * on the cluster's clock). Nodes are best named {@code master:N}, {@code replica:N[.M]} or
     * {@code spare:N}, since ports and ids are not known in advance.
     */
    String[] faultScript() default {};

    /**
     * A classpath resource holding a fault script (as {@link #faultScript()}), found as {@code
     * TestClass.class.getResource} finds it: {@code "/faults/kill-master.txt"} from the classpath root, a
     * name without {@code /} next to the test class. At most one of the two may be given.
     */
    String faultScriptResource() default "";
}
