package dev.rcsim.command.scripting;

import dev.rcsim.protocol.Numbers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code cjson.encode}: Lua CJSON's serialiser. Strings escape {@code " \ /}, control characters and
 * DEL ({@code \/}, {@code \u007f}); numbers print with {@code %.<precision>g}; a table whose keys are
 * all positive integers is an array unless excessively sparse; an empty table is {@code {}}.
 */
final class JsonEncoder {
    private static final String[] ESCAPES = new String[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = String.format("\\u%04x", c);
        }
        ESCAPES['\b'] = "\\b";
        ESCAPES['\t'] = "\\t";
        ESCAPES['\n'] = "\\n";
        ESCAPES['\f'] = "\\f";
        ESCAPES['\r'] = "\\r";
        ESCAPES['"'] = "\\\"";
        ESCAPES['/'] = "\\/";
        ESCAPES['\\'] = "\\\\";
        ESCAPES[0x7f] = "\\u007f";
    }

    private final CjsonLibrary.Config cfg;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private JsonEncoder(CjsonLibrary.Config cfg) {
        this.cfg = cfg;
    }

    static Varargs encode(CjsonLibrary.Config cfg, LuaValue value) {
        JsonEncoder e = new JsonEncoder(cfg);
        // Lua stack slots in use by the C encoder: the argument itself
        e.appendData(value, 0, 1);
        return LuaString.valueUsing(e.out.toByteArray());
    }

    private static LuaError exception(LuaValue culprit, String reason) {
        return LibArgs.error("Cannot serialise " + culprit.typename() + ": " + reason);
    }

    private void write(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        out.write(b, 0, b.length);
    }

    private void appendString(LuaString s) {
        out.write('"');
        for (int i = 0; i < s.m_length; i++) {
            int c = s.m_bytes[s.m_offset + i] & 0xff;
            String esc = ESCAPES[c];
            if (esc != null) {
                write(esc);
            } else {
                out.write(c);
            }
        }
        out.write('"');
    }

    private void appendNumber(LuaValue culprit, double num) {
        if (cfg.encodeInvalidNumbers == 0) {
            if (Double.isInfinite(num) || Double.isNaN(num)) {
                throw exception(culprit, "must not be NaN or Inf");
            }
        } else if (cfg.encodeInvalidNumbers == 1) {
            if (Double.isNaN(num)) {
                write("nan");
                return;
            }
        } else if (Double.isInfinite(num) || Double.isNaN(num)) {
            write("null");
            return;
        }
        write(Numbers.formatG(num, cfg.encodeNumberPrecision));
    }

    /** lua_array_length: -1 for an object, else the array's length (raising on excessive sparseness). */
    private int arrayLength(LuaTable t) {
        int max = 0;
        int items = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs kv = t.next(k);
            k = kv.arg1();
            if (k.isnil()) {
                break;
            }
            double d;
            if (k.type() == LuaValue.TNUMBER && (d = k.todouble()) != 0 && Math.floor(d) == d && d >= 1) {
                if (d > max) {
                    max = CNumbers.toInt32(d);
                }
                items++;
                continue;
            }
            return -1;
        }
        if (cfg.sparseRatio > 0 && max > (long) items * cfg.sparseRatio && max > cfg.sparseSafe) {
            if (!cfg.sparseConvert) {
                throw exception(t, "excessively sparse array");
            }
            return -1;
        }
        return max;
    }

    private void appendData(LuaValue v, int depth, int stackInUse) {
        switch (v.type()) {
            case LuaValue.TSTRING -> appendString(v.checkstring());
            case LuaValue.TNUMBER -> appendNumber(v, v.todouble());
            case LuaValue.TBOOLEAN -> write(v.toboolean() ? "true" : "false");
            case LuaValue.TTABLE -> {
                depth++;
                if (!(depth <= cfg.encodeMaxDepth && stackInUse + 3 <= LibArgs.MAX_C_STACK)) {
                    throw LibArgs.error("Cannot serialise, excessive nesting (" + depth + ")");
                }
                LuaTable t = (LuaTable) v;
                int len = arrayLength(t);
                if (len > 0) {
                    appendArray(t, len, depth, stackInUse);
                } else {
                    appendObject(t, depth, stackInUse);
                }
            }
            case LuaValue.TNIL -> write("null");
            default -> {
                if (v == CjsonLibrary.NULL) {
                    write("null");
                } else {
                    throw exception(v, "type not supported");
                }
            }
        }
    }

    private void appendArray(LuaTable t, int len, int depth, int stackInUse) {
        out.write('[');
        for (int i = 1; i <= len; i++) {
            if (i > 1) {
                out.write(',');
            }
            appendData(t.rawget(i), depth, stackInUse + 1);
        }
        out.write(']');
    }

    private void appendObject(LuaTable t, int depth, int stackInUse) {
        out.write('{');
        boolean comma = false;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs kv = t.next(k);
            k = kv.arg1();
            if (k.isnil()) {
                break;
            }
            if (comma) {
                out.write(',');
            } else {
                comma = true;
            }
            if (k.type() == LuaValue.TNUMBER) {
                out.write('"');
                appendNumber(k, k.todouble());
                write("\":");
            } else if (k.type() == LuaValue.TSTRING) {
                appendString(k.checkstring());
                out.write(':');
            } else {
                throw exception(k, "table key must be a number or string");
            }
            appendData(kv.arg(2), depth, stackInUse + 2);
        }
        out.write('}');
    }
}
