package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.ClientOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** Pub/Sub through Jedis (RESP2), Lettuce (RESP3 pushes) and raw sockets. */
class PubSubTest {

    private static void await(BooleanSupplier cond) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void jedisSubscriberReceivesChannelAndPatternMessages() throws Exception {
        try (TestNode n = TestNode.start(); Jedis pub = new Jedis("127.0.0.1", n.port())) {
            List<String> got = new CopyOnWriteArrayList<>();
            CountDownLatch subscribed = new CountDownLatch(2);
            JedisPubSub sub = new JedisPubSub() {
                @Override
                public void onMessage(String channel, String message) {
                    got.add(channel + "=" + message);
                }

                @Override
                public void onPMessage(String pattern, String channel, String message) {
                    got.add(pattern + ":" + channel + "=" + message);
                    if (message.equals("last")) {
                        unsubscribe();
                        punsubscribe();
                    }
                }

                @Override
                public void onSubscribe(String channel, int count) {
                    subscribed.countDown();
                }

                @Override
                public void onPSubscribe(String pattern, int count) {
                    subscribed.countDown();
                }
            };
            Thread t = new Thread(() -> {
                try (Jedis s = new Jedis("127.0.0.1", n.port())) {
                    s.subscribe(sub, "news");
                }
            });
            t.start();
            await(() -> sub.isSubscribed());
            sub.psubscribe("n*");
            assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pub.publish("news", "hello")).isEqualTo(2);
            assertThat(pub.pubsubNumSub("news")).containsEntry("news", 1L);
            assertThat(pub.pubsubNumPat()).isEqualTo(1);
            assertThat(pub.pubsubChannels()).containsExactly("news");
            assertThat(pub.publish("nope", "last")).isEqualTo(1);
            t.join(5000);
            assertThat(got).containsExactly("news=hello", "n*:news=hello", "n*:nope=last");
            assertThat(pub.pubsubNumPat()).isZero();
        }
    }

    @Test
    void lettuceResp3SubscriberReceivesPushMessages() throws Exception {
        try (TestNode n = TestNode.start(); Jedis pub = new Jedis("127.0.0.1", n.port())) {
            RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", n.port()));
            client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
            try (StatefulRedisPubSubConnection<String, String> conn = client.connectPubSub()) {
                List<String> got = new CopyOnWriteArrayList<>();
                conn.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        got.add(channel + "=" + message);
                    }

                    @Override
                    public void message(String pattern, String channel, String message) {
                        got.add(pattern + ":" + channel + "=" + message);
                    }
                });
                conn.sync().subscribe("ch");
                conn.sync().psubscribe("c*");
                // RESP3: ordinary commands still work on a subscribed connection
                assertThat(conn.sync().ping()).isEqualTo("PONG");
                assertThat(pub.publish("ch", "m1")).isEqualTo(2);
                await(() -> got.size() == 2);
                assertThat(got).containsExactlyInAnyOrder("ch=m1", "c*:ch=m1");
                conn.sync().unsubscribe("ch");
                conn.sync().punsubscribe("c*");
                assertThat(pub.publish("ch", "m2")).isZero();
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void resp3ConfirmationsAndMessagesArePushes() throws Exception {
        try (TestNode n = TestNode.start(); RawClient s = n.raw(); RawClient p = n.raw()) {
            s.call("HELLO", "3");
            assertThat(s.call("UNSUBSCRIBE")).isEqualTo(">3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n");
            assertThat(s.call("SUBSCRIBE", "a")).isEqualTo(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n");
            assertThat(s.call("GET", "x")).isEqualTo("_\r\n");
            assertThat(p.call("PUBLISH", "a", "hi")).isEqualTo(":1\r\n");
            assertThat(s.readReplyString()).isEqualTo(">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n");
        }
    }

    @Test
    void resp2SubscribedContextRefusesOtherCommandsAndPingRepliesAnArray() throws Exception {
        try (TestNode n = TestNode.start(); RawClient s = n.raw()) {
            assertThat(s.call("UNSUBSCRIBE")).isEqualTo("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
            s.call("SSUBSCRIBE", "sc");
            assertThat(s.call("GET", "x")).isEqualTo("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
            assertThat(s.call("PING")).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
            assertThat(s.call("SUNSUBSCRIBE")).isEqualTo("*3\r\n$12\r\nsunsubscribe\r\n$2\r\nsc\r\n:0\r\n");
            assertThat(s.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void spublishReachesShardSubscribersOnly() throws Exception {
        try (TestNode n = TestNode.start(); RawClient s = n.raw(); RawClient p = n.raw()) {
            s.call("SSUBSCRIBE", "sc");
            assertThat(p.call("PUBLISH", "sc", "x")).isEqualTo(":0\r\n");
            assertThat(p.call("SPUBLISH", "sc", "y")).isEqualTo(":1\r\n");
            assertThat(s.readReplyString()).isEqualTo("*3\r\n$8\r\nsmessage\r\n$2\r\nsc\r\n$1\r\ny\r\n");
            assertThat(p.call("PUBSUB", "SHARDCHANNELS")).isEqualTo("*1\r\n$2\r\nsc\r\n");
            assertThat(p.call("PUBSUB", "SHARDNUMSUB", "sc", "zz")).isEqualTo("*4\r\n$2\r\nsc\r\n:1\r\n$2\r\nzz\r\n:0\r\n");
        }
    }

    @Test
    void closedSubscriberIsRemovedFromTheRegistry() throws Exception {
        try (TestNode n = TestNode.start(); RawClient p = n.raw()) {
            RawClient s = n.raw();
            s.call("SUBSCRIBE", "a");
            s.close();
            await(() -> {
                try {
                    return p.call("PUBSUB", "NUMSUB", "a").equals("*2\r\n$1\r\na\r\n:0\r\n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(p.call("PUBLISH", "a", "m")).isEqualTo(":0\r\n");
        }
    }
}
