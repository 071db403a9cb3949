package dev.rcsim.ui;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.TeachingView;
import dev.rcsim.internal.Internals;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running teaching view of one simulated cluster ({@code cluster.startUi(port)}): a web page at
 * {@link #url()} that shows every node's own view (slot owners, flags, epochs, cluster_state,
 * replication), the bus messages, the event log and the redirects served, live, and whose buttons call
 * the fault, admin and clock APIs. Real Redis has no such thing; it is an observer and takes no part
 * in the cluster: with no page open it reads nothing. Closing it stops the server, not the cluster.
 */
public final class ClusterUi implements TeachingView {
    private final UiServer server;
    private final LiveFeed feed;
    private final Controls controls;
    private final EventFeed events;
    private final RedisClusterSimulator cluster;
    private final ScheduledExecutorService feedThread;
    private final ScheduledExecutorService controlThread;
    private final String url;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ClusterUi(RedisClusterSimulator cluster, String host, int port) {
        if (Internals.network(cluster) == null) {
            throw new IllegalStateException("start the cluster before its UI");
        }
        this.cluster = cluster;
        this.feedThread = Executors.newSingleThreadScheduledExecutor(daemon("rcsim-ui-feed"));
        this.controlThread = Executors.newSingleThreadScheduledExecutor(daemon("rcsim-ui-control"));
        this.events = new EventFeed(cluster.events());
        cluster.events().addListener(events);
        this.controls = new Controls(cluster, controlThread);
        this.feed = new LiveFeed(cluster, feedThread, events, new BusTimeline(cluster.clock()), controls);
        try {
            this.server = new UiServer(host, port, feed, controls);
        } catch (RuntimeException e) {
            shutdownThreads();
            throw e;
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        this.url = "http://" + h + ":" + server.port() + "/";
    }

    /** Starts a view of {@code cluster} on {@code host:port} (port 0: any free port); prefer {@code cluster.startUi}. */
    public static ClusterUi start(RedisClusterSimulator cluster, String host, int port) {
        return new ClusterUi(cluster, host, port);
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public int viewers() {
        return feed.clients();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cluster.events().removeListener(events);
        controls.close();
        feed.close();
        server.close();
        shutdownThreads();
    }

    private void shutdownThreads() {
        feedThread.shutdown();
        controlThread.shutdownNow();
        try {
            feedThread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "rcsim UI at " + url;
    }
}
