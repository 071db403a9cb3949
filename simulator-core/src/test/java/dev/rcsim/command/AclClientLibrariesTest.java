package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisAccessControlException;

/**
 * Jedis and Lettuce authenticating as an ACL user (AUTH user pass in RESP2, HELLO 3 AUTH in RESP3)
 * against one node and against a cluster, where every node has its own user table, as in Redis.
 */
class AclClientLibrariesTest {
    private static final String APP_RULES = "on >s3cret ~app:* +@all -@admin -flushall";

    private static void createApp(int port) throws Exception {
        try (RawClient admin = new RawClient(port)) {
            assertThat(admin.call(("ACL SETUSER app " + APP_RULES).split(" "))).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void jedisAsAclUserRunsAllowedCommandsAndGetsNopermOtherwise() throws Exception {
        try (TestNode n = TestNode.start()) {
            createApp(n.port());
            for (RedisProtocol protocol : List.of(RedisProtocol.RESP2, RedisProtocol.RESP3)) {
                try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", n.port()),
                        DefaultJedisClientConfig.builder().user("app").password("s3cret").protocol(protocol).build())) {
                    assertThat(j.aclWhoAmI()).isEqualTo("app");
                    assertThat(j.set("app:1", "v")).isEqualTo("OK");
                    assertThat(j.get("app:1")).isEqualTo("v");
                    assertThatThrownBy(() -> j.get("other"))
                            .isInstanceOf(JedisAccessControlException.class)
                            .hasMessage("NOPERM this user has no permissions to access one of the keys used as arguments");
                    assertThatThrownBy(j::flushAll)
                            .isInstanceOf(JedisAccessControlException.class)
                            .hasMessage("NOPERM this user has no permissions to run the 'flushall' command");
                    assertThatThrownBy(() -> j.configGet("maxmemory"))
                            .hasMessage("NOPERM this user has no permissions to run the 'config|get' command");
                }
            }
        }
    }

    @Test
    void jedisWithWrongAclPasswordGetsWrongpass() throws Exception {
        try (TestNode n = TestNode.start()) {
            createApp(n.port());
            assertThatThrownBy(() -> {
                try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", n.port()),
                        DefaultJedisClientConfig.builder().user("app").password("nope").build())) {
                    j.ping();
                }
            }).isInstanceOf(JedisAccessControlException.class)
                    .hasMessageContaining("WRONGPASS invalid username-password pair or user is disabled.");
        }
    }

    @Test
    void lettuceResp3HelloAuthAsAclUser() throws Exception {
        try (TestNode n = TestNode.start()) {
            createApp(n.port());
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(n.port())
                    .withAuthentication("app", "s3cret").build());
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                assertThat(conn.sync().aclWhoami()).isEqualTo("app");
                assertThat(conn.sync().set("app:k", "1")).isEqualTo("OK");
                assertThatThrownBy(() -> conn.sync().set("x", "1"))
                        .isInstanceOf(RedisCommandExecutionException.class)
                        .hasMessage("NOPERM this user has no permissions to access one of the keys used as arguments");
                assertThatThrownBy(() -> conn.sync().aclLog(1))
                        .hasMessage("NOPERM this user has no permissions to run the 'acl|log' command");
            } finally {
                client.shutdown();
            }
            RedisClient admin = RedisClient.create(RedisURI.create("127.0.0.1", n.port()));
            try (StatefulRedisConnection<String, String> conn = admin.connect()) {
                assertThat(conn.sync().aclLog(2).get(1)).containsEntry("reason", "key").containsEntry("object", "x")
                        .containsEntry("username", "app").containsEntry("context", "toplevel");
                assertThat(conn.sync().aclLog(2).get(0)).containsEntry("reason", "command").containsEntry("object", "acl|log");
            } finally {
                admin.shutdown();
            }
        }
    }

    @Test
    void clusterNodesEachHaveTheirOwnUsers() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).start()) {
            SimNode first = sim.masters().get(0);
            createApp(first.port());
            try (RawClient other = new RawClient(sim.masters().get(1).port())) {
                assertThat(other.call("AUTH", "app", "s3cret")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
                assertThat(other.call("ACL", "USERS")).isEqualTo("*1\r\n$7\r\ndefault\r\n");
            }
            try (RawClient c = new RawClient(first.port())) {
                assertThat(c.call("AUTH", "app", "s3cret")).isEqualTo("+OK\r\n");
            }
        }
    }

    @Test
    void jedisClusterAndLettuceClusterAuthenticateAsAclUserOnEveryNode() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).start()) {
            for (SimNode m : sim.masters()) {
                createApp(m.port());
            }
            Set<HostAndPort> seeds = new HashSet<>(sim.seeds(HostAndPort::new));
            try (JedisCluster jc = new JedisCluster(seeds,
                    DefaultJedisClientConfig.builder().user("app").password("s3cret").build())) {
                for (int i = 0; i < 50; i++) {
                    jc.set("app:" + i, "v" + i);
                }
                for (int i = 0; i < 50; i++) {
                    assertThat(jc.get("app:" + i)).isEqualTo("v" + i);
                }
                assertThatThrownBy(() -> jc.get("forbidden"))
                        .hasMessage("NOPERM this user has no permissions to access one of the keys used as arguments");
            }
            RedisClusterClient client = RedisClusterClient.create(RedisURI.builder().withHost("127.0.0.1")
                    .withPort(sim.masters().get(0).port()).withAuthentication("app", "s3cret").build());
            try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
                assertThat(conn.sync().get("app:7")).isEqualTo("v7");
                assertThat(conn.sync().set("app:new", "n")).isEqualTo("OK");
            } finally {
                client.shutdown();
            }
        }
    }
}
