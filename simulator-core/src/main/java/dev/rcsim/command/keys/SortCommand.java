package dev.rcsim.command.keys;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.Notify;
import dev.rcsim.command.strings.StringCommands;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.HashValue;
import dev.rcsim.keyspace.ListValue;
import dev.rcsim.keyspace.RedisValue;
import dev.rcsim.keyspace.SetValue;
import dev.rcsim.keyspace.StringValue;
import dev.rcsim.keyspace.ZSetValue;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO (sort.c): numeric or ALPHA sorts of lists, sets and sorted sets, with LIMIT, BY
 * patterns (a pattern without '*' skips sorting), GET patterns ({@code #}, {@code key*}, {@code
 * hash*->field}) and STORE. ALPHA compares bytes (Redis's strcoll in the C locale); equal BY keys
 * keep the input order (glibc's qsort is a merge sort). Sorting a sorted set converts it to a
 * skiplist, as Redis does.
 */
public final class SortCommand {
    private SortCommand() {}

    public static void register(CommandTable t) {
        t.add("sort", -2, "write denyoom movablekeys", 1, 1, 1).acl("@write @set @sortedset @list @slow @dangerous")
                .keys(SortCommand::keys).run((c, a) -> sort(c, a, false));
        t.add("sort_ro", -2, "readonly movablekeys", 1, 1, 1).acl("@read @set @sortedset @list @slow @dangerous")
                .keys(a -> new int[] {1}).run((c, a) -> sort(c, a, true));
    }

    /** The sorted key and, with STORE, the destination (sortGetKeys: the last STORE wins). */
    static int[] keys(byte[][] argv) {
        int store = -1;
        for (int i = 2; i < argv.length; i++) {
            int skip = 0;
            if (Args.is(argv[i], "limit")) {
                skip = 2;
            } else if (Args.is(argv[i], "get") || Args.is(argv[i], "by")) {
                skip = 1;
            } else if (Args.is(argv[i], "store")) {
                skip = 1;
                if (i + 1 < argv.length) {
                    store = i + 1;
                }
            }
            i += skip;
        }
        return store < 0 ? new int[] {1} : new int[] {1, store};
    }

    private static final class Item {
        final byte[] obj;
        double score;
        byte[] cmp;

        Item(byte[] obj) {
            this.obj = obj;
        }
    }

    private static RespValue sort(Connection c, byte[][] argv, boolean readonly) {
        boolean desc = false;
        boolean alpha = false;
        boolean dontsort = false;
        long limitStart = 0;
        long limitCount = -1;
        byte[] sortby = null;
        byte[] storekey = null;
        List<byte[]> gets = new ArrayList<>();
        boolean cluster = c.node().config().clusterEnabled();
        for (int j = 2; j < argv.length; j++) {
            int left = argv.length - j - 1;
            byte[] a = argv[j];
            if (Args.is(a, "asc")) {
                desc = false;
            } else if (Args.is(a, "desc")) {
                desc = true;
            } else if (Args.is(a, "alpha")) {
                alpha = true;
            } else if (Args.is(a, "limit") && left >= 2) {
                limitStart = Args.toLong(argv[j + 1]);
                limitCount = Args.toLong(argv[j + 2]);
                j += 2;
            } else if (!readonly && Args.is(a, "store") && left >= 1) {
                storekey = argv[++j];
            } else if (Args.is(a, "by") && left >= 1) {
                sortby = argv[++j];
                if (indexOf(sortby, (byte) '*') < 0) {
                    dontsort = true;
                } else if (cluster) {
                    return Replies.error("ERR BY option of SORT denied in Cluster mode.");
                }
            } else if (Args.is(a, "get") && left >= 1) {
                if (cluster) {
                    return Replies.error("ERR GET option of SORT denied in Cluster mode.");
                }
                gets.add(argv[++j]);
            } else {
                return Replies.SYNTAX;
            }
        }
        RedisValue val = StringCommands.readAny(c, argv[1]);
        if (val != null && !(val instanceof ListValue) && !(val instanceof SetValue) && !(val instanceof ZSetValue)) {
            return Replies.WRONGTYPE;
        }
        if (dontsort && val instanceof SetValue && storekey != null) {
            dontsort = false;
            alpha = true;
            sortby = null;
        }
        if (val instanceof ZSetValue) {
            ((ZSetValue) val).forceSkiplist();
        }
        int vectorlen = val == null ? 0
                : val instanceof ListValue ? ((ListValue) val).size()
                : val instanceof SetValue ? ((SetValue) val).size() : ((ZSetValue) val).size();
        // Redis 7.0.15 clamps both to the object's size first (no overflow of start + count)
        long start = Math.min(Math.max(limitStart, 0), vectorlen);
        long count = Math.min(Math.max(limitCount, -1), vectorlen);
        long end = count < 0 ? vectorlen - 1 : start + count - 1;
        if (start >= vectorlen) {
            start = vectorlen - 1;
            end = vectorlen - 2;
        }
        if (end >= vectorlen) {
            end = vectorlen - 1;
        }
        List<Item> vector = new ArrayList<>();
        boolean ordered = val instanceof ListValue || val instanceof ZSetValue;
        if (ordered && dontsort) {
            if (end >= start) {
                int n = (int) (end - start + 1);
                if (val instanceof ListValue) {
                    ListValue l = (ListValue) val;
                    for (int i = 0; i < n; i++) {
                        vector.add(new Item(l.get(desc ? (int) (l.size() - start - 1 - i) : (int) (start + i))));
                    }
                } else {
                    ZSetValue z = (ZSetValue) val;
                    ZSetValue.Cursor cur = z.at(desc ? z.size() - start - 1 : start);
                    for (int i = 0; i < n && cur.valid(); i++) {
                        vector.add(new Item(cur.member().bytes()));
                        if (desc) {
                            cur.prev();
                        } else {
                            cur.next();
                        }
                    }
                }
                end -= start;
                start = 0;
            }
        } else if (val instanceof ListValue) {
            ListValue l = (ListValue) val;
            for (int i = 0; i < l.size(); i++) {
                vector.add(new Item(l.get(i)));
            }
        } else if (val instanceof SetValue) {
            for (Bytes m : ((SetValue) val).members()) {
                vector.add(new Item(m.bytes()));
            }
        } else if (val instanceof ZSetValue) {
            for (java.util.Map.Entry<Bytes, Double> e : ((ZSetValue) val).dictEntries()) {
                vector.add(new Item(e.getKey().bytes()));
            }
        }
        boolean conversionError = false;
        if (!dontsort) {
            for (Item it : vector) {
                byte[] byval;
                if (sortby != null) {
                    byval = lookupByPattern(c, sortby, it.obj);
                    if (byval == null) {
                        continue;
                    }
                } else {
                    byval = it.obj;
                }
                if (alpha) {
                    if (sortby != null) {
                        it.cmp = byval;
                    }
                } else {
                    try {
                        it.score = strtod(byval);
                    } catch (NumberFormatException e) {
                        conversionError = true;
                    }
                }
            }
            Comparator<Item> cmp;
            if (!alpha) {
                cmp = (x, y) -> {
                    int r = Double.compare(x.score, y.score);
                    if (x.score == y.score) {
                        r = compareBytes(x.obj, y.obj);
                    }
                    return r;
                };
            } else if (sortby != null) {
                cmp = (x, y) -> {
                    if (x.cmp == null || y.cmp == null) {
                        return x.cmp == y.cmp ? 0 : x.cmp == null ? -1 : 1;
                    }
                    return compareBytes(x.cmp, y.cmp);
                };
            } else {
                cmp = (x, y) -> compareBytes(x.obj, y.obj);
            }
            vector.sort(desc ? cmp.reversed() : cmp);
        }
        long outputlen = (gets.isEmpty() ? 1 : gets.size()) * (end - start + 1);
        if (conversionError) {
            return Replies.error("ERR One or more scores can't be converted into double");
        }
        if (storekey == null) {
            List<RespValue> out = new ArrayList<>();
            for (long j = start; j <= end; j++) {
                byte[] obj = vector.get((int) j).obj;
                if (gets.isEmpty()) {
                    out.add(Replies.bulk(obj));
                }
                for (byte[] g : gets) {
                    byte[] v = lookupByPattern(c, g, obj);
                    out.add(v == null ? Replies.NULL_BULK : Replies.bulk(v));
                }
            }
            return Replies.array(out);
        }
        ListValue sobj = new ListValue();
        for (long j = start; j <= end; j++) {
            byte[] obj = vector.get((int) j).obj;
            if (gets.isEmpty()) {
                sobj.addLast(obj);
            }
            for (byte[] g : gets) {
                byte[] v = lookupByPattern(c, g, obj);
                sobj.addLast(v == null ? new byte[0] : v);
            }
        }
        Bytes dest = Bytes.of(storekey);
        if (outputlen > 0) {
            c.keyspace().set(dest, sobj);
            c.effects().changed(outputlen);
            Notify.event(c, Notify.LIST, "sortstore", storekey);
        } else if (c.keyspace().remove(dest)) {
            c.effects().changed();
            Notify.event(c, Notify.GENERIC, "del", storekey);
        }
        return Replies.integer(outputlen);
    }

    private static int compareBytes(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** lookupKeyByPattern: "#" is the element itself; the first '*' takes the element; "->field" reads a hash. */
    private static byte[] lookupByPattern(Connection c, byte[] pattern, byte[] subst) {
        if (pattern.length == 1 && pattern[0] == '#') {
            return subst;
        }
        int star = indexOf(pattern, (byte) '*');
        if (star < 0) {
            return null;
        }
        int arrow = -1;
        for (int i = star + 1; i + 1 < pattern.length; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        byte[] field = null;
        int keyEnd = pattern.length;
        if (arrow >= 0 && arrow + 2 < pattern.length) {
            field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
            keyEnd = arrow;
        }
        byte[] key = new byte[star + subst.length + (keyEnd - star - 1)];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(subst, 0, key, star, subst.length);
        System.arraycopy(pattern, star + 1, key, star + subst.length, keyEnd - star - 1);
        RedisValue o = StringCommands.readAny(c, key);
        if (o == null) {
            return null;
        }
        if (field != null) {
            return o instanceof HashValue ? ((HashValue) o).get(Bytes.of(field)) : null;
        }
        return o instanceof StringValue ? ((StringValue) o).bytes() : null;
    }

    /** strtod as SORT uses it: leading spaces allowed, nothing may follow, ERANGE and NaN refused; "" is 0. */
    private static double strtod(byte[] b) {
        if (b.length == 0) {
            return 0;
        }
        int i = 0;
        while (i < b.length && (b[i] == ' ' || (b[i] >= 9 && b[i] <= 13))) {
            i++;
        }
        if (i == b.length) {
            throw new NumberFormatException();
        }
        byte[] rest = i == 0 ? b : Arrays.copyOfRange(b, i, b.length);
        double d = Numbers.parseDouble(rest);
        String s = new String(rest, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase();
        if (Double.isInfinite(d) && !s.contains("inf")) {
            throw new NumberFormatException();
        }
        if (d != 0 && Math.abs(d) < Double.MIN_NORMAL) {
            throw new NumberFormatException();
        }
        if (d == 0) {
            String mant = s.startsWith("0x") || s.startsWith("-0x") || s.startsWith("+0x") ? s.replaceAll("p.*", "").replaceAll("0x", "")
                    : s.replaceAll("e.*", "");
            if (mant.matches(".*[1-9a-f].*")) {
                throw new NumberFormatException();
            }
        }
        return d;
    }
}
