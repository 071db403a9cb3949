package dev.rcsim.time;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's one clock. Every timer of a node (key expiry, gossip, timeouts, blocked-command
 * timeouts) reads it and schedules on it.
 *
 * <p>Two modes: {@link #system()} follows wall time and fires timers on the node's event loop; {@link
 * #simulated()} starts at a fixed instant and moves only when {@link #advance(Duration)} is called,
 * which fires due timers in (time, scheduling) order, each on its own executor, one after another.
 * Timers that follow one another on the same Netty event loop run in a single hand-off to it, and
 * inline when {@code advance} is called from that loop (the nodes of a simulated cluster share one
 * loop, so an advance costs one thread switch, not one per timer). Real Redis has only wall time (its
 * {@code serverCron} and {@code clusterCron} read the system clock); a simulated clock gives the same
 * steps in the same order at any speed.
 */
public abstract class SimClock {
    private Executor sharedExecutor;

    /**
     * The one executor (event loop) shared by everything that runs on this clock and asks for it: chosen
     * by {@code choose} on the first call, the same one afterwards. The nodes of a simulated cluster all
     * run on their clock's shared loop.
     */
    @SuppressWarnings("unchecked")
    public synchronized <E extends Executor> E sharedExecutor(java.util.function.Supplier<E> choose) {
        if (sharedExecutor == null) {
            sharedExecutor = choose.get();
        }
        return (E) sharedExecutor;
    }

    /** Milliseconds since the Unix epoch, as this clock sees it. */
    public abstract long millis();

    /** Microseconds since the Unix epoch. */
    public abstract long micros();

    /** True when time moves only through {@link #advance(Duration)}. */
    public abstract boolean isSimulated();

    /**
     * Runs {@code task} on {@code executor} once {@code delayMillis} of this clock's time have passed.
     */
    public abstract Timer schedule(Executor executor, long delayMillis, Runnable task);

    /** Moves simulated time forward, firing due timers in order. Refused on a system clock. */
    public abstract void advance(Duration d);

    /** A task scheduled on the clock (a node's timer: a cron tick, a key's expiry, a timeout) that can be cancelled. */
    public interface Timer {
        void cancel();
    }

    public static SimClock system() {
        return new SystemClock();
    }

    /** A simulated clock starting at 2026-01-01T00:00:00Z. */
    public static SimClock simulated() {
        return new SimulatedClock(1_767_225_600_000L);
    }

    public static SimClock simulated(long startMillis) {
        return new SimulatedClock(startMillis);
    }

    static final class SystemClock extends SimClock {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long micros() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        }

        @Override
        public boolean isSimulated() {
            return false;
        }

        @Override
        public Timer schedule(Executor executor, long delayMillis, Runnable task) {
            if (executor instanceof java.util.concurrent.ScheduledExecutorService ses) {
                ScheduledFuture<?> f = ses.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }
            throw new IllegalArgumentException("system clock needs a scheduling executor");
        }

        @Override
        public void advance(Duration d) {
            throw new IllegalStateException("advance() needs a simulated clock; this one follows wall time");
        }
    }

    static final class SimulatedClock extends SimClock {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SimClock.class);
        private final AtomicLong now;
        private final PriorityQueue<Entry> timers = new PriorityQueue<>();
        /**
         * Timers due "now" (delay 0: bus messages, hand-offs), in (time, seq) order by construction: a
         * timer joins it only when it is not due before its tail. The next timer is the smaller head of
         * the two queues, so the order is exactly the one a single priority queue gives, without its
         * O(log n) for the bursts of messages a big cluster sends in one instant.
         */
        private final java.util.ArrayDeque<Entry> now0 = new java.util.ArrayDeque<>();
        private long seq;

        SimulatedClock(long start) {
            this.now = new AtomicLong(start);
        }

        private final class Entry implements Comparable<Entry>, Timer {
            final long at;
            final long order;
            final Executor executor;
            final Runnable task;
            volatile boolean cancelled;
            boolean queued;

            Entry(long at, long order, Executor executor, Runnable task) {
                this.at = at;
                this.order = order;
                this.executor = executor;
                this.task = task;
            }

            @Override
            public int compareTo(Entry o) {
                int c = Long.compare(at, o.at);
                return c != 0 ? c : Long.compare(order, o.order);
            }

            @Override
            public void cancel() {
                cancelled = true;
                synchronized (SimulatedClock.this) {
                    if (queued) {
                        timers.remove(this); // an entry of now0 is skipped when it comes up
                    }
                }
            }
        }

        @Override
        public long millis() {
            return now.get();
        }

        @Override
        public long micros() {
            return now.get() * 1000;
        }

        @Override
        public boolean isSimulated() {
            return true;
        }

        @Override
        public synchronized Timer schedule(Executor executor, long delayMillis, Runnable task) {
            Entry e = new Entry(now.get() + Math.max(0, delayMillis), seq++, executor, task);
            Entry tail = now0.peekLast();
            if (delayMillis <= 0 && (tail == null || tail.at <= e.at)) {
                now0.addLast(e);
            } else {
                e.queued = true;
                timers.add(e);
            }
            return e;
        }

        @Override
        public void advance(Duration d) {
            long target = now.get() + d.toMillis();
            while (true) {
                Entry next = pollDue(target);
                if (next == null) {
                    break;
                }
                if (next.cancelled) {
                    continue;
                }
                if (next.executor instanceof EventExecutor loop) {
                    if (loop.inEventLoop()) {
                        runSafely(next);
                        runDueOn(loop, target);
                    } else {
                        handOff(loop, next, target);
                    }
                } else {
                    runAndWait(next);
                }
            }
            synchronized (this) {
                now.set(Math.max(now.get(), target));
            }
        }

        /** Takes the next timer due at or before {@code target} off the queue and moves the clock to it. */
        private synchronized Entry pollDue(long target) {
            Entry next = peekNext();
            if (next == null || next.at > target) {
                return null;
            }
            pollNext(next);
            if (next.at > now.get()) {
                now.set(next.at);
            }
            return next;
        }

        /**
         * Like {@link #pollDue} but only when the next timer belongs to {@code loop}: the timers that
         * follow one another on the same event loop run in one hand-off, still in (time, seq) order.
         */
        private synchronized Entry pollDueOn(EventExecutor loop, long target) {
            Entry next = peekNext();
            if (next == null || next.at > target) {
                return null;
            }
            if (!next.cancelled && !(next.executor instanceof EventExecutor e && e.inEventLoop())) {
                return null;
            }
            pollNext(next);
            if (next.at > now.get()) {
                now.set(next.at);
            }
            return next;
        }

        /** The next timer in (time, seq) order: the smaller head of the two queues. Holding the lock. */
        private Entry peekNext() {
            Entry a = timers.peek();
            Entry b = now0.peekFirst();
            if (a == null) {
                return b;
            }
            return b == null || a.compareTo(b) < 0 ? a : b;
        }

        /** Removes {@code next}, the result of {@link #peekNext()}, from its queue. Holding the lock. */
        private void pollNext(Entry next) {
            if (next.queued) {
                timers.poll();
                next.queued = false;
            } else {
                now0.pollFirst();
            }
        }

        /** Runs on {@code loop}'s thread: every next due timer that belongs to it, in order. */
        private void runDueOn(EventExecutor loop, long target) {
            Entry e;
            while ((e = pollDueOn(loop, target)) != null) {
                if (!e.cancelled) {
                    runSafely(e);
                }
            }
        }

        /** One cross-thread hand-off: {@code first}, then the timers that follow it on the same loop. */
        private void handOff(EventExecutor loop, Entry first, long target) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                loop.execute(() -> {
                    try {
                        runSafely(first);
                        runDueOn(loop, target);
                    } finally {
                        done.complete(null);
                    }
                });
            } catch (RuntimeException rejected) {
                return; // executor shut down: the node is gone
            }
            done.join();
        }

        private static void runSafely(Entry e) {
            try {
                e.task.run();
            } catch (RuntimeException ex) {
                LOG.warn("simulated timer task failed", ex);
            }
        }

        private static void runAndWait(Entry e) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                e.executor.execute(() -> {
                    try {
                        e.task.run();
                    } finally {
                        done.complete(null);
                    }
                });
            } catch (RuntimeException rejected) {
                return; // executor shut down: the node is gone
            }
            done.join();
        }
    }
}
