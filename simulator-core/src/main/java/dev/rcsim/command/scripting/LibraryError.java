package dev.rcsim.command.scripting;

import org.luaj.vm2.LuaError;

/**
 * An error raised by a library function, worded as Lua 5.1's {@code luaL_error} words it: prefixed
 * with the position of the Lua function that made the call ({@code user_script:1: }), or with nothing
 * when the caller is not Lua (for example {@code pcall(cjson.decode, '{')}). LuaJ records that caller
 * as {@code fileline} ({@code @user_script:1}) when the error passes through it; this class turns it
 * into Lua 5.1's short source form. A function called straight from C (pcall) has no name either,
 * so its "bad argument" errors say {@code to '?'}, as Lua 5.1's do.
 */
final class LibraryError extends LuaError {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final boolean positioned;
    /** For "bad argument" errors: the function's name, printed as '?' when no Lua code called it. */
    private final String function;
    /** For "bad argument" errors: the text before the function's name. */
    private final String head;

    private LibraryError(String text, boolean positioned, String function, String head) {
        super(head + text);
        this.text = text;
        this.positioned = positioned;
        this.function = function;
        this.head = head;
    }

    private LibraryError(String text, boolean positioned) {
        this(text, positioned, null, "");
    }

    /** luaL_argerror: {@code bad argument #2 to 'pack' (number expected, got nil)}. */
    static LibraryError badArgument(String function, int index, String extra) {
        return new LibraryError(" (" + extra + ")", true, function, "bad argument #" + index + " to ");
    }

    /** As {@code luaL_error}: with the calling Lua function's position. */
    static LibraryError withPosition(String text) {
        return new LibraryError(text, true);
    }

    /** As an error the VM raises inside the C function itself ({@code table index is nil}): no position. */
    static LibraryError withoutPosition(String text) {
        return new LibraryError(text, false);
    }

    @Override
    public String getMessage() {
        String body = function == null ? text : head + "'" + (fileline == null ? "?" : function) + "'" + text;
        return fileline == null || !positioned ? body : where(fileline) + body;
    }

    /** "@user_script:1" -> "user_script:1: " (the chunk named as {@link LuaErrors#chunkId} names it). */
    static String where(String fileline) {
        int colon = fileline.lastIndexOf(':');
        String line = colon < 0 ? "" : fileline.substring(colon + 1);
        if (line.isEmpty() || !line.chars().allMatch(Character::isDigit)) {
            return "";
        }
        return LuaErrors.chunkId(fileline.substring(0, colon)) + ":" + line + ": ";
    }
}
