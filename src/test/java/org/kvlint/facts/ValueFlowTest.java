package org.kvlint.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where several allocations meet in one place, and under which path conditions: the facts the
 * fallback and threshold rules are queries over.
 */
class ValueFlowTest {

    /**
     * Every meeting of the file's functions: "place: kmalloc@3[] vmalloc@5[null@3]", origins of
     * calls only, each with its condition (guards as text, "null@L"/"ok@L" for the result of the
     * call at line L, "?" when it only may have been seen).
     */
    static List<String> meetings(String code) {
        FileFacts f = PointerFactsTest.facts(code);
        List<String> out = new ArrayList<>();
        for (FunctionFlow flow : f.pointers().flows()) {
            for (FunctionFlow.Meeting m : flow.meetings()) {
                StringBuilder b = new StringBuilder(m.place() == null ? "return" : m.place().text()).append(':');
                for (FunctionFlow.Reached r : m.reached()) {
                    switch (r.origin()) {
                        case Origin.Alloc a -> b.append(' ').append(a.api()).append('@').append(a.line());
                        case Origin.Call c -> b.append(' ').append(c.callee()).append('@').append(c.line());
                        default -> {
                            continue;
                        }
                    }
                    b.append(render(r.cond()));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** The condition without the guards that only restate a NULL test ("p", "!p"). */
    private static String render(Cond c) {
        List<String> parts = new ArrayList<>();
        for (Atom a : c.atoms()) {
            switch (a) {
                case Guard g when g.kind() == Guard.Kind.VALUE -> { }
                case Guard g -> parts.add((g.positive() ? "" : "!") + g.text());
                case Atom.Result r -> parts.add((r.certain() ? "" : "?") + (r.isNull() ? "null@" : "ok@") + r.line());
            }
        }
        return parts.toString().replace(", ", " & ");
    }

    private static void assertHas(List<String> all, String expected) {
        assertTrue(all.contains(expected), "expected " + expected + " in " + all);
    }

    @Test
    void theFallbackCarriesTheFirstTrysNullResult() {
        assertEquals(List.of("p: kmalloc@3[ok@3] vmalloc@5[null@3]"), meetings("""
                static void *f(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL);
                \tif (!p)
                \t\tp = vmalloc(n);
                \treturn p;
                }
                """).subList(0, 1));
    }

    @Test
    void earlyReturnAndGotoFormsMeetAtTheReturnAndTheLabel() {
        List<String> r = meetings("""
                static void *f(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL | __GFP_NOWARN);
                \tif (p)
                \t\treturn p;
                \tp = vmalloc(n);
                \treturn p;
                }
                static int g(struct s *s, size_t n)
                {
                \ts->buf = kzalloc(n, GFP_KERNEL);
                \tif (s->buf)
                \t\tgoto out;
                \ts->buf = vzalloc(n);
                \tif (!s->buf)
                \t\treturn -ENOMEM;
                out:
                \treturn 0;
                }
                """);
        assertHas(r, "return: kmalloc@3[ok@3] vmalloc@6[null@3]");
        assertHas(r, "s->buf: kzalloc@11[ok@11] vzalloc@14[null@11 & ok@14]");
    }

    @Test
    void aSizeGuardAroundTheFirstTryLeavesAMaybe() {
        assertHas(meetings("""
                static void *f(size_t size, gfp_t flags)
                {
                \tif (size <= (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)) {
                \t\tvoid *ptr = kmalloc(size, flags | __GFP_NOWARN);
                \t\tif (ptr)
                \t\t\treturn ptr;
                \t}
                \treturn __vmalloc(size, flags);
                }
                """), "return: kmalloc@4[!size>PAGE_SIZE<<PAGE_ALLOC_COSTLY_ORDER & ok@4] __vmalloc@8[?null@4]");
    }

    @Test
    void returnBranchesAndTernariesCarryTheirCondition() {
        List<String> r = meetings("""
                static void *f(size_t size, gfp_t gfp)
                {
                \tif (size <= PAGE_SIZE)
                \t\treturn kzalloc(size, gfp);
                \telse
                \t\treturn __vmalloc(size, gfp | __GFP_ZERO);
                }
                static void *g(size_t n)
                {
                \treturn n > PAGE_SIZE ? vmalloc(n) : kmalloc(n, GFP_KERNEL);
                }
                """);
        assertHas(r, "return: kzalloc@4[!size>PAGE_SIZE] __vmalloc@6[size>PAGE_SIZE]");
        assertHas(r, "return: vmalloc@10[n>PAGE_SIZE] kmalloc@10[!n>PAGE_SIZE]");
    }

    @Test
    void chainsCarryEveryEarlierFailure() {
        assertHas(meetings("""
                static int f(int bytes)
                {
                \tbuf = kzalloc(bytes, GFP_KERNEL | __GFP_NOWARN);
                \tif (buf)
                \t\treturn 0;
                \tbuf = kzalloc_node(bytes, GFP_KERNEL | __GFP_NOWARN, 0);
                \tif (buf)
                \t\treturn 0;
                \tbuf = vzalloc(bytes);
                \tif (buf)
                \t\treturn 0;
                \treturn -ENOMEM;
                }
                """), "buf: kzalloc@3[ok@3] kzalloc_node@6[null@3 & ok@6] vzalloc@9[null@3 & null@6 & ok@9]");
    }

    @Test
    void theReversedOrderSeesTheVmallocMaybeFail() {
        assertHas(meetings("""
                static void *f(size_t size)
                {
                \tvoid *p = NULL;

                \tif (size > PAGE_SIZE)
                \t\tp = vmalloc(size);
                \tif (!p)
                \t\tp = kmalloc(size, GFP_KERNEL);
                \treturn p;
                }
                """), "p: vmalloc@6[size>PAGE_SIZE & ok@6] kmalloc@8[?null@6]");
    }

    @Test
    void aChoiceInsideTheFallbackKeepsBothConditions() {
        List<String> r = meetings("""
                static void *f(size_t n, gfp_t flags)
                {
                \tvoid *p = kmalloc(n, flags | __GFP_NOWARN);

                \tif (!p) {
                \t\tif (flags & __GFP_ZERO)
                \t\t\tp = vzalloc(n);
                \t\telse
                \t\t\tp = vmalloc(n);
                \t}
                \treturn p;
                }
                """);
        assertHas(r, "p: kmalloc@3[ok@3] vzalloc@7[null@3 & flags&__GFP_ZERO] vmalloc@9[null@3 & !flags&__GFP_ZERO]");
    }

    @Test
    void aPredicateOfAnyNameIsAnAtom() {
        FileFacts f = PointerFactsTest.facts("""
                static int f(struct c *c, size_t n)
                {
                \tif (uses_vmalloc(c))
                \t\tc->p = vzalloc(n);
                \telse
                \t\tc->p = kzalloc(n, GFP_KERNEL);
                \treturn c->p ? 0 : -ENOMEM;
                }
                """);
        FunctionFlow.Meeting m = f.pointers().flows().getFirst().meetings().getFirst();
        Guard g = m.reached().stream().filter(x -> x.origin() instanceof Origin.Alloc).findFirst().orElseThrow()
                .cond().guards().getFirst();
        assertEquals("uses_vmalloc(c)", g.text());
        assertEquals(Guard.Kind.PREDICATE, g.kind());
    }

    @Test
    void anIfdefThatCutsAnIfInTwoIsBothConfigurations() {
        List<String> r = meetings("""
                int f(struct c *c, size_t size)
                {
                #ifndef __ECOS
                \tif (blocks_use_vmalloc(c))
                \t\tc->blocks = vzalloc(size);
                \telse
                #endif
                \t\tc->blocks = kzalloc(size, GFP_KERNEL);
                \tif (!c->blocks)
                \t\treturn -ENOMEM;
                \treturn 0;
                }
                """);
        assertHas(r, "c->blocks: vzalloc@5[!defined(__ECOS) & blocks_use_vmalloc(c)]"
                + " kzalloc@8[!defined(__ECOS) & !blocks_use_vmalloc(c)]");
    }

    @Test
    void anIfdefThatCutsOffTheBodyOfTheNullTest() {
        assertHas(meetings("""
                void *f(size_t size)
                {
                \tvoid *p;
                #if IS_ENABLED(CONFIG_X)
                \tp = kmalloc(size, GFP_KERNEL);
                \tif (!p)
                #endif
                \t\tp = vmalloc(size);
                \treturn p;
                }
                """), "p: kmalloc@5[IS_ENABLED(CONFIG_X) & ok@5] vmalloc@8[IS_ENABLED(CONFIG_X) & null@5]");
    }

    @Test
    void aReusedVariableNeverHoldsBothAtOnce() {
        assertEquals(List.of(), meetings("""
                static int f(size_t size)
                {
                \tvoid *p = kmalloc(64, GFP_KERNEL);

                \tif (!p)
                \t\treturn -ENOMEM;
                \tuse(p);
                \tkfree(p);
                \tp = vmalloc(size);
                \tif (!p)
                \t\treturn -ENOMEM;
                \tuse(p);
                \tvfree(p);
                \treturn 0;
                }
                """));
    }

    @Test
    void gnuConditionalWithoutMiddle() {
        assertHas(meetings("""
                static void *f(size_t n)
                {
                \treturn kmalloc(n, GFP_KERNEL | __GFP_NOWARN) ?: vmalloc(n);
                }
                """), "return: kmalloc@3[ok@3] vmalloc@3[null@3]");
    }

    @Test
    void aFunctionThatExhaustsItsBudgetIsReportedAndTheOthersAreStillAnalysed() {
        String code = """
                static void *small(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL);
                \tif (!p)
                \t\tp = vmalloc(n);
                \treturn p;
                }
                static void *big(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL);
                \tif (!p)
                \t\tp = vmalloc(n);
                \tif (n > 1) n--; if (n > 2) n--; if (n > 3) n--; if (n > 4) n--; if (n > 5) n--;
                \treturn p;
                }
                """;
        FileFacts f = PointerFactsTest.facts(code);
        // the same file again, every function of more than 60 nodes with a budget of 100 steps
        PointerFacts tight = PointerFacts.of(f.root(), f.calls(), f.assignments(), "t.c", null,
                nodes -> new Budget(nodes > 60 ? 100 : 1_000_000));
        assertEquals(1, tight.problems().size(), tight.problems().toString());
        PointerFacts.Problem p = tight.problems().getFirst();
        assertEquals("big() at line 8 not analysed: work budget of 100 steps exhausted", p.message());
        assertTrue(tight.failed(f.calls().get(2).call()), "the calls of big() lie in the failed function");
        assertTrue(!tight.failed(f.calls().get(0).call()));
        assertTrue(!tight.flows().getFirst().meetings().isEmpty(), "small() still has its fallback");
        assertTrue(tight.flows().get(1).meetings().isEmpty(), "big() reports nothing");
        assertTrue(f.problems().isEmpty(), "the standard budget is linear in the size: no problem");
    }

    @Test
    void thePlainFactsAreSerializableAndHoldNoSyntax() throws Exception {
        FileFacts f = PointerFactsTest.facts("""
                #ifdef CONFIG_X
                static void *f(size_t n, struct s *s)
                {
                \tif (n > PAGE_SIZE)
                \t\ts->buf = vzalloc(n);
                \telse
                \t\ts->buf = kzalloc(n, GFP_KERNEL);
                \t/* not kvzalloc(): the firmware walks the pages */
                \tvmalloc_to_page(s->buf);
                \treturn kmalloc(n, GFP_KERNEL) ?: vmalloc(n);
                }
                #endif
                """);
        List<FunctionFacts> functions = f.functions();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(functions));
        }
        Object back;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(java.io.ObjectInputFilter.Config.createFilter("org.kvlint.**;java.util.**;java.lang.*;!*"));
            back = in.readObject();
        }
        assertEquals(functions, back);
        FunctionFacts ff = functions.getFirst();
        assertEquals(4, ff.allocations().size());
        assertEquals("s->buf", ff.allocations().getFirst().place());
        assertTrue(ff.explained(new Loc(0, f.source().bytes().length, 1, 1, 99, 1)));
        assertEquals("vmalloc_to_page", ff.backendUses().getFirst().callee());
        assertTrue(ff.backendUses().getFirst().mentions().contains("s->buf"));
        assertTrue(ff.meetings().size() >= 2, ff.meetings().toString());
    }
}
