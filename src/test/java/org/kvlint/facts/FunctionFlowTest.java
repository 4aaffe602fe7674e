package org.kvlint.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reaching allocations per free: flow inside a function, identity across functions. */
class FunctionFlowTest {

    /** For each free in source order: "kfree@9 <- vmalloc@4,kmalloc@3" (+"?" when something unknown reaches it). */
    private static List<String> reaching(String code) {
        FileFacts f = PointerFactsTest.facts(code);
        return PointerFactsTest.frees(f).stream().map(e -> {
            Reach r = Reaching.of(f.functions(), e.fn(), e.call(), 0, null);
            String src = String.join(",", r.sources().stream().map(s -> s.callee() + "@" + s.line()).toList());
            return e.call().callee() + "@" + e.call().loc().line() + " <- " + src + (r.unknown() ? " ?" : "");
        }).toList();
    }

    @Test
    void aReusedVariableSeesOnlyTheLastStore() {
        assertEquals(List.of("kfree@5 <- kmalloc@3", "vfree@7 <- vmalloc@6"), reaching("""
                static void f(size_t n)
                {
                \tvoid *p = kmalloc(64, GFP_KERNEL);
                \tuse(p);
                \tkfree(p);
                \tp = vmalloc(n);
                \tvfree(p);
                }
                """));
    }

    @Test
    void bothBranchesOfAFallbackReachTheFree() {
        assertEquals(List.of("kfree@8 <- kmalloc@3,vmalloc@5"), reaching("""
                static void f(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL);
                \tif (!p)
                \t\tp = vmalloc(n);
                \tif (!p)
                \t\treturn;
                \tkfree(p);
                }
                """));
    }

    @Test
    void gotoErrorPathsAndLabels() {
        assertEquals(List.of("vfree@12 <- vmalloc@5", "kfree@14 <- kmalloc@3"), reaching("""
                static int f(struct s *s, size_t n)
                {
                \ts->small = kmalloc(16, GFP_KERNEL);
                \tif (!s->small) return -ENOMEM;
                \ts->big = vmalloc(n);
                \tif (!s->big)
                \t\tgoto err_small;
                \tif (setup(s))
                \t\tgoto err_big;
                \treturn 0;
                err_big:
                \tvfree(s->big);
                err_small:
                \tkfree(s->small);
                \treturn -EIO;
                }
                """));
    }

    @Test
    void ifdefBranchesAreAlternatives() {
        assertEquals(List.of("vfree@9 <- vmalloc@4", "kfree@11 <- kmalloc@6"), reaching("""
                static void f(size_t size)
                {
                #ifdef CONFIG_BIG
                \tvoid *p = vmalloc(size);
                #else
                \tvoid *p = kmalloc(size, GFP_KERNEL);
                #endif
                #ifdef CONFIG_BIG
                \tvfree(p);
                #else
                \tkfree(p);
                #endif
                }
                """));
    }

    @Test
    void sizeGuardsOnBothSidesPrune() {
        assertEquals(List.of("kfree@9 <- kmalloc@7", "vfree@11 <- vmalloc@5"), reaching("""
                static void f(size_t size)
                {
                \tvoid *q;
                \tif (size > PAGE_SIZE)
                \t\tq = vmalloc(size);
                \telse
                \t\tq = kmalloc(size, GFP_KERNEL);
                \tif (size <= PAGE_SIZE)
                \t\tkfree(q);
                \telse
                \t\tvfree(q);
                }
                """));
    }

    @Test
    void fieldsCrossFunctionsThroughCopiesAndFreedValuesDoNotEscape() {
        assertEquals(List.of("kfree@8 <- kmalloc@7", "kfree@13 <- ", "kfree@14 <- vmalloc@4"), reaching("""
                struct foo { void *buf; void *tmp; };
                static int probe(struct foo *f, size_t n)
                {
                \tvoid *b = vmalloc(n);
                \tif (!b) return -ENOMEM;
                \tf->buf = b;
                \tf->tmp = kmalloc(n, GFP_KERNEL);
                \tkfree(f->tmp);
                \treturn 0;
                }
                static void remove(struct foo *f)
                {
                \tkfree(f->tmp);
                \tkfree(f->buf);
                }
                """));
    }

    @Test
    void constantArrayIndexesStayApart() {
        assertEquals(List.of("vfree@10 <- vmalloc@6", "kfree@11 <- kmalloc@3"), reaching("""
                static void f(int n)
                {
                \tbufs[4] = kmalloc(16, GFP_KERNEL);
                \tfor (i = 0; i < 4; i++)
                \t{
                \t\tbufs[i] = vmalloc(n);
                \t\tif (!bufs[i]) goto out;
                \t}
                out:
                \twhile (--i >= 0) vfree(bufs[i]);
                \tkfree(bufs[4]);
                }
                """));
    }

    @Test
    void statementMacrosAndAttributesDoNotHideTheRest() {
        List<String> r = reaching("""
                static int __init f(struct foo *priv, size_t n) __must_hold(&lock)
                {
                \tFOO_TRACE(priv)
                \tpriv->buf = vmalloc(n);
                \tlist_for_each_entry(pos, head, node) {
                \t\tpos->data = vzalloc(n);
                \t}
                \tkfree(priv->buf);
                \treturn 0;
                }
                """);
        assertEquals(List.of("kfree@8 <- vmalloc@4"), r);
    }

    @Test
    void summariesSeeReturnsAndParameterFrees() {
        FileFacts f = PointerFactsTest.facts("""
                static void *a(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL);
                \tif (!p)
                \t\tp = vmalloc(n);
                \treturn p;
                }
                void put(void *p)
                {
                \tif (!p)
                \t\treturn;
                \tkfree(p);
                }
                static void maybe(void *p, bool own)
                {
                \tif (own)
                \t\tkfree(p);
                }
                static void kvf(const void *x)
                {
                \tif (is_vmalloc_addr(x)) vfree(x); else kfree(x);
                }
                """);
        WrapperSummaries w = WrapperSummaries.build(f.pointers().summaries(), AllocatorApi.standard(), KernelVersion.DEFAULT);
        assertEquals(java.util.EnumSet.of(ApiFunction.Family.KMALLOC, ApiFunction.Family.VMALLOC),
                w.returns("a", "t.c").orElseThrow().families());
        assertEquals(WrapperSummaries.FreeKind.KFREE_LIKE, w.frees("put", "t.c", 0).orElseThrow().kind());
        assertTrue(w.frees("maybe", "t.c", 0).isEmpty(), "a free under a flag does not make a kfree()");
        assertEquals(WrapperSummaries.FreeKind.KVFREE_LIKE, w.frees("kvf", "t.c", 0).orElseThrow().kind());
        assertTrue(w.taintingNames().isEmpty(), "a is static: it taints only its own file");
    }
}
