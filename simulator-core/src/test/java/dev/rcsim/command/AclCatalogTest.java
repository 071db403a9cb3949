package dev.rcsim.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.acl.AclCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ACL catalog (Redis 7.0.15's command table) covers every command rcsim implements, with its categories. */
class AclCatalogTest {
    @Test
    void everyImplementedCommandHasItsRedisAclEntryAndCategories() {
        List<String> missing = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (CommandSpec spec : dev.rcsim.node.StandardNode.commandTable().allWithSubcommands()) {
            AclCatalog.Entry e = AclCatalog.get().byFullName(spec.fullName());
            if (e == null) {
                missing.add(spec.fullName());
                continue;
            }
            long bits = 0;
            for (String c : spec.aclCategories()) {
                bits |= AclCatalog.categoryFlag(c.substring(1));
            }
            if (bits != e.categories) {
                differing.add(spec.fullName() + " " + spec.aclCategories());
            }
        }
        assertThat(missing).isEmpty();
        assertThat(differing).isEmpty();
    }

    @Test
    void unknownCommandsAreFutureCommandsOnlyPlusAllAllows() {
        AclCatalog.Entry future = AclCatalog.get().future("x-new");
        assertThat(future.id).isEqualTo(AclCatalog.get().size());
        assertThat(AclCatalog.get().lookup("CONFIG|GET").fullName).isEqualTo("config|get");
        assertThat(AclCatalog.get().lookup("get|x")).isNull();
        assertThat(AclCatalog.get().lookup("rcsim").categories)
                .isEqualTo(AclCatalog.categoryFlag("admin") | AclCatalog.categoryFlag("slow") | AclCatalog.categoryFlag("dangerous"));
    }
}
