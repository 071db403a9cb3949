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

    @Test
    void aRestartWhosePortIsStillTakenRetriesUntilItIsFree() throws Exception {
        try (RedisClusterSimulator sim = RedisClusterSimulator.builder().masters(1).replicasPerMaster(0).start()) {
            SimNode m = sim.masters().get(0);
            int port = m.port();
            sim.kill(m);
            java.net.ServerSocket holder = new java.net.ServerSocket();
            holder.setReuseAddress(true); // the killed node's closed connections may leave the port in TIME_WAIT
            holder.bind(new java.net.InetSocketAddress("127.0.0.1", port)); // something else holds the port for a while
            java.util.concurrent.CompletableFuture<Void> release = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    holder.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, java.util.concurrent.CompletableFuture.delayedExecutor(300, java.util.concurrent.TimeUnit.MILLISECONDS));
            sim.restart(m); // the first attempts find the port taken: the retried bind must still set up its channel
            release.join();
            assertThat(m.port()).isEqualTo(port);
            try (RawClient c = new RawClient(port)) {
                assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            }
        }
    }
}
