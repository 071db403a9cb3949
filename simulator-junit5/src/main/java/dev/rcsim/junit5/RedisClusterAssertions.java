package dev.rcsim.junit5;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.events.EventLog;

/**
 * Entry point of the AssertJ assertions about a simulated cluster:
 *
 * <pre>{@code
 * import static dev.rcsim.junit5.RedisClusterAssertions.assertThat;
 *
 * assertThat(cluster).isHealthy().hasAllSlotsCovered().hasNoFailedNodes().agreesOnTopology();
 * assertThat(cluster).hasEvents("FAULT").count(1);
 * }</pre>
 *
 * Every check asks the running nodes over their sockets (CLUSTER INFO, CLUSTER NODES), as a client or
 * {@code redis-cli --cluster check} would, so it sees what each node believes, not what the simulator
 * knows. Combine with {@code org.assertj.core.api.Assertions.assertThat} for everything else (the
 * AssertJ overloads do not clash).
 */
public final class RedisClusterAssertions {
    private RedisClusterAssertions() {}

    public static ClusterAssert assertThat(RedisClusterSimulator cluster) {
        return new ClusterAssert(cluster);
    }

    public static EventsAssert assertThat(EventLog events) {
        return new EventsAssert(events.all(), "all events");
    }
}
