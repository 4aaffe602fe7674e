package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.facts.ApiFunction.Role;
import org.kvlint.fix.CommitText.Item;
import org.kvlint.fix.CommitText.Kind;
import org.kvlint.fix.CommitText.Reclaim;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.Level;
import org.kvlint.rules.Span;

/** The words of a commit message: the helper actually used, and a why that fits the GFP mask. */
class CommitTextTest {
    private static Item item(String rule, String description, String function, ChangeFacts.Call... calls) {
        Finding f = new Finding(rule, Level.WARNING, "fs/x/x.c", new Span(10, 2, 10, 20, 100, 118), "m", List.of());
        Fix fix = new Fix(description, List.of(new Fix.TextEdit(100, 118, "x")), Fix.Applicability.SAFE, "");
        return new Item(f, fix, Kind.of(rule), new ChangeFacts(List.of(calls), Optional.empty()), true, function);
    }

    private static ChangeFacts.Call kmalloc(String name, String size, String gfp) {
        return new ChangeFacts.Call(name, name + "(" + size + ", " + gfp + ")", Role.ALLOC, Family.KMALLOC, gfp, size,
                OptionalLong.empty(), 10, true);
    }

    private static ChangeFacts.Call call(String name, Role role, Family family, String text) {
        return new ChangeFacts.Call(name, text, role, family, "", "", OptionalLong.empty(), 12, true);
    }

    @Test
    void theMaskDecidesWhatTheFallbackParagraphSays() {
        assertEquals(Reclaim.OOM, Reclaim.of("GFP_KERNEL"));
        assertEquals(Reclaim.OOM, Reclaim.of("GFP_KERNEL_ACCOUNT | __GFP_NOWARN"));
        assertEquals(Reclaim.NO_FS, Reclaim.of("GFP_NOFS | __GFP_NOWARN"));
        assertEquals(Reclaim.NO_FS, Reclaim.of("GFP_NOIO"));
        assertEquals(Reclaim.MAY_FAIL, Reclaim.of("GFP_KERNEL | __GFP_NORETRY"));
        assertEquals(Reclaim.UNKNOWN, Reclaim.of("gfp"));

        String nofs = CommitText.why(Kind.FALLBACK, List.of(item("KV001", "use kvmalloc()", "f",
                kmalloc("kmalloc", "size", "GFP_NOFS | __GFP_NOWARN"))));
        assertTrue(nofs.startsWith("A kmalloc() with GFP_NOFS of up to 8 pages (order 3) does not fail: without __GFP_FS"),
                nofs);
        assertFalse(nofs.contains("may invoke the OOM killer"), nofs);
        assertTrue(nofs.contains("(honouring GFP_NOFS and GFP_NOIO there since 5.17)"), nofs);
        String kernel = CommitText.why(Kind.FALLBACK, List.of(item("KV001", "use kvmalloc()", "f",
                kmalloc("kmalloc", "size", "GFP_KERNEL"))));
        assertTrue(kernel.contains("keeps retrying, and may invoke the OOM killer, rather than return NULL"), kernel);
        String noretry = CommitText.why(Kind.FALLBACK, List.of(item("KV001", "use kvmalloc()", "f",
                kmalloc("kmalloc", "size", "GFP_KERNEL | __GFP_NORETRY"))));
        assertTrue(noretry.startsWith("The kmalloc() with GFP_KERNEL | __GFP_NORETRY may fail, so the vmalloc() fallback does run"),
                noretry);
    }

    @Test
    void subjectsNameTheHelpersActuallyUsed() {
        List<Item> three = List.of(
                item("KV001", "use kvmalloc()", "a", kmalloc("kmalloc", "n", "GFP_NOFS")),
                item("KV001", "use kvmalloc_array()", "b", kmalloc("kmalloc_array", "n * 2", "GFP_NOFS")),
                item("KV001", "use kvzalloc() and kvfree()", "c", kmalloc("kzalloc", "n", "GFP_NOFS")));
        assertEquals("use kvmalloc(), kvmalloc_array() and kvzalloc() instead of open-coded vmalloc fallbacks",
                CommitText.summary(Kind.FALLBACK, three));
        assertEquals("use kvcalloc() instead of open-coded vmalloc fallback", CommitText.summary(Kind.FALLBACK,
                List.of(item("KV001", "use kvcalloc()", "a", kmalloc("kcalloc", "n * 8", "GFP_KERNEL")))));
        Item free = item("KV004", "use kvfree()", "teardown",
                call("kvcalloc", Role.ALLOC, Family.KV, "kvcalloc(n, 8, GFP_KERNEL)"),
                call("kfree", Role.FREE, null, "kfree(p)"));
        assertEquals("use kvfree() for memory from kvcalloc()", CommitText.summary(Kind.MISMATCH, List.of(free)));
        assertEquals("teardown(): kfree(p) of kvcalloc() memory (line 12) -> kvfree()", CommitText.itemLine(free));
        assertTrue(CommitText.why(Kind.MISMATCH, List.of(free)).endsWith(" kvfree() frees memory from either allocator."));
        Item vfree = item("KV004", "use vfree()", "teardown",
                call("vmalloc", Role.ALLOC, Family.VMALLOC, "vmalloc(n)"), call("kfree", Role.FREE, null, "kfree(p)"));
        assertEquals("Memory from vmalloc() is not slab memory, and kfree() of it corrupts memory or oopses. vfree() is "
                + "the free that matches it.", CommitText.why(Kind.MISMATCH, List.of(vfree)));
        Item zero = item("KV009", "use vzalloc() and drop the memset()", "init",
                call("vmalloc", Role.ALLOC, Family.VMALLOC, "vmalloc(size)"));
        assertEquals("use vzalloc() instead of vmalloc() and memset()", CommitText.summary(Kind.ZEROING, List.of(zero)));
        assertEquals("init(): vmalloc(size) -> vzalloc()", CommitText.itemLine(zero));
    }

    @Test
    void theFunctionOfALineIsFoundWhenItsNameStartsTheLine() {
        byte[] c = "int\nsetup_ctx(struct ctx *c, int rw)\n{\n\tp = kmalloc(n, GFP_KERNEL);\n}\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("setup_ctx", CommitText.functionAt(c, 4));
    }
}
