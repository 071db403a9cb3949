package dev.rcsim.command;

/** Work in progress: filled in by its family's implementation. */
final class ServerCommands {
    private ServerCommands() {}

    static void register(CommandTable t) {
    }
}
