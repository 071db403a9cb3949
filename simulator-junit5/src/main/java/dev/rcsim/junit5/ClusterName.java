package dev.rcsim.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Picks which cluster a parameter comes from when a test class registers several
 * ({@code RedisClusterExtension.builder().name("orders")}). Unqualified parameters come from the
 * unnamed cluster.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ClusterName {
    String value();
}
