package dev.rcsim.command;

/** Work in progress: filled in by its family's implementation. */
final class ClusterCommands {
    private ClusterCommands() {}

    static void register(CommandTable t) {
    }
}
