package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.TestPaths;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Fix;

/**
 * Golden files pin what {@code kvlint fix} does to every fixture of every rule
 * ({@code testdata/<RULE>/X.c}, found anew on each run):
 * <ul>
 *   <li>{@code X.c.fixed}: the whole file after every SAFE fix (required when any finding in the
 *       fixture carries a fix that can be applied, SAFE or UNSAFE);</li>
 *   <li>{@code X.c.unsafe.fixed}: the whole file with {@code --unsafe-fixes}, required exactly
 *       when that differs from {@code X.c.fixed};</li>
 *   <li>fixing a fixed file changes nothing (idempotence), in both modes.</li>
 * </ul>
 * A missing or stale golden file fails. To (re)write them, review the diff afterwards:
 * {@code ./run-tests -Dkvlint.regenerate=true -Dtest=FixGoldenTest}.
 */
class FixGoldenTest {
    private static final boolean REGENERATE = Boolean.getBoolean("kvlint.regenerate");
    private static final FixOptions UNSAFE = new FixOptions(Set.of(), true);

    static List<Path> fixtures() throws IOException {
        return TestPaths.ruleFixtures();
    }

    @TestFactory
    Stream<DynamicTest> everyFixableFixtureMatchesItsGoldenFiles() throws IOException {
        return fixtures().stream().map(f -> DynamicTest.dynamicTest(
                TestPaths.testdata().relativize(f).toString(), () -> check(f)));
    }

    private static void check(Path fixture) throws IOException {
        KernelVersion kernel = FixTesting.kernelOf(fixture);
        FileOutcome safe = FixTesting.fix(fixture, kernel, FixOptions.SAFE);
        FileOutcome unsafe = FixTesting.fix(fixture, kernel, UNSAFE);
        String name = TestPaths.testdata().relativize(fixture).toString();
        internalErrors(name, safe);
        boolean fixable = safe.decisions().stream().anyMatch(d -> d.finding().fixes().stream()
                .anyMatch(x -> x.applicability() != Fix.Applicability.DISPLAY_ONLY));
        Path fixed = Path.of(fixture + ".fixed");
        Path unsafeFixed = Path.of(fixture + ".unsafe.fixed");
        boolean needUnsafe = fixable && !Arrays.equals(safe.after(), unsafe.after());
        if (REGENERATE) {
            regenerate(fixed, fixable ? safe.after() : null);
            regenerate(unsafeFixed, needUnsafe ? unsafe.after() : null);
        }
        List<String> problems = new ArrayList<>();
        compare(name, fixed, fixable ? safe.after() : null, problems);
        compare(name, unsafeFixed, needUnsafe ? unsafe.after() : null, problems);
        if (fixable) {
            idempotent(fixture, safe.after(), kernel, FixOptions.SAFE, problems);
            idempotent(fixture, unsafe.after(), kernel, UNSAFE, problems);
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private static void internalErrors(String name, FileOutcome o) {
        o.diagnostics().stream().filter(d -> d.message().startsWith("internal error"))
                .findFirst().ifPresent(d -> fail(name + ": " + d.message()));
    }

    private static void regenerate(Path golden, byte[] content) throws IOException {
        if (content == null) {
            Files.deleteIfExists(golden);
        } else {
            Files.write(golden, content);
        }
    }

    private static void compare(String name, Path golden, byte[] actual, List<String> problems) throws IOException {
        String g = golden.getFileName().toString();
        if (actual == null) {
            if (Files.exists(golden)) {
                problems.add(name + ": stale " + g + " (nothing to fix in this mode any more); regenerate with"
                        + " ./run-tests -Dkvlint.regenerate=true -Dtest=FixGoldenTest");
            }
            return;
        }
        if (!Files.exists(golden)) {
            problems.add(name + ": missing " + g + "; write it with ./run-tests -Dkvlint.regenerate=true"
                    + " -Dtest=FixGoldenTest and review it");
            return;
        }
        byte[] expected = Files.readAllBytes(golden);
        if (!Arrays.equals(expected, actual)) {
            problems.add(name + ": output differs from " + g + " (- golden, + now):\n"
                    + UnifiedDiff.render(g, expected, actual, "100644").display());
        }
    }

    /** Fixing the fixed text again must change nothing: every fix is whole, none feeds another. */
    private static void idempotent(Path fixture, byte[] fixedText, KernelVersion kernel, FixOptions options,
                                   List<String> problems) throws IOException {
        Path dir = Files.createTempDirectory("kvlint-golden");
        try {
            Path again = dir.resolve(fixture.getFileName());
            Files.write(again, fixedText);
            FileOutcome second = FixTesting.fix(again, kernel, options);
            if (second.changed()) {
                problems.add(fixture.getFileName() + ": not idempotent" + (options.unsafe() ? " with --unsafe-fixes" : "")
                        + ", a second run changes:\n" + UnifiedDiff.render(fixture.getFileName().toString(),
                        second.before(), second.after(), "100644").display());
            }
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** A golden file without its fixture is stale. */
    @Test
    void noGoldenFileWithoutItsFixture() throws IOException {
        List<String> orphans = new ArrayList<>();
        try (Stream<Path> s = Files.walk(TestPaths.testdata())) {
            for (Path g : s.filter(p -> p.toString().endsWith(".fixed")).sorted().toList()) {
                String base = g.toString().replaceAll("(\\.unsafe)?\\.fixed$", "");
                if (!Files.exists(Path.of(base))) {
                    orphans.add(TestPaths.testdata().relativize(g).toString());
                }
            }
        }
        assertTrue(orphans.isEmpty(), "golden files without a fixture: " + orphans);
    }

    @Test
    void goldenComparisonIsByteExact(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.c");
        Files.writeString(f, "int x;\r\n", StandardCharsets.UTF_8);
        FileOutcome o = FixTesting.fix(f, KernelVersion.DEFAULT, FixOptions.SAFE);
        assertEquals("int x;\r\n", new String(o.after(), StandardCharsets.UTF_8));
    }
}
