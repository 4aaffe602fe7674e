package org.kvlint.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GfpResolverTest {
    private static Gfp gfpOfKmalloc(String code) {
        FileFacts f = PointerFactsTest.facts(code);
        return f.calls().stream().filter(c -> c.api().name().equals("kmalloc")).findFirst().orElseThrow()
                .gfp().orElseThrow();
    }

    @Test
    void resolvesAMaskBuiltInALocal() {
        Gfp g = gfpOfKmalloc("""
                void *f(size_t n)
                {
                \tgfp_t flags = GFP_KERNEL;
                \tvoid *p;

                \tflags &= ~__GFP_DIRECT_RECLAIM;
                \tflags |= __GFP_NOWARN | __GFP_NORETRY;
                \tdo {
                \t\tp = kmalloc(n, flags);
                \t} while (!p);
                \treturn p;
                }
                """);
        assertTrue(g.has("GFP_KERNEL") && g.has("__GFP_NORETRY") && g.has("__GFP_NOWARN"), g.toString());
        assertFalse(g.blocking());
        assertFalse(g.atomicContext());
    }

    @Test
    void aParameterStaysUnresolved() {
        Gfp g = gfpOfKmalloc("void *f(size_t n, gfp_t gfp) { return kmalloc(n, gfp); }\n");
        assertEquals("gfp", g.text());
        assertTrue(g.blocking(), "unknown masks count as blocking");
    }

    @Test
    void theLastPlainAssignmentWins() {
        Gfp g = gfpOfKmalloc("""
                void *f(size_t n, bool atomic)
                {
                \tgfp_t gfp = GFP_KERNEL;

                \tgfp = GFP_ATOMIC;
                \treturn kmalloc(n, gfp);
                }
                """);
        assertTrue(g.atomicContext());
    }
}
