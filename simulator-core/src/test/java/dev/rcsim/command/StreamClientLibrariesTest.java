package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.TestNode;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/** The stream APIs of Jedis and Lettuce against a node: add, range, groups, acknowledge. */
class StreamClientLibrariesTest {

    @Test
    void jedisStreamCallsWork() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            StreamEntryID id = j.xadd("s", XAddParams.xAddParams().id("1-1"), Map.of("f", "v"));
            assertThat(id.toString()).isEqualTo("1-1");
            j.xadd("s", XAddParams.xAddParams().id("2-1"), Map.of("g", "w"));
            assertThat(j.xlen("s")).isEqualTo(2);
            List<StreamEntry> range = j.xrange("s", (StreamEntryID) null, (StreamEntryID) null);
            assertThat(range).extracting(e -> e.getID().toString()).containsExactly("1-1", "2-1");
            assertThat(j.xgroupCreate("s", "grp", new StreamEntryID("0-0"), false)).isEqualTo("OK");
            List<Map.Entry<String, List<StreamEntry>>> read = j.xreadGroup("grp", "alice",
                    XReadGroupParams.xReadGroupParams().count(10), Map.of("s", StreamEntryID.UNRECEIVED_ENTRY));
            assertThat(read.get(0).getValue()).hasSize(2);
            assertThat(j.xpending("s", "grp").getTotal()).isEqualTo(2);
            assertThat(j.xack("s", "grp", new StreamEntryID("1-1"))).isEqualTo(1);
            assertThat(j.xdel("s", new StreamEntryID("2-1"))).isEqualTo(1);
        }
    }

    @Test
    void lettuceStreamCallsWork() {
        try (TestNode n = TestNode.start()) {
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + n.port());
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                var r = conn.sync();
                assertThat(r.xadd("s", new io.lettuce.core.XAddArgs().id("5-1"), Map.of("a", "1"))).isEqualTo("5-1");
                r.xgroupCreate(XReadArgs.StreamOffset.from("s", "0"), "grp");
                List<StreamMessage<String, String>> got = r.xreadgroup(Consumer.from("grp", "c1"),
                        XReadArgs.StreamOffset.lastConsumed("s"));
                assertThat(got).hasSize(1);
                assertThat(got.get(0).getBody()).containsEntry("a", "1");
                assertThat(r.xrevrange("s", io.lettuce.core.Range.create("-", "+"))).hasSize(1);
                assertThat(r.xtrim("s", 0)).isEqualTo(1);
            } finally {
                client.shutdown();
            }
        }
    }
}
