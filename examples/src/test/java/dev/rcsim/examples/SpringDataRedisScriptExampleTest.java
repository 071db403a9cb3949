package dev.rcsim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.junit5.RedisClusterTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Spring Data Redis's {@code RedisScript} through a Lettuce cluster connection: the template sends
 * EVALSHA to the master of the script's first key and falls back to EVAL when the node answers NOSCRIPT.
 */
@RedisClusterTest(masters = 3, replicasPerMaster = 1)
class SpringDataRedisScriptExampleTest {
    /** A rate limiter: at most ARGV[1] calls per window of ARGV[2] ms on the counter KEYS[1]. */
    static final RedisScript<Long> RATE_LIMIT = RedisScript.of("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            if n > tonumber(ARGV[1]) then return 0 end
            return 1
            """, Long.class);

    private LettuceConnectionFactory factory;
    private StringRedisTemplate redis;

    @BeforeEach
    void connect(RedisClusterSimulator cluster) {
        factory = new LettuceConnectionFactory(new RedisClusterConfiguration(cluster.seeds()));
        factory.afterPropertiesSet();
        redis = new StringRedisTemplate(factory);
    }

    @AfterEach
    void close() {
        factory.destroy();
    }

    @Test
    void rateLimitScriptRunsOnTheKeysMaster() {
        List<String> key = List.of("{api:alice}:calls");
        for (int i = 0; i < 3; i++) {
            assertThat(redis.execute(RATE_LIMIT, key, "3", "60000")).isEqualTo(1L);
        }
        assertThat(redis.execute(RATE_LIMIT, key, "3", "60000")).isEqualTo(0L);
        assertThat(redis.opsForValue().get("{api:alice}:calls")).isEqualTo("4");
        assertThat(redis.getExpire("{api:alice}:calls")).isEqualTo(60L); // the simulated clock has not moved
    }

    @Test
    void scriptReturningAListOfKeysValues() {
        redis.opsForValue().set("{inv}:apples", "3");
        redis.opsForValue().set("{inv}:pears", "5");
        RedisScript<List> readAll = RedisScript.of("return redis.call('MGET', KEYS[1], KEYS[2])", List.class);
        assertThat(redis.execute(readAll, List.of("{inv}:apples", "{inv}:pears"))).isEqualTo(List.of("3", "5"));
    }
}
