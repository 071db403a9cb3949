package dev.rcsim.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.SimNode;
import dev.rcsim.fault.FaultScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A programmatically registered cluster carries a fault script too. */
class ProgrammaticFaultScriptTest {
    @RegisterExtension
    static RedisClusterExtension cluster = RedisClusterExtension.builder().masters(2).replicasPerMaster(0).spares(1)
            .faultScript("at 1s cut master:1 > spare:0", "at 2s heal all").build();

    @Test
    void builderScriptIsInjected(FaultScript script, @Master(1) SimNode master1) {
        SimNode spare = cluster.cluster().spares().get(0);
        assertThat(script.text()).isEqualTo("at 1s cut " + master1.address() + " > " + spare.address() + "\nat 2s heal all\n");
    }
}
