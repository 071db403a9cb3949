package dev.rcsim.command.scripting;

import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The two conversions of Redis's script_lua.c, rule for rule: a command's reply (in the RESP version
 * the script chose with {@code redis.setresp}) to a Lua value ({@code redisProtocolToLuaType}), and
 * a script's return value to the caller's reply ({@code luaReplyToRedisReply}).
 */
final class LuaReplies {
    private LuaReplies() {}

    static final LuaString ERR = LuaString.valueOf("err");
    static final LuaString OK = LuaString.valueOf("ok");
    private static final LuaString DOUBLE = LuaString.valueOf("double");
    private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
    private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
    private static final LuaString FORMAT = LuaString.valueOf("format");
    private static final LuaString STRING = LuaString.valueOf("string");
    private static final LuaString MAP = LuaString.valueOf("map");
    private static final LuaString SET = LuaString.valueOf("set");
    static final LuaString IGNORE_STATS = LuaString.valueOf("ignore_error_stats_update");

    // ------------------------------------------------------------ reply -> Lua

    /** Parses one encoded reply into its Lua value. */
    static LuaValue toLua(byte[] reply) {
        int[] pos = {0};
        return parse(reply, pos, true);
    }

    private static int lineEnd(byte[] b, int from) {
        int i = from;
        while (b[i] != '\r') {
            i++;
        }
        return i;
    }

    private static long number(byte[] b, int from, int to) {
        return Long.parseLong(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    private static LuaValue parse(byte[] b, int[] pos, boolean keep) {
        int p = pos[0];
        byte t = b[p];
        int end = lineEnd(b, p + 1);
        pos[0] = end + 2;
        switch (t) {
            case '+': {
                LuaTable tab = new LuaTable();
                tab.rawset(OK, LuaString.valueOf(java.util.Arrays.copyOfRange(b, p + 1, end)));
                return tab;
            }
            case '-': {
                LuaTable tab = errorTable(new String(b, p, end - p, StandardCharsets.UTF_8));
                tab.rawset(IGNORE_STATS, LuaValue.TRUE);
                return tab;
            }
            case ':':
                return LuaValue.valueOf((double) number(b, p + 1, end));
            case '$': {
                long n = number(b, p + 1, end);
                if (n < 0) {
                    return LuaValue.FALSE;
                }
                LuaString s = LuaString.valueOf(java.util.Arrays.copyOfRange(b, pos[0], pos[0] + (int) n));
                pos[0] += (int) n + 2;
                return s;
            }
            case '*': {
                long n = number(b, p + 1, end);
                if (n < 0) {
                    return LuaValue.FALSE;
                }
                LuaTable tab = new LuaTable((int) n, 0);
                for (int i = 1; i <= n; i++) {
                    LuaValue v = parse(b, pos, keep);
                    if (!v.isnil()) {
                        tab.rawset(i, v);
                    }
                }
                return tab;
            }
            case '%': {
                long n = number(b, p + 1, end);
                LuaTable inner = new LuaTable();
                for (int i = 0; i < n; i++) {
                    LuaValue k = parse(b, pos, keep);
                    LuaValue v = parse(b, pos, keep);
                    if (!k.isnil()) {
                        inner.rawset(k, v);
                    }
                }
                LuaTable tab = new LuaTable();
                tab.rawset(MAP, inner);
                return tab;
            }
            case '~': {
                long n = number(b, p + 1, end);
                LuaTable inner = new LuaTable();
                for (int i = 0; i < n; i++) {
                    LuaValue k = parse(b, pos, keep);
                    if (!k.isnil()) {
                        inner.rawset(k, LuaValue.TRUE);
                    }
                }
                LuaTable tab = new LuaTable();
                tab.rawset(SET, inner);
                return tab;
            }
            case '_':
                return LuaValue.NIL;
            case '#':
                return LuaValue.valueOf(b[p + 1] == 't');
            case ',': {
                String s = new String(b, p + 1, end - p - 1, StandardCharsets.ISO_8859_1);
                LuaTable tab = new LuaTable();
                tab.rawset(DOUBLE, LuaValue.valueOf(parseDouble(s)));
                return tab;
            }
            case '(': {
                LuaTable tab = new LuaTable();
                tab.rawset(BIG_NUMBER, LuaString.valueOf(java.util.Arrays.copyOfRange(b, p + 1, end)));
                return tab;
            }
            case '=': {
                int n = (int) number(b, p + 1, end);
                int body = pos[0];
                pos[0] += n + 2;
                LuaTable inner = new LuaTable();
                inner.rawset(STRING, LuaString.valueOf(java.util.Arrays.copyOfRange(b, body + 4, body + n)));
                inner.rawset(FORMAT, LuaString.valueOf(java.util.Arrays.copyOfRange(b, body, body + 3)));
                LuaTable tab = new LuaTable();
                tab.rawset(VERBATIM, inner);
                return tab;
            }
            case '|': {
                long n = number(b, p + 1, end);
                for (int i = 0; i < 2 * n; i++) {
                    parse(b, pos, false);
                }
                return parse(b, pos, keep);
            }
            case '>': {
                long n = number(b, p + 1, end);
                LuaTable tab = new LuaTable();
                for (int i = 1; i <= n; i++) {
                    tab.rawset(i, parse(b, pos, keep));
                }
                return tab;
            }
            default:
                throw new IllegalStateException("unexpected reply type " + (char) t);
        }
    }

    private static double parseDouble(String s) {
        switch (s) {
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "nan":
            case "-nan":
                return Double.NaN;
            default:
                return Double.parseDouble(s);
        }
    }

    /**
     * Redis's luaPushErrorBuff: {@code -CODE msg} keeps its code, a text without a leading dash (or
     * without a space) gets {@code ERR}; trailing CR/LF are trimmed. Returns {@code {err="CODE msg"}}.
     */
    static LuaTable errorTable(String error) {
        String code;
        String msg;
        if (error.startsWith("-")) {
            int sp = error.indexOf(' ');
            if (sp < 0) {
                code = "ERR";
                msg = error.substring(1);
            } else {
                code = error.substring(1, sp);
                msg = error.substring(sp + 1);
            }
        } else {
            code = "ERR";
            msg = error;
        }
        msg = trim(msg);
        LuaTable tab = new LuaTable();
        tab.rawset(ERR, LuaValue.valueOf(code + " " + msg));
        return tab;
    }

    /** sdstrim(s, "\r\n"): removes CR and LF from both ends. */
    private static String trim(String s) {
        int a = 0;
        int z = s.length();
        while (a < z && (s.charAt(a) == '\r' || s.charAt(a) == '\n')) {
            a++;
        }
        while (z > a && (s.charAt(z - 1) == '\r' || s.charAt(z - 1) == '\n')) {
            z--;
        }
        return s.substring(a, z);
    }

    // ------------------------------------------------------------ Lua -> reply

    /**
     * The caller's reply for a script's return value. {@code scriptResp} is the version the script
     * chose with {@code redis.setresp}: it decides how booleans are sent.
     */
    static RespValue toReply(LuaValue v, int scriptResp) {
        switch (v.type()) {
            case LuaValue.TSTRING:
                return Replies.bulk(bytes(v.checkstring()));
            case LuaValue.TBOOLEAN:
                if (scriptResp == 2) {
                    return v.toboolean() ? Replies.ONE : Replies.NULL_BULK;
                }
                return new RespValue.Bool(v.toboolean());
            case LuaValue.TNUMBER:
                return Replies.integer(toLong(v.todouble()));
            case LuaValue.TTABLE:
                return tableReply((LuaTable) v, scriptResp);
            default:
                return Replies.NULL_BULK;
        }
    }

    /** C's {@code (long long)} cast on x86-64: NaN and out-of-range values become LLONG_MIN. */
    static long toLong(double d) {
        if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    static byte[] bytes(LuaString s) {
        byte[] out = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, out, 0, s.m_length);
        return out;
    }

    private static String spaces(String s) {
        return s.indexOf('\r') < 0 && s.indexOf('\n') < 0 ? s : s.replace('\r', ' ').replace('\n', ' ');
    }

    private static RespValue tableReply(LuaTable t, int scriptResp) {
        LuaValue err = t.rawget(ERR);
        if (err.type() == LuaValue.TSTRING) {
            return errorReply(err.tojstring());
        }
        LuaValue ok = t.rawget(OK);
        if (ok.type() == LuaValue.TSTRING) {
            return Replies.simple(spaces(ok.tojstring()));
        }
        LuaValue dbl = t.rawget(DOUBLE);
        if (dbl.type() == LuaValue.TNUMBER) {
            return Replies.dbl(dbl.todouble());
        }
        LuaValue big = t.rawget(BIG_NUMBER);
        if (big.type() == LuaValue.TSTRING) {
            byte[] s = spaces(big.tojstring()).getBytes(StandardCharsets.UTF_8);
            return new RespValue.Versioned(bulkBytes(s), line('(', s));
        }
        LuaValue verb = t.rawget(VERBATIM);
        if (verb.type() == LuaValue.TTABLE) {
            LuaValue format = verb.rawget(FORMAT);
            LuaValue str = verb.rawget(STRING);
            if (format.type() == LuaValue.TSTRING && str.type() == LuaValue.TSTRING) {
                String f = format.tojstring();
                return new RespValue.Verbatim(f.length() >= 3 ? f.substring(0, 3) : f, bytes(str.checkstring()));
            }
        }
        LuaValue map = t.rawget(MAP);
        if (map.type() == LuaValue.TTABLE) {
            List<RespValue> kv = new ArrayList<>();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = map.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                kv.add(toReply(k, scriptResp));
                kv.add(toReply(n.arg(2), scriptResp));
            }
            return Replies.map(kv);
        }
        LuaValue set = t.rawget(SET);
        if (set.type() == LuaValue.TTABLE) {
            List<RespValue> items = new ArrayList<>();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = set.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                items.add(toReply(k, scriptResp));
            }
            return Replies.set(items);
        }
        List<RespValue> items = new ArrayList<>();
        for (int j = 1; ; j++) {
            LuaValue e = t.rawget(j);
            if (e.isnil()) {
                break;
            }
            items.add(toReply(e, scriptResp));
        }
        return Replies.array(items);
    }

    /** addReplyErrorFormat("-%s"): the text as it is, CR/LF turned into spaces. */
    static RespValue errorReply(String text) {
        String s = spaces(text);
        return new RespValue.Raw(("-" + s + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] line(char type, byte[] s) {
        byte[] out = new byte[s.length + 3];
        out[0] = (byte) type;
        System.arraycopy(s, 0, out, 1, s.length);
        out[s.length + 1] = '\r';
        out[s.length + 2] = '\n';
        return out;
    }

    private static byte[] bulkBytes(byte[] s) {
        byte[] head = ("$" + s.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + s.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(s, 0, out, head.length, s.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    /** A Lua number as Redis passes it to a command: {@code %.17g}. */
    static byte[] numberArg(double d) {
        return Numbers.formatDouble(d).getBytes(StandardCharsets.ISO_8859_1);
    }
}
