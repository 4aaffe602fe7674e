package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.facts.KernelVersion;
import org.kvlint.fix.text.KernelLayout;
import org.kvlint.rules.Fix;

/**
 * The KV001 rewrite through the whole fix pipeline (full parse, plan, apply, re-parse): the
 * exact kernel idiom, every free converted with it, and what makes it UNSAFE or display-only.
 */
class OpenCodedFallbackFixTest {
    private static final FixOptions KV001 = new FixOptions(Set.of("KV001"), false);
    private static final FixOptions KV001_UNSAFE = new FixOptions(Set.of("KV001"), true);

    @TempDir
    Path dir;

    private FileOutcome run(String code, KernelVersion kernel, FixOptions options) throws IOException {
        return FixTesting.fixText(dir, "t.c", code, kernel, options);
    }

    private String fixed(String code) throws IOException {
        FileOutcome o = run(code, KernelVersion.DEFAULT, KV001);
        assertTrue(o.skipped().isEmpty(), () -> "skipped: " + o.skipped().stream().map(Decision.Skipped::message).toList());
        return FixTesting.after(o);
    }

    private Fix fixOf(String code, KernelVersion kernel) throws IOException {
        FileOutcome o = run(code, kernel, KV001);
        Decision d = FixTesting.first(o, "KV001").orElseThrow();
        assertFalse(d.finding().fixes().isEmpty(), "no fix at all");
        return d.finding().fixes().getFirst();
    }

    @Test
    void fieldFreedInOtherFunctionsIsConvertedWithItsFrees() throws IOException {
        String code = """
                struct foo_priv {
                \tvoid *buf;
                };

                static int foo_probe(struct foo_priv *priv, size_t size)
                {
                \tpriv->buf = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
                \tif (!priv->buf)
                \t\tpriv->buf = vmalloc(size);
                \tif (!priv->buf)
                \t\treturn -ENOMEM;
                \treturn 0;
                }

                static void foo_remove(struct foo_priv *priv)
                {
                \tif (is_vmalloc_addr(priv->buf))
                \t\tvfree(priv->buf);
                \telse
                \t\tkfree(priv->buf);
                }

                static void foo_reset(struct foo_priv *priv)
                {
                \tkfree(priv->buf);
                \tpriv->buf = NULL;
                }
                """;
        assertEquals("""
                struct foo_priv {
                \tvoid *buf;
                };

                static int foo_probe(struct foo_priv *priv, size_t size)
                {
                \tpriv->buf = kvmalloc(size, GFP_KERNEL);
                \tif (!priv->buf)
                \t\treturn -ENOMEM;
                \treturn 0;
                }

                static void foo_remove(struct foo_priv *priv)
                {
                \tkvfree(priv->buf);
                }

                static void foo_reset(struct foo_priv *priv)
                {
                \tkvfree(priv->buf);
                \tpriv->buf = NULL;
                }
                """, fixed(code));
    }

    @Test
    void sizeSelectedFreeOfAStaticBecomesKvfree() throws IOException {
        String code = """
                static void *tbl;

                static int setup(size_t n)
                {
                \ttbl = kzalloc(n, GFP_KERNEL);
                \tif (!tbl)
                \t\ttbl = vzalloc(n);
                \treturn tbl ? 0 : -ENOMEM;
                }

                static void teardown(size_t n)
                {
                \tif (n > PAGE_SIZE)
                \t\tvfree(tbl);
                \telse
                \t\tkfree(tbl);
                \ttbl = is_vmalloc_addr(tbl) ? NULL : tbl;
                }
                """;
        String out = fixed(code);
        assertTrue(out.contains("\ttbl = kvzalloc(n, GFP_KERNEL);\n\treturn tbl ? 0 : -ENOMEM;\n"), out);
        assertTrue(out.contains("{\n\tkvfree(tbl);\n\ttbl = is_vmalloc_addr"), out);
    }

    @Test
    void localFreedInTheSameFunctionWithAnOpenCodedKvfree() throws IOException {
        String code = """
                static int g(const void __user *src, size_t n)
                {
                \tchar *buf;
                \tint ret;

                \tbuf = kmalloc(n, GFP_KERNEL);
                \tif (!buf)
                \t\tbuf = vmalloc(n);
                \tif (!buf)
                \t\treturn -ENOMEM;
                \tret = copy_from_user(buf, src, n) ? -EFAULT : 0;
                \tis_vmalloc_addr(buf) ? vfree(buf) : kfree(buf);
                \treturn ret;
                }
                """;
        assertEquals("""
                static int g(const void __user *src, size_t n)
                {
                \tchar *buf;
                \tint ret;

                \tbuf = kvmalloc(n, GFP_KERNEL);
                \tif (!buf)
                \t\treturn -ENOMEM;
                \tret = copy_from_user(buf, src, n) ? -EFAULT : 0;
                \tkvfree(buf);
                \treturn ret;
                }
                """, fixed(code));
    }

    @Test
    void conditionInAssignmentWithANestedNullTestKeepsTheTestOneLevelOut() throws IOException {
        String code = """
                static int h(size_t size)
                {
                \tvoid *p;
                \tint err = 0;

                \tif (!(p = kmalloc(size, GFP_KERNEL))) {
                \t\t/* large tables do not fit */
                \t\tp = vmalloc(size);
                \t\tif (!p) {
                \t\t\terr = -ENOMEM;
                \t\t\tgoto out;
                \t\t}
                \t}
                \tmemset(p, 1, size);
                \tkvfree(p);
                out:
                \treturn err;
                }
                """;
        assertEquals("""
                static int h(size_t size)
                {
                \tvoid *p;
                \tint err = 0;

                \tp = kvmalloc(size, GFP_KERNEL);
                \t/* large tables do not fit */
                \tif (!p) {
                \t\terr = -ENOMEM;
                \t\tgoto out;
                \t}
                \tmemset(p, 1, size);
                \tkvfree(p);
                out:
                \treturn err;
                }
                """, fixed(code));
    }

    @Test
    void continuationLinesAlignedToTheParenthesisFollowTheLongerName() throws IOException {
        String code = """
                struct s { u32 *tbl; unsigned int nr; };

                static int k(struct s *priv)
                {
                \tpriv->tbl = kmalloc_array(priv->nr, sizeof(*priv->tbl),
                \t\t\t\t  GFP_KERNEL | __GFP_NOWARN);
                \tif (!priv->tbl)
                \t\tpriv->tbl = vmalloc(array_size(priv->nr, sizeof(*priv->tbl)));
                \treturn priv->tbl ? 0 : -ENOMEM;
                }
                """;
        String out = fixed(code);
        assertTrue(out.contains("\tpriv->tbl = kvmalloc_array(priv->nr, sizeof(*priv->tbl),\n\t\t\t\t   GFP_KERNEL);\n"
                + "\treturn"), out);
    }

    @Test
    void aLineThatWouldGrowPastOneHundredColumnsIsWrappedAtTheParenthesis() throws IOException {
        String head = "\tpriv->";
        String tail = " = kmalloc(priv->number_of_entries * sizeof(struct foo_entry), GFP_KERNEL);";
        String field = "f".repeat(100 - KernelLayout.column(head + tail));
        String line = head + field + tail;
        assertEquals(100, KernelLayout.column(line));
        String code = "struct foo { void *" + field + "; int number_of_entries; };\n\n"
                + "static int w(struct foo *priv)\n{\n" + line + "\n\tif (!priv->" + field + ")\n\t\tpriv->" + field
                + " = vmalloc(priv->number_of_entries * sizeof(struct foo_entry));\n\treturn 0;\n}\n";
        String out = fixed(code);
        String first = "\tpriv->" + field + " = kvmalloc(priv->number_of_entries * sizeof(struct foo_entry),";
        String second = KernelLayout.indent(KernelLayout.column(first.substring(0, first.indexOf('(') + 1))) + "GFP_KERNEL);";
        assertTrue(out.contains(first + "\n" + second + "\n"), out);
        out.lines().forEach(l -> assertTrue(KernelLayout.column(l) <= 100, l));
    }

    @Test
    void crlfFilesKeepCrlfInMovedAndInsertedLines() throws IOException {
        String code = """
                struct foo { void *buf; };
                static int c(struct foo *f, size_t n)
                {
                \tif (!(f->buf = kzalloc(n, GFP_KERNEL))) {
                \t\tf->buf = vzalloc(n);
                \t\tif (!f->buf)
                \t\t\treturn -ENOMEM;
                \t}
                \treturn 0;
                }
                """.replace("\n", "\r\n");
        FileOutcome o = run(code, KernelVersion.DEFAULT, KV001);
        String out = new String(o.after(), StandardCharsets.UTF_8);
        assertEquals("""
                struct foo { void *buf; };
                static int c(struct foo *f, size_t n)
                {
                \tf->buf = kvzalloc(n, GFP_KERNEL);
                \tif (!f->buf)
                \t\treturn -ENOMEM;
                \treturn 0;
                }
                """.replace("\n", "\r\n"), out);
    }

    @Test
    void nowarnStaysWhenTheVmallocSideWasSilentToo() throws IOException {
        String code = """
                static int q(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY);

                \tif (!p)
                \t\tp = __vmalloc(n, GFP_KERNEL | __GFP_NOWARN);
                \tif (!p)
                \t\treturn -ENOMEM;
                \tkvfree(p);
                \treturn 0;
                }
                """;
        assertTrue(fixed(code).contains("\tvoid *p = kvmalloc(n, GFP_KERNEL | __GFP_NOWARN);\n\n\tif (!p)\n\t\treturn -ENOMEM;"),
                fixed(code));
    }

    @Test
    void theHelperFollowsTheTargetKernel() throws IOException {
        String code = """
                static int z(size_t n)
                {
                \tu32 *t = kcalloc(n, sizeof(u32), GFP_KERNEL);

                \tif (!t)
                \t\tt = vzalloc(n * sizeof(u32));
                \tkvfree(t);
                \treturn 0;
                }
                """;
        assertTrue(fixed(code).contains("u32 *t = kvcalloc(n, sizeof(u32), GFP_KERNEL);"));
        FileOutcome old = run(code, new KernelVersion(4, 14, 0), KV001);
        assertTrue(FixTesting.after(old).contains("u32 *t = kvmalloc_array(n, sizeof(u32), GFP_KERNEL | __GFP_ZERO);"),
                FixTesting.after(old));
        FileOutcome ancient = run(code, new KernelVersion(4, 9, 0), KV001_UNSAFE);
        assertFalse(ancient.changed());
        assertTrue(FixTesting.first(ancient, "KV001").orElseThrow().finding().fixes().isEmpty());
    }

    @Test
    void callocNodeBeforeKvcallocNodeUsesArraySize() throws IOException {
        String code = """
                static int y(size_t n, int node)
                {
                \tu64 *t = kcalloc_node(n, sizeof(u64), GFP_KERNEL, node);

                \tif (!t)
                \t\tt = vzalloc_node(array_size(n, sizeof(u64)), node);
                \tkvfree(t);
                \treturn 0;
                }
                """;
        assertTrue(fixed(code).contains("u64 *t = kvzalloc_node(array_size(n, sizeof(u64)), GFP_KERNEL, node);"),
                fixed(code));
    }

    @Test
    void nofsBefore517IsShownButNeverApplied() throws IOException {
        String code = """
                static int x(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_NOFS);

                \tif (!p)
                \t\tp = __vmalloc(n, GFP_NOFS);
                \tkvfree(p);
                \treturn 0;
                }
                """;
        Fix f = fixOf(code, new KernelVersion(5, 10, 0));
        assertEquals(Fix.Applicability.DISPLAY_ONLY, f.applicability());
        assertTrue(f.reason().contains("only from 5.17"), f.reason());
        assertFalse(run(code, new KernelVersion(5, 10, 0), KV001_UNSAFE).changed());
        assertEquals(Fix.Applicability.SAFE, fixOf(code, KernelVersion.DEFAULT).applicability());
    }

    @Test
    void escapesWithoutATreeAreNotedNotBlocking() throws IOException {
        String passed = """
                static int e(struct dev *d, size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL);

                \tif (!p)
                \t\tp = vmalloc(n);
                \tif (!p)
                \t\treturn -ENOMEM;
                \tdev_register_buffer(d, p);
                \treturn 0;
                }
                """;
        // no kernel tree: the escape cannot be checked, and the fallback keeps the allocator families
        Fix f = fixOf(passed, KernelVersion.DEFAULT);
        assertEquals(Fix.Applicability.SAFE, f.applicability(), f.reason());
        assertTrue(f.note().startsWith("not checked (no kernel tree around the file"), f.note());
        assertTrue(f.note().contains("passed to dev_register_buffer() at t.c:9"), f.note());

        String copied = passed.replace("dev_register_buffer(d, p);", "d->priv = p;");
        // a copy is followed: here into a struct that other files may free from
        assertTrue(fixOf(copied, KernelVersion.DEFAULT).note().contains(
                "struct dev is defined outside this file: other files may free '->priv'"), fixOf(copied, KernelVersion.DEFAULT).note());

        String returned = passed.replace("dev_register_buffer(d, p);\n\treturn 0;", "return p ? 0 : 1;\n\treturn p;")
                .replace("static int e", "static void *e");
        // a static function is answered in its own file, tree or not: no caller there, nothing to note
        Fix ret = fixOf(returned, KernelVersion.DEFAULT);
        assertEquals(Fix.Applicability.SAFE, ret.applicability(), ret.reason());
        assertEquals("", ret.note());
        String exported = returned.replace("static void *e", "void *e");
        assertTrue(fixOf(exported, KernelVersion.DEFAULT).note().contains("by e(), which is not static"),
                fixOf(exported, KernelVersion.DEFAULT).note());

        assertTrue(run(passed, KernelVersion.DEFAULT, KV001).changed());

        // a wrong free in view is converted, or keeps the fix unsafe: the note never hides it
        String locked = passed.replace("dev_register_buffer(d, p);", "spin_lock(&d->lock);\n\tkfree(p);\n\tspin_unlock(&d->lock);");
        Fix l = fixOf(locked, KernelVersion.DEFAULT);
        assertEquals(Fix.Applicability.UNSAFE, l.applicability());
        assertTrue(l.reason().contains("runs after spin_lock()"), l.reason());
        assertFalse(run(locked, KernelVersion.DEFAULT, KV001).changed());
        assertTrue(run(locked, KernelVersion.DEFAULT, KV001_UNSAFE).changed());
    }

    @Test
    void aStructDefinedElsewhereMayBeFreedElsewhere() throws IOException {
        String code = """
                #include "foo.h"

                static int p(struct foo_priv *priv, size_t n)
                {
                \tpriv->buf = kmalloc(n, GFP_KERNEL);
                \tif (!priv->buf)
                \t\tpriv->buf = vmalloc(n);
                \treturn priv->buf ? 0 : -ENOMEM;
                }
                """;
        Fix f = fixOf(code, KernelVersion.DEFAULT);
        assertEquals(Fix.Applicability.SAFE, f.applicability());
        assertTrue(f.note().contains("struct foo_priv is defined outside this file"), f.note());
    }

    @Test
    void aKfreeUnderASpinlockWouldSleep() throws IOException {
        String code = """
                struct foo { void *buf; spinlock_t lock; };

                static int a(struct foo *f, size_t n)
                {
                \tf->buf = kmalloc(n, GFP_KERNEL);
                \tif (!f->buf)
                \t\tf->buf = vmalloc(n);
                \treturn f->buf ? 0 : -ENOMEM;
                }

                static void b(struct foo *f)
                {
                \tspin_lock(&f->lock);
                \tkfree(f->buf);
                \tspin_unlock(&f->lock);
                }
                """;
        Fix f = fixOf(code, KernelVersion.DEFAULT);
        assertEquals(Fix.Applicability.UNSAFE, f.applicability());
        assertTrue(f.reason().contains("line 14 runs after spin_lock()"), f.reason());
    }

    @Test
    void aBranchThatDoesMoreThanFallBackIsDisplayOnly() throws IOException {
        String code = """
                struct foo { void *buf; bool vmalloced; };

                static int v(struct foo *f, size_t n)
                {
                \tf->buf = kmalloc(n, GFP_KERNEL);
                \tif (!f->buf) {
                \t\tf->buf = vmalloc(n);
                \t\tf->vmalloced = true;
                \t}
                \treturn f->buf ? 0 : -ENOMEM;
                }
                """;
        Fix f = fixOf(code, KernelVersion.DEFAULT);
        assertEquals(Fix.Applicability.DISPLAY_ONLY, f.applicability());
        assertTrue(f.reason().contains("f->vmalloced = true;"), f.reason());
        assertFalse(run(code, KernelVersion.DEFAULT, KV001_UNSAFE).changed());
    }

    @Test
    void differentSizesAreUnsafe() throws IOException {
        String code = """
                static int d(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL);

                \tif (!p)
                \t\tp = vmalloc(PAGE_ALIGN(n));
                \tkvfree(p);
                \treturn 0;
                }
                """;
        Fix f = fixOf(code, KernelVersion.DEFAULT);
        assertEquals(Fix.Applicability.UNSAFE, f.applicability());
        assertTrue(f.reason().contains("'PAGE_ALIGN(n)' bytes, the first try 'n'"), f.reason());
    }

    @Test
    void atomicFirstTryHasNoFix() throws IOException {
        String code = """
                static int t(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_ATOMIC);

                \tif (!p)
                \t\tp = vmalloc(n);
                \tkvfree(p);
                \treturn 0;
                }
                """;
        FileOutcome o = run(code, KernelVersion.DEFAULT, KV001_UNSAFE);
        assertFalse(o.changed());
        Decision d = FixTesting.first(o, "KV001").orElseThrow();
        assertInstanceOf(Decision.Skipped.class, d);
        assertEquals(Decision.Why.NO_FIX, ((Decision.Skipped) d).why());
    }

    @Test
    void aSizeGuardedFirstTryBecomesOneCallAndTheBlankLineStaysSingle() throws IOException {
        String code = """
                static int s(size_t size)
                {
                \tvoid *p = NULL;

                \tif (size <= 4 * PAGE_SIZE)
                \t\tp = kmalloc(size, GFP_KERNEL);

                \tif (!p)
                \t\tp = vmalloc(size);

                \tif (!p)
                \t\treturn -ENOMEM;
                \tkvfree(p);
                \treturn 0;
                }
                """;
        assertEquals("""
                static int s(size_t size)
                {
                \tvoid *p = NULL;

                \tp = kvmalloc(size, GFP_KERNEL);

                \tif (!p)
                \t\treturn -ENOMEM;
                \tkvfree(p);
                \treturn 0;
                }
                """, fixed(code));
    }

    @Test
    void aRedundantMemsetAfterThePairGoesWithTheZeroingHelper() throws IOException {
        String code = """
                static int r(size_t size)
                {
                \tvoid *p = kmalloc(size, GFP_KERNEL);

                \tif (!p)
                \t\tp = vmalloc(size);
                \tif (!p)
                \t\treturn -ENOMEM;
                \tmemset(p, 0, size);
                \tkvfree(p);
                \treturn 0;
                }
                """;
        assertEquals("""
                static int r(size_t size)
                {
                \tvoid *p = kvzalloc(size, GFP_KERNEL);

                \tif (!p)
                \t\treturn -ENOMEM;
                \tkvfree(p);
                \treturn 0;
                }
                """, fixed(code));
    }

    @Test
    void theMemoryIsFollowedThroughStaticHelpersTheirCallersAndParameters() throws IOException {
        String code = """
                struct foo { void *buf; };

                static void *foo_alloc(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL);

                \tif (!p)
                \t\tp = vmalloc(n);
                \treturn p;
                }

                static void foo_fill(void *b, size_t n)
                {
                \tmemset(b, 0xff, n);
                }

                static void foo_drop(void *b)
                {
                \tkfree(b);
                }

                static int foo_init(struct foo *f, size_t n)
                {
                \tf->buf = foo_alloc(n);
                \tif (!f->buf)
                \t\treturn -ENOMEM;
                \tfoo_fill(f->buf, n);
                \treturn 0;
                }

                static void foo_exit(struct foo *f)
                {
                \tfoo_drop(f->buf);
                }
                """;
        String out = fixed(code);
        assertTrue(out.contains("\tvoid *p = kvmalloc(n, GFP_KERNEL);\n\n\treturn p;\n"), out);
        assertTrue(out.contains("static void foo_drop(void *b)\n{\n\tkvfree(b);\n}"), out);

        String exported = code.replace("static void *foo_alloc", "void *foo_alloc");
        assertTrue(fixOf(exported, KernelVersion.DEFAULT).note().contains("by foo_alloc(), which is not static"));
        String pointer = code + "\nstatic const struct foo_ops ops = { .alloc = foo_alloc };\n";
        // the callers of a static function are in its file: the pointer use is found there, and noted
        assertTrue(fixOf(pointer, KernelVersion.DEFAULT).note().contains("foo_alloc() is used as a function pointer at t.c:"),
                fixOf(pointer, KernelVersion.DEFAULT).note());
    }

    @Test
    void aUseBetweenTheFirstTryAndTheFallbackIsUnsafe() throws IOException {
        String code = """
                static int u(size_t n)
                {
                \tchar *p = kmalloc(n, GFP_KERNEL);

                \tif (p)
                \t\tp[0] = 0;
                \tif (!p)
                \t\tp = vmalloc(n);
                \tkvfree(p);
                \treturn 0;
                }
                """;
        Fix f = fixOf(code, KernelVersion.DEFAULT);
        assertEquals(Fix.Applicability.UNSAFE, f.applicability());
        assertTrue(f.reason().contains("'p' is used at line 5, between the first try and the fallback"), f.reason());
    }
}
