package org.kvlint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.facts.KernelVersion;

/** The fixes of KV003/KV004/KV005: which helper, which applicability, per kernel version. */
class MismatchedFreeFixesTest {
    @TempDir
    Path dir;

    private List<Finding> scan(String code, String kernel, String rule) throws IOException {
        Path f = dir.resolve("t.c");
        Files.writeString(f, code);
        ScanResult r = Scanner.standard().scan(new ScanOptions(List.of(f.toString()), 1,
                Optional.of(KernelVersion.parse(kernel))));
        return r.findings().stream().filter(x -> x.ruleId().equals(rule)).toList();
    }

    /** The file after applying the first fix of the only finding. */
    private String fixed(String code, Finding finding) {
        byte[] b = code.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Fix.TextEdit e : finding.fixes().getFirst().edits()) {
            out.append(new String(b, at, e.startByte() - at, StandardCharsets.UTF_8)).append(e.replacement());
            at = e.endByte();
        }
        return out.append(new String(b, at, b.length - at, StandardCharsets.UTF_8)).toString();
    }

    private static final String VMALLOC_KFREE = """
            static void f(size_t n)
            {
            \tvoid *p = vmalloc(n);

            \tuse(p);
            \tkfree(p);
            }
            """;

    @Test
    void vmallocOnlyMemoryGetsVfreeFirstThenKvfree() throws IOException {
        Finding f = scan(VMALLOC_KFREE, "6.1", "KV004").getFirst();
        assertEquals(List.of("vfree", "kvfree"), f.fixes().stream().map(x -> x.edits().getFirst().replacement()).toList());
        assertTrue(f.fixes().stream().allMatch(x -> x.applicability() == Fix.Applicability.SAFE));
        assertTrue(fixed(VMALLOC_KFREE, f).contains("\tvfree(p);\n"));
        assertEquals("memory from vmalloc() at line 3 is freed with kfree(); vmalloc memory is not slab memory,"
                + " kfree() on it corrupts memory; use vfree() or kvfree()", f.message());
        assertEquals(3, f.related().getFirst().span().startLine());
    }

    @Test
    void beforeKvfreeExistsOnlyVfreeIsOffered() throws IOException {
        Finding f = scan(VMALLOC_KFREE, "3.10", "KV004").getFirst();
        assertEquals(List.of("vfree"), f.fixes().stream().map(x -> x.edits().getFirst().replacement()).toList());
    }

    @Test
    void underASpinlockTheFixIsUnsafe() throws IOException {
        Finding f = scan("""
                static void f(struct foo *foo, size_t n)
                {
                \tvoid *p = kvmalloc(n, GFP_KERNEL);

                \tspin_lock(&foo->lock);
                \tkfree(p);
                \tspin_unlock(&foo->lock);
                }
                """, "6.1", "KV004").getFirst();
        assertEquals(Fix.Applicability.UNSAFE, f.fixes().getFirst().applicability());
        assertTrue(f.fixes().getFirst().reason().contains("while a spinlock is held"), f.fixes().getFirst().reason());
    }

    @Test
    void kfreeSensitiveBecomesKvfreeSensitiveWithTheAllocatedSize() throws IOException {
        String code = """
                static void f(const u8 *src, size_t keylen)
                {
                \tu8 *key = kvmalloc(keylen, GFP_KERNEL);

                \tmemcpy(key, src, keylen);
                \tkfree_sensitive(key);
                }
                """;
        Finding f = scan(code, "6.1", "KV004").getFirst();
        assertTrue(fixed(code, f).contains("\tkvfree_sensitive(key, keylen);\n"), fixed(code, f));
        assertTrue(scan(code, "5.4", "KV004").getFirst().fixes().isEmpty(), "no kvfree_sensitive() before 5.8");
    }

    @Test
    void kreallocOfKvmallocMemoryFollowsTheKvreallocSignatureOfTheTree() throws IOException {
        String code = """
                static void *f(size_t n, size_t m)
                {
                \tvoid *p = kvmalloc(n, GFP_KERNEL);

                \treturn krealloc(p, m, GFP_KERNEL);
                }
                """;
        Finding new3 = scan(code, "6.12", "KV004").getFirst();
        assertEquals(Fix.Applicability.UNSAFE, new3.fixes().getFirst().applicability());
        assertTrue(fixed(code, new3).contains("kvrealloc(p, m, GFP_KERNEL)"));
        Finding old4 = scan(code, "6.1", "KV004").getFirst();
        assertTrue(old4.fixes().isEmpty());
        assertTrue(old4.message().contains("kvrealloc(p, oldsize, newsize, gfp) (the 5.15-6.11 signature"), old4.message());
        assertTrue(scan(code, "5.10", "KV004").getFirst().message().contains("kvrealloc() needs 5.15"));
    }

    @Test
    void vfreeOfKmallocMemoryBecomesKfreeAndOfKvmallocMemoryKvfree() throws IOException {
        String code = """
                static void f(size_t n)
                {
                \tvoid *a = kmalloc(n, GFP_KERNEL);
                \tvoid *b = kvzalloc(n, GFP_KERNEL);

                \tvfree(a);
                \tvfree(b);
                }
                """;
        List<Finding> fs = scan(code, "6.1", "KV005");
        assertEquals(2, fs.size());
        assertEquals("kfree", fs.get(0).fixes().getFirst().edits().getFirst().replacement());
        assertEquals("kvfree", fs.get(1).fixes().getFirst().edits().getFirst().replacement());
        assertEquals(Fix.Applicability.SAFE, fs.get(1).fixes().getFirst().applicability());
    }

    @Test
    void openCodedKvfreeIsReplacedWhole() throws IOException {
        String code = """
                static void f(void *p)
                {
                \tif (is_vmalloc_addr(p))
                \t\tvfree(p);
                \telse
                \t\tkfree(p);
                }
                """;
        Finding f = scan(code, "6.1", "KV003").getFirst();
        assertEquals(Level.NOTE, f.level());
        assertEquals(Fix.Applicability.SAFE, f.fixes().getFirst().applicability());
        assertEquals("static void f(void *p)\n{\n\tkvfree(p);\n}\n", fixed(code, f));
    }
}
