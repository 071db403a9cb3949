package dev.rcsim.testing;

import dev.rcsim.server.NodeConfig;
import dev.rcsim.server.RedisNode;
import dev.rcsim.time.SimClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Starts one standalone rcsim node on an ephemeral loopback port for a test. */
public final class TestNode implements AutoCloseable {
    public final RedisNode node;

    private TestNode(RedisNode node) {
        this.node = node;
    }

    public static TestNode start(String... configPairs) {
        return start(SimClock.system(), configPairs);
    }

    public static TestNode start(SimClock clock, String... configPairs) {
        NodeConfig cfg = new NodeConfig();
        cfg.set("port", "0");
        for (int i = 0; i + 1 < configPairs.length; i += 2) {
            cfg.set(configPairs[i], configPairs[i + 1]);
        }
        return new TestNode(dev.rcsim.node.StandardNode.create(cfg, clock, new Random(42)).start());
    }

    public int port() {
        return node.port();
    }

    /**
     * From now on, every command this node hands to replication (its replication feed, before the stream
     * adds SELECT and encodes), one space-joined line each, in the returned list.
     */
    public List<String> capturePropagation() {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        node.call(() -> {
            node.effects().replicateTo((db, argv) -> {
                StringBuilder sb = new StringBuilder();
                for (byte[] a : argv) {
                    sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.ISO_8859_1));
                }
                out.add(sb.toString());
            });
            return null;
        });
        return out;
    }

    public RawClient raw() {
        try {
            return new RawClient(port());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        node.stop();
    }
}
