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
 *     [--faults script.txt] [--ui PORT [--ui-host 127.0.0.1]] [--clock real|simulated]
 * </pre>
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
    record Options(String host, int port, int masters, int replicas, int spare, Long seed, String faults, Integer ui,
            String uiHost, boolean simulated) {
        Options(String host, int port, int masters, int replicas, int spare, Long seed, String faults) {
            this(host, port, masters, replicas, spare, seed, faults, null, "127.0.0.1", false);
        }
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
        CountDownLatch done = new CountDownLatch(1);
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

    static final String USAGE = "usage: rcsim [--host 127.0.0.1] [--port 7000] [--masters 3] [--replicas 1] [--spare 0] [--seed N]"
            + " [--faults script.txt] [--ui PORT] [--ui-host 127.0.0.1] [--clock real|simulated]";

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
        return new Options(host, port, masters, replicas, spare, seed, faults, ui, uiHost, simulated);
    }
}
