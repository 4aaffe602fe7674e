package org.kvlint.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one pass over every byte: table calls, tokens, called names, freed members. */
class CallScanTest {
    private final CallScan scan = new CallScan(List.of("kmalloc", "kfree", "vmalloc", "vfree", "kvfree"),
            List.of("vmalloc", "vfree", "kvfree"), List.of("kfree", "vfree", "kvfree"));

    private CallScan.Result of(String text) {
        return scan.scan(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsTableCallsAndTokensByWholeName() {
        String c = "p = kmalloc(n, GFP_KERNEL);\nq = vmalloc_to_page(p);\nmy_kmalloc(3);\nkfree (p);\n";
        CallScan.Result r = of(c);
        assertArrayEquals(new int[] {c.indexOf("kmalloc("), c.indexOf("kfree")}, r.tableCalls());
        assertFalse(r.callsToken(), "vmalloc_to_page is not vmalloc");
        assertTrue(of("x = vmalloc (n);").callsToken());
    }

    @Test
    void everyCalledNameIsHashedOnce() {
        CallScan.Result r = of("a(); b(1); a(2); 3(4); if (x) while (y) ;");
        CallScan.NameSet ab = new CallScan.NameSet(List.of("a", "b"));
        assertTrue(r.mayCall(ab));
        assertFalse(r.mayCall(new CallScan.NameSet(List.of("c"))));
        // a, b, if, while: distinct, sorted
        assertEquals(4, r.callHashes().length);
    }

    @Test
    void notesTheMembersFreedByName() {
        CallScan.Result r = of("kfree(ip->i_hash_cache); vfree(dev.table); kvfree(rcu(x)->map); kfree(buf); "
                + "kfree(arr[i]->x, y);");
        int[] expected = java.util.stream.IntStream.of(CallScan.hash("i_hash_cache"), CallScan.hash("table"),
                CallScan.hash("map"), CallScan.hash("x")).sorted().toArray();
        assertArrayEquals(expected, r.freedFieldHashes());
    }

    @Test
    void notesTheFunctionsDefinedByTheShapeOfTheirText() {
        String c = "static int\nfoo_init(void)\n{\n\treturn bar(1);\n}\n"
                + "void *alloc_table(size_t n) {\n\tif (n)\n\t\tbaz(n);\n\treturn kmalloc(n, GFP_KERNEL);\n}\n"
                + "int proto(void);\nmodule_init(foo_init);\n#define mac(x) { x; }\n"
                + "static inline void qux (int a,\n\t\tint b)\n{\n}\n";
        int[] expected = java.util.stream.IntStream.of(CallScan.hash("foo_init"), CallScan.hash("alloc_table"),
                CallScan.hash("qux")).sorted().toArray();
        assertArrayEquals(expected, of(c).definedHashes(), "definitions, not calls, prototypes or macros");
        // a line start too far back for a name costs no more than the bound, and is no definition
        String far = "int " + " ".repeat(600) + "far_away(void) {\n}\n";
        assertArrayEquals(new int[0], of(far).definedHashes());
        assertArrayEquals(new int[] {CallScan.hash("near")}, of("int " + " ".repeat(500) + "near(void) {}").definedHashes());
    }

    @Test
    void seesSuppressionComments() {
        assertTrue(of("/* NOLINT(KV004) */").mentionsNolint());
        assertTrue(of("// NOLINTNEXTLINE(kfree-of-vmalloc-memory)\n").mentionsNolint());
        assertTrue(of("/* NOLINTBEGIN(KV*) */ x; /* NOLINTEND(KV*) */").mentionsNolint());
        assertFalse(of("/* nothing */").mentionsNolint());
        // a bare NOLINT is clang-tidy's and silences nothing here; XNOLINT( is another word
        assertFalse(of("/* NOLINT */ x = XNOLINT(y); NOLINTFOO(z);").mentionsNolint());
    }
}
