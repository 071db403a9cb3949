package dev.rcsim.command.scripting;

import java.lang.reflect.Field;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;

/**
 * Lua 5.1's error texts over LuaJ: LuaJ prefixes a message with {@code @user_script:1 } where Lua 5.1
 * writes {@code user_script:1: }; {@link #FORMATTER}, installed as the thread's error function, rewrites
 * each message once as it leaves the frame that raised it. {@link #where} reads the frame LuaJ
 * recorded, which Redis's {@code __redis__err__handler} reports as {@code on @user_script:1.}.
 */
final class LuaErrors {
    private LuaErrors() {}

    private static final Field FILELINE;

    static {
        try {
            FILELINE = LuaError.class.getDeclaredField("fileline");
            FILELINE.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code @user_script:3}: the source and line of the Lua frame that raised {@code e}, or null. */
    static String where(LuaError e) {
        try {
            return (String) FILELINE.get(e);
        } catch (IllegalAccessException x) {
            return null;
        }
    }

    /** The error handler that turns LuaJ's {@code source:line message} into Lua 5.1's form. */
    static final LuaValue FORMATTER = new OneArgFunction() {
        @Override
        public LuaValue call(LuaValue msg) {
            return msg.isstring() ? LuaValue.valueOf(lua51(msg.tojstring())) : msg;
        }
    };

    static String lua51(String msg) {
        int sp = msg.indexOf(' ');
        if (sp <= 0) {
            return msg;
        }
        int colon = msg.lastIndexOf(':', sp);
        if (colon <= 0 || colon == sp - 1) {
            return msg;
        }
        for (int i = colon + 1; i < sp; i++) {
            if (!Character.isDigit(msg.charAt(i))) {
                return msg;
            }
        }
        return chunkId(msg.substring(0, colon)) + msg.substring(colon, sp) + ": " + msg.substring(sp + 1);
    }

    /** luaO_chunkid: {@code @name} and {@code =name} print as the name, other sources as {@code [string "..."]}. */
    static String chunkId(String source) {
        if (source.startsWith("@") || source.startsWith("=")) {
            return source.substring(1);
        }
        if (source.startsWith("[string")) {
            return source;
        }
        int nl = source.indexOf('\n');
        String first = nl >= 0 ? source.substring(0, nl) : source;
        if (nl >= 0 || first.length() > 45) {
            return "[string \"" + (first.length() > 45 ? first.substring(0, 45) : first) + "...\"]";
        }
        return "[string \"" + first + "\"]";
    }

    private static final String[] TOKENS = {"and", "break", "do", "else", "elseif", "end", "false", "for", "function",
        "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
        "..", "...", "==", ">=", "<=", "~=", "::", "<eof>"};

    /** LuaJ's {@code unexpected symbol 286 (x)} as Lua 5.1 writes it: {@code unexpected symbol near '<eof>'}. */
    static String syntax(String msg) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("unexpected symbol (\\d+) \\(.\\)$").matcher(msg);
        if (!m.find()) {
            return msg;
        }
        int t = Integer.parseInt(m.group(1));
        String token = t < 257 ? String.valueOf((char) t) : t - 257 < TOKENS.length ? TOKENS[t - 257] : null;
        return token == null ? msg : msg.substring(0, m.start()) + "unexpected symbol near '" + token + "'";
    }

    /** An error raised with {@code error(msg, 0)}: the message without position, as given. */
    static final class Unpositioned extends LuaError {
        private static final long serialVersionUID = 1L;
        private final String text;

        Unpositioned(String text) {
            super(text, 0);
            this.text = text;
        }

        @Override
        public String getMessage() {
            return text;
        }
    }

    /** Raises Redis's error table {@code {err="ERR msg"}} (luaPushError + luaError). */
    static LuaError raise(String message) {
        LuaTable t = LuaReplies.errorTable(message);
        return new LuaError(t);
    }
}
