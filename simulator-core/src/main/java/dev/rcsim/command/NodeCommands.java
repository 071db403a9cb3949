package dev.rcsim.command;

import dev.rcsim.server.CommandProcessor;
import dev.rcsim.server.Connection;
import dev.rcsim.server.RedisNode;

/**
 * One node's command layer: the command table it serves, its router (the cluster layer's check, or
 * {@link Redirector#NONE}), and its scripting engine; it processes each request through the
 * {@link Dispatcher}. Made once per node by the node assembly and kept in the node's final field.
 */
public final class NodeCommands implements CommandProcessor {
    private final CommandTable table;
    private final Redirector router;
    private final ScriptState scripts;

    public NodeCommands(CommandTable table, Redirector router, ScriptState scripts) {
        this.table = table;
        this.router = router;
        this.scripts = scripts;
    }

    /** The command layer of {@code node}. */
    public static NodeCommands of(RedisNode node) {
        return (NodeCommands) node.processor();
    }

    @Override
    public void process(Connection c, byte[][] argv) {
        Dispatcher.process(c, argv);
    }

    @Override
    public void retryBlocked(Connection c, byte[][] argv) {
        Dispatcher.retryBlocked(c, argv);
    }

    @Override
    public boolean scriptRunning() {
        return scripts.isRunning();
    }

    public CommandTable table() {
        return table;
    }

    public Redirector router() {
        return router;
    }

    public ScriptState scripts() {
        return scripts;
    }
}
