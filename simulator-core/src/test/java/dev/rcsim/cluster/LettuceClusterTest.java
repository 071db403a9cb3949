package dev.rcsim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.SlotRange;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.ProtocolVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Lettuce 6's RedisClusterClient (topology from CLUSTER NODES + INFO) in RESP2 and RESP3. */
class LettuceClusterTest {
    static RedisClusterSimulator sim;

    @BeforeAll
    static void start() {
        ClusterTestSupport.installStandIns();
        sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static RedisClusterClient client(ProtocolVersion protocol) {
        List<RedisURI> uris = new ArrayList<>();
        for (String s : sim.seeds()) {
            String[] hp = s.split(":");
            uris.add(RedisURI.create(hp[0], Integer.parseInt(hp[1])));
        }
        RedisClusterClient client = RedisClusterClient.create(uris);
        client.setOptions(ClusterClientOptions.builder().protocolVersion(protocol).build());
        return client;
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void partitionsMatchTheFormedSlotRanges(ProtocolVersion protocol) {
        RedisClusterClient client = client(protocol);
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            assertThat(client.getPartitions()).hasSize(6);
            for (SimNode m : sim.masters()) {
                RedisClusterNode n = client.getPartitions().getPartitionByNodeId(m.id());
                assertThat(n.is(RedisClusterNode.NodeFlag.UPSTREAM)).isTrue();
                List<Integer> expected = new ArrayList<>();
                for (SlotRange r : m.slots()) {
                    for (int s = r.start(); s <= r.end(); s++) {
                        expected.add(s);
                    }
                }
                assertThat(n.getSlots()).containsExactlyElementsOf(expected);
            }
            for (SimNode r : sim.replicas()) {
                RedisClusterNode n = client.getPartitions().getPartitionByNodeId(r.id());
                assertThat(n.getSlaveOf()).isEqualTo(r.masterId());
            }
            RedisAdvancedClusterCommands<String, String> sync = c.sync();
            for (int i = 0; i < 100; i++) {
                sync.set(protocol + ":" + i, "v" + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(sync.get(protocol + ":" + i)).isEqualTo("v" + i);
            }
        } finally {
            client.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void readFromReplicaSeesWritesAfterWait(ProtocolVersion protocol) throws Exception {
        RedisClusterClient client = client(protocol);
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            c.sync().set("{r}" + protocol, "replicated");
            SimNode master = sim.masterFor("{r}" + protocol);
            try (RawClient raw = new RawClient(master.port())) {
                assertThat(raw.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
            }
            c.setReadFrom(ReadFrom.REPLICA);
            assertThat(c.sync().get("{r}" + protocol)).isEqualTo("replicated");
            SimNode replica = sim.replicasOf(master).get(0);
            assertThat(Internals.node(replica).stats().of("get").calls).isPositive();
        } finally {
            client.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void clusterScanVisitsEveryMaster(ProtocolVersion protocol) {
        ClusterTestSupport.assumeImplemented("scan");
        RedisClusterClient client = client(protocol);
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            Set<String> written = new HashSet<>();
            for (int i = 0; i < 60; i++) {
                c.sync().set("scan:" + protocol + ":" + i, "x");
                written.add("scan:" + protocol + ":" + i);
            }
            Set<String> seen = new HashSet<>();
            ScanIterator.scan(c.sync(), io.lettuce.core.ScanArgs.Builder.matches("scan:" + protocol + ":*"))
                    .forEachRemaining(seen::add);
            assertThat(seen).isEqualTo(written);
        } finally {
            client.shutdown();
        }
    }
}
