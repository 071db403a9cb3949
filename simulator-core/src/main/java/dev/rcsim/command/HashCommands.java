package dev.rcsim.command;

/** Work in progress: filled in by its family's implementation. */
final class HashCommands {
    private HashCommands() {}

    static void register(CommandTable t) {
    }
}
