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
 * Inputs whose cost used to grow quadratically (or worse) with the size of one function: they
 * must be analysed completely and still report the findings where they are. No timing asserts
 * here (bench/ measures the speed); the sizes are small enough for the suite, large enough that
 * an O(n²) step would show as minutes.
 */
class LinearInputsTest {
    @TempDir
    Path dir;

    private ScanResult scan(String name, String code) throws IOException {
        Files.writeString(dir.resolve(name), code);
        return Scanner.standard().scan(new ScanOptions(List.of(dir.resolve(name).toString()), 1, Optional.empty()));
    }

    private static long count(ScanResult r, String rule) {
        return r.findings().stream().filter(f -> f.ruleId().equals(rule)).count();
    }

    private static void noProblem(ScanResult r) {
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.message().contains("not analysed")
                || d.message().contains("internal error")), r.diagnostics().toString());
    }

    /** One function with {@code n} open-coded fallbacks into distinct locals, each stored into a field. */
    static String manyFallbacks(int n) {
        StringBuilder b = new StringBuilder("int f(struct s *s, size_t n)\n{\n");
        for (int i = 0; i < n; i++) {
            b.append("\tvoid *p").append(i).append(" = kmalloc(n, GFP_KERNEL);\n")
                    .append("\tif (!p").append(i).append(")\n\t\tp").append(i).append(" = vmalloc(n);\n")
                    .append("\ts->b[").append(i).append("] = p").append(i).append(";\n");
        }
        return b.append("\treturn 0;\n}\n").toString();
    }

    @Test
    void thousandsOfFallbacksInOneFunctionAreEachReported() throws IOException {
        ScanResult r = scan("many.c", manyFallbacks(3000));
        assertEquals(3000, count(r, "KV001"));
        noProblem(r);
    }

    @Test
    void oneLocalReusedForThousandsOfFallbacks() throws IOException {
        StringBuilder b = new StringBuilder("int f(size_t n)\n{\n\tvoid *p;\n");
        for (int i = 0; i < 3000; i++) {
            b.append("\tp = kmalloc(n, GFP_KERNEL);\n\tif (!p)\n\t\tp = vmalloc(n);\n\tuse(p);\n\tkvfree(p);\n");
        }
        ScanResult r = scan("same.c", b.append("\treturn 0;\n}\n").toString());
        assertEquals(3000, count(r, "KV001"));
        assertTrue(r.findings().stream().allMatch(f -> f.ruleId().equals("KV001") && !f.fixes().isEmpty()),
                "every fallback keeps its fix");
        noProblem(r);
    }

    @Test
    void chainedTernaries() throws IOException {
        String e = "kmalloc(n, GFP_KERNEL)";
        for (int i = 0; i < 3000; i++) {
            e = i % 2 == 1 ? "n > " + i + " ? vmalloc(n) : (" + e + ")" : "c" + i + " ? " + e + " : kmalloc(n, GFP_KERNEL)";
        }
        ScanResult r = scan("ternary.c", "void *f(size_t n)\n{\n\tvoid *p = " + e + ";\n\treturn p;\n}\n"
                + "void *g(size_t n)\n{\n\treturn n > PAGE_SIZE ? vmalloc(n) : kmalloc(n, GFP_KERNEL);\n}\n");
        assertEquals(1, count(r, "KV002"), "the plain choice after the chain is still found");
        noProblem(r);
    }

    @Test
    void longElseIfChains() throws IOException {
        StringBuilder b = new StringBuilder("void *f(size_t n)\n{\n\tvoid *p = NULL;\n\tif (n == 0)\n\t\tp = vmalloc(n);\n");
        for (int i = 1; i < 10000; i++) {
            b.append("\telse if (n == ").append(i).append(")\n\t\tp = ").append(i % 2 == 1 ? "vmalloc(n)" : "kmalloc(n, GFP_KERNEL)")
                    .append(";\n");
        }
        b.append("\treturn p;\n}\n");
        b.append("void *g(size_t n)\n{\n\tvoid *p = kmalloc(n, GFP_KERNEL);\n\tif (!p)\n\t\tp = vmalloc(n);\n\treturn p;\n}\n");
        ScanResult r = scan("elseif.c", b.toString());
        assertEquals(1, count(r, "KV001"), "the fallback after the chain is still found");
        noProblem(r);
    }

    @Test
    void manyStatementsAroundOneFallback() throws IOException {
        StringBuilder b = new StringBuilder("void *f(size_t n, struct s *s)\n{\n\tvoid *p = kmalloc(n, GFP_KERNEL);\n"
                + "\tif (!p)\n\t\tp = vmalloc(n);\n");
        for (int i = 0; i < 30000; i++) {
            b.append("\ts->x").append(i % 100).append(" = s->y").append(i % 37).append(" + ").append(i).append(";\n");
        }
        ScanResult r = scan("long.c", b.append("\treturn p;\n}\n").toString());
        List<Finding> kv001 = r.findings().stream().filter(f -> f.ruleId().equals("KV001")).toList();
        assertEquals(1, kv001.size());
        assertEquals(3, kv001.getFirst().span().startLine());
        noProblem(r);
    }

    @Test
    void aLongSingleLine() throws IOException {
        String unit = "p = kmalloc(n, GFP_KERNEL); if (!p) p = vmalloc(n); use(p); kvfree(p); ";
        String code = "void *f(size_t n) { void *p; " + unit.repeat(3000) + "return 0; }\n";
        ScanResult r = scan("line.c", code);
        assertEquals(3000, count(r, "KV001"));
        assertTrue(r.findings().stream().allMatch(f -> f.span().startLine() == 1));
        noProblem(r);
    }
}
