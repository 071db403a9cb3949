package dev.rcsim.command;

/** Finds key argument positions of a command whose keys move (numkeys, KEYS ..., STREAMS ...). */
@FunctionalInterface
public interface KeyFinder {
    /** Indexes into argv of every key, in order; an empty array when there are none or the syntax is bad. */
    int[] keys(byte[][] argv);
}
