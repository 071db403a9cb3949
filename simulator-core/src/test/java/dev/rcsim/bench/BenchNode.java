package dev.rcsim.bench;

import dev.rcsim.server.NodeConfig;
import dev.rcsim.server.RedisNode;
import dev.rcsim.time.SimClock;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one standalone rcsim node as a process of its own, like {@code redis-server --port N}, so that
 * external tools ({@code redis-benchmark}, {@code redis-cli}, raw-socket probes) can be pointed at it.
 * Usage: {@code BenchNode <port> [config-name value]...}; stops on SIGTERM/SIGINT.
 */
public final class BenchNode {
    private BenchNode() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length % 2 == 0) {
            System.err.println("usage: BenchNode <port> [config-name value]...");
            System.exit(2);
        }
        NodeConfig cfg = new NodeConfig();
        cfg.set("port", args[0]);
        for (int i = 1; i + 1 < args.length; i += 2) {
            cfg.set(args[i], args[i + 1]);
        }
        RedisNode node = dev.rcsim.node.StandardNode.create(cfg, SimClock.system(), new Random()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.stop();
            stopped.countDown();
        }, "rcsim-bench-stop"));
        System.out.println("rcsim node ready on port " + node.port());
        System.out.flush();
        stopped.await();
    }
}
