package dev.rcsim.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher as its own process (the launcher jar's main class on this build's classpath): SIGTERM,
 * out of memory, and the descriptor share, as a user running it sees them.
 */
class LauncherProcessTest {
    private Process process;
    private Path stderr;

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** The first of {@code n} consecutive ports, from {@code from} on, that nothing listens on now. */
    private static int freePorts(int from, int n) throws IOException {
        for (int base = from; base < 29990; base += 10) {
            if (allFree(base, n)) {
                return base;
            }
        }
        for (int base = 20000; base < from; base += 10) {
            if (allFree(base, n)) {
                return base;
            }
        }
        throw new IOException("no " + n + " free ports");
    }

    private static boolean allFree(int base, int n) {
        for (int p = base; p < base + n; p++) {
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.bind(new java.net.InetSocketAddress("127.0.0.1", p));
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    /** Starts the launcher ({@code shell} prefix such as "ulimit -n 300 &&") and waits for its node table. */
    private int launch(String shell, List<String> jvm, String... args) throws Exception {
        int port = freePorts(24000 + (int) (ProcessHandle.current().pid() % 500) * 10, 6);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "--port", String.valueOf(port)));
        cmd.addAll(List.of(args));
        stderr = Files.createTempFile("rcsim-launcher", ".err");
        ProcessBuilder pb;
        if (shell != null) {
            StringBuilder line = new StringBuilder(shell).append(" exec");
            for (String c : cmd) {
                line.append(" '").append(c).append('\'');
            }
            pb = new ProcessBuilder("bash", "-c", line.toString());
        } else {
            pb = new ProcessBuilder(cmd);
        }
        process = pb.redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (String l = out.readLine(); ; l = out.readLine()) {
            if (l == null || System.nanoTime() > deadline) {
                throw new AssertionError("launcher did not start: " + Files.readString(stderr));
            }
            if (l.startsWith("Ctrl-C stops all nodes")) {
                break;
            }
        }
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return port;
    }

    @Test
    void sigtermStopsTheLauncherWithinFiveSecondsEvenWithAPausedNodeAndWaitingClients() throws Exception {
        int port = launch(null, List.of(), "--masters", "3", "--replicas", "0", "--seed", "1");
        try (RawClient c = new RawClient(port); RawClient waiting = new RawClient(port)) {
            assertThat(c.call("RCSIM", "FAULT", "PAUSE", "86400000")).isEqualTo("+OK\r\n");
            waiting.send("PING".getBytes());
            long t0 = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s").isTrue();
            System.out.printf("launcher stopped %d ms after SIGTERM%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(process.exitValue()).isZero();
        }
    }

    @Test
    void nearlyFullHeapAnswersOomToWritesAndKeepsServing() throws Exception {
        int port = launch(null, List.of("-Xmx128m"), "--masters", "1", "--replicas", "0", "--seed", "1");
        byte[] value = new byte[64 * 1024];
        java.util.Arrays.fill(value, (byte) 'v');
        try (RawClient c = new RawClient(port)) {
            String reply = "+OK\r\n";
            int i = 0;
            for (; i < 8000 && reply.equals("+OK\r\n"); i++) {
                reply = new String(c.callBytes("SET".getBytes(), ("{k}" + i).getBytes(), value), StandardCharsets.ISO_8859_1);
            }
            assertThat(reply).as("after %d values", i).isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
            assertThat(process.isAlive()).isTrue();
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(c.call("STRLEN", "{k}0")).isEqualTo(":65536\r\n");
            assertThat(c.call("FLUSHALL")).isEqualTo("+OK\r\n");
            long deadline = System.nanoTime() + 30_000_000_000L; // the guard notices the freed heap after a GC
            while (!reply.equals("+OK\r\n") && System.nanoTime() < deadline) {
                reply = c.call("SET", "{k}again", "1");
            }
            assertThat(reply).isEqualTo("+OK\r\n");
            System.out.printf("-OOM after %d values of 64 KB (%d MB) at -Xmx128m%n", i, i / 16);
        }
        assertThat(Files.readString(stderr)).contains("JVM memory nearly exhausted");
    }

    @Test
    void outOfMemoryOnAnEventLoopEndsTheLauncherWithStatus3AndAMessage() throws Exception {
        int port = launch(null, List.of("-Xmx96m", "-XX:MaxDirectMemorySize=24m"), "--masters", "1", "--replicas", "0");
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            int len = 200 * 1024 * 1024; // one argument far beyond direct memory, streamed
            out.write(("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + len + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 16];
            try {
                for (long sent = 0; sent < len && process.isAlive(); sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException closed) {
                // the process went away while we wrote
            }
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(Launcher.OUT_OF_MEMORY_STATUS);
        assertThat(Files.readString(stderr)).contains("rcsim: out of memory (node 127.0.0.1:" + port + ": out of memory");
    }

    @Test
    void withALowDescriptorLimitEachNodeRefusesPastItsShareAndTheOthersKeepServing() throws Exception {
        File bash = new File("/bin/bash");
        org.junit.jupiter.api.Assumptions.assumeTrue(bash.canExecute(), "no bash for ulimit");
        int port = launch("ulimit -n 400 &&", List.of(), "--masters", "3", "--replicas", "0", "--seed", "1");
        long share;
        try (RawClient c = new RawClient(port)) {
            String got = c.call("CONFIG", "GET", "maxclients");
            share = Long.parseLong(got.substring(got.lastIndexOf("\r\n", got.length() - 3) + 2, got.length() - 2));
        }
        assertThat(share).isPositive().isLessThanOrEqualTo((400 - 32) / 3);
        List<Socket> held = new ArrayList<>();
        try {
            long allowed = share - 4; // Redis counts a cluster node's bus links (2 per other node) against maxclients
            for (int i = 0; i < allowed; i++) {
                Socket s = new Socket("127.0.0.1", port);
                held.add(s);
                s.getOutputStream().write("PING\r\n".getBytes());
                assertThat(new String(s.getInputStream().readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
            }
            try (Socket extra = new Socket("127.0.0.1", port)) {
                assertThat(new String(extra.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("-ERR max number of clients reached\r\n");
            }
            try (RawClient other = new RawClient(port + 1)) {
                assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
                assertThat(other.call("INFO", "clients")).contains("maxclients:" + share + "\r\n");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        assertThat(Files.readString(stderr)).doesNotContain("Too many open files");
        RealRedis.assumeAvailable(); // (nothing more to compare: the refusal bytes are checked in MaxClientsTest)
    }
}
