package dev.rcsim.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.fault.Fault;
import dev.rcsim.junit5.RedisClusterTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;

/** A resharding that stopped half way: ASK for single keys, TRYAGAIN for multi-key commands, then fix. */
@RedisClusterTest(masters = 3, replicasPerMaster = 0, seed = 5, config = {"cluster-node-timeout 5000"})
class StuckReshardingExampleTest {

    @Test
    void singleKeysFollowAskMultiKeyCommandsGetTryagainUntilFix(RedisClusterSimulator cluster) {
        String[] keys = new String[10];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "{cart:1}:item" + i; // one slot, thanks to the hash tag
        }
        int slot = RedisClusterSimulator.slotOf("cart:1");
        SimNode from = cluster.masterFor("cart:1");
        SimNode to = cluster.masters().get(from == cluster.masters().get(0) ? 1 : 0);

        try (JedisCluster jedis = new JedisCluster(cluster.seeds(HostAndPort::new))) {
            for (String k : keys) {
                jedis.set(k, "1");
            }

            // IMPORTING on `to`, MIGRATING on `from`, half of the keys migrated, then nothing
            Fault stuck = cluster.scenarios().stuckResharding(slot, from, to);

            for (String k : keys) {
                assertThat(jedis.get(k)).isEqualTo("1"); // JedisCluster follows ASK transparently
            }
            try (Jedis direct = new Jedis(from.host(), from.port())) {
                assertThatThrownBy(() -> direct.mget(keys)) // some keys here, some on `to`
                        .isInstanceOf(JedisDataException.class)
                        .hasMessage("TRYAGAIN Multiple keys request during rehashing of slot");
            }
            assertThat(cluster.admin().check().openSlots()).containsExactly(slot);

            stuck.heal(); // cluster.admin().fix(), as redis-cli --cluster fix: finishes the move
            assertThat(jedis.mget(keys)).containsOnly("1");
        }
        assertThat(to.ownsSlot(slot)).isTrue();
        assertThat(cluster.admin().check().ok()).isTrue();
    }
}
