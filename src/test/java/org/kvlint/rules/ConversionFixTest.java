package org.kvlint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.Scanner;
import org.kvlint.facts.KernelVersion;

/**
 * The Fix data of KV002, KV006-KV009: the edits applied to small inputs give the expected text,
 * with the expected applicability. (Golden .fixed files belong to the fix package.)
 */
class ConversionFixTest {
    private static final Scanner SCANNER = Scanner.standard();

    @TempDir
    Path dir;

    private List<Finding> scan(String relative, String code, String kernel) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, code, StandardCharsets.UTF_8);
        return SCANNER.scan(new ScanOptions(List.of(file.toString()), 1,
                Optional.ofNullable(kernel).map(KernelVersion::parse))).findings();
    }

    private List<Finding> scan(String code) throws IOException {
        return scan("drivers/foo/foo.c", code, null);
    }

    private static Finding only(List<Finding> findings, String rule) {
        List<Finding> of = findings.stream().filter(f -> f.ruleId().equals(rule)).toList();
        assertEquals(1, of.size(), () -> rule + " findings: " + findings);
        return of.getFirst();
    }

    private static String apply(String code, Fix fix) {
        byte[] bytes = code.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Fix.TextEdit e : fix.edits().stream().sorted(Comparator.comparingInt(Fix.TextEdit::startByte)).toList()) {
            assertTrue(e.startByte() >= at, "overlapping edits in " + fix);
            out.append(new String(bytes, at, e.startByte() - at, StandardCharsets.UTF_8)).append(e.replacement());
            at = e.endByte();
        }
        out.append(new String(bytes, at, bytes.length - at, StandardCharsets.UTF_8));
        return out.toString();
    }

    @Test
    void thresholdIfElseBecomesOneCallAndIsSafeWhenEveryFreeIsKvfree() throws IOException {
        String code = """
                static int foo_init(struct foo *s, size_t size)
                {
                \tif (size > PAGE_SIZE)
                \t\ts->buf = vmalloc(size);
                \telse
                \t\ts->buf = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
                \treturn s->buf ? 0 : -ENOMEM;
                }

                static void foo_exit(struct foo *s)
                {
                \tkvfree(s->buf);
                }
                """;
        Finding f = only(scan(code), "KV002");
        assertEquals(1, f.fixes().size());
        Fix fix = f.fixes().getFirst();
        assertEquals(Fix.Applicability.SAFE, fix.applicability(), fix.reason());
        assertEquals(code.replace("""
                \tif (size > PAGE_SIZE)
                \t\ts->buf = vmalloc(size);
                \telse
                \t\ts->buf = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
                """, "\ts->buf = kvmalloc(size, GFP_KERNEL);\n"), apply(code, fix));
    }

    @Test
    void thresholdWithSizeBasedFreeIsUnsafe() throws IOException {
        String code = """
                static int foo_init(struct foo *s, size_t size)
                {
                \tif (size > PAGE_SIZE)
                \t\ts->buf = vzalloc(size);
                \telse
                \t\ts->buf = kzalloc(size, GFP_KERNEL);
                \treturn s->buf ? 0 : -ENOMEM;
                }

                static void foo_exit(struct foo *s, size_t size)
                {
                \tif (size > PAGE_SIZE)
                \t\tvfree(s->buf);
                \telse
                \t\tkvfree(s->buf);
                }
                """;
        Fix fix = only(scan(code), "KV002").fixes().getFirst();
        assertEquals(Fix.Applicability.UNSAFE, fix.applicability());
        assertTrue(fix.reason().contains("vfree() at line 13"), fix.reason());
        assertTrue(apply(code, fix).contains("\ts->buf = kvzalloc(size, GFP_KERNEL);\n\treturn"), apply(code, fix));
    }

    @Test
    void thresholdReturnFormsAreRewrittenButUnsafe() throws IOException {
        String code = """
                static void *foo_alloc(size_t size)
                {
                \tif (size > PAGE_SIZE)
                \t\treturn vmalloc(size);
                \treturn kmalloc(size, GFP_KERNEL | __GFP_NORETRY);
                }

                static void *foo_alloc2(size_t n)
                {
                \treturn n > PAGE_SIZE ? vzalloc(n) : kzalloc(n, GFP_KERNEL);
                }
                """;
        List<Finding> kv002 = scan(code).stream().filter(f -> f.ruleId().equals("KV002")).toList();
        assertEquals(2, kv002.size(), kv002::toString);
        Fix first = kv002.get(0).fixes().getFirst();
        Fix second = kv002.get(1).fixes().getFirst();
        assertEquals(Fix.Applicability.UNSAFE, first.applicability());
        assertTrue(first.reason().contains("returned"), first.reason());
        String fixed = apply(apply(code, second), first);
        assertTrue(fixed.contains("{\n\treturn kvmalloc(size, GFP_KERNEL);\n}"), fixed);
        assertTrue(fixed.contains("\treturn kvzalloc(n, GFP_KERNEL);\n"), fixed);
    }

    @Test
    void thresholdCommentsMoveBehindTheNewStatement() throws IOException {
        String code = """
                static void *foo_alloc(size_t size)
                {
                	void *p;

                	if (size > PAGE_SIZE) /* large tables */
                		p = vmalloc(size);
                	else
                		p = kmalloc(size, GFP_KERNEL); // small ones
                	return p;
                }
                """;
        Fix fix = only(scan(code), "KV002").fixes().getFirst();
        assertTrue(apply(code, fix).contains("\tp = kvmalloc(size, GFP_KERNEL); /* large tables */ // small ones\n"
                + "\treturn p;"), apply(code, fix));
    }

    @Test
    void thresholdOnATreeWithoutKvmallocHasNoFix() throws IOException {
        String code = """
                static void *foo_alloc(size_t size)
                {
                \treturn size > PAGE_SIZE ? vmalloc(size) : kmalloc(size, GFP_KERNEL);
                }
                """;
        Finding f = only(scan("drivers/foo/foo.c", code, "4.9"), "KV002");
        assertTrue(f.fixes().isEmpty());
        assertTrue(f.message().contains("4.12+; this tree is 4.9"), f.message());
    }

    @Test
    void allocatorInternalsAreNotReported() throws IOException {
        String code = """
                static void *area_pages(size_t array_size, gfp_t nested_gfp, int node)
                {
                \tvoid *pages;

                \tif (array_size > PAGE_SIZE)
                \t\tpages = __vmalloc_node(array_size, 1, nested_gfp, node, NULL);
                \telse
                \t\tpages = kmalloc_node(array_size, nested_gfp, node);
                \treturn pages;
                }
                """;
        Files.createDirectories(dir.resolve("linux/init"));
        Files.createDirectories(dir.resolve("linux/kernel"));
        Files.createDirectories(dir.resolve("linux/arch/x86"));
        Files.writeString(dir.resolve("linux/Kbuild"), "# kernel tree root\n");
        Files.writeString(dir.resolve("linux/arch/x86/Kbuild"), "# an arch has a Kbuild too\n");
        assertTrue(scan("linux/mm/vmalloc.c", code, null).stream().noneMatch(f -> f.ruleId().equals("KV002")));
        // arch/<arch>/mm/ holds ordinary allocator users too (arm's dma-mapping.c page arrays)
        assertEquals(1, scan("linux/arch/x86/mm/pgtable.c", code, null).stream()
                .filter(f -> f.ruleId().equals("KV002")).count());
        assertEquals(1, scan("linux/drivers/foo/foo.c", code, null).stream()
                .filter(f -> f.ruleId().equals("KV002")).count());
        assertEquals(1, scan("src/mm/driver.c", code, null).stream() // an "mm" directory outside a kernel tree
                .filter(f -> f.ruleId().equals("KV002")).count());
    }

    @Test
    void smallConstantKvmallocBecomesKmallocSafely() throws IOException {
        String code = """
                static int foo_init(struct foo *s)
                {
                \ts->regs = kvcalloc(16, sizeof(u32), GFP_KERNEL);
                \treturn s->regs ? 0 : -ENOMEM;
                }
                """;
        Fix fix = only(scan(code), "KV007").fixes().getFirst();
        assertEquals(Fix.Applicability.SAFE, fix.applicability());
        assertEquals(code.replace("kvcalloc(", "kcalloc("), apply(code, fix));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "64; true", "PAGE_SIZE; true", "PAGE_SIZE / 2; true", "sizeof(u64) * 8; true", "SZ_4K; true",
        "0x1000; true", "4096UL; true", "(size_t)100; true", "1 << 12; true", "PAGE_SIZE >> 1; true",
        "4097; false", "8192; false", "2 * PAGE_SIZE; false", "PAGE_SIZE + 1; false", "sizeof(struct foo); false",
        "sizeof(*p); false", "FOO_SIZE; false", "n; false", "1024 * sizeof(long); false", "512 * sizeof(long); true", "SZ_8K; false",
        "64 - 128; false", "PAGE_SIZE << 1; false"})
    void constantSizes(String size, boolean reported) throws IOException {
        String code = "static void *foo(struct foo *p, size_t n)\n{\n\treturn kvmalloc(" + size + ", GFP_KERNEL);\n}\n";
        long found = scan(code).stream().filter(f -> f.ruleId().equals("KV007")).count();
        assertEquals(reported ? 1 : 0, found, size);
    }

    @Test
    void memsetAfterVmallocGoesAndTheCallZeroes() throws IOException {
        String code = """
                static void *foo_alloc(size_t size)
                {
                \tvoid *p = vmalloc(size);

                \tif (!p)
                \t\treturn NULL;
                \tmemset(p, 0, size);
                \treturn p;
                }
                """;
        Fix fix = only(scan(code), "KV009").fixes().getFirst();
        assertEquals(Fix.Applicability.SAFE, fix.applicability());
        assertEquals("""
                static void *foo_alloc(size_t size)
                {
                \tvoid *p = vzalloc(size);

                \tif (!p)
                \t\treturn NULL;
                \treturn p;
                }
                """, apply(code, fix));
    }

    @Test
    void guardedMemsetGoesWithItsGuardAndMasksGetGfpZero() throws IOException {
        String code = """
                static void *foo_alloc(size_t size)
                {
                \tvoid *p = __vmalloc(size, GFP_NOFS);

                \tif (p)
                \t\tmemset(p, 0, size);
                \treturn p;
                }
                """;
        Fix fix = only(scan(code), "KV009").fixes().getFirst();
        assertEquals("""
                static void *foo_alloc(size_t size)
                {
                \tvoid *p = __vmalloc(size, GFP_NOFS | __GFP_ZERO);

                \treturn p;
                }
                """, apply(code, fix));
    }

    @Test
    void kvcallocIsNotSuggestedBefore418() throws IOException {
        String code = """
                static u64 *foo_table(unsigned int n)
                {
                \tu64 *t = kvmalloc_array(n, sizeof(u64), GFP_KERNEL);

                \tif (!t)
                \t\treturn NULL;
                \tmemset(t, 0, n * sizeof(u64));
                \treturn t;
                }
                """;
        Finding old = only(scan("drivers/foo/foo.c", code, "4.14"), "KV009");
        assertTrue(apply(code, old.fixes().getFirst()).contains("kvmalloc_array(n, sizeof(u64), GFP_KERNEL | __GFP_ZERO)"));
        Finding now = only(scan("drivers/foo/foo2.c", code, "6.1"), "KV009");
        assertTrue(apply(code, now.fixes().getFirst()).contains("kvcalloc(n, sizeof(u64), GFP_KERNEL)"));
    }

    @Test
    void inconsistentZeroingByMemsetInTheFallbackBecomesKvzalloc() throws IOException {
        String code = """
                static int foo_init(struct foo *s, size_t size)
                {
                \ts->ring = kmalloc(size, GFP_KERNEL);
                \tif (!s->ring) {
                \t\ts->ring = vmalloc(size);
                \t\tif (s->ring)
                \t\t\tmemset(s->ring, 0, size);
                \t}
                \treturn s->ring ? 0 : -ENOMEM;
                }

                static void foo_exit(struct foo *s)
                {
                \tkvfree(s->ring);
                }
                """;
        Finding f = only(scan(code), "KV008");
        assertEquals(Level.WARNING, f.level());
        Fix fix = f.fixes().getFirst();
        assertEquals(Fix.Applicability.SAFE, fix.applicability(), fix.reason());
        assertEquals("""
                static int foo_init(struct foo *s, size_t size)
                {
                \ts->ring = kvzalloc(size, GFP_KERNEL);
                \treturn s->ring ? 0 : -ENOMEM;
                }

                static void foo_exit(struct foo *s)
                {
                \tkvfree(s->ring);
                }
                """, apply(code, fix));
    }

    @Test
    void zeroedFirstTryWithUnzeroedFallbackIsAnError() throws IOException {
        String code = """
                static void *foo_alloc(size_t size)
                {
                \tvoid *p = kzalloc(size, GFP_KERNEL);

                \tif (!p)
                \t\tp = vmalloc(size);
                \treturn p;
                }
                """;
        Finding f = only(scan(code), "KV008");
        assertEquals(Level.ERROR, f.level());
        assertEquals(6, f.span().startLine());
        assertEquals(3, f.related().getFirst().span().startLine());
    }

    @Test
    void atomicKvmallocHasNoFixAndPointsAtTheLock() throws IOException {
        String code = """
                static int foo_grow(struct foo *s, size_t size)
                {
                \tspin_lock(&s->lock);
                \ts->buf = kvmalloc(size, GFP_KERNEL);
                \tspin_unlock(&s->lock);
                \treturn 0;
                }
                """;
        Finding f = only(scan(code), "KV006");
        assertTrue(f.fixes().isEmpty());
        assertEquals(3, f.related().getFirst().span().startLine());
        assertTrue(f.message().contains("spin_lock(&s->lock) at line 3"), f.message());
    }
}
