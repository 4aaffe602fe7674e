package org.kvlint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlint.syntax.SourceText;

/** Fix edits inside macro bodies keep the backslash-newline layout. */
class MacroLayoutTest {
    private static final String MACRO = "#define A(p, n) ({\t\t\t\t\t\\\n"
            + "\tvoid *__p = kmalloc(n, GFP_KERNEL);\t\t\\\n"
            + "\tif (!__p)\t\t\t\t\t\\\n"
            + "\t\t__p = vmalloc(n);\t\t\t\\\n"
            + "\t__p;\t\t\t\t\t\t\\\n"
            + "})\n"
            + "static void f(void)\n{\n\tg();\n}\n";

    private static String apply(String src, Fix.TextEdit e) {
        SourceText text = new SourceText(src.getBytes(StandardCharsets.UTF_8));
        Fix.TextEdit a = MacroLayout.adapt(text, e, List.of(e));
        return src.substring(0, a.startByte()) + a.replacement() + src.substring(a.endByte());
    }

    @Test
    void newLinesGetAlignedContinuations() {
        int s = MACRO.indexOf("\tif (!__p)");
        int e = MACRO.indexOf("\t__p;\t");
        String out = apply(MACRO, new Fix.TextEdit(s, e, "\tif (!__p)\n\t\treturn NULL;\n\tfoo(__p);\n"));
        assertEquals("#define A(p, n) ({\t\t\t\t\t\\\n"
                + "\tvoid *__p = kmalloc(n, GFP_KERNEL);\t\t\\\n"
                + "\tif (!__p)\t\t\t\t\t\\\n"
                + "\t\treturn NULL;\t\t\t\t\\\n"
                + "\tfoo(__p);\t\t\t\t\t\\\n"
                + "\t__p;\t\t\t\t\t\t\\\n"
                + "})\n"
                + "static void f(void)\n{\n\tg();\n}\n", out);
    }

    @Test
    void aLineThatGrowsKeepsItsBackslashOnTheColumn() {
        int s = MACRO.indexOf("kmalloc");
        String out = apply(MACRO, new Fix.TextEdit(s, s + "kmalloc".length(), "kvmalloc_node"));
        assertEquals("\tvoid *__p = kvmalloc_node(n, GFP_KERNEL);\t\\", out.lines().toList().get(1));
        out = apply(MACRO, new Fix.TextEdit(s, s + "kmalloc".length(), "kvmalloc_node_something"));
        assertEquals("\tvoid *__p = kvmalloc_node_something(n, GFP_KERNEL); \\", out.lines().toList().get(1),
                "past the column: one blank");
    }

    @Test
    void aStatementReplacedByOneLineIsRealigned() {
        int s = MACRO.indexOf("if (!__p)");
        int e = MACRO.indexOf("vmalloc(n);") + "vmalloc(n);".length();
        String out = apply(MACRO, new Fix.TextEdit(s, e, "use(__p);"));
        assertEquals("\tuse(__p);\t\t\t\t\t\\", out.lines().toList().get(2));
    }

    @Test
    void editsOutsideMacrosAreUntouched() {
        SourceText text = new SourceText(MACRO.getBytes(StandardCharsets.UTF_8));
        int s = MACRO.indexOf("\tg();");
        Fix.TextEdit e = new Fix.TextEdit(s, s + "\tg();".length(), "\tg();\n\th();");
        assertSame(e, MacroLayout.adapt(text, e, List.of(e)));
    }

    @Test
    void macrosWithoutAlignmentGetOneBlank() {
        String src = "#define B(p) do { \\\n\tkfree(p); \\\n} while (0)\n";
        int s = src.indexOf("\tkfree");
        int e = src.indexOf("} while");
        String out = apply(src, new Fix.TextEdit(s, e, "\tif (p)\n\t\tkvfree(p);\n"));
        assertEquals("#define B(p) do { \\\n\tif (p) \\\n\t\tkvfree(p); \\\n} while (0)\n", out);
    }
}
