package dev.rcsim.command;

/** Work in progress: filled in by its family's implementation. */
final class SortedSetCommands {
    private SortedSetCommands() {}

    static void register(CommandTable t) {
    }
}
