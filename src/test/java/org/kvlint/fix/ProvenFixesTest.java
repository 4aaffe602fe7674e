package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.TestPaths;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.RuleContext;
import org.kvlint.rules.Span;
import org.kvlint.validate.ValidationResult;

/**
 * What {@code kvlint check --format json|sarif} says of a fix is what {@code kvlint fix} does with
 * it: the same fix, proven the same way, applied exactly when the report calls it safe.
 */
class ProvenFixesTest {
    private static final RuleContext RULES = RuleContext.standard();

    /** As kvlint check scans: suppression comments applied (kvlint fix honours them too). */
    private static ScanResult scan(Path tree) {
        return org.kvlint.engine.FindingPolicy.DEFAULT.apply(
                new Scanner(RULES).scan(new ScanOptions(List.of(tree.toString()), 2, Optional.empty())));
    }

    private static ProvenFixes.Result prove(Path tree) {
        return ProvenFixes.prove(scan(tree), 2, RULES);
    }

    /** examples/ and every rule's fixtures. */
    @TestFactory
    Stream<DynamicTest> aReportedSafeFixIsExactlyAnAppliedFix() throws IOException {
        List<Path> trees = new ArrayList<>();
        trees.add(TestPaths.projectDir().resolve("examples"));
        try (Stream<Path> s = Files.list(TestPaths.testdata())) {
            s.filter(Files::isDirectory).sorted().forEach(trees::add);
        }
        return trees.stream().map(t -> DynamicTest.dynamicTest(TestPaths.projectDir().relativize(t).toString(),
                () -> agree(t)));
    }

    private record Key(String path, String ruleId, Span span) {
        static Key of(Finding f) {
            return new Key(f.path(), f.ruleId(), f.span());
        }
    }

    private static void agree(Path tree) {
        ProvenFixes.Result checked = prove(tree);
        FixRun.Result fixed = FixRun.run(new FixRun.Request(List.of(tree.toString()), 2, Optional.empty(),
                FixOptions.SAFE), RULES);
        Map<Key, Decision> decisions = new HashMap<>();
        fixed.decisions().forEach(d -> decisions.put(Key.of(d.finding()), d));
        int safe = 0;
        for (Finding f : checked.scan().findings()) {
            List<ProvenFixes.Proof> proofs = checked.of(f);
            assertEquals(f.fixes().size(), proofs.size(), "one proof per fix: " + f);
            for (int i = 0; i < proofs.size(); i++) {
                assertEquals(proofs.get(i).proven(), f.fixes().get(i), "the finding carries the proven fix");
                assertTrue(f.fixes().get(i).applicability() != Fix.Applicability.SAFE || proofs.get(i).result().safe(),
                        "safe only when proven: " + f);
            }
            Optional<Fix> firstSafe = f.fixes().stream().filter(x -> x.applicability() == Fix.Applicability.SAFE)
                    .findFirst();
            Decision d = decisions.get(Key.of(f));
            String where = f.path() + ":" + f.span().startLine() + " " + f.ruleId();
            if (d == null) {
                assertTrue(firstSafe.isEmpty(), where + ": reported safe, but kvlint fix did not consider it");
                continue;
            }
            switch (d) {
                case Decision.Applied a -> {
                    assertEquals(firstSafe, Optional.of(a.fix()), where + ": kvlint fix applied another fix");
                    safe++;
                }
                case Decision.Skipped s when s.why() == Decision.Why.UNSAFE || s.why() == Decision.Why.NO_FIX
                        || s.why() == Decision.Why.DISPLAY_ONLY ->
                        assertTrue(firstSafe.isEmpty(), where + ": reported safe, but kvlint fix says " + s.message());
                case Decision.Skipped s -> assertTrue(firstSafe.isPresent() || s.fix() == null
                        || s.fix().applicability() != Fix.Applicability.SAFE, where + ": " + s.message());
            }
        }
        long applied = fixed.decisions().stream().filter(d -> d instanceof Decision.Applied).count();
        assertEquals(applied, safe, "every applied fix was reported safe");
    }

    @Test
    void aCrossFileFindingGetsTheSameFixFromCheckAndFix(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.c"), """
                void *mybuf_alloc(size_t n)
                {
                \treturn vmalloc(n);
                }
                """);
        Files.writeString(dir.resolve("b.c"), """
                void *mybuf_alloc(size_t n);
                int use(size_t n)
                {
                \tchar *p = mybuf_alloc(n);

                \tif (!p)
                \t\treturn -ENOMEM;
                \tp[0] = 1;
                \tkfree(p);
                \treturn 0;
                }
                """);
        ProvenFixes.Result checked = prove(dir);
        Finding kv004 = checked.scan().findings().stream().filter(f -> f.ruleId().equals("KV004")).findFirst()
                .orElseThrow();
        assertEquals(List.of("use vfree()", "use kvfree()"), kv004.fixes().stream().map(Fix::description).toList());
        assertEquals(ValidationResult.Status.SAFE, checked.of(kv004).get(1).result().status());
        FixRun.Result fixed = FixRun.run(new FixRun.Request(List.of(dir.toString()), 1, Optional.empty(),
                FixOptions.SAFE), RULES);
        Decision.Applied applied = (Decision.Applied) fixed.decisions().stream()
                .filter(d -> d.finding().ruleId().equals("KV004")).findFirst().orElseThrow();
        assertEquals("use kvfree()", applied.fix().description());
    }

    /**
     * The scan copies only the items that name an allocator, so it cannot see that fill() keeps
     * nothing; kvlint fix analyses the whole file, and the report must say what fix will do.
     */
    @Test
    void theReportJudgesAFixOnTheWholeFileAsKvlintFixDoes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("demo.c"), """
                static void fill(char *b, size_t n)
                {
                	memset(b, 1, n);
                }

                int demo(size_t n)
                {
                	char *buf = kmalloc(n, GFP_KERNEL);

                	if (!buf)
                		buf = vmalloc(n);
                	if (!buf)
                		return -ENOMEM;
                	fill(buf, n);
                	kvfree(buf);
                	return 0;
                }
                """);
        ScanResult scan = scan(dir);
        Fix claimed = scan.findings().getFirst().fixes().getFirst();
        assertEquals(Fix.Applicability.UNSAFE, claimed.applicability(), "the scan alone: " + claimed.reason());
        Fix proven = ProvenFixes.prove(scan, 1, RULES).scan().findings().getFirst()
                .fixes().getFirst();
        assertEquals(Fix.Applicability.SAFE, proven.applicability(), proven.reason());
        agree(dir);
    }

    @Test
    void aFixTheRuleCallsSafeButTheModelCannotRunIsUnsafe(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ring.c"), """
                struct ring { void *buf; size_t size; };

                int ring_init(struct ring *r, size_t size)
                {
                \tr->buf = vmalloc(size);
                \tif (!r->buf)
                \t\treturn -ENOMEM;
                \tmemset(r->buf, 0, size);
                \tr->size = size;
                \tFOO_TRACE(r, size) ) ;
                \treturn 0;
                }
                """);
        ScanResult scan = scan(dir);
        Finding claimed = scan.findings().getFirst();
        assertEquals("KV009", claimed.ruleId());
        assertEquals(Fix.Applicability.SAFE, claimed.fixes().getFirst().applicability(), "the rule's claim");
        ProvenFixes.Result checked = ProvenFixes.prove(scan, 1, RULES);
        Finding proven = checked.scan().findings().getFirst();
        Fix fix = proven.fixes().getFirst();
        assertEquals(Fix.Applicability.UNSAFE, fix.applicability());
        assertEquals("not validated (code tree-sitter could not parse at line 10)", fix.reason());
        ValidationResult r = checked.of(proven).getFirst().result();
        assertEquals(ValidationResult.Status.NOT_VALIDATED, r.status());
        assertFalse(r.safe());
    }
}
