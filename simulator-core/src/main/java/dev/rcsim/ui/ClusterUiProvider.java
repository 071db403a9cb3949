package dev.rcsim.ui;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.internal.TeachingViewProvider;

/** The teaching view as a service of the facade's {@code startUi} (see {@link TeachingViewProvider}). */
public final class ClusterUiProvider implements TeachingViewProvider {
    @Override
    public AutoCloseable start(Object cluster, String host, int port) {
        return ClusterUi.start((RedisClusterSimulator) cluster, host, port);
    }
}
