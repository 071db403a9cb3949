package dev.rcsim.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Injects a {@code SimNode} parameter with replica {@code index} of master number {@code value}. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ReplicaOf {
    /** The master's number, from 0. */
    int value() default 0;

    int index() default 0;
}
