package dev.rcsim.command;

/** Work in progress: filled in by its family's implementation. */
final class ListCommands {
    private ListCommands() {}

    static void register(CommandTable t) {
    }
}
