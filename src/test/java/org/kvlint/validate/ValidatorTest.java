package org.kvlint.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kvlint.TestPaths;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.Level;
import org.kvlint.rules.Span;

/** Whole proofs: SAFE for the kvlint rewrites of testdata/KV001, UNSAFE for bad rewrites, NOT_VALIDATED when it cannot run. */
class ValidatorTest {
    private static final Validator QUICK = new Validator(Matrix.quick());

    @Test
    void theKv001FixOfAFieldFallbackIsProvenSafe() throws IOException {
        Path file = TestPaths.testdata().resolve("KV001/basic.c");
        ScanResult scan = Scanner.standard().scan(new ScanOptions(List.of(file.toString()), 1, Optional.empty()));
        Finding f = scan.findings().stream().filter(x -> x.span().startLine() == 35).findFirst().orElseThrow();
        Fix fix = f.fixes().getFirst();
        ValidationResult r = new Validator().validate(Files.readAllBytes(file), f, fix, scan.kernel());
        assertEquals(ValidationResult.Status.SAFE, r.status(), r.reason());
        assertEquals(List.of("foo_alloc_field"), r.functions());
        assertEquals(84, r.rows().size(), "7 sizes x 3 memory conditions x 4 backend plans, one path each");
        assertTrue(r.rows().stream().allMatch(x -> x.verdict().acceptable()));
        // 32769 B and up under fragmentation: the kzalloc() warned before falling back; kvzalloc()'s try is quiet
        Row frag = r.rows().stream().filter(x -> x.scenario().size() == 32769 && x.scenario().memory() == Scenario.Memory.FRAGMENTED
                && x.scenario().seed() == 0).findFirst().orElseThrow();
        assertEquals(Verdict.BETTER, frag.verdict());
        assertEquals("kvzalloc(32769 B): slab attempt fails quietly, vmalloc serves", frag.after().story().getFirst());
        assertEquals(fix, r.applyTo(fix));
    }

    /**
     * A proof takes the tree its file's analysis made (no parse of the file per fix): every fix
     * of the KV001, KV004 and KV005 fixtures proves exactly as with the validator's own parse; a
     * tree of other bytes is not taken.
     */
    @Test
    void aProofOnTheAnalysisTreeProvesAsOnItsOwnParse() throws IOException {
        int compared = 0;
        try (org.kvlint.syntax.CParser parser = new org.kvlint.syntax.CParser()) {
            for (String rule : List.of("KV001", "KV004", "KV005")) {
                try (var files = Files.list(TestPaths.testdata().resolve(rule))) {
                    for (Path file : files.filter(p -> p.toString().endsWith(".c")).sorted().toList()) {
                        var analysis = org.kvlint.engine.FileAnalysis.analyse(org.kvlint.source.InputFile.reported(file.toString()),
                                parser, Snippet.K61, org.kvlint.rules.RuleContext.standard());
                        byte[] bytes = analysis.read().content().orElseThrow();
                        assertTrue(QUICK.parsesAs(org.kvlint.facts.AllocatorApi.standard()));
                        org.kvlint.syntax.SyntaxNode tree = analysis.facts().orElseThrow().root();
                        for (Finding f : analysis.findings()) {
                            for (Fix fix : f.fixes()) {
                                ValidationResult own = QUICK.validate(bytes, null, f, fix, Snippet.K61, parser);
                                ValidationResult given = QUICK.validate(bytes, tree, f, fix, Snippet.K61, parser);
                                assertEquals(own.toString(), given.toString(), file + ":" + f.span().startLine());
                                // a tree of other bytes (the same text, another array) is not taken for them
                                ValidationResult other = QUICK.validate(bytes.clone(), tree, f, fix, Snippet.K61, parser);
                                assertEquals(own.toString(), other.toString(), file + ":" + f.span().startLine());
                                compared++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(compared > 30, "fixes compared: " + compared);
    }

    @Test
    void theFixedGoldenOfKv001IsProvenSafeFunctionByFunction() throws IOException {
        Path dir = TestPaths.testdata().resolve("KV001");
        ValidationResult r = QUICK.validate(new org.kvlint.syntax.SourceText(Files.readAllBytes(dir.resolve("basic.c"))),
                new org.kvlint.syntax.SourceText(Files.readAllBytes(dir.resolve("basic.c.fixed"))),
                Set.of("foo_alloc_field", "foo_alloc_table", "foo_alloc_nested_field"), Snippet.K61);
        assertEquals(ValidationResult.Status.SAFE, r.status(), r.reason());
        assertEquals(List.of("foo_alloc_field", "foo_alloc_nested_field", "foo_alloc_table"), r.functions());
    }

    static final String KMALLOC_KFREE = """
            int foo_scratch(size_t n)
            {
            	void *p = kmalloc(n, GFP_KERNEL);

            	if (!p)
            		return -ENOMEM;
            	foo_fill(p, n);
            	kfree(p);
            	return 0;
            }
            """;

    @Test
    void vmallocWithTheKfreeKeptIsUnsafeAtTheFirstRow() {
        ValidationResult r = Snippet.validate(KMALLOC_KFREE, KMALLOC_KFREE.replace("kmalloc(n, GFP_KERNEL)", "vmalloc(n)"),
                "foo_scratch");
        assertEquals(ValidationResult.Status.UNSAFE, r.status());
        Row w = r.firstWorse().orElseThrow();
        assertEquals(64, w.scenario().size());
        assertEquals(Scenario.Memory.PLENTY, w.scenario().memory());
        assertEquals("illegal frees: none → MISMATCHED_FREE (worse)", w.worseText());
        assertEquals("worse on the allocator model at 64 B, plenty memory: illegal frees: none → MISMATCHED_FREE (worse)",
                r.reason());
        assertEquals(Fix.Applicability.UNSAFE, r.applicability());
    }

    @Test
    void droppingTheZeroingIsUnsafe() {
        String before = """
                int foo_init(struct foo *priv, size_t size)
                {
                	priv->buf = kzalloc(size, GFP_KERNEL);
                	if (!priv->buf)
                		priv->buf = vzalloc(size);
                	if (!priv->buf)
                		return -ENOMEM;
                	return 0;
                }
                """;
        String good = before.replace("kzalloc(size, GFP_KERNEL);\n\tif (!priv->buf)\n\t\tpriv->buf = vzalloc(size);",
                "kvzalloc(size, GFP_KERNEL);");
        assertEquals(ValidationResult.Status.SAFE, Snippet.validate(before, good, "foo_init").status());
        ValidationResult bad = Snippet.validate(before, good.replace("kvzalloc", "kvmalloc"), "foo_init");
        assertEquals(ValidationResult.Status.UNSAFE, bad.status());
        assertEquals("priv->buf: zeroed memory → memory (worse)", bad.firstWorse().orElseThrow().worseText());
        assertEquals("worse: stored/returned zeroed memory → memory", bad.category());
    }

    @Test
    void anOpenCodedKvfreeBecomesKvfreeSafelyAndBetterForKvmallocMemory() {
        String before = """
                void ring_free(struct ring *r)
                {
                	if (is_vmalloc_addr(r->slots))
                		vfree(r->slots);
                	else
                		kfree(r->slots);
                }
                """;
        String after = before.replace("if (is_vmalloc_addr(r->slots))\n\t\tvfree(r->slots);\n\telse\n\t\tkfree(r->slots);",
                "kvfree(r->slots);");
        ValidationResult r = Snippet.validate(before, after, "ring_free");
        assertEquals(ValidationResult.Status.SAFE, r.status(), r.reason());
        // every origin of r->slots is a path: kmalloc, vmalloc, kvmalloc served by each backend
        assertEquals(4 * 42, r.rows().size());
        assertTrue(r.counts().get(Verdict.BETTER) > 0, "kvmalloc memory was freed by kfree()/vfree() before");
        ValidationResult wrong = Snippet.validate(before, after.replace("kvfree", "kfree"), "ring_free");
        assertEquals(ValidationResult.Status.UNSAFE, wrong.status());
        assertTrue(wrong.reason().contains("origin of r->slots: from vmalloc()"), wrong.reason());
    }

    @Test
    void aRelatedAllocationNarrowsTheOriginOfAFreedPointer() throws IOException {
        String code = """
                int foo_probe(struct foo *f)
                {
                	f->tbl = vzalloc(4096);
                	return f->tbl ? 0 : -ENOMEM;
                }

                void foo_remove(struct foo *f)
                {
                	kfree(f->tbl);
                }
                """;
        byte[] bytes = code.getBytes(StandardCharsets.UTF_8);
        int free = code.indexOf("kfree(f->tbl)");
        int alloc = code.indexOf("vzalloc(4096)");
        Fix vfree = new Fix("use vfree()", List.of(new Fix.TextEdit(free, free + "kfree".length(), "vfree")),
                Fix.Applicability.SAFE, "");
        Finding finding = new Finding("KV004", Level.ERROR, "foo.c", span(code, free, free + 13), "vmalloc memory freed with kfree()",
                List.of(new Finding.Related(span(code, alloc, alloc + 13), "vzalloc() here")), List.of(vfree));
        ValidationResult hinted = QUICK.validate(bytes, finding, vfree, Snippet.K61);
        assertEquals(ValidationResult.Status.SAFE, hinted.status(), hinted.reason());
        assertTrue(hinted.rows().stream().allMatch(x -> x.verdict() == Verdict.BETTER), "kfree() of vmalloc memory is gone");
        // Without the finding the pointer may come from anywhere, and vfree() of kmalloc memory is worse.
        assertEquals(ValidationResult.Status.UNSAFE, QUICK.validate(bytes, vfree, Snippet.K61).status());
    }

    private static Span span(String code, int start, int end) {
        int line = (int) code.substring(0, start).chars().filter(c -> c == '\n').count() + 1;
        int col = start - code.lastIndexOf('\n', start - 1);
        return new Span(line, col, line, col + end - start, start, end);
    }

    @Test
    void anUnsupportedConstructIsNotValidatedAndNeverSafe() {
        String before = """
                int foo(size_t n)
                {
                	void *p = kmalloc(n, GFP_KERNEL);

                	asm volatile("" ::: "memory");
                	if (!p)
                		p = vmalloc(n);
                	return p ? 0 : -ENOMEM;
                }
                """;
        String after = before.replace("kmalloc(n, GFP_KERNEL);", "kvmalloc(n, GFP_KERNEL);").replace("\tif (!p)\n\t\tp = vmalloc(n);\n", "");
        ValidationResult r = Snippet.validate(before, after, "foo");
        assertEquals(ValidationResult.Status.NOT_VALIDATED, r.status());
        assertEquals("inline assembly", r.construct());
        assertEquals(5, r.line());
        assertEquals("not validated (inline assembly at line 5)", r.reason());
        Fix safe = new Fix("use kvmalloc()", List.of(), Fix.Applicability.SAFE, "");
        Fix proven = r.applyTo(safe);
        assertEquals(Fix.Applicability.UNSAFE, proven.applicability());
        assertEquals("not validated (inline assembly at line 5)", proven.reason());
    }

    @Test
    void editsOutsideFunctionsAndOldKernelsAreNotValidated() {
        byte[] code = "static int x = 1;\nint f(void) { return x; }\n".getBytes(StandardCharsets.UTF_8);
        Fix global = new Fix("edit", List.of(new Fix.TextEdit(15, 16, "2")), Fix.Applicability.SAFE, "");
        ValidationResult r = QUICK.validate(code, global, Snippet.K61);
        assertEquals(ValidationResult.Status.NOT_VALIDATED, r.status());
        assertEquals("an edit outside any function body", r.construct());
        Fix body = new Fix("edit", List.of(new Fix.TextEdit(38, 39, "x")), Fix.Applicability.SAFE, "");
        ValidationResult old = QUICK.validate(code, body, new KernelVersion(4, 9, 0));
        assertEquals(ValidationResult.Status.NOT_VALIDATED, old.status());
        assertTrue(old.reason().contains("older than the allocator model"), old.reason());
    }

    @Test
    void editsAreAppliedAsSortedByteRanges() {
        byte[] in = "abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] out = Validator.apply(in, List.of(new Fix.TextEdit(4, 5, "E"), new Fix.TextEdit(0, 1, "AA"),
                new Fix.TextEdit(2, 2, "+")));
        assertEquals("AAb+cdEf", new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void aMaskParameterTriesTheMasksWrittenInTheFile() {
        String before = """
                static void *foo_get(size_t n, gfp_t gfp)
                {
                	void *p = kmalloc(n, gfp);

                	if (!p)
                		p = __vmalloc(n, gfp);
                	return p;
                }

                void *foo_a(size_t n) { return kmalloc(n, GFP_NOFS); }
                void *foo_b(size_t n) { return kmalloc(n, GFP_KERNEL); }
                """;
        String after = before.replace("kmalloc(n, gfp);\n\n\tif (!p)\n\t\tp = __vmalloc(n, gfp);", "kvmalloc(n, gfp);");
        ValidationResult r = Snippet.validate(before, after, "foo_get");
        assertEquals(ValidationResult.Status.SAFE, r.status(), r.reason());
        assertEquals(Set.of("GFP_KERNEL", "GFP_NOFS"), Set.copyOf(r.rows().stream()
                .map(x -> x.scenario().gfp().orElseThrow().toC()).toList()));
        assertFalse(r.rows().isEmpty());
    }

    @Test
    void sizeSolverPicksTheRootInput() {
        CFunction f = Snippet.function("""
                struct t *f(struct dev *d, unsigned int n)
                {
                	size_t len = n * sizeof(struct t);

                	return kmalloc(len, GFP_KERNEL);
                }
                """, "f");
        SizeSolver.Plan plan = SizeSolver.plan(f, Snippet.API);
        assertEquals("n = ⌈S / 8⌉, sizeof(struct t) = 8", plan.describe());
        assertEquals(513L, plan.bind(4097).get("n"));
        CFunction both = Snippet.function("void *g(size_t count, size_t size) { return kvmalloc_array(count, size, GFP_KERNEL); }", "g");
        assertEquals("count = S, size = 1", SizeSolver.plan(both, Snippet.API).describe());
    }
}
