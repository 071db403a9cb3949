package dev.rcsim.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deliberately simple RESP2/RESP3 reply parser for tests, independent of the production writer:
 * parses bytes into {@link RespValue}s, and renders values as canonical text for structural equality.
 */
final class TestRespParser {
    private final byte[] b;
    private int pos;

    private TestRespParser(byte[] b) {
        this.b = b;
    }

    /** Parses all values in {@code bytes}; fails if anything is left over or truncated. */
    static List<RespValue> parseAll(byte[] bytes) {
        TestRespParser p = new TestRespParser(bytes);
        List<RespValue> out = new ArrayList<>();
        while (p.pos < bytes.length) {
            out.add(p.value());
        }
        return out;
    }

    static RespValue parse(byte[] bytes) {
        List<RespValue> all = parseAll(bytes);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected one value, got " + all.size());
        }
        return all.get(0);
    }

    private String line() {
        for (int i = pos; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                String s = new String(b, pos, i - pos, StandardCharsets.ISO_8859_1);
                pos = i + 2;
                return s;
            }
        }
        throw new IllegalArgumentException("truncated line at " + pos);
    }

    private byte[] payload(int len) {
        if (pos + len + 2 > b.length || b[pos + len] != '\r' || b[pos + len + 1] != '\n') {
            throw new IllegalArgumentException("bad payload at " + pos);
        }
        byte[] out = Arrays.copyOfRange(b, pos, pos + len);
        pos += len + 2;
        return out;
    }

    private List<RespValue> items(int n) {
        List<RespValue> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(value());
        }
        return l;
    }

    private RespValue value() {
        char type = (char) b[pos++];
        String line = line();
        switch (type) {
            case '+':
                return new RespValue.Simple(line);
            case '-':
                return new RespValue.Error(line);
            case ':':
                return new RespValue.Int(Long.parseLong(line));
            case '$': {
                int len = Integer.parseInt(line);
                return len < 0 ? new RespValue.NullBulk() : new RespValue.Bulk(payload(len));
            }
            case '*': {
                int n = Integer.parseInt(line);
                return n < 0 ? new RespValue.NullArray() : new RespValue.Array(items(n));
            }
            case '%':
                return new RespValue.Map(items(2 * Integer.parseInt(line)));
            case '~':
                return new RespValue.Set(items(Integer.parseInt(line)));
            case '>':
                return new RespValue.Push(items(Integer.parseInt(line)));
            case ',':
                return new RespValue.Double(line);
            case '#':
                return new RespValue.Bool(line.equals("t"));
            case '_':
                return new RespValue.NullBulk();
            case '=': {
                byte[] all = payload(Integer.parseInt(line));
                return new RespValue.Verbatim(new String(all, 0, 3, StandardCharsets.ISO_8859_1), Arrays.copyOfRange(all, 4, all.length));
            }
            default:
                throw new IllegalArgumentException("unknown type " + type);
        }
    }

    /** Canonical text of a value's structure (byte arrays by content). */
    static String describe(RespValue v) {
        StringBuilder sb = new StringBuilder();
        describe(v, sb);
        return sb.toString();
    }

    private static void describe(RespValue v, StringBuilder sb) {
        if (v instanceof RespValue.Simple s) {
            sb.append("simple(").append(s.text()).append(')');
        } else if (v instanceof RespValue.Error e) {
            sb.append("error(").append(e.message()).append(')');
        } else if (v instanceof RespValue.Int i) {
            sb.append("int(").append(i.value()).append(')');
        } else if (v instanceof RespValue.Bulk bk) {
            sb.append("bulk(").append(Arrays.toString(bk.bytes())).append(')');
        } else if (v instanceof RespValue.Array a) {
            list("array", a.items(), sb);
        } else if (v instanceof RespValue.Map m) {
            list("map", m.keysAndValues(), sb);
        } else if (v instanceof RespValue.Set s) {
            list("set", s.items(), sb);
        } else if (v instanceof RespValue.Push p) {
            list("push", p.items(), sb);
        } else if (v instanceof RespValue.Double d) {
            sb.append("double(").append(d.text()).append(')');
        } else if (v instanceof RespValue.Bool bo) {
            sb.append("bool(").append(bo.value()).append(')');
        } else if (v instanceof RespValue.Verbatim vb) {
            sb.append("verbatim(").append(vb.format()).append(',').append(Arrays.toString(vb.bytes())).append(')');
        } else if (v instanceof RespValue.NullBulk) {
            sb.append("nullbulk");
        } else if (v instanceof RespValue.NullArray) {
            sb.append("nullarray");
        } else {
            sb.append(v);
        }
    }

    private static void list(String kind, List<? extends RespValue> items, StringBuilder sb) {
        sb.append(kind).append('[');
        for (RespValue i : items) {
            describe(i, sb);
            sb.append(';');
        }
        sb.append(']');
    }

    /** What a RESP3 value should look like after RespWriter's RESP2 downgrade, as Redis 7.0 does it. */
    static RespValue downgrade(RespValue v) {
        if (v instanceof RespValue.Array a) {
            return new RespValue.Array(down(a.items()));
        } else if (v instanceof RespValue.Map m) {
            return new RespValue.Array(down(m.keysAndValues()));
        } else if (v instanceof RespValue.Set s) {
            return new RespValue.Array(down(s.items()));
        } else if (v instanceof RespValue.Push p) {
            return new RespValue.Array(down(p.items()));
        } else if (v instanceof RespValue.Double d) {
            return new RespValue.Bulk(d.text().getBytes(StandardCharsets.ISO_8859_1));
        } else if (v instanceof RespValue.Bool bo) {
            return new RespValue.Int(bo.value() ? 1 : 0);
        } else if (v instanceof RespValue.Verbatim vb) {
            return new RespValue.Bulk(vb.bytes());
        }
        return v;
    }

    /** RESP3 has one null: both null kinds read back as {@code _}. */
    static RespValue resp3Shape(RespValue v) {
        if (v instanceof RespValue.NullArray) {
            return new RespValue.NullBulk();
        } else if (v instanceof RespValue.Array a) {
            return new RespValue.Array(a.items().stream().map(TestRespParser::resp3Shape).toList());
        } else if (v instanceof RespValue.Map m) {
            return new RespValue.Map(m.keysAndValues().stream().map(TestRespParser::resp3Shape).toList());
        } else if (v instanceof RespValue.Set s) {
            return new RespValue.Set(s.items().stream().map(TestRespParser::resp3Shape).toList());
        } else if (v instanceof RespValue.Push p) {
            return new RespValue.Push(p.items().stream().map(TestRespParser::resp3Shape).toList());
        }
        return v;
    }

    private static List<RespValue> down(List<? extends RespValue> items) {
        return items.stream().map(TestRespParser::downgrade).toList();
    }
}
