package dev.rcsim.admin;

/**
 * Progress of an admin operation, in the words redis-cli prints (e.g. {@code Moving slot 5 from
 * 127.0.0.1:7000 to 127.0.0.1:7001}). Called on the caller's thread.
 */
@FunctionalInterface
public interface AdminListener {
    /** A listener that ignores everything. */
    AdminListener NONE = line -> { };

    void progress(String line);
}
