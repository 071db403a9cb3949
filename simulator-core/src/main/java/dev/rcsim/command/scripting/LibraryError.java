package dev.rcsim.command.scripting;

import org.luaj.vm2.LuaError;

/**
 * An error raised by a library function, worded as Lua 5.1's {@code luaL_error} words it: prefixed
 * with the position of the Lua function that made the call ({@code user_script:1: }), or with nothing
 * when the caller is not Lua (for example {@code pcall(cjson.decode, '{')}). LuaJ records that caller
 * as {@code fileline} ({@code @user_script:1}) when the error passes through it; this class turns it
 * into Lua 5.1's short source form.
 */
final class LibraryError extends LuaError {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final boolean positioned;

    private LibraryError(String text, boolean positioned) {
        super(text);
        this.text = text;
        this.positioned = positioned;
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
        return fileline == null || !positioned ? text : where(fileline) + text;
    }

    /** "@user_script:1" -> "user_script:1: "; "=name:3" -> "name:3: "; a string chunk as [string "..."]. */
    static String where(String fileline) {
        int colon = fileline.lastIndexOf(':');
        if (colon < 0) {
            return "";
        }
        String source = fileline.substring(0, colon);
        String line = fileline.substring(colon + 1);
        if (!line.chars().allMatch(Character::isDigit) || line.isEmpty()) {
            return "";
        }
        String shortSource;
        if (source.startsWith("@") || source.startsWith("=")) {
            shortSource = source.substring(1);
        } else {
            int nl = source.indexOf('\n');
            String first = nl >= 0 ? source.substring(0, nl) + "..." : source;
            shortSource = "[string \"" + first + "\"]";
        }
        return shortSource + ":" + line + ": ";
    }
}
