package dev.rcsim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class SmokeTest {
    @Test
    void setThenGetOverJedisReturnsTheValue() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            assertThat(j.set("k", "v")).isEqualTo("OK");
            assertThat(j.get("k")).isEqualTo("v");
        }
    }

    @Test
    void unknownCommandEchoesItsArgumentsLikeRedis() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("FOO", "bar", "baz"))
                    .isEqualTo("-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \r\n");
        }
    }
}
