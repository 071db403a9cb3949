package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class CommandCommandTest {
    @Test
    void commandCountMatchesTheTable() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("COMMAND", "COUNT")).isEqualTo(":" + n.node.commands().size() + "\r\n");
        }
    }

    @Test
    void getkeysUsesKeyPositions() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("COMMAND", "GETKEYS", "GET", "k")).isEqualTo("*1\r\n$1\r\nk\r\n");
            assertThat(c.call("COMMAND", "GETKEYS", "MEMORY", "USAGE", "k")).isEqualTo("*1\r\n$1\r\nk\r\n");
        }
    }

    @Test
    void commandListFiltersByPatternAndAclCategory() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "config|g*")).isEqualTo("*1\r\n$10\r\nconfig|get\r\n");
            assertThat(c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "string")).contains("$3\r\nget\r\n");
        }
    }

    @Test
    void jedisCanReadTheWholeCommandTable() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            assertThat(j.commandInfo("get")).containsKey("get");
            assertThat(j.commandCount()).isEqualTo(n.node.commands().size());
        }
    }
}
