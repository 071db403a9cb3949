package dev.rcsim.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.testing.RawClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Nodes started on "any port" get ports below the kernel's ephemeral range, with valid bus ports. */
class NodePortsTest {

    @Test
    void nodesOnAnyPortGetPortsBelowTheEphemeralRangeAndKeepThemAcrossARestart() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        Assumptions.assumeTrue(Files.isReadable(range), "no Linux port range to compare with");
        int lowestEphemeral;
        try (var in = Files.newInputStream(range)) { // procfs reports size 0: read to the end
            lowestEphemeral = Integer.parseInt(new String(in.readAllBytes()).trim().split("\\s+")[0]);
        }
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).start()) {
            for (SimNode n : sim.nodes()) {
                assertThat(n.port()).isBetween(1024, lowestEphemeral - 1);
            }
            SimNode m = sim.masters().get(0);
            try (RawClient c = new RawClient(m.port())) {
                // ip:port@cport with cport = port + 10000, a valid port number
                assertThat(c.call("CLUSTER", "NODES")).contains(m.address() + "@" + (m.port() + 10000) + " myself,master");
            }
            int port = m.port();
            sim.kill(m);
            sim.restart(m);
            assertThat(m.port()).isEqualTo(port);
            try (RawClient c = new RawClient(port)) {
                assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            }
        }
    }
}
