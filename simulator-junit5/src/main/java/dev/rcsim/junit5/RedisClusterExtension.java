package dev.rcsim.junit5;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.SimNode;
import dev.rcsim.events.EventLog;
import dev.rcsim.fault.FaultScript;
import dev.rcsim.fault.Faults;
import dev.rcsim.time.SimClock;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link RedisClusterTest}, also usable programmatically:
 *
 * <pre>{@code
 * @RegisterExtension
 * static RedisClusterExtension orders = RedisClusterExtension.builder().masters(3).name("orders").build();
 * @RegisterExtension
 * static RedisClusterExtension sessions = RedisClusterExtension.builder().masters(1).replicasPerMaster(0)
 *         .name("sessions").build();
 *
 * @Test
 * void both(@ClusterName("orders") RedisClusterSimulator o) {
 *     var s = sessions.cluster();
 * }
 * }</pre>
 *
 * A static field gives one cluster per class, reset before each test after the first (see {@link
 * RedisClusterTest}); an instance field a fresh cluster per test. Clusters live in JUnit's extension
 * store and are closed by JUnit. When a test fails, the cluster's seed, the fault script that ran and its
 * last 30 events are printed and attached to the failure as a suppressed exception.
 *
 * <p>A declared fault script ({@link RedisClusterTest#faultScript()}, {@link Builder#faultScript}) is
 * parsed against the test's cluster before each test (a bad line fails the test) and injected as a
 * {@code FaultScript} parameter; the test runs it.
 */
public final class RedisClusterExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisClusterExtension.class);
    private static final String ANNOTATED = "annotated";

    private final ClusterSpec spec; // null: configured by @RedisClusterTest
    private final String name;
    private volatile ClusterResource current;

    /** Used by {@link RedisClusterTest} (via {@code @ExtendWith}). */
    public RedisClusterExtension() {
        this(null, "");
    }

    private RedisClusterExtension(ClusterSpec spec, String name) {
        this.spec = spec;
        this.name = name;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The cluster of the running test (programmatic form). */
    public RedisClusterSimulator cluster() {
        ClusterResource r = current;
        if (r == null) {
            throw new IllegalStateException("no cluster: the extension has not started one yet (is the field registered with @RegisterExtension?)");
        }
        return r.simulator();
    }

    private Object key() {
        return spec == null ? ANNOTATED : this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (spec != null) {
            current = create(context, spec, true);
            return;
        }
        Optional<RedisClusterTest> a = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RedisClusterTest.class);
        a.ifPresent(ann -> create(context, ClusterSpec.of(ann), true));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        prepareCluster(context);
        ClusterResource r = resource(context);
        if (r != null && r.spec().hasFaultScript()) {
            script(context, r); // a bad script fails the test now, injected or not
        }
    }

    private void prepareCluster(ExtensionContext context) {
        if (spec == null) {
            Optional<RedisClusterTest> onMethod = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), RedisClusterTest.class);
            if (onMethod.isPresent()) {
                create(context, ClusterSpec.of(onMethod.get()), false);
                return;
            }
        }
        ClusterResource shared = context.getStore(NS).get(key(), ClusterResource.class);
        if (shared != null) {
            shared.beginTest();
            current = shared;
        } else if (spec != null) {
            current = create(context, spec, false); // instance field: a cluster per test
        } else {
            throw new IllegalStateException("@RedisClusterTest found on neither " + context.getRequiredTestClass().getName()
                    + " nor its test method");
        }
    }

    private ClusterResource create(ExtensionContext context, ClusterSpec s, boolean shared) {
        ClusterResource r = new ClusterResource(s, shared);
        r.beginTest();
        context.getStore(NS).put(key(), r);
        current = r;
        return r;
    }

    private ClusterResource resource(ExtensionContext context) {
        return context.getStore(NS).get(key(), ClusterResource.class);
    }

    /** A script parsed against one simulator (kept for the test that parsed it). */
    private record ParsedScript(RedisClusterSimulator sim, FaultScript script) {}

    /**
     * The fault script of the cluster's spec, parsed against the cluster the test gets now (parsed once a
     * test; a class-level cluster rebuilt between tests gets its script parsed again).
     */
    private FaultScript script(ExtensionContext context, ClusterResource r) {
        ExtensionContext.Store store = context.getStore(NS);
        Object scriptKey = List.of("faultScript", key());
        ParsedScript cached = store.get(scriptKey, ParsedScript.class);
        if (cached != null && cached.sim() == r.simulator()) {
            return cached.script();
        }
        String test = context.getRequiredTestClass().getSimpleName() + context.getTestMethod().map(m -> "." + m.getName()).orElse("");
        FaultScript script = parseScript(r.spec(), r.simulator(), context.getRequiredTestClass(), test);
        if (context.getTestMethod().isPresent()) {
            store.put(scriptKey, new ParsedScript(r.simulator(), script));
        }
        return script;
    }

    /**
     * Parses {@code spec}'s fault script against {@code sim}; a bad line or a missing resource throws an
     * IllegalArgumentException naming the annotation attribute, the test and the line.
     */
    static FaultScript parseScript(ClusterSpec spec, RedisClusterSimulator sim, Class<?> testClass, String test) {
        String where = "@RedisClusterTest(" + spec.faultScriptOrigin() + ") of " + test;
        try {
            return sim.faults().parse(spec.faultScriptText(testClass));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rcsim: bad fault script in " + where + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- parameters

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Parameter p = pc.getParameter();
        Class<?> t = p.getType();
        boolean typeOk = t == RedisClusterSimulator.class || t == Faults.class || t == EventLog.class || t == SimClock.class
                || t == FaultScript.class
                || (t == SimNode.class && (pc.isAnnotated(Master.class) || pc.isAnnotated(ReplicaOf.class)));
        if (!typeOk) {
            return false;
        }
        String wanted = pc.findAnnotation(ClusterName.class).map(ClusterName::value).orElse("");
        return wanted.equals(name) && resource(ec) != null;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        ClusterResource resource = resource(ec);
        RedisClusterSimulator sim = resource.simulator();
        Class<?> t = pc.getParameter().getType();
        if (t == FaultScript.class) {
            if (!resource.spec().hasFaultScript()) {
                throw new ParameterResolutionException("rcsim: no fault script to inject: declare @RedisClusterTest(faultScript = ...)"
                        + " or faultScriptResource");
            }
            try {
                return script(ec, resource);
            } catch (IllegalArgumentException e) {
                throw new ParameterResolutionException(e.getMessage(), e);
            }
        }
        if (t == RedisClusterSimulator.class) {
            return sim;
        }
        if (t == Faults.class) {
            return sim.faults();
        }
        if (t == EventLog.class) {
            return sim.events();
        }
        if (t == SimClock.class) {
            return sim.clock();
        }
        Optional<Master> m = pc.findAnnotation(Master.class);
        if (m.isPresent()) {
            return pick(sim.masters(), m.get().value(), "master");
        }
        ReplicaOf r = pc.findAnnotation(ReplicaOf.class).orElseThrow();
        SimNode master = pick(sim.masters(), r.value(), "master");
        return pick(sim.replicasOf(master), r.index(), "replica of master " + r.value());
    }

    private static SimNode pick(List<SimNode> nodes, int i, String what) {
        if (i < 0 || i >= nodes.size()) {
            throw new ParameterResolutionException("no " + what + " number " + i + " (there are " + nodes.size() + ")");
        }
        return nodes.get(i);
    }

    // ---------------------------------------------------------------- failures

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        ClusterResource r = resource(context);
        if (r != null) {
            String report = (name.isEmpty() ? "" : "rcsim: cluster '" + name + "'\n") + r.report();
            System.err.print(report);
            throwable.addSuppressed(new ClusterReport(report));
        }
        throw throwable;
    }

    /** The cluster's state at a test failure, attached to the failure. */
    static final class ClusterReport extends RuntimeException {
        ClusterReport(String report) {
            super("\n" + report, null, false, false);
        }
    }

    /** Options of a programmatically registered cluster. */
    public static final class Builder {
        private int masters = 3;
        private int replicas = 1;
        private int spares;
        private long seed = RedisClusterTest.RANDOM_SEED;
        private ClockMode clock = ClockMode.SIMULATED;
        private final Map<String, String> config = new LinkedHashMap<>();
        private String name = "";
        private List<String> faultScript = List.of();
        private String faultScriptResource = "";

        public Builder masters(int n) {
            this.masters = n;
            return this;
        }

        public Builder replicasPerMaster(int n) {
            this.replicas = n;
            return this;
        }

        public Builder spares(int n) {
            this.spares = n;
            return this;
        }

        /** Fixed seed ({@code -Drcsim.seed} still overrides it). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder clock(ClockMode clock) {
            this.clock = clock;
            return this;
        }

        /** A Redis configuration parameter for every node. */
        public Builder config(String parameter, String value) {
            RedisClusterSimulator.builder().config(parameter, value); // fails now on an unknown name
            config.put(parameter, value);
            return this;
        }

        /** A fault script injected as a {@code FaultScript} parameter (as {@link RedisClusterTest#faultScript()}). */
        public Builder faultScript(String... lines) {
            this.faultScript = List.of(lines);
            return this;
        }

        /** A fault script from a classpath resource (as {@link RedisClusterTest#faultScriptResource()}). */
        public Builder faultScriptResource(String resource) {
            this.faultScriptResource = resource;
            return this;
        }

        /** Names the cluster, for {@link ClusterName}-qualified parameters when a class has several. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public RedisClusterExtension build() {
            return new RedisClusterExtension(new ClusterSpec(masters, replicas, spares, seed, clock,
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config)), faultScript, faultScriptResource), name);
        }
    }
}
