package org.kvlint.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kvlint.TestPaths;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.facts.KernelVersion;

/**
 * Runs every fixture of every rule ({@code testdata/<RULE>/*.c}) and the corpus of real upstream code
 * ({@code testdata/history/*.c}) through the whole pipeline and
 * compares all findings, of every rule, with the inline markers: any missing, extra or
 * misplaced finding fails, naming the file and line.
 */
class FixtureTest {
    private static final Scanner SCANNER = Scanner.standard();

    static List<Path> fixtures() throws IOException {
        List<Path> all = new ArrayList<>(TestPaths.ruleFixtures());
        all.addAll(TestPaths.historyFixtures());
        return all;
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureMatchesItsMarkers() throws IOException {
        return fixtures().stream().map(f -> DynamicTest.dynamicTest(
                TestPaths.testdata().relativize(f).toString(), () -> check(f)));
    }

    private static void check(Path fixture) throws IOException {
        FixtureExpectations exp = FixtureExpectations.read(fixture);
        ScanResult result = SCANNER.scan(new ScanOptions(List.of(fixture.toString()), 1,
                exp.kernelVersion().map(KernelVersion::parse)));
        String name = TestPaths.testdata().relativize(fixture).toString();
        List<String> problems = new ArrayList<>();
        result.diagnostics().stream().filter(d -> d.message().startsWith("internal error"))
                .forEach(d -> problems.add(name + ": " + d.message()));
        List<Finding> found = new ArrayList<>(result.findings());
        for (FixtureExpectations.Marker m : exp.of(FixtureExpectations.Kind.EXPECT)) {
            Optional<Finding> hit = found.stream()
                    .filter(f -> f.ruleId().equals(m.ruleId()) && f.span().startLine() == m.line()).findFirst();
            if (hit.isPresent()) {
                found.remove(hit.get());
            } else {
                String near = found.stream().filter(f -> f.ruleId().equals(m.ruleId())
                                && Math.abs(f.span().startLine() - m.line()) <= 3)
                        .map(f -> " (found at line " + f.span().startLine() + " instead: wrong position?)")
                        .findFirst().orElse("");
                problems.add(name + ":" + m.line() + ": Missing " + m.ruleId() + near);
            }
        }
        for (FixtureExpectations.Marker m : exp.of(FixtureExpectations.Kind.TODO)) {
            found.stream().filter(f -> f.ruleId().equals(m.ruleId()) && f.span().startLine() == m.line())
                    .findFirst().ifPresent(f -> problems.add(name + ":" + m.line() + ": " + m.ruleId()
                            + " is now found: change todo-expect to expect"));
        }
        for (Finding f : found) {
            boolean todo = exp.of(FixtureExpectations.Kind.TODO).stream()
                    .anyMatch(m -> m.ruleId().equals(f.ruleId()) && m.line() == f.span().startLine());
            if (!todo) {
                problems.add(name + ":" + f.span().startLine() + ": Extra " + f.ruleId() + ": " + f.message());
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    /** Every rule has fixtures, with enough positive and negative cases. */
    @Test
    void everyRuleHasPositiveAndNegativeFixtures() throws IOException {
        List<String> problems = new ArrayList<>();
        for (RuleMeta meta : RuleCatalog.standard().metas()) {
            Path dir = TestPaths.testdata().resolve(meta.id());
            int positive = 0;
            int negative = 0;
            if (Files.isDirectory(dir)) {
                for (Path f : fixtures()) {
                    if (!f.getParent().equals(dir)) {
                        continue;
                    }
                    FixtureExpectations exp = FixtureExpectations.read(f);
                    positive += (int) exp.of(FixtureExpectations.Kind.EXPECT).stream()
                            .filter(m -> m.ruleId().equals(meta.id())).count();
                    negative += (int) exp.of(FixtureExpectations.Kind.OK).stream()
                            .filter(m -> m.ruleId().equals(meta.id())).count();
                }
            }
            int minPositive = meta.id().equals("KV001") ? 12 : 8;
            int minNegative = meta.id().equals("KV001") ? 8 : 5;
            if (positive < minPositive || negative < minNegative) {
                problems.add(meta.id() + ": " + positive + " positive (need " + minPositive + "), " + negative
                        + " negative (need " + minNegative + ") cases in testdata/" + meta.id());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
