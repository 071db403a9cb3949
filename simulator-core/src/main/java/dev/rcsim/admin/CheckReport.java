package dev.rcsim.admin;

import java.util.List;
import java.util.Map;

/**
 * What {@code redis-cli --cluster check} finds, as data: whether every node reports the same slot
 * owners (its config signature), the open slots (migrating / importing, per node address), the
 * slots no master claims, and the lines redis-cli would print for them.
 *
 * @param agree       every node lists the same slot-owning masters with the same slots
 * @param migrating   per node {@code host:port}, the slots it has in MIGRATING state
 * @param importing   per node {@code host:port}, the slots it has in IMPORTING state
 * @param openSlots   every open slot, ascending
 * @param uncovered   slots no master claims in its own view, ascending
 * @param lines       the [OK] / [WARNING] / [ERR] lines, in redis-cli's order
 */
public record CheckReport(boolean agree, Map<String, List<Integer>> migrating, Map<String, List<Integer>> importing,
        List<Integer> openSlots, List<Integer> uncovered, List<String> lines) {
    /** True when redis-cli's check would exit 0: agreement, no open slot, full coverage. */
    public boolean ok() {
        return agree && openSlots.isEmpty() && uncovered.isEmpty();
    }

    public boolean allSlotsCovered() {
        return uncovered.isEmpty();
    }
}
