package org.kvlint.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.source.InputFile;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.SourceText;

/** Tree-wide merging of function summaries: linkage, wrappers of wrappers, ambiguity. */
class WrapperSummariesTest {
    private static List<FunctionSummary> summaries(String path, String code) {
        SourceText text = new SourceText(code.getBytes(StandardCharsets.UTF_8));
        try (CParser p = new CParser()) {
            return FileFacts.extract(new InputFile(Path.of(path), path), text, p.parseFully(text), KernelVersion.DEFAULT,
                    AllocatorApi.standard()).pointers().summaries();
        }
    }

    private static WrapperSummaries build(String... pathsAndCode) {
        List<FunctionSummary> all = new ArrayList<>();
        for (int i = 0; i < pathsAndCode.length; i += 2) {
            all.addAll(summaries(pathsAndCode[i], pathsAndCode[i + 1]));
        }
        return WrapperSummaries.build(all, AllocatorApi.standard(), KernelVersion.DEFAULT);
    }

    /**
     * A function returning what one of several wrappers returns names the same one in its evidence
     * in every run: the first by name. (The callees were a {@code Set.copyOf}, whose order is
     * salted anew in every JVM: which evidence won changed between runs, and a scan after an edit
     * saw its untouched callers' answers change.)
     */
    @Test
    void evidenceThroughSeveralWrappersNamesTheSameOneInEveryRun() {
        List<String> names = List.of("w_h", "w_c", "w_f", "w_a", "w_g", "w_b", "w_e", "w_d");
        StringBuilder lib = new StringBuilder();
        StringBuilder pick = new StringBuilder("void *pick(int k, size_t n)\n{\n");
        for (int i = 0; i < names.size(); i++) {
            lib.append("void *").append(names.get(i)).append("(size_t n)\n{\n\treturn vmalloc(n + ").append(i)
                    .append(");\n}\n");
            pick.append("\tif (k == ").append(i).append(")\n\t\treturn ").append(names.get(i)).append("(n);\n");
        }
        pick.append("\treturn NULL;\n}\n");
        List<FunctionSummary> own = summaries("drivers/pick.c", pick.toString());
        assertEquals(List.of("w_a", "w_b", "w_c", "w_d", "w_e", "w_f", "w_g", "w_h"),
                List.copyOf(own.getFirst().returnsFrom()), "callees in a fixed order");
        WrapperSummaries w = build("lib/w.c", lib.toString(), "drivers/pick.c", pick.toString());
        WrapperSummaries.Returns r = w.returns("pick", "drivers/other.c").orElseThrow();
        assertEquals(EnumSet.of(Family.VMALLOC), r.families());
        assertEquals("w_a() (vmalloc() at line " + (3 + 4 * names.indexOf("w_a")) + ")", r.evidence().get(Family.VMALLOC));
    }

    @Test
    void staticHelpersOfTheSameNameNeverMix() {
        WrapperSummaries w = build(
                "a.c", "static void *get_buf(size_t n) { return vmalloc(n); }",
                "b.c", "static void *get_buf(size_t n) { return kmalloc(n, GFP_KERNEL); }",
                "c.c", "void user(void) { }");
        assertEquals(EnumSet.of(Family.VMALLOC), w.returns("get_buf", "a.c").orElseThrow().families());
        assertEquals(EnumSet.of(Family.KMALLOC), w.returns("get_buf", "b.c").orElseThrow().families());
        assertTrue(w.returns("get_buf", "c.c").isEmpty(), "not visible from c.c");
        assertTrue(w.taintingNames().isEmpty());
    }

    @Test
    void globalWrappersOfWrappersResolveAcrossFiles() {
        WrapperSummaries w = build(
                "lib/alloc.c", """
                        void *lib_alloc(size_t n)
                        {
                        \tvoid *p = kmalloc(n, GFP_KERNEL | __GFP_NOWARN);
                        \tif (!p)
                        \t\tp = vmalloc(n);
                        \treturn p;
                        }
                        void lib_free(void *p)
                        {
                        \tkvfree(p);
                        }
                        """,
                "drv/a.c", """
                        void *drv_alloc(size_t n) { return lib_alloc(n * 2); }
                        void drv_put(void *p) { kfree(p); }
                        void drv_release(void *p) { drv_put(p); }
                        """);
        WrapperSummaries.Returns r = w.returns("drv_alloc", "other.c").orElseThrow();
        assertEquals(EnumSet.of(Family.KMALLOC, Family.VMALLOC), r.families());
        assertTrue(r.mayBeVmalloc());
        assertEquals(List.of("drv_alloc", "lib_alloc"), w.taintingNames().stream().sorted().toList());
        assertEquals(WrapperSummaries.FreeKind.KVFREE_LIKE, w.frees("lib_free", "x.c", 0).orElseThrow().kind());
        assertEquals(WrapperSummaries.FreeKind.KFREE_LIKE, w.frees("drv_release", "x.c", 0).orElseThrow().kind());
    }

    @Test
    void aNameDefinedDifferentlyInTwoFilesIsAmbiguous() {
        WrapperSummaries w = build(
                "arch/x/a.c", "void *plat_alloc(size_t n) { return vmalloc(n); }",
                "arch/y/a.c", "void *plat_alloc(size_t n) { return kmalloc(n, GFP_KERNEL); }",
                "arch/z/a.c", "void plat_same(void *p) { kfree(p); }",
                "arch/w/a.c", "void plat_same(void *p) { kfree(p); }");
        assertTrue(w.returns("plat_alloc", "drv.c").isEmpty());
        assertEquals(WrapperSummaries.FreeKind.KFREE_LIKE, w.frees("plat_same", "drv.c", 0).orElseThrow().kind());
    }

    @Test
    void headerStaticInlineHelpersAreVisibleEverywhere() {
        WrapperSummaries w = build("include/linux/foo.h",
                "static inline void *foo_table_alloc(size_t n) { return kvzalloc(n, GFP_KERNEL); }");
        assertEquals(EnumSet.of(Family.KV), w.returns("foo_table_alloc", "drivers/foo.c").orElseThrow().families());
        assertEquals(List.of("foo_table_alloc"), List.copyOf(w.taintingNames()));
    }
}
