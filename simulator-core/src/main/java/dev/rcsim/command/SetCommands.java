package dev.rcsim.command;

/** Work in progress: filled in by its family's implementation. */
final class SetCommands {
    private SetCommands() {}

    static void register(CommandTable t) {
    }
}
