package dev.rcsim.command.server;

import dev.rcsim.command.CommandSpec;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.HelpText;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;

/**
 * MODULE LIST / LOAD / LOADEX / UNLOAD / HELP as a Redis 7.0.15 without modules (module.c
 * moduleCommand): LIST is empty; LOAD and LOADEX, once {@code enable-module-command} allows them (as
 * DEBUG's option does), fail the way a path that cannot be opened fails; UNLOAD finds no module.
 * rcsim loads no native code, so every path answers like one that does not exist.
 */
final class ModuleCommands {
    private ModuleCommands() {}

    private static final RespValue HELP = HelpText.reply(
            "MODULE <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "LIST",
            "    Return a list of loaded modules.",
            "LOAD <path> [<arg> ...]",
            "    Load a module library from <path>, passing to it any optional arguments.",
            "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
            "    Load a module library from <path>, while passing it module configurations and optional arguments.",
            "UNLOAD <name>",
            "    Unload a module.",
            "HELP",
            "    Prints this help.");
    private static final RespValue LOAD_FAILED = Replies.error("ERR Error loading the extension. Please check the server logs.");
    private static final RespValue NO_SUCH_MODULE = Replies.error("ERR Error unloading module: no such module with that name");

    static void register(CommandTable t) {
        CommandSpec module = t.add("module", -2, "", 0, 0, 0).acl("@slow");
        module.sub("help", 2, "loading stale", 0, 0, 0).acl("@slow").run((c, a) -> HELP);
        module.sub("list", 2, "admin noscript", 0, 0, 0).acl("@admin @slow @dangerous").run((c, a) -> Replies.EMPTY_ARRAY);
        module.sub("load", -3, "admin noscript no_async_loading", 0, 0, 0).acl("@admin @slow @dangerous")
                .run((c, a) -> guarded(c, LOAD_FAILED));
        module.sub("loadex", -3, "admin noscript no_async_loading", 0, 0, 0).acl("@admin @slow @dangerous")
                .run((c, a) -> guarded(c, LOAD_FAILED));
        module.sub("unload", 3, "admin noscript no_async_loading", 0, 0, 0).acl("@admin @slow @dangerous")
                .run((c, a) -> guarded(c, NO_SUCH_MODULE));
    }

    /** LOAD, LOADEX and UNLOAD are protected commands: enable-module-command (default no) decides. */
    private static RespValue guarded(Connection c, RespValue reply) {
        return ServerCommands.protectedAllowed(c, "enable-module-command") ? reply : ServerCommands.notAllowed("MODULE", "enable-module-command");
    }
}
