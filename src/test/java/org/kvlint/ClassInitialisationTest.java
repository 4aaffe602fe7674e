package org.kvlint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kvlint.cli.Main;

/**
 * Guards against a class-initialisation deadlock that hung {@code kvlint check --format json}:
 * an interface that declares default methods is initialised whenever one of its implementations
 * is (JLS 12.4.1); if its own constants create instances of those implementations, a thread
 * initialising the interface and another initialising an implementation wait for each other
 * forever. kvlint's worker threads hit exactly that, so no interface may combine the two.
 */
class ClassInitialisationTest {
    @Test
    void noInterfaceHasBothDefaultMethodsAndConstantsOfItsOwnType() throws IOException, URISyntaxException {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        int interfaces = 0;
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c;
                try {
                    c = Class.forName(name, false, Main.class.getClassLoader()); // no initialisation
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (!c.isInterface()) {
                    continue;
                }
                interfaces++;
                boolean defaults = Arrays.stream(c.getDeclaredMethods()).anyMatch(Method::isDefault);
                boolean ownConstants = Arrays.stream(c.getDeclaredFields())
                        .filter(f -> Modifier.isStatic(f.getModifiers()) && !f.isSynthetic())
                        .map(Field::getType).anyMatch(c::isAssignableFrom);
                if (defaults && ownConstants) {
                    offenders.add(name);
                }
            }
        }
        assertTrue(interfaces > 10, "found the compiled interfaces: " + interfaces);
        assertTrue(offenders.isEmpty(), "interfaces with default methods and constants of their own type: " + offenders);
    }
}
