package dev.rcsim.command.geo;

/**
 * The geohash arithmetic of Redis 7.0 (geohash.c, geohash_helper.c): 52-bit interleaved scores over
 * the Web Mercator latitude range (±85.05112878), decoding a score to the centre of its cell, the
 * nine cells covering a search shape, and haversine distances on a sphere of radius 6372797.560856 m.
 * Scores that are not geohashes decode the way x86-64 Redis does (its double to uint64 conversion
 * and clamping), so GEOPOS on an arbitrary sorted set answers as Redis does.
 */
final class GeoHash {
    private GeoHash() {}

    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LONG_MIN = -180;
    static final double LONG_MAX = 180;
    static final int STEP_MAX = 26;
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;
    private static final double D_R = Math.PI / 180.0;

    /** A geohash cell: interleaved bits (latitude on even, longitude on odd positions) and precision. */
    record Cell(long bits, int step) {
        static final Cell ZERO = new Cell(0, 0);

        boolean isZero() {
            return bits == 0 && step == 0;
        }
    }

    /** The bounds of a cell. */
    record Area(double lonMin, double lonMax, double latMin, double latMax) {}

    /** A search shape: a circle (radius) or a box (width, height), in units of {@code conversion} metres. */
    static final class Shape {
        boolean box;
        double lon;
        double lat;
        double radius;
        double width;
        double height;
        double conversion;
        double[] bounds;
    }

    /** Spreads the low 32 bits of {@code v} to the even bit positions. */
    private static long spread(long v) {
        v &= 0xFFFFFFFFL;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    /** Gathers the even bit positions of {@code v} into its low 32 bits. */
    private static long squash(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
    }

    /** C's conversion of a double in [0, 2^32] to uint32_t (truncation, then the low 32 bits). */
    private static long toUint32(double d) {
        return ((long) d) & 0xFFFFFFFFL;
    }

    /**
     * Encodes a point at {@code step} bits per coordinate within the given ranges; null when the point
     * is outside the Redis limits or the ranges.
     */
    static Cell encode(double lonMin, double lonMax, double latMin, double latMax, double lon, double lat, int step) {
        if (lon > LONG_MAX || lon < LONG_MIN || lat > LAT_MAX || lat < LAT_MIN) {
            return null;
        }
        if (lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) {
            return null;
        }
        double latOffset = (lat - latMin) / (latMax - latMin);
        double lonOffset = (lon - lonMin) / (lonMax - lonMin);
        latOffset *= (double) (1L << step);
        lonOffset *= (double) (1L << step);
        return new Cell(spread(toUint32(latOffset)) | (spread(toUint32(lonOffset)) << 1), step);
    }

    /** Encodes within the Redis ranges (longitude ±180, latitude ±85.05112878). */
    static Cell encode(double lon, double lat, int step) {
        return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, lon, lat, step);
    }

    /** The 52-bit sorted set score of a point (already validated). */
    static long score(double lon, double lat) {
        return align52(encode(lon, lat, STEP_MAX));
    }

    static long align52(Cell c) {
        return c.bits << (52 - c.step * 2);
    }

    /** The bounds of a cell within the given ranges (null for the zero cell). */
    static Area decode(double lonMin, double lonMax, double latMin, double latMax, Cell c) {
        if (c.isZero()) {
            return null;
        }
        long ilat = squash(c.bits);
        long ilon = squash(c.bits >>> 1);
        double latScale = latMax - latMin;
        double lonScale = lonMax - lonMin;
        double div = (double) (1L << c.step);
        return new Area(
                lonMin + (ilon * 1.0 / div) * lonScale,
                lonMin + (((ilon + 1) & 0xFFFFFFFFL) * 1.0 / div) * lonScale,
                latMin + (ilat * 1.0 / div) * latScale,
                latMin + (((ilat + 1) & 0xFFFFFFFFL) * 1.0 / div) * latScale);
    }

    static Area decode(Cell c) {
        return decode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, c);
    }

    /** x86-64 C's {@code (uint64_t) d}: out-of-range values become 2^63 (cvttsd2si's "indefinite"). */
    static long toUint64(double d) {
        final double two63 = 9.223372036854775808E18;
        if (d < two63) {
            return cvtt(d);
        }
        return cvtt(d - two63) ^ Long.MIN_VALUE;
    }

    /** x86-64 C's {@code (long long) d}: NaN and out-of-range values become LLONG_MIN. */
    static long cvtt(double d) {
        if (Double.isNaN(d) || d >= 9.223372036854775808E18 || d < -9.223372036854775808E18) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    /** Decodes a sorted set score to the centre of its cell, clamped to the Redis limits: {lon, lat}. */
    static double[] decodeScore(double score) {
        Area a = decode(new Cell(toUint64(score), STEP_MAX));
        double lon = (a.lonMin + a.lonMax) / 2;
        lon = Math.max(LONG_MIN, Math.min(LONG_MAX, lon));
        double lat = (a.latMin + a.latMax) / 2;
        lat = Math.max(LAT_MIN, Math.min(LAT_MAX, lat));
        return new double[] {lon, lat};
    }

    private static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

    /** GEOHASH's 11-character standard geohash of a score (re-encoded over latitude ±90). */
    static String standardHash(double score) {
        double[] xy = decodeScore(score);
        Cell c = encode(-180, 180, -90, 90, xy[0], xy[1], STEP_MAX);
        long bits = c == null ? 0 : c.bits;
        char[] out = new char[11];
        for (int i = 0; i < 11; i++) {
            int idx = i == 10 ? 0 : (int) ((bits >>> (52 - (i + 1) * 5)) & 0x1f);
            out[i] = ALPHABET.charAt(idx);
        }
        return new String(out);
    }

    // ------------------------------------------------------------------ neighbours and search areas

    private static Cell moveX(Cell c, int d) {
        return move(c, d, 0xaaaaaaaaaaaaaaaaL, 0x5555555555555555L);
    }

    private static Cell moveY(Cell c, int d) {
        return move(c, d, 0x5555555555555555L, 0xaaaaaaaaaaaaaaaaL);
    }

    /** Moves the cell one step along the axis whose interleaved bits are {@code axis} ({@code d} = -1, 0, 1). */
    private static Cell move(Cell c, int d, long axis, long other) {
        if (d == 0) {
            return c;
        }
        long v = c.bits & axis;
        long rest = c.bits & other;
        long zz = other >>> (64 - c.step * 2);
        if (d > 0) {
            v = v + (zz + 1);
        } else {
            v = v | zz;
            v = v - (zz + 1);
        }
        v &= (axis >>> (64 - c.step * 2));
        return new Cell(v | rest, c.step);
    }

    private static int estimateSteps(double rangeMeters, double lat) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) {
                step--;
            }
        }
        if (step < 1) {
            step = 1;
        }
        if (step > 26) {
            step = 26;
        }
        return step;
    }

    static double degRad(double ang) {
        return ang * D_R;
    }

    private static double radDeg(double ang) {
        return ang / D_R;
    }

    /** Sets the shape's bounding box {minLon, minLat, maxLon, maxLat}. */
    private static void boundingBox(Shape s) {
        double height = s.conversion * (s.box ? s.height / 2 : s.radius);
        double width = s.conversion * (s.box ? s.width / 2 : s.radius);
        double latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
        double lonDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / StrictMath.cos(degRad(s.lat + latDelta)));
        double lonDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / StrictMath.cos(degRad(s.lat - latDelta)));
        boolean south = s.lat < 0;
        s.bounds = new double[] {
            south ? s.lon - lonDeltaBottom : s.lon - lonDeltaTop,
            s.lat - latDelta,
            south ? s.lon + lonDeltaBottom : s.lon + lonDeltaTop,
            s.lat + latDelta};
    }

    /**
     * The cells to scan for a shape, in Redis's order: the centre cell, then north, south, east, west,
     * north-east, north-west, south-east, south-west; cells proven useless are {@link Cell#ZERO}.
     */
    static Cell[] searchCells(Shape s) {
        boundingBox(s);
        double minLon = s.bounds[0];
        double minLat = s.bounds[1];
        double maxLon = s.bounds[2];
        double maxLat = s.bounds[3];
        double radiusMeters = s.box
                ? Math.sqrt((s.width / 2) * (s.width / 2) + (s.height / 2) * (s.height / 2))
                : s.radius;
        radiusMeters *= s.conversion;
        int steps = estimateSteps(radiusMeters, s.lat);
        Cell hash = encode(s.lon, s.lat, steps);
        Cell[] n = neighbours(hash);
        boolean decrease = decode(n[1]).latMax() < maxLat
                | decode(n[2]).latMin() > minLat
                | decode(n[3]).lonMax() < maxLon
                | decode(n[4]).lonMin() > minLon;
        if (steps > 1 && decrease) {
            steps--;
            hash = encode(s.lon, s.lat, steps);
            n = neighbours(hash);
        }
        Area area = decode(hash);
        if (steps >= 2) {
            if (area.latMin() < minLat) {
                n[2] = n[7] = n[8] = Cell.ZERO;
            }
            if (area.latMax() > maxLat) {
                n[1] = n[5] = n[6] = Cell.ZERO;
            }
            if (area.lonMin() < minLon) {
                n[4] = n[8] = n[6] = Cell.ZERO;
            }
            if (area.lonMax() > maxLon) {
                n[3] = n[7] = n[5] = Cell.ZERO;
            }
        }
        return n;
    }

    /** {centre, N, S, E, W, NE, NW, SE, SW}. */
    private static Cell[] neighbours(Cell h) {
        return new Cell[] {
            h,
            moveY(h, 1),
            moveY(h, -1),
            moveX(h, 1),
            moveX(h, -1),
            moveY(moveX(h, 1), 1),
            moveY(moveX(h, -1), 1),
            moveY(moveX(h, 1), -1),
            moveY(moveX(h, -1), -1)};
    }

    // ------------------------------------------------------------------ distances

    static double latDistance(double lat1d, double lat2d) {
        return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
    }

    /** Haversine great-circle distance in metres. */
    static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
        double lon1r = degRad(lon1d);
        double lon2r = degRad(lon2d);
        double v = StrictMath.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latDistance(lat1d, lat2d);
        }
        double lat1r = degRad(lat1d);
        double lat2r = degRad(lat2d);
        double u = StrictMath.sin((lat2r - lat1r) / 2);
        double a = u * u + StrictMath.cos(lat1r) * StrictMath.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * StrictMath.asin(Math.sqrt(a));
    }

    /** What {@link #distanceIfWithin} returns for a point outside the shape. */
    static final double OUTSIDE = -1;

    /**
     * The distance in metres from the shape's centre to a point, or {@link #OUTSIDE} when the point is outside the
     * shape (beyond the radius, or outside the box measured along latitude and longitude).
     */
    static double distanceIfWithin(Shape s, double lon, double lat) {
        if (!s.box) {
            double d = distance(s.lon, s.lat, lon, lat);
            return d > s.radius * s.conversion ? OUTSIDE : d;
        }
        double widthM = s.width * s.conversion;
        double heightM = s.height * s.conversion;
        if (latDistance(lat, s.lat) > heightM / 2) {
            return OUTSIDE;
        }
        if (distance(lon, lat, s.lon, lat) > widthM / 2) {
            return OUTSIDE;
        }
        return distance(s.lon, s.lat, lon, lat);
    }
}
