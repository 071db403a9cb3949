package dev.rcsim.command;

import static dev.rcsim.testing.Nodes.keyOwnedBy;
import static dev.rcsim.testing.Nodes.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Geo commands in a cluster: GEOADD reaches replicas (propagated as ZADD, as Redis does), the store
 * key of GEORADIUS/GEOSEARCHSTORE takes part in the slot checks, and the read-only variants are
 * served by a READONLY replica while GEORADIUS (a write command) is redirected.
 */
class GeoClusterTest {

    @Test
    void geoaddReplicatesAndStoreKeysAreSlotChecked() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(5).start()) {
            SimNode master = sim.masters().get(0);
            SimNode replica = sim.replicasOf(master).get(0);
            SimNode other = sim.masters().get(1);
            String key = keyOwnedBy(master, "geo");
            String far = keyOwnedBy(other, "dst");
            assertThat(call(master, "GEOADD", key, "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"))
                    .isEqualTo(":2\r\n");
            String scores = call(master, "ZRANGE", key, "0", "-1", "WITHSCORES");
            assertThat(scores).isEqualTo("*4\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n");
            sim.awaitCondition("replica caught up",
                    () -> replica.replicationOffset() == master.replicationOffset(),
                    Duration.ofSeconds(10));

            try (RawClient r = new RawClient(replica.port())) {
                assertThat(r.call("READONLY")).isEqualTo("+OK\r\n");
                assertThat(r.call("ZRANGE", key, "0", "-1", "WITHSCORES")).isEqualTo(scores);
                assertThat(r.call("GEORADIUS_RO", key, "15", "37", "200", "km", "COUNT", "1")).isEqualTo("*1\r\n$7\r\nCatania\r\n");
                assertThat(r.call("GEOSEARCH", key, "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "ASC"))
                        .isEqualTo("*2\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n");
                assertThat(r.call("GEORADIUS", key, "15", "37", "200", "km")).startsWith("-MOVED ");
            }
            try (RawClient m = new RawClient(master.port())) {
                assertThat(m.call("GEORADIUS", key, "15", "37", "200", "km", "STORE", far)).isEqualTo(
                        "-CROSSSLOT Keys in request don't hash to the same slot\r\n");
                assertThat(m.call("GEOSEARCHSTORE", far, key, "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km")).isEqualTo(
                        "-CROSSSLOT Keys in request don't hash to the same slot\r\n");
                assertThat(m.call("GEORADIUS", key, "15", "37", "200", "km", "STOREDIST", "{" + key + "}d")).isEqualTo(":2\r\n");
                assertThat(m.call("GEORADIUS", key, "15", "37", "200", "km", "STORE", far, "STOREDIST", "{" + key + "}d"))
                        .isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
            }
        }
    }
}
