package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random geo sets (dense near the poles and the antimeridian) and random searches, replayed on
 * a real redis-server and on rcsim: the cell scan, the distance filter, distances, coordinates and
 * hashes must agree byte for byte.
 */
class GeoRandomDifferentialTest {

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.6f", d);
    }

    private static double lon(Random r) {
        switch (r.nextInt(4)) {
            case 0:
                return 180 - r.nextDouble() * 2;
            case 1:
                return -180 + r.nextDouble() * 2;
            default:
                return r.nextDouble() * 360 - 180;
        }
    }

    private static double lat(Random r) {
        switch (r.nextInt(4)) {
            case 0:
                return 85.05 - r.nextDouble() * 8;
            case 1:
                return -85.05 + r.nextDouble() * 8;
            default:
                return r.nextDouble() * 170 - 85;
        }
    }

    static List<String> script(long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            StringBuilder sb = new StringBuilder("GEOADD g");
            for (int i = 0; i < 40; i++) {
                sb.append(' ').append(num(lon(r))).append(' ').append(num(lat(r))).append(" p").append(batch * 40 + i);
            }
            out.add(sb.toString());
        }
        String[] units = {"m", "km", "mi", "ft"};
        double[] scale = {1, 1000, 1609.34, 0.3048};
        for (int i = 0; i < 120; i++) {
            int u = r.nextInt(4);
            double meters = Math.pow(10, 3 + r.nextDouble() * 4); // 1 km .. 10000 km
            String size = num(meters / scale[u]);
            String from = r.nextBoolean() ? "FROMLONLAT " + num(lon(r)) + " " + num(lat(r)) : "FROMMEMBER p" + r.nextInt(400);
            String by = r.nextBoolean() ? "BYRADIUS " + size + " " + units[u]
                    : "BYBOX " + size + " " + num(meters / scale[u] * (0.2 + r.nextDouble() * 2)) + " " + units[u];
            String opts = new String[] {"WITHDIST WITHCOORD WITHHASH ASC", "", "DESC WITHDIST", "COUNT 5", "COUNT 3 ANY",
                "COUNT 10 DESC WITHDIST"}[r.nextInt(6)];
            out.add("GEOSEARCH g " + from + " " + by + " " + opts);
        }
        for (int i = 0; i < 60; i++) {
            out.add("GEODIST g p" + r.nextInt(400) + " p" + r.nextInt(400) + " " + units[r.nextInt(4)]);
            out.add("GEORADIUSBYMEMBER g p" + r.nextInt(400) + " " + (1 + r.nextInt(3000)) + " km WITHDIST ASC COUNT 4");
        }
        StringBuilder pos = new StringBuilder("GEOPOS g");
        StringBuilder hash = new StringBuilder("GEOHASH g");
        for (int i = 0; i < 400; i += 3) {
            pos.append(" p").append(i);
            hash.append(" p").append(i);
        }
        out.add(pos.toString());
        out.add(hash.toString());
        out.add("ZRANGE g 0 -1 WITHSCORES");
        return out;
    }

    private static List<String> run(RawClient c, List<String> script) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : script) {
            out.add(line + " -> " + c.call(line.split(" ")).replace("\r\n", "\\r\\n"));
        }
        return out;
    }

    @Test
    void randomGeoSearchesMatchRealRedis() throws Exception {
        for (long seed : new long[] {20240607L, 7L, 99L, 12345L}) {
            compare(script(seed));
        }
    }

    private static void compare(List<String> script) throws Exception {
        try (RealRedis real = RealRedis.start(); TestNode sim = TestNode.start();
                RawClient rc = real.raw(); RawClient sc = sim.raw()) {
            List<String> want = run(rc, script);
            List<String> got = run(sc, script);
            List<String> diffs = new ArrayList<>();
            for (int i = 0; i < script.size(); i++) {
                if (!want.get(i).equals(got.get(i))) {
                    diffs.add("want " + want.get(i) + "\n got  " + got.get(i));
                }
            }
            assertThat(diffs).as(String.join("\n", diffs)).isEmpty();
            long found = want.stream().filter(l -> l.startsWith("GEOSEARCH") && !l.endsWith("-> *0\\r\\n")).count();
            assertThat(found).as("searches with results").isGreaterThan(40);
        }
    }
}
