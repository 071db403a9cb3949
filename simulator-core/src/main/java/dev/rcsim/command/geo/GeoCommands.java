package dev.rcsim.command.geo;

import dev.rcsim.command.Args;
import dev.rcsim.command.CommandTable;
import dev.rcsim.command.ReplyException;
import dev.rcsim.command.sortedsets.SortedSetCommands;
import dev.rcsim.keyspace.Bytes;
import dev.rcsim.keyspace.ZSetValue;
import dev.rcsim.protocol.Numbers;
import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import dev.rcsim.server.Connection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Geospatial commands as Redis 7.0's geo.c: a geo set is a sorted set whose scores are 52-bit
 * geohashes ({@link GeoHash}). GEOADD is ZADD with encoded scores (and propagates as ZADD), GEOPOS,
 * GEODIST and GEOHASH decode scores; the searches (GEOSEARCH, GEOSEARCHSTORE, GEORADIUS and
 * GEORADIUSBYMEMBER with their _RO forms) live in {@link GeoSearch}.
 */
public final class GeoCommands {
    private GeoCommands() {}

    public static void register(CommandTable t) {
        t.add("geoadd", -5, "write denyoom", 1, 1, 1).acl("@write @geo @slow").run(GeoCommands::geoadd);
        t.add("geopos", -2, "readonly", 1, 1, 1).acl("@read @geo @slow").run(GeoCommands::geopos);
        t.add("geodist", -4, "readonly", 1, 1, 1).acl("@read @geo @slow").run(GeoCommands::geodist);
        t.add("geohash", -2, "readonly", 1, 1, 1).acl("@read @geo @slow").run(GeoCommands::geohash);
        t.add("geosearch", -7, "readonly", 1, 1, 1).acl("@read @geo @slow")
                .run((c, a) -> GeoSearch.run(c, a, 1, GeoSearch.SEARCH));
        t.add("geosearchstore", -8, "write denyoom", 1, 2, 1).acl("@write @geo @slow")
                .run((c, a) -> GeoSearch.run(c, a, 2, GeoSearch.SEARCH | GeoSearch.SEARCH_STORE));
        t.add("georadius", -6, "write denyoom movablekeys", 1, 1, 1).acl("@write @geo @slow")
                .keys(a -> GeoSearch.radiusKeys(a, 6)).run((c, a) -> GeoSearch.run(c, a, 1, GeoSearch.COORDS));
        t.add("georadius_ro", -6, "readonly", 1, 1, 1).acl("@read @geo @slow")
                .run((c, a) -> GeoSearch.run(c, a, 1, GeoSearch.COORDS | GeoSearch.NOSTORE));
        t.add("georadiusbymember", -5, "write denyoom movablekeys", 1, 1, 1).acl("@write @geo @slow")
                .keys(a -> GeoSearch.radiusKeys(a, 5)).run((c, a) -> GeoSearch.run(c, a, 1, GeoSearch.MEMBER));
        t.add("georadiusbymember_ro", -5, "readonly", 1, 1, 1).acl("@read @geo @slow")
                .run((c, a) -> GeoSearch.run(c, a, 1, GeoSearch.MEMBER | GeoSearch.NOSTORE));
    }

    static final RespValue BAD_UNIT = Replies.error("ERR unsupported unit provided. please use M, KM, FT, MI");

    /** Metres per unit (m, km, ft, mi; any case), else the unsupported-unit error. */
    static double unit(byte[] u) {
        if (Args.is(u, "m")) {
            return 1;
        } else if (Args.is(u, "km")) {
            return 1000;
        } else if (Args.is(u, "ft")) {
            return 0.3048;
        } else if (Args.is(u, "mi")) {
            return 1609.34;
        }
        throw new ReplyException(BAD_UNIT);
    }

    /** Longitude and latitude at {@code argv[i]}, {@code argv[i+1]}, validated against the Redis limits. */
    static double[] lonLat(byte[][] argv, int i) {
        double lon = Args.toDouble(argv[i]);
        double lat = Args.toDouble(argv[i + 1]);
        if (lon < GeoHash.LONG_MIN || lon > GeoHash.LONG_MAX || lat < GeoHash.LAT_MIN || lat > GeoHash.LAT_MAX) {
            throw Args.error("ERR invalid longitude,latitude pair " + cFixed6(lon) + "," + cFixed6(lat));
        }
        return new double[] {lon, lat};
    }

    /** C's {@code %f}: the exact binary value rounded half-even to 6 decimals. */
    static String cFixed6(double d) {
        if (Double.isNaN(d)) {
            return d < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        return negative && !s.startsWith("-") ? "-" + s : s;
    }

    /** Redis's addReplyDoubleDistance: the value rounded (half-even) to 4 decimals, as a bulk string. */
    static RespValue distanceReply(double d) {
        if (d == 0) {
            return Replies.bulk("0.0000");
        }
        double scaled = Math.rint(d * 10000.0);
        long v = GeoHash.cvtt(scaled); // llrint: NaN and overflow give LLONG_MIN
        boolean negative = v < 0;
        String digits = Long.toUnsignedString(negative ? -v : v);
        while (digits.length() < 5) {
            digits = "0" + digits;
        }
        String s = digits.substring(0, digits.length() - 4) + "." + digits.substring(digits.length() - 4);
        return Replies.bulk(negative ? "-" + s : s);
    }

    /** Redis's addReplyHumanLongDouble of a coordinate: {@code %.17Lf} trimmed, a RESP3 double. */
    static RespValue coordinate(double d) {
        return new RespValue.Double(Numbers.formatHuman(new BigDecimal(d)));
    }

    static RespValue position(double[] xy) {
        return Replies.array(coordinate(xy[0]), coordinate(xy[1]));
    }

    // ------------------------------------------------------------------ GEOADD

    private static RespValue geoadd(Connection c, byte[][] argv) {
        boolean nx = false;
        boolean xx = false;
        int longIdx = 2;
        while (longIdx < argv.length) {
            byte[] opt = argv[longIdx];
            if (Args.is(opt, "nx")) {
                nx = true;
            } else if (Args.is(opt, "xx")) {
                xx = true;
            } else if (!Args.is(opt, "ch")) {
                break;
            }
            longIdx++;
        }
        if ((argv.length - longIdx) % 3 != 0 || (xx && nx)) {
            return Replies.SYNTAX;
        }
        int elements = (argv.length - longIdx) / 3;
        byte[][] zadd = new byte[longIdx + elements * 2][];
        zadd[0] = "ZADD".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(argv, 1, zadd, 1, longIdx - 1);
        for (int i = 0; i < elements; i++) {
            double[] xy = lonLat(argv, longIdx + i * 3);
            zadd[longIdx + i * 2] = Numbers.toBytes(GeoHash.score(xy[0], xy[1]));
            zadd[longIdx + i * 2 + 1] = argv[longIdx + i * 3 + 2];
        }
        long dirty = c.effects().dirty();
        RespValue reply = SortedSetCommands.zadd(c, zadd);
        if (c.effects().dirty() != dirty) {
            c.effects().propagateAs(zadd);
        }
        return reply;
    }

    // ------------------------------------------------------------------ GEOPOS, GEOHASH, GEODIST

    private static RespValue geopos(Connection c, byte[][] argv) {
        ZSetValue z = SortedSetCommands.read(c, argv[1]);
        List<RespValue> out = new ArrayList<>(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            Double score = z == null ? null : z.score(Bytes.of(argv[j]));
            out.add(score == null ? Replies.NULL_ARRAY : position(GeoHash.decodeScore(score)));
        }
        return Replies.array(out);
    }

    private static RespValue geohash(Connection c, byte[][] argv) {
        ZSetValue z = SortedSetCommands.read(c, argv[1]);
        List<RespValue> out = new ArrayList<>(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            Double score = z == null ? null : z.score(Bytes.of(argv[j]));
            out.add(score == null ? Replies.NULL_BULK : Replies.bulk(GeoHash.standardHash(score)));
        }
        return Replies.array(out);
    }

    private static RespValue geodist(Connection c, byte[][] argv) {
        double toMeter = 1;
        if (argv.length == 5) {
            toMeter = unit(argv[4]);
        } else if (argv.length > 5) {
            return Replies.SYNTAX;
        }
        ZSetValue z = SortedSetCommands.read(c, argv[1]);
        if (z == null) {
            return Replies.NULL_BULK;
        }
        Double s1 = z.score(Bytes.of(argv[2]));
        Double s2 = z.score(Bytes.of(argv[3]));
        if (s1 == null || s2 == null) {
            return Replies.NULL_BULK;
        }
        double[] a = GeoHash.decodeScore(s1);
        double[] b = GeoHash.decodeScore(s2);
        return distanceReply(GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeter);
    }
}
