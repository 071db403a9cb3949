package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

class AuthTest {
    @Test
    void commandsBeforeAuthGetNoauthAndAuthUnlocksThem() throws Exception {
        try (TestNode n = TestNode.start("requirepass", "pw"); RawClient c = n.raw()) {
            assertThat(c.call("GET", "a")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.call("AUTH", "wrong")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(c.call("HELLO", "3")).startsWith("-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option");
            assertThat(c.call("AUTH", "pw")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "a")).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void helloWithAuthAndSetnameAuthenticatesAndNames() throws Exception {
        try (TestNode n = TestNode.start("requirepass", "pw"); RawClient c = n.raw()) {
            assertThat(c.call("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "x")).startsWith("%7\r\n");
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$1\r\nx\r\n");
        }
    }

    @Test
    void helloAppliesOptionsInOrderLikeRedis70() throws Exception {
        try (TestNode n = TestNode.start("requirepass", "pw"); RawClient c = n.raw()) {
            // redis-server 7.0.15 authenticates AUTH before it reaches a bad option after it
            assertThat(c.call("HELLO", "3", "AUTH", "default", "bad", "foo")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(c.call("HELLO", "3", "AUTH", "default", "pw", "foo")).isEqualTo("-ERR Syntax error in HELLO option 'foo'\r\n");
            assertThat(c.call("GET", "a")).isEqualTo("$-1\r\n");
            assertThat(c.call("HELLO", "5")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
        }
    }

    @Test
    void authWithoutConfiguredPasswordIsRefusedLikeRedis() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(c.call("AUTH", "x")).startsWith("-ERR AUTH <password> called without any password configured");
            assertThat(c.call("AUTH", "default", "anything")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void configSetRequirepassAppliesToNewConnections() throws Exception {
        try (TestNode n = TestNode.start(); RawClient admin = n.raw()) {
            assertThat(admin.call("CONFIG", "SET", "requirepass", "s3")).isEqualTo("+OK\r\n");
            try (RawClient c = n.raw()) {
                assertThat(c.call("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
            }
            assertThat(admin.call("CONFIG", "SET", "requirepass", "")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void jedisResp3WithPasswordConnects() {
        try (TestNode n = TestNode.start("requirepass", "pw");
             Jedis j = new Jedis(new HostAndPort("127.0.0.1", n.port()),
                     DefaultJedisClientConfig.builder().password("pw").protocol(RedisProtocol.RESP3).clientName("jn").build())) {
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(j.clientGetname()).isEqualTo("jn");
        }
    }

    @Test
    void jedisWithWrongPasswordFails() {
        try (TestNode n = TestNode.start("requirepass", "pw")) {
            assertThatThrownBy(() -> {
                try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", n.port()),
                        DefaultJedisClientConfig.builder().password("nope").build())) {
                    j.ping();
                }
            }).hasStackTraceContaining("WRONGPASS");
        }
    }

    @Test
    void lettuceDefaultHello3HandshakeWithPasswordWorks() {
        try (TestNode n = TestNode.start("requirepass", "pw")) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(n.port())
                    .withPassword("pw".toCharArray()).withClientName("ln").build());
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                assertThat(conn.sync().ping()).isEqualTo("PONG");
                assertThat(conn.sync().clientGetname()).isEqualTo("ln");
                assertThat(conn.sync().set("k", "v")).isEqualTo("OK");
            } finally {
                client.shutdown();
            }
        }
    }
}
