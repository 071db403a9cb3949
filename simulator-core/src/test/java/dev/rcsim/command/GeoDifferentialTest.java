package dev.rcsim.command;

import dev.rcsim.testing.RawClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sends the same geospatial commands to a real redis-server and to rcsim, in RESP2 (db 0) and RESP3
 * (db 1), and compares the reply bytes: encodings (ZRANGE WITHSCORES of a geo set), GEOPOS/GEOHASH
 * of odd scores, every GEOSEARCH/GEORADIUS option, stores, errors and their order.
 */
class GeoDifferentialTest {

    static final String[] SCRIPT = {
        // GEOADD and the encoding
        "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania", "ZRANGE Sicily 0 -1 WITHSCORES",
        "GEOADD Sicily 12.758489 38.788135 edge1 17.241510 38.788135 edge2 13.5 37.3 x1 14.0 38.0 x2 15.0 37.9 x3",
        "GEOADD Sicily NX 13.361389 38.115556 Palermo 2 2 NewOne", "GEOADD Sicily XX CH 1 1 Palermo 3 3 Nope",
        "GEOADD Sicily CH XX 13.361389 38.115556 Palermo", "GEOADD Sicily NX XX 1 1 a", "GEOADD Sicily 1 1", "GEOADD Sicily NX 1 1",
        "GEOADD Sicily 1 1 a 2", "GEOADD Sicily GT 1 1 a", "GEOADD Sicily CH CH CH", "GEOADD Sicily x 1 a", "GEOADD Sicily 1 y a",
        "GEOADD Sicily 181 1 a", "GEOADD Sicily -180.0000001 1 a", "GEOADD Sicily 1 85.06 a", "GEOADD Sicily 1 -85.05112879 a",
        "GEOADD Sicily 1 1 ok 200 1e300 bad", "GEOADD Sicily inf 0 a", "GEOADD Sicily 0 -inf a", "GEOADD Sicily 1e-7 -91 a",
        "GEOADD Sicily -0 -0 zero", "ZSCORE Sicily ok", "ZSCORE Sicily zero",
        "GEOADD poles -180 -85.05112878 sw 180 85.05112878 ne 180 -85.05112878 se -180 85.05112878 nw 0 0 origin",
        "GEOADD poles 179.9999 10 east 179.99999 10.5 east2 -179.9999 10 west -179.9 10.1 west2 0 85 top 90 -85 bottom",
        "ZRANGE poles 0 -1 WITHSCORES", "GEOPOS poles sw ne se nw origin east west top bottom nope",
        "GEOHASH poles sw ne se nw origin east west top bottom nope", "GEODIST poles east west", "GEODIST poles east west km",
        "GEODIST poles sw ne mi", "GEODIST poles top bottom ft", "GEODIST poles east east", "GEODIST poles east nope",
        "GEODIST poles nope east", "GEODIST nokey a b", "GEODIST poles east west KM", "GEODIST poles east west yd",
        "GEODIST poles east west km extra", "GEODIST poles east", "GEOPOS nokey a b", "GEOHASH nokey a", "GEOPOS poles",
        "GEOHASH poles", "ZADD odd -1 m1 1e20 m2 inf m3 -inf m4 3.7 m5 9007199254740993 m6 -1e20 m7 4503599627370495 m8",
        "GEOPOS odd m1 m2 m3 m4 m5 m6 m7 m8", "GEOHASH odd m1 m2 m3 m4 m5 m6 m7 m8", "GEODIST odd m1 m8", "GEODIST odd m2 m6 km",
        // GEOSEARCH
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ASC", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km DESC",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHCOORD WITHDIST WITHHASH",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHHASH WITHDIST ASC", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHCOORD DESC",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 124500 m WITHDIST ASC",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 120 mi WITHDIST ASC", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 400000 ft WITHDIST",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 2", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 2 DESC",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 2 ANY", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 3 ANY ASC",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 3 ANY DESC WITHDIST", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 100",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ANY", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 0",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT -1", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT x",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT", "GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 100 km WITHDIST",
        "GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 400 400 km ASC WITHCOORD WITHDIST", "GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 100 300 km WITHDIST",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km WITHDIST DESC", "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 0 0 km",
        "GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 0 m WITHDIST", "GEOSEARCH Sicily FROMMEMBER nope BYRADIUS 1 km",
        "GEOSEARCH nokey FROMMEMBER nope BYRADIUS 1 km", "GEOSEARCH nokey FROMLONLAT 200 0 BYRADIUS 1 km",
        "GEOSEARCH nokey FROMLONLAT 0 0 BYRADIUS -1 km", "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 parsec",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS x km", "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX x 1 km",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 y km", "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 1 km",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 1 furlong", "GEOSEARCH Sicily BYRADIUS 1 km", "GEOSEARCH Sicily FROMLONLAT 15 37 ASC",
        "geosearch Sicily BYRADIUS 1 km WITHDIST", "GeoSearch Sicily FROMLONLAT 15 37 WITHDIST",
        "GEOSEARCH Sicily FROMLONLAT 15 37 FROMMEMBER Palermo BYRADIUS 1 km", "GEOSEARCH Sicily FROMMEMBER Palermo FROMLONLAT 15 37 BYRADIUS 1 km",
        "GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 1 km BYBOX 1 1 km", "GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 1 km BYRADIUS 300 km",
        "GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 1 km STORE x", "GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 1 km STOREDIST",
        "GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 1", "GEOSEARCH Sicily FROMLONLAT 15 BYRADIUS 1 km",
        "GEOSEARCH str FROMLONLAT 1 1 BYRADIUS 1 km", "GEOSEARCH str FROMLONLAT 1 1 BYRADIUS 1 foo", "GEOSEARCH Sicily FROMLONLAT 1 1 BYRADIUS 1 km FOO",
        "GEOSEARCH poles FROMLONLAT 180 0 BYRADIUS 2000 km WITHDIST WITHCOORD", "GEOSEARCH poles FROMLONLAT -179.99 10 BYBOX 100 100 km WITHDIST",
        "GEOSEARCH poles FROMLONLAT 179.99 10 BYRADIUS 50 km WITHDIST ASC", "GEOSEARCH poles FROMMEMBER ne BYRADIUS 500 km WITHDIST",
        "GEOSEARCH poles FROMLONLAT 0 84 BYRADIUS 300 km WITHCOORD", "GEOSEARCH poles FROMLONLAT 0 0 BYRADIUS 20000 km WITHDIST ASC",
        "GEOSEARCH poles FROMLONLAT 0 0 BYBOX 40000 40000 km WITHDIST", "GEOSEARCH poles FROMLONLAT 90 -80 BYRADIUS 1000 km WITHDIST",
        "GEOSEARCH poles FROMMEMBER origin BYRADIUS 10000 km COUNT 2 ANY", "GEOSEARCH odd FROMLONLAT 0 0 BYRADIUS 30000 km WITHDIST WITHHASH",
        // GEOSEARCHSTORE
        "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km", "ZRANGE dst 0 -1 WITHSCORES",
        "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST", "ZRANGE dst 0 -1 WITHSCORES",
        "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST COUNT 2 DESC", "ZRANGE dst 0 -1 WITHSCORES",
        "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYBOX 300 300 mi COUNT 3 ANY", "ZRANGE dst 0 -1 WITHSCORES", "OBJECT ENCODING dst",
        "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST", "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STORE x",
        "GEOSEARCHSTORE dst Sicily FROMLONLAT 0 0 BYRADIUS 1 km", "EXISTS dst", "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km",
        "GEOSEARCHSTORE dst nokey FROMLONLAT 15 37 BYRADIUS 200 km", "EXISTS dst", "GEOSEARCHSTORE str Sicily FROMLONLAT 15 37 BYRADIUS 200 km",
        "TYPE str", "SET str v", "GEOSEARCHSTORE dst str FROMLONLAT 15 37 BYRADIUS 200 km", "GEOSEARCHSTORE dst Sicily FROMMEMBER nope BYRADIUS 1 km",
        "GEOSEARCHSTORE dst Sicily BYRADIUS 1 km", "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km ANY",
        // GEORADIUS and friends
        "GEORADIUS Sicily 15 37 200 km", "GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH ASC",
        "GEORADIUS Sicily 15 37 200 km WITHDIST COUNT 1", "GEORADIUS Sicily 15 37 200 km DESC COUNT 2 ANY",
        "GEORADIUS Sicily 15 37 200 km STORE gr", "ZRANGE gr 0 -1 WITHSCORES", "GEORADIUS Sicily 15 37 200 km STOREDIST gr COUNT 2",
        "ZRANGE gr 0 -1 WITHSCORES", "GEORADIUS Sicily 15 37 200 km STORE gr STOREDIST gr2", "ZRANGE gr2 0 -1 WITHSCORES", "EXISTS gr",
        "GEORADIUS Sicily 15 37 200 km STORE gr WITHDIST", "GEORADIUS Sicily 15 37 200 km STORE", "GEORADIUS Sicily 15 37 200 km FROMMEMBER x",
        "GEORADIUS Sicily 15 37 200", "GEORADIUS Sicily 200 37 200 km", "GEORADIUS Sicily 15 37 x km", "GEORADIUS Sicily 15 37 -1 km",
        "GEORADIUS Sicily 15 37 1 lightyear", "GEORADIUS nokey 15 37 1 km", "GEORADIUS nokey 15 37 1 km STORE gr", "EXISTS gr",
        "GEORADIUS nokey 15 37 x km", "GEORADIUS str 15 37 x km", "GEORADIUS Sicily 15 37 200 km ANY",
        "GEORADIUS_RO Sicily 15 37 200 km WITHDIST", "GEORADIUS_RO Sicily 15 37 200 km STORE gr", "GEORADIUS_RO Sicily 15 37 200 km COUNT 1 WITHCOORD",
        "GEORADIUSBYMEMBER Sicily Palermo 200 km WITHDIST", "GEORADIUSBYMEMBER Sicily Palermo 200 km STOREDIST gr",
        "ZRANGE gr 0 -1 WITHSCORES", "GEORADIUSBYMEMBER Sicily nope 200 km", "GEORADIUSBYMEMBER nokey nope x y",
        "GEORADIUSBYMEMBER nokey nope x y STORE gr", "GEORADIUSBYMEMBER nokey nope x y FOO", "GEORADIUSBYMEMBER Sicily Palermo x km",
        "GEORADIUSBYMEMBER_RO Sicily Palermo 100 mi WITHHASH", "GEORADIUSBYMEMBER_RO Sicily Palermo 100 mi STOREDIST gr",
        "GEORADIUSBYMEMBER Sicily Palermo 200 km COUNT 2 ANY WITHDIST", "GEORADIUSBYMEMBER str Palermo 200 km",
        // ties: identical positions sort stably
        "GEOADD tie 1 1 a 1 1 b 1 1 c 2 2 d 1 1 e", "GEOSEARCH tie FROMLONLAT 1 1 BYRADIUS 500 km ASC WITHDIST",
        "GEOSEARCH tie FROMLONLAT 1 1 BYRADIUS 500 km DESC", "GEOSEARCH tie FROMLONLAT 1 1 BYRADIUS 500 km COUNT 2",
        "GEOADD tie12 1 1 a0 1 1 a1 1 1 a2 1 1 a3 1 1 a4 1 1 a5 1 1 a6 1 1 a7 1 1 a8 1 1 a9 1.001 1 k 1.002 1 l", "GEOSEARCH tie12 FROMLONLAT 1 1 BYRADIUS 500 km COUNT 3",
        "GEOSEARCH tie12 FROMLONLAT 1 1 BYRADIUS 500 km COUNT 5 DESC", "GEOSEARCH tie12 FROMLONLAT 1 1 BYRADIUS 500 km COUNT 11",
        "GEOSEARCH tie12 FROMLONLAT 1 1 BYRADIUS 500 km COUNT 4 DESC WITHDIST", "GEORADIUS tie12 1 1 500 km COUNT 6 DESC STORE tst",
        "ZRANGE tst 0 -1 WITHSCORES",
        "GEOADD tie60 2 1 m00 2.001 1 m01 2.002 1 m02 2 1 m03 2.001 1 m04 2.002 1 m05 2 1 m06 2.001 1 m07 2.002 1 m08 2 1 m09 2.001 1 m10 2.002 1 m11 2 1 m12 2.001 1 m13 2.002 1 m14 2 1 m15 2.001 1 m16 2.002 1 m17 2 1 m18 2.001 1 m19 2.002 1 m20 2 1 m21 2.001 1 m22 2.002 1 m23 2 1 m24 2.001 1 m25 2.002 1 m26 2 1 m27 2.001 1 m28 2.002 1 m29 2 1 m30 2.001 1 m31 2.002 1 m32 2 1 m33 2.001 1 m34 2.002 1 m35 2 1 m36 2.001 1 m37 2.002 1 m38 2 1 m39 2.001 1 m40 2.002 1 m41 2 1 m42 2.001 1 m43 2.002 1 m44 2 1 m45 2.001 1 m46 2.002 1 m47 2 1 m48 2.001 1 m49 2.002 1 m50 2 1 m51 2.001 1 m52 2.002 1 m53 2 1 m54 2.001 1 m55 2.002 1 m56 2 1 m57 2.001 1 m58 2.002 1 m59",
        "GEOSEARCH tie60 FROMLONLAT 2 1 BYRADIUS 500 km COUNT 7", "GEOSEARCH tie60 FROMLONLAT 2 1 BYRADIUS 500 km COUNT 25 DESC",
        "GEOSEARCH tie60 FROMLONLAT 2.0015 1 BYRADIUS 500 km COUNT 41", "GEOSEARCH tie60 FROMLONLAT 2.0015 1 BYRADIUS 500 km COUNT 59 DESC",
        "GEOSEARCH tie60 FROMLONLAT 2.0015 1 BYRADIUS 500 km DESC", "GEOSEARCH tie60 FROMLONLAT 2.0015 1 BYRADIUS 500 km COUNT 30 ANY DESC",
        // wrong types, arity
        "GEOADD str 1 1 a", "GEOADD str 200 1 a", "GEOPOS str a", "GEOHASH str a", "GEODIST str a b", "GEODIST str a b foo",
        "GEOADD", "GEOADD k 1 1", "GEOPOS", "GEODIST k a", "GEOSEARCH k FROMLONLAT 1 1 BYRADIUS", "GEOSEARCHSTORE d k FROMLONLAT 1 1 BYRADIUS 1",
        "GEORADIUS k 1 1 1", "GEORADIUSBYMEMBER k a 1", "GEOHASH",
        // command introspection and key positions (cluster slot checks use them)
        "COMMAND INFO geoadd geopos geodist geohash geosearch geosearchstore georadius georadius_ro georadiusbymember georadiusbymember_ro",
        "COMMAND GETKEYS GEORADIUS k 0 0 10 km STORE a STOREDIST b", "COMMAND GETKEYS GEORADIUS k 0 0 10 km STORE a STORE b",
        "COMMAND GETKEYS GEORADIUS k 0 0 10 STORE a", "COMMAND GETKEYS GEORADIUS k 0 0 10 km STORE",
        "COMMAND GETKEYS GEORADIUSBYMEMBER k m 10 km STOREDIST x", "COMMAND GETKEYS GEORADIUSBYMEMBER k m 10 STORE x",
        "COMMAND GETKEYS GEOSEARCHSTORE d s FROMMEMBER m BYRADIUS 1 km", "COMMAND GETKEYS GEORADIUS_RO k 0 0 10 km STORE a",
        "COMMAND GETKEYS GEOADD k 1 1 m",
    };

    private static List<String> run(RawClient c, int db, boolean resp3) throws Exception {
        List<String> out = new ArrayList<>();
        c.call("SELECT", String.valueOf(db));
        if (resp3) {
            c.call("HELLO", "3");
        }
        c.call("SET", "str", "v");
        for (String line : SCRIPT) {
            String r = c.call(line.trim().split(" "));
            out.add(line + " -> " + r.replace("\r\n", "\\r\\n"));
        }
        return out;
    }

    @Test
    void geoCommandsReplyLikeRealRedisInResp2AndResp3() throws Exception {
        dev.rcsim.testing.ReplyCorpus.assertSameAsRealRedis(SCRIPT.length, GeoDifferentialTest::run);
    }
}
