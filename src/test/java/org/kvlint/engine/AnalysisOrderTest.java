package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.source.CallScan;
import org.kvlint.source.ItemLexer;

/**
 * Files are analysed after the files defining the helpers they call, so a chain of wrappers across
 * files costs one parse per file: the caller's first analysis already sees the helper's summary.
 */
class AnalysisOrderTest {
    @TempDir
    Path dir;

    private static final Set<Integer> TABLE = Set.of(CallScan.hash("vmalloc"), CallScan.hash("kfree"),
            CallScan.hash("vfree"));

    private static AnalysisOrder.Shape shape(String code, boolean header) {
        byte[] b = code.getBytes(StandardCharsets.ISO_8859_1);
        return AnalysisOrder.shape(b, ItemLexer.items(b), header);
    }

    private static int[] calls(String... names) {
        return Arrays.stream(names).mapToInt(CallScan::hash).sorted().distinct().toArray();
    }

    @Test
    void callersComeAfterTheHelpersTheyCall() {
        // 0 calls mid_alloc (defined by 1), which calls lib_alloc (defined by 2), which calls vmalloc
        List<AnalysisOrder.Shape> shapes = List.of(
                shape("int user(void) { void *p = mid_alloc(8); kfree(p); return 0; }\n", false),
                shape("void *mid_alloc(size_t n) { return lib_alloc(n); }\n", false),
                shape("void *lib_alloc(size_t n) { return vmalloc(n); }\n", false));
        List<List<Integer>> levels = AnalysisOrder.levels(shapes,
                new int[][] {calls("user", "mid_alloc", "kfree"), calls("mid_alloc", "lib_alloc"),
                        calls("lib_alloc", "vmalloc")}, TABLE);
        assertEquals(List.of(List.of(2), List.of(1), List.of(0)), levels);
    }

    @Test
    void staticFunctionsAndFunctionsThatCannotBeHelpersOrderNothing() {
        List<AnalysisOrder.Shape> shapes = List.of(
                shape("int a(void) { return probe() + show(); }\n", false),
                // static: only its own file sees it; show() calls no allocator, so it is no helper
                shape("static int probe(void) { vfree(0); return 0; }\nint show(void) { return 1; }\n", false));
        List<List<Integer>> levels = AnalysisOrder.levels(shapes,
                new int[][] {calls("a", "probe", "show"), calls("probe", "vfree", "show")}, TABLE);
        assertEquals(List.of(List.of(0, 1)), levels);
    }

    @Test
    void filesThatCallEachOtherShareALevel() {
        List<AnalysisOrder.Shape> shapes = List.of(
                shape("void *a_alloc(size_t n) { return b_alloc(n); }\n", false),
                shape("void *b_alloc(size_t n) { if (n > 4) return a_alloc(n); return vmalloc(n); }\n", false),
                shape("int c(void) { vfree(a_alloc(1)); return 0; }\n", false));
        List<List<Integer>> levels = AnalysisOrder.levels(shapes,
                new int[][] {calls("a_alloc", "b_alloc"), calls("b_alloc", "a_alloc", "vmalloc"),
                        calls("c", "vfree", "a_alloc")}, TABLE);
        assertEquals(List.of(List.of(0, 1), List.of(2)), levels);
    }

    @Test
    void aLevelNamesItsCyclesOfTwoFilesOrMore() {
        // 0 <-> 1 call each other; 2 calls 0 (a later level); 3 and 4 <-> 5 <-> 6 are one level's
        List<AnalysisOrder.Shape> shapes = List.of(
                shape("void *a_alloc(size_t n) { return b_alloc(n); }\n", false),
                shape("void *b_alloc(size_t n) { if (n > 4) return a_alloc(n); return vmalloc(n); }\n", false),
                shape("int c(void) { vfree(a_alloc(1)); return 0; }\n", false),
                shape("void *d_alloc(size_t n) { return vmalloc(n); }\n", false),
                shape("void *e_alloc(size_t n) { return g_alloc(n) ?: vmalloc(n); }\n", false),
                shape("void *f_alloc(size_t n) { return e_alloc(n); }\n", false),
                shape("void *g_alloc(size_t n) { return f_alloc(n); }\n", false));
        List<AnalysisOrder.Level> plan = AnalysisOrder.plan(shapes,
                new int[][] {calls("a_alloc", "b_alloc"), calls("b_alloc", "a_alloc", "vmalloc"),
                        calls("c", "vfree", "a_alloc"), calls("d_alloc", "vmalloc"),
                        calls("e_alloc", "g_alloc", "vmalloc"), calls("f_alloc", "e_alloc"),
                        calls("g_alloc", "f_alloc")}, TABLE);
        assertEquals(List.of(
                new AnalysisOrder.Level(List.of(0, 1, 3, 4, 5, 6), List.of(List.of(0, 1), List.of(4, 5, 6))),
                new AnalysisOrder.Level(List.of(2), List.of())), plan);
    }

    /** a.c's helper and b.c's helper return vmalloc memory through each other; each file kfree()s the other's. */
    private void twoFileCycle() throws IOException {
        Files.writeString(dir.resolve("a.c"), """
                #include <linux/slab.h>
                #include <linux/vmalloc.h>

                void *a_alloc(size_t n)
                {
                	if (n > 64)
                		return b_alloc(n);
                	return vmalloc(n);
                }

                int a_user(size_t n)
                {
                	void *p = b_alloc(n);

                	if (!p)
                		return -ENOMEM;
                	kfree(p);
                	return 0;
                }
                """);
        Files.writeString(dir.resolve("b.c"), """
                #include <linux/slab.h>
                #include <linux/vmalloc.h>

                void *b_alloc(size_t n)
                {
                	if (n < 8)
                		return a_alloc(n);
                	return vzalloc(n);
                }

                int b_user(size_t n)
                {
                	void *p = a_alloc(n);

                	if (!p)
                		return -ENOMEM;
                	kfree(p);
                	return 0;
                }
                """);
    }

    private ScanResult scanCycle(boolean convergeCycles) {
        return new Scanner(org.kvlint.rules.RuleContext.standard(), convergeCycles)
                .scan(new ScanOptions(List.of(dir.toString()), 2, Optional.empty()));
    }

    private static List<String> found(ScanResult r) {
        return r.findings().stream().map(f -> Path.of(f.path()).getFileName() + ":" + f.span().startLine() + ":"
                + f.ruleId() + ":" + f.message()).toList();
    }

    @Test
    void aCycleOfFilesConvergesOnItsKeptItemsWithoutASecondParse() throws IOException {
        twoFileCycle();
        ScanResult reparsed = scanCycle(false);
        ScanResult kept = scanCycle(true);
        // the solve rounds alone read and parse both files again
        assertTrue(reparsed.tree().reanalysed() > 0, "the cycle needs a second analysis");
        assertEquals(0, reparsed.tree().cycleAnalyses());
        assertEquals(4, reparsed.tree().filesRead());
        assertEquals(0, kept.tree().reanalysed(), "no file is read or parsed twice");
        assertTrue(kept.tree().cycleAnalyses() > 0, "the members are analysed again on their kept items");
        assertEquals(2, kept.tree().filesRead());
        assertEquals(4, kept.tree().itemsParsed(), "each function parsed once");
        List<String> both = found(kept);
        assertTrue(both.stream().anyMatch(f -> f.startsWith("a.c:17:KV004")), "kfree() of b_alloc(): " + both);
        assertTrue(both.stream().anyMatch(f -> f.startsWith("b.c:17:KV004")), "kfree() of a_alloc(): " + both);
        assertEquals(found(reparsed), both, "the same findings as the scan that solved by re-parsing");
    }

    @Test
    void aHeaderExportsItsStaticInlinesAndFunctionLikeMacros() {
        AnalysisOrder.Shape h = shape("""
                static inline void *h_alloc(size_t n)
                {
                \treturn vmalloc(n);
                }
                #define H_FREE(p) vfree(p)
                #define H_LIMIT 4096
                """, true);
        assertEquals(2, h.names().length);
        assertTrue(h.exported()[0] && h.exported()[1]);
        assertEquals(CallScan.hash("H_FREE"), h.names()[1]);
    }

    @Test
    void aChainOfWrappersAcrossFilesIsParsedOncePerFile() throws IOException {
        // path order would analyse the caller first; every file calls a vmalloc-side name itself
        Files.writeString(dir.resolve("a_user.c"), """
                #include <linux/slab.h>
                #include <linux/vmalloc.h>

                int a_user(size_t n)
                {
                \tvoid *p = b_table_alloc(n);

                \tif (!p)
                \t\treturn -ENOMEM;
                \tkfree(p);
                \tvfree(NULL);
                \treturn 0;
                }
                """);
        Files.writeString(dir.resolve("b_mid.c"), """
                #include <linux/vmalloc.h>

                void *b_table_alloc(size_t n)
                {
                \tvfree(NULL);
                \treturn c_lib_alloc(n);
                }
                """);
        Files.writeString(dir.resolve("c_lib.c"), """
                #include <linux/vmalloc.h>

                void *c_lib_alloc(size_t n)
                {
                \treturn vzalloc(n);
                }
                """);
        ScanResult r = Scanner.standard().scan(new ScanOptions(List.of(dir.toString()), 2, Optional.empty()));
        List<String> found = r.findings().stream()
                .map(f -> Path.of(f.path()).getFileName() + ":" + f.span().startLine() + ":" + f.ruleId()).toList();
        assertTrue(found.contains("a_user.c:10:KV004"), "kfree() of vzalloc() memory through two wrappers: " + found);
        assertEquals(0, r.tree().reanalysed(), "no file is analysed twice");
        assertEquals(3, r.tree().filesRead());
    }

    @Test
    void aStaticHelperOfOneFileSelectsNothingInAnotherFileWithAFunctionOfThatName(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("a_own.c"), """
                #include <linux/slab.h>
                #include <linux/vmalloc.h>

                static void *get_area(size_t n)
                {
                \treturn vzalloc(n);
                }

                int a_use(size_t n)
                {
                \tvoid *p = get_area(n);

                \tif (!p)
                \t\treturn -ENOMEM;
                \tkfree(p);
                \treturn 0;
                }
                """);
        Files.writeString(dir.resolve("b_other.c"), """
                #include <linux/vmalloc.h>

                static int get_area(int x)
                {
                \treturn x + 1;
                }

                int b_calc(int x)
                {
                \treturn get_area(x);
                }

                void b_free(void *q)
                {
                \tvfree(q);
                }
                """);
        ScanResult r = Scanner.standard().scan(new ScanOptions(List.of(dir.toString()), 2, Optional.empty()));
        List<String> found = r.findings().stream()
                .map(f -> Path.of(f.path()).getFileName() + ":" + f.span().startLine() + ":" + f.ruleId()).toList();
        assertTrue(found.contains("a_own.c:15:KV004"), "kfree() of the static helper's vzalloc() memory: " + found);
        // a_own.c: the helper and its caller; b_other.c: only b_free(), which calls vfree()
        assertEquals(3, r.tree().itemsParsed(), "b_other.c's own get_area() is no helper of a_own.c");
        assertEquals(0, r.tree().reanalysed());
    }

    @Test
    void aFileAHelperFoundInTheSolveRoundsMakesStaleIsAnalysedAgainOnItsKeptItems(@TempDir Path dir)
            throws IOException {
        // a_user.c matters (vfree) and calls b_mid.c's helper; b_mid.c has no allocator call of its
        // own, so it matters only once c_lib.c's wrapper is known: its first analysis is in the
        // solve rounds, and it makes a_user.c's selection grow after a_user.c was analysed
        Files.writeString(dir.resolve("a_user.c"), """
                #include <linux/slab.h>
                #include <linux/vmalloc.h>

                int a_use(size_t n)
                {
                \tvoid *p = b_table_get(n);

                \tif (!p)
                \t\treturn -ENOMEM;
                \tkfree(p);
                \tvfree(NULL);
                \treturn 0;
                }
                """);
        Files.writeString(dir.resolve("b_mid.c"), """
                void *b_table_get(size_t n)
                {
                \treturn c_lib_alloc(n);
                }
                """);
        Files.writeString(dir.resolve("c_lib.c"), """
                #include <linux/vmalloc.h>

                void *c_lib_alloc(size_t n)
                {
                \treturn vzalloc(n);
                }
                """);
        ScanResult reparsed = new Scanner(org.kvlint.rules.RuleContext.standard(), false)
                .scan(new ScanOptions(List.of(dir.toString()), 2, Optional.empty()));
        ScanResult kept = Scanner.standard().scan(new ScanOptions(List.of(dir.toString()), 2, Optional.empty()));
        List<String> found = kept.findings().stream()
                .map(f -> Path.of(f.path()).getFileName() + ":" + f.span().startLine() + ":" + f.ruleId()).toList();
        assertTrue(found.contains("a_user.c:10:KV004"), "kfree() of vzalloc() memory through two wrappers: " + found);
        assertEquals(reparsed.findings().size(), kept.findings().size());
        assertTrue(reparsed.tree().reanalysed() > 0, "a_user.c is analysed before b_mid.c's helper is known");
        assertEquals(0, kept.tree().reanalysed(), "no file is parsed twice");
    }
}
