package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class ClientCommandsTest {
    @Test
    void clientListHasRedis70FieldsInOrder() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.call("CLIENT", "SETNAME", "me");
            String list = c.call("CLIENT", "LIST");
            assertThat(list).matches("(?s)\\$\\d+\r\nid=1 addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:\\d+ fd=\\d+ name=me age=\\d+ idle=\\d+ "
                    + "flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=\\d+ qbuf-free=\\d+ argv-mem=\\d+ multi-mem=\\d+ rbs=\\d+ rbp=\\d+ "
                    + "obl=\\d+ oll=\\d+ omem=\\d+ tot-mem=\\d+ events=r cmd=client\\|list user=default redir=-1 resp=2\n\r\n");
            assertThat(c.call("CLIENT", "LIST", "TYPE", "pubsub")).isEqualTo("$0\r\n\r\n");
        }
    }

    @Test
    void clientKillByIdClosesTheOtherConnection() throws Exception {
        try (TestNode n = TestNode.start(); RawClient a = n.raw(); RawClient b = n.raw()) {
            String id = b.call("CLIENT", "ID").substring(1).trim();
            assertThat(a.call("CLIENT", "KILL", "ID", id)).isEqualTo(":1\r\n");
            assertThat(b.isClosedByServer()).isTrue();
            assertThat(a.call("CLIENT", "KILL", "ID", id)).isEqualTo(":0\r\n");
        }
    }

    @Test
    void clientReplyOffSilencesUntilOnAndSkipDropsOneReply() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            c.send("CLIENT".getBytes(), "REPLY".getBytes(), "OFF".getBytes());
            c.send("SET".getBytes(), "a".getBytes(), "1".getBytes());
            assertThat(c.call("CLIENT", "REPLY", "ON")).isEqualTo("+OK\r\n");
            c.send("CLIENT".getBytes(), "REPLY".getBytes(), "SKIP".getBytes());
            c.send("GET".getBytes(), "a".getBytes());
            assertThat(c.call("GET", "a")).isEqualTo("$1\r\n1\r\n");
        }
    }

    @Test
    void clientUnblockValidatesReasonAndReportsUnknownClients() throws Exception {
        try (TestNode n = TestNode.start("enable-debug-command", "yes"); RawClient a = n.raw(); RawClient b = n.raw()) {
            assertThat(a.call("CLIENT", "UNBLOCK", "999")).isEqualTo(":0\r\n");
            assertThat(a.call("CLIENT", "UNBLOCK", "1", "FOO")).isEqualTo("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n");
        }
    }

    @Test
    void jedisAndLettuceTolerateTheMissingClientSetinfo() {
        try (TestNode n = TestNode.start(); Jedis j = new Jedis("127.0.0.1", n.port())) {
            assertThat(j.ping()).isEqualTo("PONG");
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + n.port());
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                assertThat(conn.sync().ping()).isEqualTo("PONG");
                assertThat(conn.sync().clientList()).contains("cmd=");
            } finally {
                client.shutdown();
            }
        }
    }
}
