package dev.rcsim.ui;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.events.ClusterEvent;
import dev.rcsim.internal.Internals;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server-sent event stream: while at least one page is connected, every {@link #MIN_PERIOD_MS} ms
 * (longer when a snapshot is slow: three times its cost) one {@code tick} message carries a fresh
 * {@link Snapshot}, the events and bus messages since the previous tick (at most {@link #MAX_BUS} of
 * those), and the bus counters. With no page connected nothing is read and the bus tap is off.
 */
final class LiveFeed {
    static final long MIN_PERIOD_MS = 250;
    static final int MAX_BUS = 300;
    static final int HISTORY = 400;

    private final RedisClusterSimulator cluster;
    private final ScheduledExecutorService thread;
    private final Snapshot snapshot;
    private final EventFeed events;
    private final BusTimeline bus;
    private final Controls controls;
    private final List<String> names;
    private final List<Channel> clients = new CopyOnWriteArrayList<>();
    private long eventCursor;
    private long busCursor;
    private volatile boolean closed;
    /** Clock time when the view started: the page shows times from here. */
    private final long origin;

    LiveFeed(RedisClusterSimulator cluster, ScheduledExecutorService thread, EventFeed events, BusTimeline bus, Controls controls) {
        this.cluster = cluster;
        this.thread = thread;
        this.snapshot = new Snapshot(cluster);
        this.events = events;
        this.bus = bus;
        this.controls = controls;
        this.names = Snapshot.names(cluster);
        this.origin = cluster.clock().millis();
        thread.schedule(this::tick, MIN_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** Adds a connected page: it first gets the recent history, then every tick. */
    void join(Channel ch) {
        thread.execute(() -> {
            if (clients.isEmpty()) {
                Internals.network(cluster).addTap(bus);
                busCursor = bus.next();
            }
            send(ch, message(Math.max(0, events.next() - HISTORY), busCursor, false));
            clients.add(ch);
            ch.closeFuture().addListener(f -> thread.execute(() -> leave(ch)));
        });
    }

    private void leave(Channel ch) {
        if (clients.remove(ch) && clients.isEmpty()) {
            Internals.network(cluster).removeTap(bus);
        }
    }

    int clients() {
        return clients.size();
    }

    /** One-off state for {@code GET /api/state}: the snapshot and the recent history. */
    String state() {
        try {
            return thread.submit(() -> message(Math.max(0, events.next() - HISTORY), bus.next(), false)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("snapshot failed: " + e, e);
        }
    }

    private void tick() {
        if (closed) {
            return;
        }
        long started = System.nanoTime();
        try {
            if (!clients.isEmpty()) {
                String m = message(eventCursor, busCursor, true);
                for (Channel ch : clients) {
                    send(ch, m);
                }
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LiveFeed.class).warn("rcsim ui: snapshot failed", e);
        } finally {
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (!closed) {
                thread.schedule(this::tick, Math.max(MIN_PERIOD_MS, 3 * took), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static void send(Channel ch, String json) {
        if (!ch.isActive() || !ch.isWritable()) {
            return; // a page that does not keep up skips ticks instead of buffering them
        }
        String frame = "event: tick\ndata: " + json + "\n\n";
        ch.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(frame.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * A tick: state now, plus events from {@code fromEvent} and bus messages from {@code fromBus}; {@code
     * advance} moves the broadcast cursors past them (pages drop what they already have by sequence).
     */
    private String message(long fromEvent, long fromBus, boolean advance) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\"t\":").append(cluster.clock().millis()).append(",\"t0\":").append(origin).append(",\"sim\":").append(cluster.clock().isSimulated())
                .append(",\"playing\":").append(controls.isPlaying()).append(",\"seed\":\"").append(cluster.seed()).append("\",");
        snapshot.write(sb, names, controls.staged());
        sb.append(",\"nodeTimeout\":").append(snapshot.nodeTimeout());
        sb.append(",\"busCounts\":{");
        boolean first = true;
        for (Map.Entry<String, Long> e : bus.counts().entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            Json.str(sb, e.getKey()).append(':').append(e.getValue());
        }
        sb.append("},\"events\":[");
        List<Ring.Numbered<ClusterEvent>> ev = events.since(fromEvent, HISTORY);
        for (int i = 0; i < ev.size(); i++) {
            ClusterEvent e = ev.get(i).item();
            if (i > 0) {
                sb.append(',');
            }
            sb.append('[').append(ev.get(i).seq()).append(',').append(e.timeMillis()).append(',');
            Json.str(sb, e.node()).append(',');
            Json.str(sb, e.type()).append(',');
            Json.str(sb, e.detail()).append(']');
        }
        if (advance) {
            eventCursor = ev.isEmpty() ? Math.max(eventCursor, fromEvent) : ev.get(ev.size() - 1).seq() + 1;
        }
        sb.append("],\"bus\":[");
        long busNext = bus.next();
        List<Ring.Numbered<BusTimeline.Sent>> msgs = bus.since(fromBus, MAX_BUS);
        Map<String, Integer> idx = new HashMap<>();
        List<SimNode> nodes = cluster.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            idx.put(nodes.get(i).address(), i);
        }
        for (int i = 0; i < msgs.size(); i++) {
            BusTimeline.Sent s = msgs.get(i).item();
            if (i > 0) {
                sb.append(',');
            }
            sb.append('[').append(msgs.get(i).seq()).append(',').append(s.time()).append(',').append(idx.getOrDefault(s.from(), -2)).append(',')
                    .append(idx.getOrDefault(s.to(), -2)).append(',');
            Json.str(sb, s.type()).append(',');
            Json.str(sb, s.outcome()).append(',');
            Integer about = s.about().isEmpty() ? null : indexOfId(nodes, s.about());
            sb.append(about == null ? -1 : about).append(']');
        }
        sb.append("],\"busSkipped\":").append(Math.max(0, busNext - fromBus - msgs.size())).append('}');
        if (advance) {
            busCursor = Math.max(busCursor, busNext);
        }
        return sb.toString();
    }

    private static Integer indexOfId(List<SimNode> nodes, String id) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).id().equals(id)) {
                return i;
            }
        }
        return -2;
    }

    void close() {
        closed = true;
        thread.execute(() -> {
            if (!clients.isEmpty()) {
                Internals.network(cluster).removeTap(bus);
            }
            for (Channel ch : clients) {
                ch.close();
            }
            clients.clear();
        });
    }
}
