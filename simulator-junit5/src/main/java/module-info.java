/**
 * rcsim's JUnit 5 support: {@code @RedisClusterTest}, parameter injection of the cluster, its nodes,
 * faults, events and clock, AssertJ assertions about the cluster, and jqwik generators of fault
 * schedules. It uses only the public API of {@code dev.rcsim}, which it passes on to its users.
 */
module dev.rcsim.junit5 {
    exports dev.rcsim.junit5;
    exports dev.rcsim.junit5.jqwik;

    requires transitive dev.rcsim;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires transitive net.jqwik.api;
    requires org.junit.platform.commons;
}
