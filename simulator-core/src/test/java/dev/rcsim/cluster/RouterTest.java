package dev.rcsim.cluster;

import dev.rcsim.keyspace.HashSlots;
import static dev.rcsim.testing.Nodes.keyOwnedBy;
import static dev.rcsim.cluster.ClusterTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.internal.Internals;
import dev.rcsim.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Redirections of a formed 3x1 cluster, byte for byte against a real 7.0.15 cluster's replies. */
class RouterTest {
    static RedisClusterSimulator sim;
    static SimNode m0;
    static SimNode m1;
    static SimNode m2;
    static SimNode r0;

    @BeforeAll
    static void start() {
        sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(7).start();
        m0 = sim.masters().get(0);
        m1 = sim.masters().get(1);
        m2 = sim.masters().get(2);
        r0 = sim.replicasOf(m0).get(0);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** A sample of the real cluster with its ports (7000-7002 masters, 7005 replica of 7000) mapped to ours. */
    static String expected(String name) {
        return sample(name, m0, m1, m2);
    }

    static RawClient client(SimNode n) throws Exception {
        return new RawClient(n.host(), n.port());
    }

    @Test
    void getOfForeignKeyRepliesMovedToOwner() throws Exception {
        try (RawClient c = client(m0)) {
            assertThat(c.call("GET", "foo")).isEqualTo(expected("moved.get"));
            assertThat(c.call("SET", "foo", "bar")).isEqualTo(expected("moved.set"));
            c.call("HELLO", "3");
            assertThat(c.call("GET", "foo")).isEqualTo(expected("moved.get.resp3"));
        }
    }

    @Test
    void ownerServesItsKeys() throws Exception {
        try (RawClient c = client(m2)) {
            assertThat(c.call("SET", "foo", "bar")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "foo")).isEqualTo("$3\r\nbar\r\n");
        }
    }

    @Test
    void multiKeyCommandsAcrossSlotsReplyCrossslot() throws Exception {
        try (RawClient c = client(m2)) {
            if (ClusterTestSupport.implemented("mset")) {
                assertThat(c.call("MSET", "foo", "1", "bar", "2")).isEqualTo(expected("crossslot.mset"));
            }
            if (ClusterTestSupport.implemented("mget")) {
                assertThat(c.call("MGET", "foo", "bar")).isEqualTo(expected("crossslot.mget"));
            }
            if (ClusterTestSupport.implemented("del")) {
                assertThat(c.call("DEL", "foo", "bar")).isEqualTo(expected("crossslot.del"));
            }
            assertThat(c.call("WATCH", "foo", "bar")).isEqualTo(expected("crossslot.mget"));
        }
    }

    @Test
    void execChecksAllQueuedKeysTogether() throws Exception {
        String a = keyOwnedBy(m0, "a");
        String b = keyOwnedBy(m0, "b");
        assertThat(HashSlots.slot(a)).isNotEqualTo(HashSlots.slot(b));
        try (RawClient c = client(m0)) {
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", a, "1")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("SET", b, "1")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("EXEC")).isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
            assertThat(c.call("GET", a)).isEqualTo("$-1\r\n");
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "foo")).isEqualTo(expected("moved.get"));
            assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
        }
    }

    @Test
    void replicaRedirectsUnlessReadonlyRead() throws Exception {
        try (RawClient w = client(m0)) {
            assertThat(w.call("SET", "k2", "v")).isEqualTo("+OK\r\n");
            assertThat(w.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
        }
        try (RawClient c = client(r0)) {
            assertThat(c.call("SET", "k2", "x")).isEqualTo(expected("replica.write"));
            assertThat(c.call("GET", "k2")).isEqualTo(expected("replica.read"));
            assertThat(c.call("READONLY")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "k2")).isEqualTo(expected("replica.read.readonly"));
            assertThat(c.call("SET", "k2", "x")).isEqualTo(expected("replica.write.readonly"));
            assertThat(c.call("GET", "foo")).isEqualTo(expected("moved.get"));
            if (ClusterTestSupport.implemented("flushall")) {
                assertThat(c.call("FLUSHALL")).isEqualTo(expected("replica.flushall"));
            }
            assertThat(c.call("READWRITE")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "k2")).isEqualTo(expected("replica.read"));
        }
    }

    @Test
    void openSlotGivesAskTryagainAndAskingRules() throws Exception {
        int slot = HashSlots.slot("{ask}");
        try (RawClient src = client(m2); RawClient dst = client(m0)) {
            assertThat(src.call("SET", "{ask}present", "here")).isEqualTo("+OK\r\n");
            ClusterView sv = NodeCluster.of(Internals.node(m2)).view();
            ClusterView dv = NodeCluster.of(Internals.node(m0)).view();
            Internals.node(m2).call(() -> {
                sv.setMigrating(slot, sv.node(m0.id()));
                return null;
            });
            Internals.node(m0).call(() -> {
                dv.setImporting(slot, dv.node(m2.id()));
                return null;
            });
            try {
                assertThat(src.call("GET", "{ask}absent")).isEqualTo(expected("ask.get_missing"));
                assertThat(src.call("GET", "{ask}present")).isEqualTo(expected("ask.get_present"));
                assertThat(src.call("SET", "{ask}absent", "x")).isEqualTo(expected("ask.set_missing"));
                assertThat(src.call("WATCH", "{ask}present", "{ask}absent")).isEqualTo(expected("tryagain.mget"));
                assertThat(src.call("WATCH", "{ask}absent1", "{ask}absent2")).isEqualTo(expected("ask.mget_all_missing"));
                assertThat(dst.call("GET", "{ask}absent")).isEqualTo(expected("importing.get_no_asking"));
                assertThat(dst.call("ASKING")).isEqualTo("+OK\r\n");
                assertThat(dst.call("GET", "{ask}absent")).isEqualTo(expected("importing.get_asking"));
                assertThat(dst.call("GET", "{ask}absent")).isEqualTo(expected("importing.get_no_asking"));
                assertThat(dst.call("ASKING")).isEqualTo("+OK\r\n");
                assertThat(dst.call("WATCH", "{ask}absent1", "{ask}absent2")).isEqualTo(expected("importing.mget_asking"));
                assertThat(dst.call("ASKING")).isEqualTo("+OK\r\n");
                assertThat(dst.call("GET", "{ask}present")).isEqualTo(expected("importing.get_present_asking"));
                assertThat(dst.call("CLUSTER", "NODES")).contains("[" + slot + "-<-" + m2.id() + "]");
                assertThat(src.call("CLUSTER", "NODES")).contains("[" + slot + "->-" + m0.id() + "]");
            } finally {
                Internals.node(m2).call(() -> {
                    sv.setMigrating(slot, null);
                    return null;
                });
                Internals.node(m0).call(() -> {
                    dv.setImporting(slot, null);
                    return null;
                });
            }
        }
    }

    @Test
    void nodeWithoutSlotsRepliesHashSlotNotServed() throws Exception {
        try (RedisClusterSimulator lone = RedisClusterSimulator.builder().masters(0).spares(1).seed(1).start();
                RawClient c = new RawClient(lone.nodes().get(0).port())) {
            assertThat(c.call("GET", "foo")).isEqualTo(sample("clusterdown.no_slots"));
            assertThat(c.call("CLUSTER", "INFO")).startsWith("$").contains("cluster_state:fail\r\ncluster_slots_assigned:0\r\n");
        }
    }

    @Test
    void uncoveredSlotPutsTheClusterDown() throws Exception {
        try (RedisClusterSimulator s = RedisClusterSimulator.builder().masters(3).replicasPerMaster(0).seed(3).start()) {
            SimNode owner = s.masters().get(2);
            ClusterView v = NodeCluster.of(Internals.node(owner)).view();
            Internals.node(owner).call(() -> {
                v.assign(0, 0, null);
                return null;
            });
            try (RawClient c = new RawClient(owner.port())) {
                assertThat(c.call("GET", "foo")).isEqualTo(sample("clusterdown.cluster_down.get_live_slot"));
                assertThat(c.call("GET", keyInSlot(0))).isEqualTo(sample("clusterdown.no_slots"));
                assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            }
        }
    }

    static String keyInSlot(int slot) {
        for (int i = 0; ; i++) {
            String k = "k" + i;
            if (HashSlots.slot(k) == slot) {
                return k;
            }
        }
    }
}
