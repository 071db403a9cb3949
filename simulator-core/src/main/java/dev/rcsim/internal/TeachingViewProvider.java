package dev.rcsim.internal;

/**
 * How {@code RedisClusterSimulator.startUi} starts the teaching view, whose package ({@code ui}) sits
 * above the facade it shows (docs/architecture.md): the facade finds the implementation with {@link
 * java.util.ServiceLoader} ({@code META-INF/services} on the class path, {@code provides} in
 * module-info on the module path) instead of importing it.
 */
public interface TeachingViewProvider {
    /** Starts a view of {@code cluster} (a {@code RedisClusterSimulator}) on {@code host:port}; returns its {@code TeachingView}. */
    AutoCloseable start(Object cluster, String host, int port);
}
