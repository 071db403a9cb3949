package dev.rcsim.command;

import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;

/** CLIENT and its subcommands (work in progress: filled by the server-commands work). */
final class ClientCommands {
    private ClientCommands() {}

    static void register(CommandTable t) {
        CommandSpec client = t.add("client", -2, "", 0, 0, 0).acl("@slow");
        client.sub("id", 2, "noscript loading stale", 0, 0, 0).acl("@slow @connection").run((c, a) -> Replies.integer(c.id()));
        client.sub("setname", 3, "noscript loading stale", 0, 0, 0).acl("@slow @connection").run(ClientCommands::setName);
        client.sub("getname", 2, "noscript loading stale", 0, 0, 0).acl("@slow @connection")
                .run((c, a) -> c.name == null ? Replies.NULL_BULK : Replies.bulk(c.name));
    }

    /** Null if the name is acceptable, else Redis's error. */
    static RespValue validateName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '!' || ch > '~') {
                return Replies.error("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return null;
    }

    private static RespValue setName(Connection c, byte[][] argv) {
        String name = Args.str(argv[2]);
        RespValue err = validateName(name);
        if (err != null) {
            return err;
        }
        c.name = name.isEmpty() ? null : name;
        return Replies.OK;
    }
}
