package org.kvlint.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlint.source.InputFile;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.SourceText;

class PointerFactsTest {
    static FileFacts facts(String code) {
        SourceText text = new SourceText(code.getBytes(StandardCharsets.UTF_8));
        try (CParser p = new CParser()) {
            return FileFacts.extract(new InputFile(Path.of("t.c"), "t.c"), text, p.parseFully(text),
                    KernelVersion.DEFAULT, AllocatorApi.standard());
        }
    }

    /** A table free with the function it is in. */
    record Free(FunctionFacts fn, FunctionFacts.CallFact call) {}

    /** Every table free of the file, in source order. */
    static List<Free> frees(FileFacts f) {
        List<Free> out = new java.util.ArrayList<>();
        for (FunctionFacts fn : f.functions()) {
            for (FunctionFacts.CallFact c : fn.calls()) {
                if (c.role() == ApiFunction.Role.FREE) {
                    out.add(new Free(fn, c));
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(x -> x.call().id()));
        return out;
    }

    /** The frees (name@line) that memory of the first {@code allocFn} call may reach. */
    private static List<String> freedWith(FileFacts f, String allocFn) {
        int site = f.functions().stream().flatMap(fn -> fn.allocations().stream()).filter(a -> a.api().equals(allocFn))
                .findFirst().orElseThrow().id();
        return frees(f).stream().filter(x -> Reaching.of(f.functions(), x.fn(), x.call(), 0, null).sources().stream()
                .anyMatch(s -> s.site() == site)).map(x -> x.call().callee() + "@" + x.call().loc().line()).toList();
    }

    @Test
    void fieldsLinkAcrossFunctionsByStructType() {
        FileFacts f = facts("""
                struct foo_priv { void *buf; void *other; };
                static int foo_probe(struct foo_priv *priv)
                {
                \tpriv->buf = vmalloc(100);
                \treturn 0;
                }
                static void foo_remove(struct foo_priv *p)
                {
                \tkfree(p->buf);
                \tkfree(p->other);
                }
                static void bar_remove(struct bar_priv *priv)
                {
                \tkfree(priv->buf);
                }
                """);
        assertEquals(List.of("kfree@9"), freedWith(f, "vmalloc"));
    }

    @Test
    void localsAreOnlyTheSameInsideTheirFunction() {
        FileFacts f = facts("""
                static void a(void)
                {
                \tvoid *p = vmalloc(10);
                \tvfree(p);
                }
                static void b(void *p)
                {
                \tkfree(p);
                }
                """);
        assertEquals(List.of("vfree@4"), freedWith(f, "vmalloc"));
    }

    @Test
    void arrayElementsAndNestedFieldsAreOnePlace() {
        FileFacts f = facts("""
                static int init(struct dev *dev, int i)
                {
                \tdev->tbl[i] = kvmalloc(10, GFP_KERNEL);
                \tdev->ctx.a.b = vzalloc(10);
                \treturn 0;
                }
                static void fini(struct dev *dev, int j)
                {
                \tkfree(dev->tbl[j]);
                \tvfree(dev->ctx.a.b);
                }
                """);
        assertEquals(List.of("kfree@9"), freedWith(f, "kvmalloc"));
        assertEquals(List.of("vfree@10"), freedWith(f, "vzalloc"));
    }
}
