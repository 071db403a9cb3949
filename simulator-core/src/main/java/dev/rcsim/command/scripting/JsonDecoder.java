package dev.rcsim.command.scripting;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * {@code cjson.decode}: Lua CJSON's parser. The input is read as a C string (a NUL byte ends it),
 * numbers with strtod (so with decode_invalid_numbers on, also inf, nan, hex and a leading '+'),
 * JSON null as {@code cjson.null}; errors name the expected token, what was found and the 1-based
 * character, as in {@code Expected value but found T_END at character 1}.
 */
final class JsonDecoder {
    private enum Token {
        T_OBJ_BEGIN, T_OBJ_END, T_ARR_BEGIN, T_ARR_END, T_STRING, T_NUMBER, T_BOOLEAN, T_NULL,
        T_COLON, T_COMMA, T_END, T_WHITESPACE, T_ERROR, T_UNKNOWN
    }

    private static final Token[] CH2TOKEN = new Token[256];
    private static final byte[] ESCAPE2CHAR = new byte[256];

    static {
        java.util.Arrays.fill(CH2TOKEN, Token.T_ERROR);
        CH2TOKEN['{'] = Token.T_OBJ_BEGIN;
        CH2TOKEN['}'] = Token.T_OBJ_END;
        CH2TOKEN['['] = Token.T_ARR_BEGIN;
        CH2TOKEN[']'] = Token.T_ARR_END;
        CH2TOKEN[','] = Token.T_COMMA;
        CH2TOKEN[':'] = Token.T_COLON;
        CH2TOKEN[0] = Token.T_END;
        CH2TOKEN[' '] = Token.T_WHITESPACE;
        CH2TOKEN['\t'] = Token.T_WHITESPACE;
        CH2TOKEN['\n'] = Token.T_WHITESPACE;
        CH2TOKEN['\r'] = Token.T_WHITESPACE;
        for (char c : "fiIntN\"+-0123456789".toCharArray()) {
            CH2TOKEN[c] = Token.T_UNKNOWN;
        }
        ESCAPE2CHAR['"'] = '"';
        ESCAPE2CHAR['\\'] = '\\';
        ESCAPE2CHAR['/'] = '/';
        ESCAPE2CHAR['b'] = '\b';
        ESCAPE2CHAR['t'] = '\t';
        ESCAPE2CHAR['n'] = '\n';
        ESCAPE2CHAR['f'] = '\f';
        ESCAPE2CHAR['r'] = '\r';
        ESCAPE2CHAR['u'] = 'u';
    }

    /** One token: its type, where it starts (or where the error is), and its value. */
    private static final class Tok {
        Token type;
        int index;
        String error;
        LuaValue value;
    }

    private final CjsonLibrary.Config cfg;
    private final byte[] data;
    private int ptr;
    private int depth;
    /** Lua stack slots the C parser holds: its argument plus the tables and keys being built. */
    private int stackInUse = 1;

    private JsonDecoder(CjsonLibrary.Config cfg, byte[] data) {
        this.cfg = cfg;
        this.data = data;
    }

    static LuaValue decode(CjsonLibrary.Config cfg, LuaString json) {
        byte[] data = LibArgs.bytes(json);
        if (data.length >= 2 && (data[0] == 0 || data[1] == 0)) {
            throw LibArgs.error("JSON parser does not support UTF-16 or UTF-32");
        }
        JsonDecoder d = new JsonDecoder(cfg, data);
        Tok token = new Tok();
        d.nextToken(token);
        LuaValue v = d.processValue(token);
        d.nextToken(token);
        if (token.type != Token.T_END) {
            throw parseError("the end", token);
        }
        return v;
    }

    /** The byte at {@code i}, NUL past the end (the C string's terminator). */
    private int at(int i) {
        return i < data.length ? data[i] & 0xff : 0;
    }

    private void setTokenError(Tok t, String what) {
        t.type = Token.T_ERROR;
        t.index = ptr;
        t.error = what;
    }

    private static LuaError parseError(String expected, Tok t) {
        String found = t.type == Token.T_ERROR ? t.error : t.type.name();
        return LibArgs.error("Expected " + expected + " but found " + found + " at character " + (t.index + 1));
    }

    private static boolean startsWith(byte[] data, int at, String word) {
        for (int k = 0; k < word.length(); k++) {
            int i = at + k;
            if (i >= data.length || data[i] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] data, int at, String word) {
        for (int k = 0; k < word.length(); k++) {
            int i = at + k;
            if (i >= data.length || Character.toLowerCase(data[i] & 0xff) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean isInvalidNumber() {
        int p = ptr;
        if (at(p) == '+') {
            return true;
        }
        if (at(p) == '-') {
            p++;
        }
        if (at(p) == '0') {
            int ch2 = at(p + 1);
            return (ch2 | 0x20) == 'x' || ('0' <= ch2 && ch2 <= '9');
        } else if (at(p) <= '9') {
            return false;
        }
        return startsWithIgnoreCase(data, p, "inf") || startsWithIgnoreCase(data, p, "nan");
    }

    private void nextNumberToken(Tok t) {
        t.type = Token.T_NUMBER;
        CNumbers.Parsed n = CNumbers.strtod(data, ptr, cStringEnd());
        if (n.end() == ptr) {
            setTokenError(t, "invalid number");
        } else {
            t.value = LuaValue.valueOf(n.value());
            ptr = n.end();
        }
    }

    private int cStringEnd() {
        int e = ptr;
        while (e < data.length && data[e] != 0) {
            e++;
        }
        return e;
    }

    private void nextToken(Tok t) {
        int ch;
        while (true) {
            ch = at(ptr);
            t.type = CH2TOKEN[ch];
            if (t.type != Token.T_WHITESPACE) {
                break;
            }
            ptr++;
        }
        t.index = ptr;
        if (t.type == Token.T_ERROR) {
            setTokenError(t, "invalid token");
            return;
        }
        if (t.type == Token.T_END) {
            return;
        }
        if (t.type != Token.T_UNKNOWN) {
            ptr++;
            return;
        }
        if (ch == '"') {
            nextStringToken(t);
        } else if (ch == '-' || ('0' <= ch && ch <= '9')) {
            if (!cfg.decodeInvalidNumbers && isInvalidNumber()) {
                setTokenError(t, "invalid number");
                return;
            }
            nextNumberToken(t);
        } else if (startsWith(data, ptr, "true")) {
            t.type = Token.T_BOOLEAN;
            t.value = LuaValue.TRUE;
            ptr += 4;
        } else if (startsWith(data, ptr, "false")) {
            t.type = Token.T_BOOLEAN;
            t.value = LuaValue.FALSE;
            ptr += 5;
        } else if (startsWith(data, ptr, "null")) {
            t.type = Token.T_NULL;
            ptr += 4;
        } else if (cfg.decodeInvalidNumbers && isInvalidNumber()) {
            nextNumberToken(t);
        } else {
            setTokenError(t, "invalid token");
        }
    }

    private static int hexDigit(int c) {
        if ('0' <= c && c <= '9') {
            return c - '0';
        }
        c |= 0x20;
        return ('a' <= c && c <= 'f') ? 10 + c - 'a' : -1;
    }

    private int decodeHex4(int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = hexDigit(at(at + i));
            if (d < 0) {
                return -1;
            }
            v = (v << 4) + d;
        }
        return v;
    }

    /** json_append_unicode_escape: false on a bad escape, leaving {@code ptr} on its backslash. */
    private boolean appendUnicodeEscape(ByteArrayOutputStream tmp) {
        int escapeLen = 6;
        int codepoint = decodeHex4(ptr + 2);
        if (codepoint < 0) {
            return false;
        }
        if ((codepoint & 0xF800) == 0xD800) {
            if ((codepoint & 0x400) != 0) {
                return false;
            }
            if (at(ptr + escapeLen) != '\\' || at(ptr + escapeLen + 1) != 'u') {
                return false;
            }
            int low = decodeHex4(ptr + 2 + escapeLen);
            if (low < 0 || (low & 0xFC00) != 0xDC00) {
                return false;
            }
            codepoint = (((codepoint & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
            escapeLen = 12;
        }
        if (codepoint <= 0x7F) {
            tmp.write(codepoint);
        } else if (codepoint <= 0x7FF) {
            tmp.write((codepoint >> 6) | 0xC0);
            tmp.write((codepoint & 0x3F) | 0x80);
        } else if (codepoint <= 0xFFFF) {
            tmp.write((codepoint >> 12) | 0xE0);
            tmp.write(((codepoint >> 6) & 0x3F) | 0x80);
            tmp.write((codepoint & 0x3F) | 0x80);
        } else {
            tmp.write((codepoint >> 18) | 0xF0);
            tmp.write(((codepoint >> 12) & 0x3F) | 0x80);
            tmp.write(((codepoint >> 6) & 0x3F) | 0x80);
            tmp.write((codepoint & 0x3F) | 0x80);
        }
        ptr += escapeLen;
        return true;
    }

    private void nextStringToken(Tok t) {
        ptr++;
        ByteArrayOutputStream tmp = new ByteArrayOutputStream();
        int ch;
        while ((ch = at(ptr)) != '"') {
            if (ch == 0) {
                setTokenError(t, "unexpected end of string");
                return;
            }
            if (ch == '\\') {
                int esc = ESCAPE2CHAR[at(ptr + 1)] & 0xff;
                if (esc == 'u') {
                    if (appendUnicodeEscape(tmp)) {
                        continue;
                    }
                    setTokenError(t, "invalid unicode escape code");
                    return;
                }
                if (esc == 0) {
                    setTokenError(t, "invalid escape code");
                    return;
                }
                ch = esc;
                ptr++;
            }
            tmp.write(ch);
            ptr++;
        }
        ptr++;
        t.type = Token.T_STRING;
        t.value = LuaString.valueUsing(tmp.toByteArray());
    }

    private void descend(int slots) {
        depth++;
        if (depth <= cfg.decodeMaxDepth && stackInUse + slots <= LibArgs.MAX_C_STACK) {
            return;
        }
        throw LibArgs.error("Found too many nested data structures (" + depth + ") at character " + ptr);
    }

    private LuaValue parseObject() {
        descend(3);
        LuaTable table = new LuaTable();
        stackInUse++;
        Tok token = new Tok();
        nextToken(token);
        if (token.type == Token.T_OBJ_END) {
            depth--;
            stackInUse--;
            return table;
        }
        while (true) {
            if (token.type != Token.T_STRING) {
                throw parseError("object key string", token);
            }
            LuaValue key = token.value;
            stackInUse++;
            nextToken(token);
            if (token.type != Token.T_COLON) {
                throw parseError("colon", token);
            }
            nextToken(token);
            LuaValue value = processValue(token);
            stackInUse--;
            table.rawset(key, value);
            nextToken(token);
            if (token.type == Token.T_OBJ_END) {
                depth--;
                stackInUse--;
                return table;
            }
            if (token.type != Token.T_COMMA) {
                throw parseError("comma or object end", token);
            }
            nextToken(token);
        }
    }

    private LuaValue parseArray() {
        descend(2);
        LuaTable table = new LuaTable();
        stackInUse++;
        Tok token = new Tok();
        nextToken(token);
        if (token.type == Token.T_ARR_END) {
            depth--;
            stackInUse--;
            return table;
        }
        for (int i = 1; ; i++) {
            LuaValue value = processValue(token);
            table.rawset(i, value);
            nextToken(token);
            if (token.type == Token.T_ARR_END) {
                depth--;
                stackInUse--;
                return table;
            }
            if (token.type != Token.T_COMMA) {
                throw parseError("comma or array end", token);
            }
            nextToken(token);
        }
    }

    private LuaValue processValue(Tok token) {
        return switch (token.type) {
            case T_STRING, T_NUMBER, T_BOOLEAN -> token.value;
            case T_OBJ_BEGIN -> parseObject();
            case T_ARR_BEGIN -> parseArray();
            case T_NULL -> CjsonLibrary.NULL;
            default -> throw parseError("value", token);
        };
    }
}
