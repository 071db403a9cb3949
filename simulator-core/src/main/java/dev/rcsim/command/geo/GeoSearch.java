package dev.rcsim.command.geo;

import dev.rcsim.command.Args;
import dev.rcsim.command.Notify;
import dev.rcsim.command.ReplyException;
import dev.rcsim.command.sortedsets.SortedSetCommands;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.ZSetValue;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The area searches of Redis 7.0's geo.c (georadiusGeneric): GEOSEARCH, GEOSEARCHSTORE, GEORADIUS,
 * GEORADIUSBYMEMBER and their _RO forms. Arguments are checked in Redis's order (source type first,
 * then centre and shape, then options left to right, then the cross-option errors), the nine
 * geohash cells of the shape are scanned in Redis's order, points are filtered by exact distance and
 * sorted stably by distance, as glibc's qsort does.
 */
final class GeoSearch {
    private GeoSearch() {}

    static final int COORDS = 1;
    static final int MEMBER = 2;
    static final int NOSTORE = 4;
    static final int SEARCH = 8;
    static final int SEARCH_STORE = 16;

    private static final int SORT_NONE = 0;
    private static final int SORT_ASC = 1;
    private static final int SORT_DESC = 2;

    private static final RespValue CANT_DECODE = Replies.error("ERR could not decode requested zset member");
    private static final RespValue COUNT_POSITIVE = Replies.error("ERR COUNT must be > 0");
    private static final RespValue ANY_NEEDS_COUNT = Replies.error("ERR the ANY argument requires COUNT argument");
    private static final RespValue NEED_RADIUS = Replies.error("ERR need numeric radius");
    private static final RespValue NEGATIVE_RADIUS = Replies.error("ERR radius cannot be negative");
    private static final RespValue NEED_WIDTH = Replies.error("ERR need numeric width");
    private static final RespValue NEED_HEIGHT = Replies.error("ERR need numeric height");
    private static final RespValue NEGATIVE_BOX = Replies.error("ERR height or width cannot be negative");

    /** A point found by a search. */
    private record Point(Bytes member, double lon, double lat, double dist, double score) {}

    /**
     * Key positions as Redis 7.0.15's key specs give them: the source at 1, then the key after the
     * first STORE and the key after the first STOREDIST, searched from {@code startFrom} up to the
     * second-to-last argument.
     */
    static int[] radiusKeys(byte[][] argv, int startFrom) {
        int store = keyAfter(argv, startFrom, "store");
        int storeDist = keyAfter(argv, startFrom, "storedist");
        int[] out = new int[1 + (store > 0 ? 1 : 0) + (storeDist > 0 ? 1 : 0)];
        int n = 0;
        out[n++] = 1;
        if (store > 0) {
            out[n++] = store;
        }
        if (storeDist > 0) {
            out[n++] = storeDist;
        }
        return out;
    }

    private static int keyAfter(byte[][] argv, int from, String keyword) {
        for (int i = from; i < argv.length - 1; i++) {
            if (Args.is(argv[i], keyword)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static double parseDouble(byte[] arg, RespValue error) {
        try {
            return dev.rcsim.protocol.Numbers.parseDouble(arg);
        } catch (NumberFormatException e) {
            throw new ReplyException(error);
        }
    }

    private static void distanceArgs(byte[][] argv, int i, GeoHash.Shape shape) {
        double d = parseDouble(argv[i], NEED_RADIUS);
        if (d < 0) {
            throw new ReplyException(NEGATIVE_RADIUS);
        }
        shape.radius = d;
        shape.conversion = GeoCommands.unit(argv[i + 1]);
    }

    private static void boxArgs(byte[][] argv, int i, GeoHash.Shape shape) {
        double w = parseDouble(argv[i], NEED_WIDTH);
        double h = parseDouble(argv[i + 1], NEED_HEIGHT);
        if (h < 0 || w < 0) {
            throw new ReplyException(NEGATIVE_BOX);
        }
        shape.height = h;
        shape.width = w;
        shape.conversion = GeoCommands.unit(argv[i + 2]);
    }

    private static boolean centreFromMember(ZSetValue z, byte[] member, GeoHash.Shape shape) {
        Double score = z.score(Bytes.of(member));
        if (score == null) {
            return false;
        }
        double[] xy = GeoHash.decodeScore(score);
        shape.lon = xy[0];
        shape.lat = xy[1];
        return true;
    }

    static RespValue run(Connection c, byte[][] argv, int srcIdx, int flags) {
        byte[] storeKey = null;
        boolean storeDist = false;
        ZSetValue z = SortedSetCommands.read(c, argv[srcIdx]);
        GeoHash.Shape shape = new GeoHash.Shape();
        int base;
        if ((flags & COORDS) != 0) {
            base = 6;
            double[] xy = GeoCommands.lonLat(argv, 2);
            shape.lon = xy[0];
            shape.lat = xy[1];
            distanceArgs(argv, base - 2, shape);
        } else if ((flags & MEMBER) != 0 && z == null) {
            base = 5;
        } else if ((flags & MEMBER) != 0) {
            base = 5;
            if (!centreFromMember(z, argv[2], shape)) {
                return CANT_DECODE;
            }
            distanceArgs(argv, base - 2, shape);
        } else {
            base = 2;
            if ((flags & SEARCH_STORE) != 0) {
                base = 3;
                storeKey = argv[1];
            }
        }

        boolean withDist = false;
        boolean withHash = false;
        boolean withCoords = false;
        boolean fromMember = false;
        boolean fromLoc = false;
        boolean byRadius = false;
        boolean byBox = false;
        int sort = SORT_NONE;
        boolean any = false;
        long count = 0;
        boolean search = (flags & SEARCH) != 0;
        boolean radiusStore = (flags & NOSTORE) == 0 && !search;
        int remaining = argv.length - base;
        for (int i = 0; i < remaining; i++) {
            byte[] arg = argv[base + i];
            if (Args.is(arg, "withdist")) {
                withDist = true;
            } else if (Args.is(arg, "withhash")) {
                withHash = true;
            } else if (Args.is(arg, "withcoord")) {
                withCoords = true;
            } else if (Args.is(arg, "any")) {
                any = true;
            } else if (Args.is(arg, "asc")) {
                sort = SORT_ASC;
            } else if (Args.is(arg, "desc")) {
                sort = SORT_DESC;
            } else if (Args.is(arg, "count") && i + 1 < remaining) {
                count = Args.toLong(argv[base + i + 1]);
                if (count <= 0) {
                    return COUNT_POSITIVE;
                }
                i++;
            } else if (Args.is(arg, "store") && i + 1 < remaining && radiusStore) {
                storeKey = argv[base + i + 1];
                storeDist = false;
                i++;
            } else if (Args.is(arg, "storedist") && i + 1 < remaining && radiusStore) {
                storeKey = argv[base + i + 1];
                storeDist = true;
                i++;
            } else if (Args.is(arg, "storedist") && search && (flags & SEARCH_STORE) != 0) {
                storeDist = true;
            } else if (Args.is(arg, "frommember") && i + 1 < remaining && search && !fromLoc) {
                if (z != null && !centreFromMember(z, argv[base + i + 1], shape)) {
                    return CANT_DECODE;
                }
                fromMember = true;
                i++;
            } else if (Args.is(arg, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
                double[] xy = GeoCommands.lonLat(argv, base + i + 1);
                shape.lon = xy[0];
                shape.lat = xy[1];
                fromLoc = true;
                i += 2;
            } else if (Args.is(arg, "byradius") && i + 2 < remaining && search && !byBox) {
                distanceArgs(argv, base + i + 1, shape);
                shape.box = false;
                byRadius = true;
                i += 2;
            } else if (Args.is(arg, "bybox") && i + 3 < remaining && search && !byRadius) {
                boxArgs(argv, base + i + 1, shape);
                shape.box = true;
                byBox = true;
                i += 3;
            } else {
                return Replies.SYNTAX;
            }
        }

        String typed = new String(argv[0], StandardCharsets.ISO_8859_1);
        if (storeKey != null && (withDist || withHash || withCoords)) {
            return Replies.error("ERR " + ((flags & SEARCH_STORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if (search && !(fromMember || fromLoc)) {
            return Replies.error("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + typed);
        }
        if (search && !(byRadius || byBox)) {
            return Replies.error("ERR exactly one of BYRADIUS and BYBOX can be specified for " + typed);
        }
        if (any && count == 0) {
            return ANY_NEEDS_COUNT;
        }
        if (z == null) {
            if (storeKey != null) {
                if (c.keyspace().remove(Bytes.of(storeKey))) {
                    c.effects().changed();
                    Notify.event(c, Notify.GENERIC, "del", storeKey);
                }
                return Replies.ZERO;
            }
            return Replies.EMPTY_ARRAY;
        }
        if (count != 0 && sort == SORT_NONE && !any) {
            sort = SORT_ASC;
        }

        List<Point> found = new ArrayList<>();
        scan(z, shape, found, any ? count : 0);
        if (found.isEmpty() && storeKey == null) {
            return Replies.EMPTY_ARRAY;
        }
        int n = found.size();
        int returned = (count == 0 || n < count) ? n : (int) count;
        if (sort != SORT_NONE) {
            java.util.Comparator<Point> cmp = sort == SORT_ASC ? GeoSearch::ascending : (a, b) -> -ascending(a, b);
            if (returned == n) {
                found.sort(cmp); // glibc's qsort is a stable merge sort
            } else {
                Point[] arr = found.toArray(new Point[0]);
                PartialSort.sort(arr, cmp, 0, returned - 1);
                found = java.util.Arrays.asList(arr);
            }
        }

        if (storeKey == null) {
            int options = (withDist ? 1 : 0) + (withCoords ? 1 : 0) + (withHash ? 1 : 0);
            List<RespValue> out = new ArrayList<>(returned);
            for (int i = 0; i < returned; i++) {
                Point p = found.get(i);
                RespValue member = Replies.bulk(p.member.bytes());
                if (options == 0) {
                    out.add(member);
                    continue;
                }
                List<RespValue> item = new ArrayList<>(options + 1);
                item.add(member);
                if (withDist) {
                    item.add(GeoCommands.distanceReply(p.dist / shape.conversion));
                }
                if (withHash) {
                    item.add(Replies.integer(GeoHash.cvtt(p.score)));
                }
                if (withCoords) {
                    item.add(GeoCommands.position(new double[] {p.lon, p.lat}));
                }
                out.add(Replies.array(item));
            }
            return Replies.array(out);
        }
        List<ZSetValue.Entry> entries = new ArrayList<>(returned);
        for (int i = 0; i < returned; i++) {
            Point p = found.get(i);
            entries.add(new ZSetValue.Entry(p.member, storeDist ? p.dist / shape.conversion : p.score));
        }
        return SortedSetCommands.storeResult(c, storeKey, entries, search ? "geosearchstore" : "georadiusstore");
    }

    /** Redis's sort_gp_asc: by distance; a NaN distance compares below everything. */
    private static int ascending(Point a, Point b) {
        if (a.dist > b.dist) {
            return 1;
        }
        return a.dist == b.dist ? 0 : -1;
    }

    /** membersOfAllNeighbors: the nine cells in order, skipping zero cells and a repeat of the last scanned one. */
    private static void scan(ZSetValue z, GeoHash.Shape shape, List<Point> out, long limit) {
        GeoHash.Cell[] cells = GeoHash.searchCells(shape);
        int lastProcessed = 0;
        for (int i = 0; i < cells.length; i++) {
            GeoHash.Cell cell = cells[i];
            if (cell.isZero()) {
                continue;
            }
            if (lastProcessed != 0 && cell.equals(cells[lastProcessed])) {
                continue;
            }
            if (!out.isEmpty() && limit != 0 && out.size() >= limit) {
                break;
            }
            long min = GeoHash.align52(cell);
            long max = GeoHash.align52(new GeoHash.Cell(cell.bits() + 1, cell.step()));
            scanRange(z, unsignedToDouble(min), unsignedToDouble(max), shape, out, limit);
            lastProcessed = i;
        }
    }

    /** C's uint64_t to double conversion (round to nearest). */
    private static double unsignedToDouble(long v) {
        return v >= 0 ? (double) v : (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    /** geoGetPointsInRange: members with {@code min <= score < max} inside the shape. */
    private static void scanRange(ZSetValue z, double min, double max, GeoHash.Shape shape, List<Point> out, long limit) {
        ZSetValue.Cursor cur = z.at(z.countBelowScore(min, false));
        for (; cur.valid(); cur.next()) {
            double score = cur.score();
            if (!(score < max)) {
                break;
            }
            double[] xy = GeoHash.decodeScore(score);
            double d = GeoHash.distanceIfWithin(shape, xy[0], xy[1]);
            if (d != GeoHash.OUTSIDE) {
                out.add(new Point(cur.member(), xy[0], xy[1], d, score));
            }
            if (!out.isEmpty() && limit != 0 && out.size() >= limit) {
                break;
            }
        }
    }
}
