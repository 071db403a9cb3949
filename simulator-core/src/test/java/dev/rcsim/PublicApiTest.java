package dev.rcsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is the packages module-info exports, and nothing else leaks through them: the public
 * types of those packages are exactly the API list below (a new one is a deliberate API change), and no
 * public or protected signature of them (fields, constructors, methods, supertypes, type arguments)
 * names a type of a package the module does not export — what {@code javac -Xlint:exports} warns about,
 * checked on the compiled classes.
 */
class PublicApiTest {
    private static final Set<String> API = Set.of(
            "dev.rcsim.RedisClusterSimulator", "dev.rcsim.RedisClusterSimulator$Builder", "dev.rcsim.SimNode",
            "dev.rcsim.SlotRange", "dev.rcsim.TeachingView",
            "dev.rcsim.admin.AdminException", "dev.rcsim.admin.AdminListener", "dev.rcsim.admin.CheckReport",
            "dev.rcsim.admin.ClusterAdmin", "dev.rcsim.admin.ClusterAdmin$Awaiter", "dev.rcsim.admin.NodeClient",
            "dev.rcsim.admin.NodeClient$Error",
            "dev.rcsim.events.ClusterEvent", "dev.rcsim.events.ClusterMetrics", "dev.rcsim.events.EventLog",
            "dev.rcsim.events.NodeMetrics", "dev.rcsim.events.RedirectCounters",
            "dev.rcsim.fault.Fault", "dev.rcsim.fault.FaultScript", "dev.rcsim.fault.FaultTarget", "dev.rcsim.fault.Faults", "dev.rcsim.Scenarios",
            "dev.rcsim.time.SimClock", "dev.rcsim.time.RandomStreams", "dev.rcsim.time.SimClock$Timer");

    @Test
    void moduleInfoExportsOnlyTheApiPackages() throws Exception {
        assertThat(descriptor().exports()).allMatch(e -> !e.isQualified())
                .extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("dev.rcsim", "dev.rcsim.admin", "dev.rcsim.events", "dev.rcsim.fault", "dev.rcsim.time");
    }

    @Test
    void theExportedPackagesHoldOnlyTheApiTypesAsPublic() throws Exception {
        assertThat(publicTypesOfExportedPackages()).extracting(Class::getName).containsExactlyInAnyOrderElementsOf(API);
    }

    @Test
    void noPublicSignatureShowsATypeOfANonExportedPackage() throws Exception {
        Set<String> exported = new TreeSet<>();
        descriptor().exports().forEach(e -> exported.add(e.source()));
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : publicTypesOfExportedPackages()) {
            List<Type> shown = new ArrayList<>();
            if (c.getGenericSuperclass() != null) {
                shown.add(c.getGenericSuperclass());
            }
            shown.addAll(List.of(c.getGenericInterfaces()));
            check(c.getName(), shown, exported, leaks);
            for (Field f : c.getDeclaredFields()) {
                if (visible(f)) {
                    check(c.getName() + "." + f.getName(), List.of(f.getGenericType()), exported, leaks);
                }
            }
            List<Executable> members = new ArrayList<>(List.of(c.getDeclaredConstructors()));
            members.addAll(List.of(c.getDeclaredMethods()));
            for (Executable m : members) {
                if (!visible(m) || m.isSynthetic()) {
                    continue;
                }
                List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
                types.addAll(List.of(m.getGenericExceptionTypes()));
                if (m instanceof Method method) {
                    types.add(method.getGenericReturnType());
                }
                check(c.getName() + "." + (m instanceof Constructor<?> ? "<init>" : m.getName()), types, exported, leaks);
            }
        }
        assertThat(leaks).as("public signatures showing non-exported types").isEmpty();
    }

    @Test
    void theUsersRouteToANodesInternalsIsGone() {
        assertThat(List.of(SimNode.class.getMethods())).extracting(Method::getName).doesNotContain("redisNode");
        assertThat(List.of(RedisClusterSimulator.class.getMethods())).extracting(Method::getName).doesNotContain("network");
    }

    private static boolean visible(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    private static void check(String where, List<Type> types, Set<String> exported, List<String> leaks) {
        for (Type t : types) {
            for (Class<?> c : classesIn(t, new ArrayList<>())) {
                String pkg = c.getPackageName();
                if (pkg.startsWith("dev.rcsim") && !exported.contains(pkg)) {
                    leaks.add(where + " shows " + c.getName());
                }
            }
        }
    }

    private static List<Class<?>> classesIn(Type t, List<Class<?>> out) {
        if (t instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            classesIn(p.getRawType(), out);
            for (Type a : p.getActualTypeArguments()) {
                classesIn(a, out);
            }
        } else if (t instanceof GenericArrayType g) {
            classesIn(g.getGenericComponentType(), out);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                classesIn(b, out);
            }
            for (Type b : w.getLowerBounds()) {
                classesIn(b, out);
            }
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                if (b != Object.class) {
                    classesIn(b, out);
                }
            }
        }
        return out;
    }

    private static Path classes() throws URISyntaxException {
        return Path.of(RedisClusterSimulator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor() throws URISyntaxException {
        return ModuleFinder.of(classes()).findAll().iterator().next().descriptor();
    }

    /** The public top-level and nested types (public all the way out) of the exported packages. */
    private static List<Class<?>> publicTypesOfExportedPackages() throws Exception {
        Path root = classes();
        List<Class<?>> out = new ArrayList<>();
        for (ModuleDescriptor.Exports e : descriptor().exports()) {
            Path dir = root.resolve(e.source().replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                    String name = e.source() + "." + f.getFileName().toString().replace(".class", "");
                    Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
                    if (!c.isAnonymousClass() && !c.isLocalClass() && publicAllTheWay(c)) {
                        out.add(c);
                    }
                }
            } catch (IOException x) {
                throw new IllegalStateException(x);
            }
        }
        return out;
    }

    private static boolean publicAllTheWay(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }
}
