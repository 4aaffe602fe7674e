package org.kvlint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kvlint.TestPaths;

/**
 * sarif-samples/ holds the SARIF kvlint writes for examples/, for each testdata/&lt;RULE&gt;/ and for testdata/suppressions/
 * directory, paths relative to the project directory. Each sample must be valid (schema and GitHub
 * limits) and byte-identical to what kvlint writes now. After a change to rules, fixtures or the
 * report, regenerate them all with:
 *
 * <pre>./run-tests -Dkvlint.regenerate=true -Dtest=SarifSamplesTest</pre>
 */
class SarifSamplesTest {
    static final String REGENERATE = "./run-tests -Dkvlint.regenerate=true -Dtest=SarifSamplesTest";
    private static final boolean regenerate = Boolean.getBoolean("kvlint.regenerate");

    private static Path samples() {
        return TestPaths.projectDir().resolve("sarif-samples");
    }

    /** Sample file name → the tree it is produced from. */
    static Map<String, Path> sources() throws IOException {
        Path project = TestPaths.projectDir();
        Map<String, Path> m = new TreeMap<>();
        m.put("examples.sarif", project.resolve("examples"));
        try (Stream<Path> s = Files.list(TestPaths.testdata())) {
            s.filter(Files::isDirectory).filter(d -> d.getFileName().toString().matches("KV\\d{3}"))
                    .forEach(d -> m.put(d.getFileName() + ".sarif", d));
        }
        m.put("suppressions.sarif", TestPaths.testdata().resolve("suppressions"));
        return m;
    }

    @TestFactory
    Stream<DynamicTest> everySampleIsValidAndFresh() throws IOException {
        return sources().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getKey(), e.getValue())));
    }

    private static void check(String name, Path tree) throws IOException {
        String fresh = Scans.render(Format.SARIF, Scans.projectReport(tree));
        SarifAssertions.assertValid(fresh);
        Path file = samples().resolve(name);
        if (regenerate) {
            Files.writeString(file, fresh);
            return;
        }
        if (!Files.exists(file)) {
            fail("sarif-samples/" + name + " is missing; create it with: " + REGENERATE);
        }
        String stored = Files.readString(file);
        // byte-equal to the fresh log, which was just validated
        if (!stored.equals(fresh)) {
            fail("sarif-samples/" + name + " is stale (kvlint now writes something else for "
                    + TestPaths.projectDir().relativize(tree) + "); regenerate with: " + REGENERATE + "\n" + firstDifference(stored, fresh));
        }
    }

    @Test
    void noSampleWithoutASource() throws IOException {
        Set<String> wanted = sources().keySet();
        Set<String> present;
        try (Stream<Path> s = Files.list(samples())) {
            present = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sarif")).collect(Collectors.toSet());
        }
        for (String stray : present) {
            if (!wanted.contains(stray)) {
                if (regenerate) {
                    Files.delete(samples().resolve(stray));
                } else {
                    fail("sarif-samples/" + stray + " has no testdata directory; regenerate with: " + REGENERATE);
                }
            }
        }
        assertTrue(wanted.contains("examples.sarif"));
        assertEquals(wanted.size(), sources().size());
    }

    /** Where two texts first differ, with a little context (lines of SARIF can be kilobytes long). */
    private static String firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int line = (int) a.substring(0, i).chars().filter(c -> c == '\n').count() + 1;
        int from = Math.max(0, i - 60);
        return "first difference at line " + line + ":\n  stored: ..." + a.substring(from, Math.min(a.length(), i + 60))
                + "\n  fresh:  ..." + b.substring(from, Math.min(b.length(), i + 60));
    }
}
