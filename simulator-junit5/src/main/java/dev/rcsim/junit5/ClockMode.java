package dev.rcsim.junit5;

import dev.rcsim.time.SimClock;

/** Which clock a test cluster runs on. */
public enum ClockMode {
    /** Time moves only when the test advances it: deterministic, instant timeouts. */
    SIMULATED,
    /** Wall-clock time, as real Redis. */
    SYSTEM;

    SimClock newClock() {
        return this == SIMULATED ? SimClock.simulated() : SimClock.system();
    }
}
