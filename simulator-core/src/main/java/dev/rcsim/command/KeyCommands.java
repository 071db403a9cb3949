package dev.rcsim.command;

/** Work in progress: filled in by its family's implementation. */
final class KeyCommands {
    private KeyCommands() {}

    static void register(CommandTable t) {
    }
}
