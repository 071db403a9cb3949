package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.RealRedis;
import dev.rcsim.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What ACL changes do to other connections, on a real redis-server and on rcsim, step by step:
 * EXEC of a transaction whose commands were allowed when queued but not any more, an EXEC the user
 * may not run, subscribers killed when their channels are revoked (kept when the new channels are a
 * superset), clients of a deleted user disconnected, CLIENT KILL USER, CLIENT INFO's user field, and
 * channel NOPERM for SUBSCRIBE / PSUBSCRIBE / PUBLISH. Replies are normalised as in
 * {@link AclDifferentialTest}.
 */
class AclClientsDifferentialTest {

    private static String n(String[] argv, String reply) {
        return String.join(" ", argv) + " -> " + AclDifferentialTest.normalise(argv, reply).replace("\r\n", "\\r\\n");
    }

    private static String call(List<String> seen, RawClient c, String line) throws Exception {
        String[] argv = AclDifferentialTest.split(line);
        String r = c.call(argv);
        seen.add(n(argv, r));
        return r;
    }

    private static List<String> scenario(int port) throws Exception {
        List<String> seen = new ArrayList<>();
        try (RawClient admin = new RawClient(port); RawClient sub = new RawClient(port); RawClient tx = new RawClient(port);
             RawClient bobSub = new RawClient(port); RawClient killed = new RawClient(port); RawClient bob = new RawClient(port);
             RawClient limited = new RawClient(port); RawClient carol = new RawClient(port)) {
            call(seen, admin, "ACL SETUSER alice on >pw +@all ~* &news*");
            call(seen, admin, "ACL SETUSER bob on >pw +@all ~* &*");
            call(seen, admin, "ACL SETUSER carol on >pw +multi +get +discard ~*");
            call(seen, sub, "AUTH alice pw");
            call(seen, sub, "SUBSCRIBE news1");
            // a queued command denied by the time EXEC runs
            call(seen, tx, "AUTH alice pw");
            call(seen, tx, "MULTI");
            call(seen, tx, "GET k");
            call(seen, tx, "SET k v");
            call(seen, admin, "ACL SETUSER alice -get");
            call(seen, tx, "EXEC");
            call(seen, admin, "ACL LOG 1");
            call(seen, admin, "ACL SETUSER alice +get");
            // revoked channels kill the user's subscribers; a superset keeps them
            call(seen, bobSub, "AUTH bob pw");
            call(seen, bobSub, "PSUBSCRIBE a*");
            call(seen, admin, "ACL SETUSER bob resetchannels &b*");
            seen.add("bob's subscriber closed: " + bobSub.isClosedByServer());
            call(seen, admin, "ACL SETUSER alice &other");
            call(seen, sub, "PING");
            call(seen, admin, "ACL SETUSER alice resetchannels &x");
            seen.add("alice's subscriber closed: " + sub.isClosedByServer());
            // CLIENT KILL USER, DELUSER
            call(seen, killed, "AUTH alice pw");
            call(seen, killed, "CLIENT INFO");
            call(seen, admin, "CLIENT KILL USER alice");
            seen.add("killed by user: " + killed.isClosedByServer());
            call(seen, bob, "AUTH bob pw");
            call(seen, admin, "ACL DELUSER bob");
            seen.add("deleted user's client closed: " + bob.isClosedByServer());
            // channel permissions
            call(seen, limited, "AUTH alice pw");
            call(seen, limited, "SUBSCRIBE other");
            call(seen, limited, "PSUBSCRIBE x*");
            call(seen, limited, "PUBLISH y hi");
            call(seen, limited, "PUBLISH x hi");
            call(seen, limited, "SUBSCRIBE x");
            call(seen, limited, "PSUBSCRIBE x");
            call(seen, limited, "UNSUBSCRIBE");
            // EXEC the user may not run
            call(seen, carol, "AUTH carol pw");
            call(seen, carol, "MULTI");
            call(seen, carol, "GET k");
            call(seen, carol, "EXEC");
            call(seen, carol, "GET k");
            call(seen, carol, "DISCARD");
            call(seen, admin, "ACL LOG 3");
            call(seen, admin, "ACL DELUSER alice carol");
            // the default user's password and on/off decide whether new connections must authenticate
            call(seen, admin, "ACL SETUSER default resetpass");
            try (RawClient late = new RawClient(port)) {
                call(seen, late, "GET k");
                call(seen, late, "AUTH x");
                call(seen, late, "HELLO 3");
                call(seen, admin, "ACL SETUSER default >pw");
                call(seen, late, "AUTH pw");
                call(seen, late, "GET k");
            }
            try (RawClient early = new RawClient(port)) {
                call(seen, early, "PING");
                call(seen, admin, "CONFIG SET requirepass \"\"");
                call(seen, early, "PING");
                call(seen, admin, "ACL SETUSER default off");
                call(seen, early, "PING");
                call(seen, early, "AUTH default x");
                call(seen, admin, "PING");
                call(seen, admin, "ACL SETUSER default on");
                call(seen, early, "PING");
            }
            call(seen, admin, "ACL LIST");
            call(seen, admin, "ACL LOG RESET");
        }
        return seen;
    }

    @Test
    void aclChangesAffectOtherConnectionsAsInRealRedis() throws Exception {
        List<String> want;
        List<String> got;
        try (RealRedis real = RealRedis.start()) {
            want = scenario(real.port());
        }
        try (TestNode sim = TestNode.start()) {
            got = scenario(sim.port());
        }
        assertThat(got).containsExactlyElementsOf(want);
    }
}
