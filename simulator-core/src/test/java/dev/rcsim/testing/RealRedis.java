package dev.rcsim.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian's 7.0) started for a test on a free loopback port, in a temp
 * dir, stopped by PID. Tests that need it are skipped with one clear message where it is missing.
 */
public final class RealRedis implements AutoCloseable {
    public static final String BINARY = "/usr/bin/redis-server";
    private final Process process;
    private final int port;
    private final Path dir;

    private RealRedis(Process p, int port, Path dir) {
        this.process = p;
        this.port = port;
        this.dir = dir;
    }

    public static boolean available() {
        return new File(BINARY).canExecute();
    }

    /** Skips the calling test when redis-server is not installed. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(available(), "redis-server not installed (apt-get install redis-server): differential check skipped");
    }

    public static RealRedis start(String... extraArgs) {
        assumeAvailable();
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("rcsim-real-redis");
            List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                    "--protected-mode", "no", "--logfile", dir.resolve("redis.log").toString()));
            cmd.addAll(List.of(extraArgs));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return new RealRedis(p, port, dir);
                } catch (IOException notYet) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("stdout.log")));
                    }
                    Thread.onSpinWait();
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("redis-server did not start on " + port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public RawClient raw() {
        try {
            return new RawClient(port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
