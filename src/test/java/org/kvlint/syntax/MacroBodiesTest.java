package org.kvlint.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Statement-like macro bodies become function-like units, at the file's own offsets. */
class MacroBodiesTest {
    private static SyntaxNode parse(String code) {
        SourceText text = new SourceText(code.getBytes(StandardCharsets.UTF_8));
        try (CParser p = new CParser()) {
            return p.parseFully(text);
        }
    }

    private static List<SyntaxNode> units(SyntaxNode root) {
        return root.descendants("function_definition").stream().filter(MacroBodies::isMacroUnit).toList();
    }

    @Test
    void statementExpressionDoWhileAndBlockBodiesAreUnits() {
        SyntaxNode root = parse("""
                #define A(p, n) ({					\\
                \tvoid *__p = kmalloc(n, GFP_KERNEL);		\\
                \t__p;						\\
                })
                #define B(p) do {					\\
                \tkfree(p);					\\
                } while (0)
                #define C(p) { vfree(p); }
                #define D(n) vmalloc(n)
                #define E { .a = 1, .b = f(2) }
                #define F 42
                """);
        List<SyntaxNode> units = units(root);
        assertEquals(List.of("A", "B", "C"), units.stream().map(u -> CSyntax.functionName(u).orElse("?")).toList());
        assertEquals(Optional.of(List.of("p", "n")), MacroBodies.parameters(units.getFirst()));
        assertEquals(Optional.of(List.of("p")), MacroBodies.parameters(units.get(1)));
        for (SyntaxNode u : units) {
            assertFalse(u.hasError(), u.text());
        }
    }

    @Test
    void nodesOfTheBodyHaveTheFilesOffsetsAndText() {
        String code = "int x;\n#define A(p) do {\t\\\n\tkfree(p);\t\\\n} while (0)\n";
        SyntaxNode root = parse(code);
        SyntaxNode call = units(root).getFirst().descendants("call_expression").getFirst();
        assertEquals("kfree(p)", call.text());
        assertEquals(code.indexOf("kfree"), call.startByte());
        assertEquals(2, call.startRow());
        assertEquals(1, call.startColumn());
    }

    @Test
    void aCommentInsideAMacroDoesNotSplitIt() {
        SyntaxNode root = parse("""
                #define A(r) do {						\\
                \tif (is_vmalloc_addr((r)->s)) /* big ones */		\\
                \t\tvfree((r)->s);					\\
                \telse							\\
                \t\tkfree((r)->s); // small ones			\\
                } while (0)
                #define B(r) do { kvfree((r)->s); } while (0)
                static void f(void)
                {
                }
                """);
        List<String> top = root.children().stream().map(SyntaxNode::type).toList();
        assertEquals(List.of("preproc_function_def", "preproc_function_def", "function_definition"), top);
        root.walk(n -> assertFalse(n.isError() || n.isMissing(), n.toString()));
        SyntaxNode a = root.children().getFirst();
        assertEquals(0, a.startRow());
        assertEquals(6, a.endRow(), "the definition spans its continued lines");
        assertEquals(3, a.descendants("call_expression").size());
        assertSame(a, units(root).getFirst().parent().orElseThrow());
    }

    @Test
    void bytesWithoutCommentsKeepLengthAndContinuations() {
        byte[] src = "#define A(x) do { /* c */ f(x); \"/*\"; \\\n\tg(x); // d \\\n} while (0)\n/* kept */\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = MacroBodies.withoutCommentsInMacros(src);
        assertEquals(src.length, out.length);
        String s = new String(out, StandardCharsets.UTF_8);
        assertEquals("#define A(x) do {         f(x); \"/*\"; \\\n\tg(x);      \\\n} while (0)\n/* kept */\n", s);
        byte[] plain = "int a; /* c */\n#define B 1 /* one line */\n".getBytes(StandardCharsets.UTF_8);
        assertSame(plain, MacroBodies.withoutCommentsInMacros(plain));
    }

    @Test
    void itemsTheScannerLeftOutAreNotExpanded() {
        String code = "#define A(p) do { kfree(p); } while (0)\n#define B(p) do { vfree(p); } while (0)\n";
        SourceText text = new SourceText(code.getBytes(StandardCharsets.UTF_8));
        SyntaxNode root;
        try (CParser p = new CParser()) {
            root = p.parse(text, (s, e) -> text.text(s, e).contains("vfree"));
        }
        assertEquals(List.of("B"), units(root).stream().map(u -> CSyntax.functionName(u).orElse("?")).toList());
        assertTrue(root.children().getFirst().children().isEmpty());
    }
}
