package dev.rcsim.events;

/**
 * One thing that happened in the simulated cluster, stamped with the simulator clock: a redirect
 * served, a PFAIL or FAIL flag, a failure report, an election, a vote, a promotion, an epoch change,
 * a migration step, a fault started or healed. Real Redis only logs some of these to its log file.
 *
 * @param timeMillis simulator-clock time
 * @param node the node it happened on (host:port), or "cluster" for simulator-wide events
 * @param type a short upper-case kind, e.g. {@code MOVED}, {@code PFAIL}, {@code FAIL}, {@code VOTE}
 * @param detail free text, deterministic for a given seed (no wall-clock values)
 */
public record ClusterEvent(long timeMillis, String node, String type, String detail) {
    @Override
    public String toString() {
        return timeMillis + " " + node + " " + type + (detail.isEmpty() ? "" : " " + detail);
    }
}
