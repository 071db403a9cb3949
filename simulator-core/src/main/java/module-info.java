/**
 * rcsim: an in-JVM Redis Cluster for tests. The public API is the five exported packages:
 * {@code dev.rcsim} (RedisClusterSimulator, SimNode), {@code dev.rcsim.fault}, {@code dev.rcsim.events},
 * {@code dev.rcsim.time} and {@code dev.rcsim.admin}. Every other package (the RESP server, the command
 * table, the keyspace, the cluster bus, replication, the teaching view, the launcher) is the simulator's
 * own and may change without notice.
 *
 * <p>LuaJ (EVAL, FCALL) is read from the class path: luaj-jse 3.0.1 has classes in the unnamed package,
 * so it cannot be an automatic module. On the module path, run with {@code --add-reads
 * dev.rcsim=ALL-UNNAMED} and luaj-jse on the class path (the build compiles so); on the class path, as
 * most test runs are, nothing is needed.
 */
module dev.rcsim {
    exports dev.rcsim;
    exports dev.rcsim.admin;
    exports dev.rcsim.events;
    exports dev.rcsim.fault;
    exports dev.rcsim.time;

    // the teaching view (dev.rcsim.ui) sits above the facade; startUi finds it as a service
    uses dev.rcsim.internal.TeachingViewProvider;
    provides dev.rcsim.internal.TeachingViewProvider with dev.rcsim.ui.ClusterUiProvider;

    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires org.slf4j;
    requires java.management; // JvmMemoryGuard, DescriptorBudget, INFO
    requires jdk.management; // the open file descriptor count (DescriptorBudget)
    requires jdk.unsupported; // the launcher's signal handler (sun.misc.Signal)
}
