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
            assertThat(c.call("COMMAND", "COUNT")).isEqualTo(":" + dev.rcsim.command.NodeCommands.of(n.node).table().size() + "\r\n");
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
            assertThat(j.commandCount()).isEqualTo(dev.rcsim.command.NodeCommands.of(n.node).table().size());
        }
    }

    @Test
    void commandInfoGivesRedisKeySpecsAndFlags() throws Exception {
        // found by the differential harness: several key specs, notes, keynum searches, ECHO's flags
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("HELLO", "3");
            assertThat(c.call("COMMAND", "INFO", "smove")).contains("~2\r\n%3\r\n$5\r\nflags\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n")
                    .contains("~2\r\n+RW\r\n+insert\r\n");
            assertThat(c.call("COMMAND", "INFO", "lmpop")).contains("$6\r\nkeynum\r\n$4\r\nspec\r\n%3\r\n$9\r\nkeynumidx\r\n:0\r\n");
            assertThat(c.call("COMMAND", "INFO", "getex")).contains("$5\r\nnotes\r\n$40\r\nRW and UPDATE because it changes the TTL\r\n");
            assertThat(c.call("COMMAND", "INFO", "echo")).contains("~3\r\n+loading\r\n+stale\r\n+fast\r\n");
        }
    }
}
