package dev.rcsim.standalone;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Command-line launcher: starts a formed cluster on consecutive ports and runs until SIGINT/SIGTERM.
 *
 * <pre>
 * java -jar rcsim-standalone.jar [--host 127.0.0.1] [--port 7000] [--masters 3] [--replicas 1] [--spare 0] [--seed N]
 *     [--faults script.txt] [--requirepass secret] [--announce-host addr]
 *     [--ui PORT [--ui-host 127.0.0.1]] [--clock real|simulated]
 * </pre>
 *
 * {@code --host} is the address the nodes bind; {@code --announce-host} the address they announce in
 * CLUSTER NODES / SLOTS / SHARDS and redirections (Redis's cluster-announce-ip), by default the bind
 * address, or 127.0.0.1 for a wildcard bind (0.0.0.0, ::), which is no address a client can reach. A
 * bind address other than loopback is warned about: anyone who reaches it can run any command, RCSIM
 * FAULT included, unless {@code --requirepass} is set (every node then wants AUTH, as Redis's
 * requirepass).
 *
 * {@code --ui PORT} serves the teaching view (a web page showing every node's own view, with fault and
 * clock controls) on loopback by default; {@code --clock simulated} runs the cluster on a simulated
 * clock that only moves when the page steps or plays it.
 *
 * Masters take the first ports, replica k of master i takes {@code port + masters + i*replicas + k},
 * spare (empty, cluster-enabled) nodes come last. {@code --masters 0} starts only spare nodes. SHUTDOWN
 * sent to one node stops that node only.
 */
public final class Launcher {
    private Launcher() {}

    /** Parsed command line. */
    record Options(String host, int port, int masters, int replicas, int spare, Long seed, String faults,
            String requirePass, String announceHost, Integer ui, String uiHost, boolean simulated) {
        Options(String host, int port, int masters, int replicas, int spare, Long seed, String faults) {
            this(host, port, masters, replicas, spare, seed, faults, null, defaultAnnounce(host), null, "127.0.0.1", false);
        }
    }

    /** The address announced for a bind address: itself, or 127.0.0.1 for a wildcard one. */
    static String defaultAnnounce(String bind) {
        return isWildcard(bind) ? "127.0.0.1" : bind;
    }

    private static boolean isWildcard(String address) {
        try {
            return java.net.InetAddress.getByName(address).isAnyLocalAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The warning printed for a bind address other than loopback, or null. */
    static String exposureWarning(Options o) {
        try {
            if (java.net.InetAddress.getByName(o.host()).isLoopbackAddress()) {
                return null;
            }
        } catch (java.net.UnknownHostException e) {
            return null; // the bind fails with its own message
        }
        return "rcsim: WARNING: binding " + o.host() + ": the nodes accept connections from other hosts, and anyone who"
                + " reaches them can run any command (FLUSHALL, RCSIM FAULT KILL...)"
                + (o.requirePass() == null ? "; set --requirepass to make them ask for a password" : "")
                + ". Announced address: " + o.announceHost();
    }

    public static void main(String[] args) throws InterruptedException {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("rcsim: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.println(USAGE);
            return;
        }
        String warning = exposureWarning(o);
        if (warning != null) {
            System.err.println(warning);
        }
        CountDownLatch done = new CountDownLatch(1);
        // an OutOfMemoryError on a node, or on any thread, ends the process loudly instead of wedging it
        dev.rcsim.server.JvmMemoryGuard.onOutOfMemory(Launcher::outOfMemory);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (dev.rcsim.server.JvmMemoryGuard.isOutOfMemory(e)) {
                outOfMemory("thread " + t.getName() + ": " + e);
            }
            e.printStackTrace();
        });
        startStopWatchdog(done);
        // SIGINT/SIGTERM: close every node and exit 0 (the JVM's default would exit 130/143)
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> done.countDown());
            } catch (IllegalArgumentException unsupported) {
                // platform without this signal: the shutdown hook still closes the nodes
            }
        }
        RedisClusterSimulator sim = start(o, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "rcsim-shutdown"));
        if (o.faults() != null) {
            runFaultScript(sim, java.nio.file.Path.of(o.faults()));
        }
        done.await();
        sim.close();
        System.out.println("rcsim: all nodes stopped");
        System.exit(0);
    }

    /** Exit status after an OutOfMemoryError. */
    static final int OUT_OF_MEMORY_STATUS = 3;
    /** How long closing the nodes may take after SIGINT/SIGTERM before the process halts anyway. */
    static final long STOP_GRACE_MILLIS = 4000;

    /** Prints why and halts (shutdown hooks could wedge in an exhausted JVM). */
    static void outOfMemory(String what) {
        try {
            System.err.println("rcsim: out of memory (" + what + "); exiting with status " + OUT_OF_MEMORY_STATUS
                    + ". Give the JVM more heap (-Xmx) or direct memory (-XX:MaxDirectMemorySize), or lower the data set.");
            System.err.flush();
        } finally {
            Runtime.getRuntime().halt(OUT_OF_MEMORY_STATUS);
        }
    }

    /**
     * A thread made before it is needed (so a starved JVM need not create one): once a stop signal
     * arrived, the process ends within {@link #STOP_GRACE_MILLIS} even if closing the nodes hangs.
     */
    private static void startStopWatchdog(CountDownLatch signalled) {
        Thread t = new Thread(() -> {
            try {
                signalled.await();
                Thread.sleep(STOP_GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("rcsim: nodes did not stop within " + STOP_GRACE_MILLIS + " ms; exiting anyway");
            Runtime.getRuntime().halt(1);
        }, "rcsim-stop-watchdog");
        t.setDaemon(true);
        t.start();
    }

    static final String USAGE = "usage: rcsim [--host 127.0.0.1] [--port 7000] [--masters 3] [--replicas 1] [--spare 0] [--seed N]"
            + " [--faults script.txt] [--requirepass secret] [--announce-host addr] [--ui PORT] [--ui-host 127.0.0.1]"
            + " [--clock real|simulated]";

    /** Runs a fault script file (docs/faults.md grammar) in real time, in the background, each step printed. */
    static void runFaultScript(RedisClusterSimulator sim, java.nio.file.Path file) {
        dev.rcsim.fault.FaultScript script;
        try {
            script = sim.faults().parse(java.nio.file.Files.readString(file));
        } catch (java.io.IOException | IllegalArgumentException e) {
            System.err.println("rcsim: fault script " + file + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        sim.events().addListener(e -> {
            if (e.type().equals("SCRIPT") || e.type().equals("FAULT") || e.type().equals("HEAL")) {
                System.out.println("rcsim: " + e);
            }
        });
        Thread t = new Thread(script::run, "rcsim-fault-script");
        t.setDaemon(true);
        t.start();
    }

    /** Starts the nodes and prints the node table. */
    static RedisClusterSimulator start(Options o, PrintStream out) {
        RedisClusterSimulator.Builder b = RedisClusterSimulator.builder().host(o.host()).basePort(o.port())
                .masters(o.masters()).replicasPerMaster(o.masters() == 0 ? 0 : o.replicas()).spares(o.spare()).config("rcsim-faults", "yes");
        if (!o.announceHost().equals(o.host())) {
            b.config("cluster-announce-ip", o.announceHost());
        }
        if (o.requirePass() != null) {
            b.config("requirepass", o.requirePass());
        }
        if (o.seed() != null) {
            b.seed(o.seed());
        }
        if (o.simulated()) {
            b.clock(dev.rcsim.time.SimClock.simulated());
        }
        RedisClusterSimulator sim = b.start();
        out.println("rcsim " + dev.rcsim.command.ServerInfo.VERSION + "-compatible cluster, seed " + sim.seed());
        out.printf("%-22s %-40s %-7s %s%n", "address", "id", "role", "slots / master");
        for (SimNode n : sim.nodes()) {
            String role;
            String detail;
            if (sim.spares().contains(n)) {
                role = "spare";
                detail = "-";
            } else if (sim.masters().contains(n)) {
                role = "master";
                detail = n.slots().stream().map(Object::toString).collect(Collectors.joining(","));
            } else {
                role = "replica";
                detail = n.masterId();
            }
            out.printf("%-22s %-40s %-7s %s%n", n.address(), n.id(), role, detail);
        }
        if (o.ui() != null) {
            out.println("rcsim UI: " + sim.startUi(o.uiHost(), o.ui()).url());
        }
        out.println("Ctrl-C stops all nodes. Try: redis-cli -c -p " + sim.nodes().get(0).port());
        out.flush();
        return sim;
    }

    static Options parse(String[] args) {
        String host = "127.0.0.1";
        int port = 7000;
        int masters = 3;
        int replicas = 1;
        int spare = 0;
        Long seed = null;
        String faults = null;
        Integer ui = null;
        String uiHost = "127.0.0.1";
        boolean simulated = false;
        String requirePass = null;
        String announce = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--host" -> host = v;
                    case "--port" -> port = Integer.parseInt(v);
                    case "--masters" -> masters = Integer.parseInt(v);
                    case "--replicas" -> replicas = Integer.parseInt(v);
                    case "--spare" -> spare = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--faults" -> faults = v;
                    case "--ui" -> ui = Integer.parseInt(v);
                    case "--ui-host" -> uiHost = v;
                    case "--clock" -> {
                        if (!v.equals("real") && !v.equals("simulated")) {
                            throw new IllegalArgumentException("--clock takes real or simulated: " + v);
                        }
                        simulated = v.equals("simulated");
                    }
                    case "--requirepass" -> requirePass = v;
                    case "--announce-host" -> announce = v;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number for " + a + ": " + v);
            }
        }
        if (masters < 0 || replicas < 0 || spare < 0 || port < 0 || port > 65535) {
            throw new IllegalArgumentException("negative count or bad port");
        }
        if (masters == 0 && spare == 0) {
            throw new IllegalArgumentException("nothing to start: --masters 0 needs --spare N");
        }
        if (ui != null && (ui < 0 || ui > 65535)) {
            throw new IllegalArgumentException("bad --ui port " + ui);
        }
        if (requirePass != null && requirePass.isEmpty()) {
            throw new IllegalArgumentException("empty --requirepass");
        }
        if (announce != null && isWildcard(announce)) {
            throw new IllegalArgumentException("--announce-host must be an address clients can reach, not " + announce);
        }
        return new Options(host, port, masters, replicas, spare, seed, faults, requirePass,
                announce != null ? announce : defaultAnnounce(host), ui, uiHost, simulated);
    }
}
