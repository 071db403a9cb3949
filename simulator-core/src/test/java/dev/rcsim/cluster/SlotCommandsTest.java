package dev.rcsim.cluster;

import dev.rcsim.keyspace.HashSlots;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import org.junit.jupiter.api.Test;

/** ADDSLOTS / DELSLOTS / ...RANGE / FLUSHSLOTS / SETSLOT: replies and errors as Redis 7.0.15 gives them. */
class SlotCommandsTest {
    static String err(String msg) {
        return "-" + msg + "\r\n";
    }

    @Test
    void addAndDelSlotsCheckEverySlotFirstAndAreAllOrNothing() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(0).replicasPerMaster(0).spares(1).start();
                RawClient c = new RawClient(sim.spares().get(0).port())) {
            assertThat(c.call("CLUSTER", "ADDSLOTSRANGE", "1", "2", "3"))
                    .isEqualTo(err("ERR wrong number of arguments for 'cluster|addslotsrange' command"));
            assertThat(c.call("CLUSTER", "ADDSLOTSRANGE", "5", "2"))
                    .isEqualTo(err("ERR start slot number 5 is greater than end slot number 2"));
            assertThat(c.call("CLUSTER", "ADDSLOTSRANGE", "1", "x")).isEqualTo(err("ERR Invalid or out of range slot"));
            assertThat(c.call("CLUSTER", "ADDSLOTS", "1", "1")).isEqualTo(err("ERR Slot 1 specified multiple times"));
            assertThat(c.call("CLUSTER", "ADDSLOTS", "16384")).isEqualTo(err("ERR Invalid or out of range slot"));
            assertThat(c.call("CLUSTER", "ADDSLOTS", "abc")).isEqualTo(err("ERR Invalid or out of range slot"));
            assertThat(c.call("CLUSTER", "ADDSLOTS", "1", "2")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLUSTER", "ADDSLOTS", "3", "2")).isEqualTo(err("ERR Slot 2 is already busy"));
            assertThat(c.call("CLUSTER", "ADDSLOTSRANGE", "0", "3")).isEqualTo(err("ERR Slot 1 is already busy"));
            assertThat(c.call("CLUSTER", "COUNTKEYSINSLOT", "3")).isEqualTo(":0\r\n");
            assertThat(c.call("CLUSTER", "DELSLOTS", "7")).isEqualTo(err("ERR Slot 7 is already unassigned"));
            assertThat(c.call("CLUSTER", "DELSLOTSRANGE", "1", "1", "1", "1")).isEqualTo(err("ERR Slot 1 specified multiple times"));
            assertThat(c.call("CLUSTER", "FLUSHSLOTS", "x"))
                    .isEqualTo(err("ERR wrong number of arguments for 'cluster|flushslots' command"));
            assertThat(c.call("CLUSTER", "ADDSLOTSRANGE", "10", "20", "30", "40")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLUSTER", "NODES")).contains(" 0 connected 1-2 10-20 30-40\n");
            assertThat(c.call("CLUSTER", "DELSLOTSRANGE", "10", "19")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLUSTER", "DELSLOTS", "1")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLUSTER", "NODES")).contains("connected 2 20 30-40\n");
            assertThat(c.call("CLUSTER", "FLUSHSLOTS")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLUSTER", "NODES")).endsWith("connected\n\r\n");
        }
    }

    @Test
    void setSlotChecksOwnershipNodesAndKeys() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start()) {
            SimNode m0 = sim.masters().get(0);
            SimNode m1 = sim.masters().get(1);
            SimNode r0 = sim.replicasOf(m0).get(0);
            try (RawClient c = new RawClient(m0.port()); RawClient rc = new RawClient(r0.port())) {
                assertThat(c.call("CLUSTER", "SETSLOT", "1", "MIGRATING", "nosuchnode"))
                        .isEqualTo(sample("setslot.bad_node").replace("nosuchnode", "nosuchnode"));
                assertThat(c.call("CLUSTER", "SETSLOT", "9000", "MIGRATING", m1.id()))
                        .isEqualTo(err("ERR I'm not the owner of hash slot 9000"));
                assertThat(c.call("CLUSTER", "SETSLOT", "1", "IMPORTING", m1.id()))
                        .isEqualTo(err("ERR I'm already the owner of hash slot 1"));
                assertThat(c.call("CLUSTER", "SETSLOT", "9000", "IMPORTING", "x")).isEqualTo(err("ERR I don't know about node x"));
                assertThat(c.call("CLUSTER", "SETSLOT", "1", "MIGRATING", r0.id())).isEqualTo(err("ERR Target node is not a master"));
                assertThat(c.call("CLUSTER", "SETSLOT", "9", "NODE", "nosuch")).isEqualTo(err("ERR Unknown node nosuch"));
                assertThat(c.call("CLUSTER", "SETSLOT", "9", "NODE", r0.id())).isEqualTo(err("ERR Target node is not a master"));
                String bad = err("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP");
                assertThat(c.call("CLUSTER", "SETSLOT", "9", "bogus")).isEqualTo(bad);
                assertThat(c.call("CLUSTER", "SETSLOT", "9", "stable", "extra")).isEqualTo(bad);
                assertThat(c.call("CLUSTER", "SETSLOT", "1", "node")).isEqualTo(bad);
                assertThat(c.call("CLUSTER", "SETSLOT", "-1", "stable")).isEqualTo(err("ERR Invalid or out of range slot"));
                assertThat(c.call("CLUSTER", "SETSLOT")).isEqualTo(sample("wrong_arity.cluster_setslot"));
                assertThat(rc.call("CLUSTER", "SETSLOT", "1", "STABLE")).isEqualTo(err("ERR Please use SETSLOT only with masters."));
                int slot = HashSlots.slot("bar");
                assertThat(c.call("SET", "bar", "1")).isEqualTo("+OK\r\n");
                assertThat(c.call("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", m1.id())).isEqualTo(
                        err("ERR Can't assign hashslot " + slot + " to a different node while I still hold keys for this hash slot."));
                assertThat(c.call("CLUSTER", "FLUSHSLOTS")).isEqualTo(err("ERR DB must be empty to perform CLUSTER FLUSHSLOTS."));
                assertThat(c.call("CLUSTER", "SETSLOT", "100", "MIGRATING", m1.id())).isEqualTo("+OK\r\n");
                assertThat(c.call("CLUSTER", "NODES")).contains(" 0-5460 [100->-" + m1.id() + "]\n");
                assertThat(c.call("CLUSTER", "SETSLOT", "100", "STABLE")).isEqualTo("+OK\r\n");
                assertThat(c.call("CLUSTER", "NODES")).contains(" 0-5460\n");
            }
        }
    }

    static String sample(String name) {
        return ClusterTestSupport.sample(name);
    }
}
