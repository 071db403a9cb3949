package dev.rcsim.ui;

import dev.rcsim.RedisClusterSimulator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running teaching view of one simulated cluster ({@code ClusterUi.start(cluster, port)}): a web page at
 * {@link #url()} that shows every node's own view (slot owners, flags, epochs, cluster_state,
 * replication), the bus messages, the event log and the redirects served, live, and whose buttons call
 * the fault, admin and clock APIs. Real Redis has no such thing; it is an observer and takes no part
 * in the cluster: with no page open it reads nothing. Closing it stops the server, not the cluster.
 */
public final class ClusterUi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterUi.class);
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
        if (cluster.network() == null) {
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

    /**
     * Starts the teaching view of {@code cluster}: a web page on {@code 127.0.0.1:port} (0: any free port)
     * showing every node's own view live, with buttons for faults, slot migration, failover and the
     * simulated clock. It runs on its own threads, so the page keeps showing the cluster while a test
     * stands at a breakpoint. Closed with the cluster, or by closing the handle.
     */
    public static ClusterUi start(RedisClusterSimulator cluster, int port) {
        return start(cluster, "127.0.0.1", port);
    }

    /** {@link #start(RedisClusterSimulator, int)} on {@code host} (e.g. {@code 0.0.0.0} to reach it from another machine). */
    public static ClusterUi start(RedisClusterSimulator cluster, String host, int port) {
        ClusterUi ui = new ClusterUi(cluster, host, port);
        cluster.closeWith(ui);
        log.info("rcsim: UI at {}", ui.url());
        return ui;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        return url;
    }

    public int port() {
        return server.port();
    }

    /** Pages connected to the live stream now. */
    public int viewers() {
        return feed.clients();
    }

    /** Stops the server and the page's clock player; faults the page started stay in effect. */
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
