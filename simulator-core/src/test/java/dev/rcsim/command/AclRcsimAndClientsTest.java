package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.testing.RawClient;
import dev.rcsim.testing.TestNode;
import org.junit.jupiter.api.Test;

/**
 * rcsim-specific parts of ACL: the RCSIM command is an admin command ({@code @admin @slow
 * @dangerous}) for ACL rules, and CLIENT LIST / CLIENT KILL USER see the connection's ACL user.
 */
class AclRcsimAndClientsTest {
    @Test
    void rcsimCommandNeedsAdminCategory() throws Exception {
        try (TestNode n = TestNode.start("rcsim-faults", "yes"); RawClient admin = n.raw(); RawClient c = n.raw()) {
            admin.call("ACL", "SETUSER", "app", "on", ">pw", "~*", "+@all", "-@admin");
            admin.call("ACL", "SETUSER", "ops", "on", ">pw", "~*", "-@all", "+@admin");
            assertThat(c.call("AUTH", "app", "pw")).isEqualTo("+OK\r\n");
            assertThat(c.call("RCSIM", "FAULT", "LIST")).isEqualTo("-NOPERM this user has no permissions to run the 'rcsim' command\r\n");
            assertThat(admin.call("ACL", "LOG", "1")).contains("$6\r\nobject\r\n$5\r\nrcsim\r\n", "$8\r\nusername\r\n$3\r\napp\r\n");
            assertThat(admin.call("ACL", "DRYRUN", "app", "get", "k")).isEqualTo("+OK\r\n");
            assertThat(c.call("AUTH", "ops", "pw")).isEqualTo("+OK\r\n");
            assertThat(c.call("RCSIM", "FAULT", "LIST")).doesNotStartWith("-NOPERM");
            assertThat(c.call("GET", "k")).isEqualTo("-NOPERM this user has no permissions to run the 'get' command\r\n");
            assertThat(admin.call("ACL", "CAT", "admin")).contains("$5\r\nrcsim\r\n");
            assertThat(admin.call("ACL", "CAT", "dangerous")).contains("$5\r\nrcsim\r\n");
            assertThat(admin.call("ACL", "SETUSER", "x", "-rcsim", "+rcsim")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void clientListShowsAclUserAndClientKillUserKillsItsConnections() throws Exception {
        try (TestNode n = TestNode.start(); RawClient admin = n.raw(); RawClient a = n.raw(); RawClient b = n.raw()) {
            admin.call("ACL", "SETUSER", "app", "on", ">pw", "~*", "+@all");
            a.call("AUTH", "app", "pw");
            assertThat(admin.call("CLIENT", "LIST")).contains(" user=app ").contains(" user=default ");
            assertThat(admin.call("CLIENT", "KILL", "USER", "nobody")).isEqualTo("-ERR No such user 'nobody'\r\n");
            assertThat(admin.call("CLIENT", "KILL", "USER", "app")).isEqualTo(":1\r\n");
            assertThat(a.isClosedByServer()).isTrue();
            assertThat(b.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(admin.call("CLIENT", "LIST")).doesNotContain("user=app");
        }
    }

    @Test
    void defaultUserWithAllPermissionsTakesTheFastPath() throws Exception {
        try (TestNode n = TestNode.start(); RawClient c = n.raw()) {
            assertThat(n.node.acl().defaultUser().unrestricted()).isTrue();
            c.call("ACL", "SETUSER", "default", "-flushall");
            assertThat(n.node.acl().defaultUser().unrestricted()).isFalse();
            assertThat(c.call("FLUSHALL")).isEqualTo("-NOPERM this user has no permissions to run the 'flushall' command\r\n");
            c.call("ACL", "SETUSER", "default", "+@all");
            assertThat(n.node.acl().defaultUser().unrestricted()).isTrue();
            assertThat(c.call("FLUSHALL")).isEqualTo("+OK\r\n");
        }
    }
}
