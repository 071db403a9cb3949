package dev.rcsim.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.internal.Internals;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a simulated clock fires timers: in (time, scheduling order), each on its own event loop, with
 * the timers that follow one another on one loop run in a single hand-off to it. Nothing here is
 * measured in wall time: hand-offs are counted.
 */
class SimulatedClockTest {

    /** An event loop that counts the tasks handed to it from other threads. */
    static final class CountingLoop extends DefaultEventLoop {
        final AtomicInteger handOffs = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            if (!inEventLoop()) {
                handOffs.incrementAndGet();
            }
            super.execute(task);
        }
    }

    private final List<CountingLoop> loops = new ArrayList<>();

    private CountingLoop loop() {
        CountingLoop l = new CountingLoop();
        loops.add(l);
        return l;
    }

    @AfterEach
    void stopLoops() {
        for (CountingLoop l : loops) {
            l.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void manyTimersDueOnOneLoopRunInOneHandOffInTimeThenSchedulingOrder() {
        SimClock clock = SimClock.simulated();
        CountingLoop loop = loop();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 100; i++) {
            int n = i;
            clock.schedule(loop, 10 + (i % 3), () -> ran.add((10 + n % 3) + ":" + n));
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(ran).hasSize(100);
        List<String> expected = new ArrayList<>();
        for (int t = 10; t <= 12; t++) {
            for (int i = 0; i < 100; i++) {
                if (10 + i % 3 == t) {
                    expected.add(t + ":" + i);
                }
            }
        }
        assertThat(ran).isEqualTo(expected);
        assertThat(loop.handOffs.get()).isEqualTo(1);
    }

    @Test
    void timersOnTwoLoopsKeepTheirGlobalOrderIncludingTimersScheduledByTimers() {
        SimClock clock = SimClock.simulated();
        CountingLoop a = loop();
        CountingLoop b = loop();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        clock.schedule(a, 5, () -> {
            ran.add("a1@" + clock.millis());
            clock.schedule(b, 0, () -> ran.add("b-from-a1@" + clock.millis()));
            clock.schedule(a, 0, () -> ran.add("a-from-a1@" + clock.millis()));
        });
        clock.schedule(a, 5, () -> ran.add("a2@" + clock.millis()));
        clock.schedule(b, 5, () -> ran.add("b1@" + clock.millis()));
        clock.schedule(a, 5, () -> ran.add("a3@" + clock.millis()));
        clock.schedule(b, 7, () -> ran.add("b2@" + clock.millis()));
        clock.advance(Duration.ofMillis(6));
        assertThat(ran).containsExactly("a1@" + (clock.millis() - 1), "a2@" + (clock.millis() - 1),
                "b1@" + (clock.millis() - 1), "a3@" + (clock.millis() - 1), "b-from-a1@" + (clock.millis() - 1),
                "a-from-a1@" + (clock.millis() - 1));
        clock.advance(Duration.ofMillis(1));
        assertThat(ran).last().isEqualTo("b2@" + clock.millis());
    }

    @Test
    void aTimerCancelledByAnEarlierOneInTheSameHandOffDoesNotRun() {
        SimClock clock = SimClock.simulated();
        CountingLoop loop = loop();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        SimClock.Timer[] later = new SimClock.Timer[1];
        clock.schedule(loop, 1, () -> {
            ran.add("first");
            later[0].cancel();
        });
        later[0] = clock.schedule(loop, 1, () -> ran.add("cancelled"));
        clock.schedule(loop, 1, () -> ran.add("third"));
        clock.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("first", "third");
    }

    @Test
    void advancingFromTheLoopItselfRunsItsTimersInline() throws Exception {
        SimClock clock = SimClock.simulated();
        CountingLoop loop = loop();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 10; i++) {
            int n = i;
            clock.schedule(loop, i * 100L, () -> ran.add("t" + n));
        }
        loop.submit(() -> clock.advance(Duration.ofSeconds(1))).get();
        assertThat(ran).hasSize(10);
        assertThat(loop.handOffs.get()).isEqualTo(1); // only the submit itself
    }

    @Test
    void nodesOfASimulatedClusterShareOneEventLoop() {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1)
                .clock(SimClock.simulated()).start()) {
            for (SimNode n : sim.nodes()) {
                assertThat(Internals.node(n).loop()).isSameAs(Internals.node(sim.nodes().get(0)).loop());
            }
        }
    }
}
