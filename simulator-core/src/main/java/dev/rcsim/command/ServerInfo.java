package dev.rcsim.command;

/** Version facts the node reports (HELLO, INFO server, LOLWUT). */
public final class ServerInfo {
    private ServerInfo() {}

    /** The Redis version rcsim imitates. */
    public static final String VERSION = "7.0.15";
}
