package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.rules.Finding;

/**
 * The two-pass engine: a helper in one file that may return vmalloc memory taints the callers in
 * another file, even one without any allocator name (found through the pass-1 summaries);
 * same-named static helpers of different files do not mix; a kvfree-like helper is a right free.
 */
class TreeWideWrapperTest {
    @TempDir
    Path dir;

    private List<String> scan() {
        ScanResult r = Scanner.standard().scan(new ScanOptions(List.of(dir.toString()), 2, Optional.empty()));
        return r.findings().stream().map(f -> Path.of(f.path()).getFileName() + ":" + f.span().startLine() + ":"
                + f.ruleId()).toList();
    }

    @Test
    void aWrapperInOneFileTaintsCallersInAnother() throws IOException {
        Files.writeString(dir.resolve("lib.c"), """
                #include <linux/slab.h>
                #include <linux/vmalloc.h>

                void *lib_table_alloc(size_t n)
                {
                \treturn kvzalloc(n, GFP_KERNEL);
                }

                void lib_table_free(void *t)
                {
                \tif (is_vmalloc_addr(t))
                \t\tvfree(t);
                \telse
                \t\tkfree(t);
                }

                static void *get_buf(size_t n)
                {
                \treturn vmalloc(n);
                }

                void lib_put(void *p)
                {
                \tkfree(p);
                }
                """);
        // no vmalloc/kvmalloc name at all: kept for pass 2 only because it calls lib_table_alloc()
        Files.writeString(dir.resolve("user.c"), """
                #include <linux/slab.h>
                #include "lib.h"

                struct user { void *tbl; void *other; };

                static void *get_buf(size_t n)
                {
                \treturn kmalloc(n, GFP_KERNEL);
                }

                int user_init(struct user *u, size_t n)
                {
                \tu->tbl = lib_table_alloc(n);
                \tif (!u->tbl)
                \t\treturn -ENOMEM;
                \tu->other = get_buf(n);
                \treturn 0;
                }

                void user_exit(struct user *u)
                {
                \tkfree(u->tbl);
                \tkfree(u->other);
                }

                void user_exit_right(struct user *u)
                {
                \tlib_table_free(u->tbl);
                }

                void user_exit_put(struct user *u)
                {
                \tlib_put(u->tbl);
                }
                """);
        List<String> found = scan();
        assertTrue(found.contains("user.c:22:KV004"), found.toString()); // kfree(u->tbl)
        assertTrue(found.contains("user.c:33:KV004"), found.toString()); // lib_put() frees like kfree()
        assertTrue(found.stream().noneMatch(f -> f.startsWith("user.c:23")), "get_buf() of user.c is its own static kmalloc helper");
        assertTrue(found.stream().noneMatch(f -> f.startsWith("user.c:28")), "lib_table_free() is an open-coded kvfree()");
        assertEquals(List.of("lib.c:11:KV003", "user.c:22:KV004", "user.c:33:KV004"), found);
    }

    @Test
    void theMessageNamesTheWrapperAndWhereItAllocates() throws IOException {
        Files.writeString(dir.resolve("a.c"), "void *a_alloc(size_t n) { return vmalloc(n); }\n");
        Files.writeString(dir.resolve("b.c"), """
                void b(size_t n)
                {
                \tchar *p = a_alloc(n);
                \tkfree(p);
                }
                """);
        ScanResult r = Scanner.standard().scan(new ScanOptions(List.of(dir.toString()), 1, Optional.empty()));
        Finding f = r.findings().getFirst();
        assertEquals("KV004", f.ruleId());
        assertTrue(f.message().startsWith("memory from a_alloc() at line 3 is freed with kfree(); a_alloc() may return"
                + " vmalloc memory (vmalloc() at line 1 in "), f.message());
        assertEquals(3, f.related().getFirst().span().startLine());
        assertEquals("vfree", fixedName(f)); // a_alloc() returns vmalloc memory only
        assertEquals("kvfree", f.fixes().get(1).edits().getFirst().replacement());
    }

    @Test
    void aFileWithoutAnyAllocatorTokenIsFoundByTheWrapperItCalls() throws IOException {
        // pass 1 keeps nothing of c.c (no allocator token): pass 2 must still look it over for c_get
        Files.writeString(dir.resolve("a.c"), "void *c_get(size_t n) { return kvmalloc(n, GFP_KERNEL); }\n");
        Files.writeString(dir.resolve("c.c"), """
                int c_use(size_t n)
                {
                \tchar *p = c_get(n);
                \tkfree(p);
                \treturn 0;
                }
                """);
        assertEquals(List.of("c.c:4:KV004"), scan());
    }

    @Test
    void aWrapperNameOnlyInACommentOrInsideALongerNameFindsNothing() throws IOException {
        // the word search may keep such a file for parsing; it must not crash or report anything
        Files.writeString(dir.resolve("a.c"), "void *c_get(size_t n) { return vmalloc(n); }\n");
        Files.writeString(dir.resolve("d.c"), """
                /* unlike c_get(), this one uses kmalloc */
                void *c_get_small(size_t n) { return kmalloc(n, GFP_KERNEL); }
                void d(size_t n)
                {
                \tchar *p = c_get_small(n);
                \tkfree(p);
                \tkfree(my_c_get(n));
                }
                """);
        assertEquals(List.of(), scan());
    }

    private static String fixedName(Finding f) {
        return f.fixes().getFirst().edits().getFirst().replacement();
    }
}
