package org.kvlint.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kvlint.TestPaths;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.Scanner;

/**
 * The levels a rule declares (front matter {@code level} and {@code other-levels}, shown by
 * {@code kvlint rules}, README and SARIF help) are exactly the levels its findings have: no finding
 * of the fixtures at an undeclared level, and each declared other level seen in some fixture.
 */
class RuleLevelsTest {
    @Test
    void declaredLevelsAreTheLevelsFound() throws IOException {
        List<String> dirs;
        try (Stream<Path> s = Files.list(TestPaths.testdata())) {
            dirs = s.filter(Files::isDirectory).map(Path::toString).sorted().toList();
        }
        Map<String, Set<Level>> seen = new HashMap<>();
        for (Finding f : Scanner.standard().scan(new ScanOptions(dirs, 2, Optional.empty())).findings()) {
            seen.computeIfAbsent(f.ruleId(), k -> EnumSet.noneOf(Level.class)).add(f.level());
        }
        for (RuleMeta m : RuleCatalog.standard().metas()) {
            Set<Level> declared = EnumSet.of(m.level());
            declared.addAll(m.otherLevels());
            Set<Level> found = seen.getOrDefault(m.id(), Set.of());
            assertTrue(declared.containsAll(found), m.id() + " declares " + m.levels() + " but reports " + found
                    + ": add other-levels to rules/" + m.id() + ".md and say when in its doc");
            assertTrue(found.containsAll(m.otherLevels()), m.id() + " declares " + m.levels() + " but its fixtures only "
                    + "show " + found);
            assertTrue(!m.otherLevels().contains(m.level()), m.id());
        }
    }
}
