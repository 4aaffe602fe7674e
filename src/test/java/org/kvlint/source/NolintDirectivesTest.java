package org.kvlint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlint.source.FileDirectives.Kind;
import org.kvlint.source.FileDirectives.Suppression;

class NolintDirectivesTest {
    private static FileDirectives scan(String text) {
        return NolintDirectives.scan(text.getBytes(StandardCharsets.UTF_8));
    }

    /** "KIND(id) line from-to" per suppression: compact expectations. */
    private static List<String> brief(FileDirectives d) {
        return d.suppressions().stream().map(s -> s.spelling() + " " + s.line() + ":" + s.column() + " " + s.fromLine()
                + "-" + s.toLine()).toList();
    }

    @Test
    void noMarkNoWork() {
        assertSame(FileDirectives.NONE, scan("int f(void) { return 0; } /* lint */\n"));
        assertSame(FileDirectives.NONE, scan(""));
        assertSame(FileDirectives.NONE, scan("NOLIN"));
    }

    @Test
    void lineNextLineAndBothCommentStyles() {
        String c = """
                p = kmalloc(n, GFP_KERNEL); /* NOLINT(KV001) */
                // NOLINTNEXTLINE(KV004, kfree-of-vmalloc-memory)
                kfree(p);
                \tkfree(q); // NOLINT(KV004)
                """;
        assertEquals(List.of("NOLINT(KV001) 1:32 1-1", "NOLINTNEXTLINE(KV004) 2:4 3-3",
                "NOLINTNEXTLINE(kfree-of-vmalloc-memory) 2:4 3-3", "NOLINT(KV004) 4:15 4-4"), brief(scan(c)));
    }

    @Test
    void regionsPairById() {
        String c = """
                /* NOLINTBEGIN(KV004) */
                a();
                /* NOLINTBEGIN(KV005, KV001) */
                b();
                /* NOLINTEND(KV005) */
                /* NOLINTEND(KV004) */
                /* NOLINTEND(KV001) */
                """;
        FileDirectives d = scan(c);
        assertEquals(List.of("NOLINTBEGIN(KV004) 1:4 1-6", "NOLINTBEGIN(KV005) 3:4 3-5", "NOLINTBEGIN(KV001) 3:4 3-7"),
                brief(d));
        assertTrue(d.problems().isEmpty(), d.problems().toString());
    }

    @Test
    void unmatchedRegionsSilenceNothingAndAreProblems() {
        FileDirectives d = scan("/* NOLINTEND(KV004) */\nx();\n/* NOLINTBEGIN(KV001) */\ny();\n");
        assertEquals(List.of(), d.suppressions());
        assertEquals(List.of(new FileDirectives.Problem(1, 4, "NOLINTEND(KV004) without a NOLINTBEGIN(KV004) before it"),
                new FileDirectives.Problem(3, 4, "NOLINTBEGIN(KV001) without a NOLINTEND(KV001); it silences nothing")),
                d.problems());
    }

    @Test
    void bareEmptyAndMalformedDirectivesSilenceNothing() {
        assertSame(FileDirectives.NONE, scan("x(); // NOLINT\n"));
        assertSame(FileDirectives.NONE, scan("x(); // NOLINT()\n"));
        assertSame(FileDirectives.NONE, scan("x(); // NOLINT (KV001): a space before the list is not a directive\n"));
        assertSame(FileDirectives.NONE, scan("x(); // NOLINTNEXT(KV001)\n"));
        assertSame(FileDirectives.NONE, scan("x(); // XNOLINT(KV001)\n"));
        assertSame(FileDirectives.NONE, scan("x(); // NOLINT(KV001\ny(); // )\n"), "the list ends on its line");
        assertSame(FileDirectives.NONE, scan("/* NOLINT(KV001"), "unterminated comment at end of file");
    }

    @Test
    void notInStringsOrCharactersOrCode() {
        assertSame(FileDirectives.NONE, scan("puts(\"/* NOLINT(KV001) */\");\n"));
        assertSame(FileDirectives.NONE, scan("puts(\"a \\\" // NOLINT(KV001)\");\n"));
        assertSame(FileDirectives.NONE, scan("#define NOLINT(x) x\nint NOLINT(KV001);\n"));
        assertSame(FileDirectives.NONE, scan("c = '\"'; s = \"// NOLINT(KV001)\";\n"));
        // a quote inside a comment does not start a string
        assertEquals(List.of("NOLINT(KV001) 1:21 1-1"), brief(scan("/* don't */ x(); // NOLINT(KV001)\n")));
    }

    @Test
    void directiveLineInsideAMultiLineComment() {
        String c = """
                /*
                 * This fallback is deliberate: see the changelog.
                 * NOLINTNEXTLINE(KV001)
                 */
                p = kmalloc(n, GFP_KERNEL);
                """;
        // NOLINTNEXTLINE means the line after the directive's own line, as clang-tidy reads it
        assertEquals(List.of("NOLINTNEXTLINE(KV001) 3:4 4-4"), brief(scan(c)));
    }

    @Test
    void lineCommentContinuedByBackslashAndCrlf() {
        FileDirectives d = scan("// note \\\r\n NOLINTNEXTLINE(KV004)\r\nkfree(p);\r\nx(); // NOLINT(KV001)\r\n");
        assertEquals(List.of("NOLINTNEXTLINE(KV004) 2:2 3-3", "NOLINT(KV001) 4:9 4-4"), brief(d));
    }

    @Test
    void severalDirectivesInOneComment() {
        FileDirectives d = scan("x(); /* NOLINT(KV001) NOLINTNEXTLINE(KV004) */\ny();\n");
        assertEquals(List.of("NOLINT(KV001) 1:9 1-1", "NOLINTNEXTLINE(KV004) 1:23 2-2"), brief(d));
        assertEquals(Kind.NOLINTNEXTLINE, d.suppressions().get(1).kind());
    }

    @Test
    void markSearchFindsEveryAlignment() {
        for (int pad = 0; pad < 14; pad++) {
            byte[] b = ("x".repeat(pad) + "NOLINT" + "y".repeat(pad % 3)).getBytes(StandardCharsets.US_ASCII);
            assertEquals(pad, NolintDirectives.indexOf(b, 0, b.length), "pad " + pad);
            assertEquals(-1, NolintDirectives.indexOf(b, 0, pad + 5), "window ends inside the mark");
        }
        byte[] b = "NOLINNOLINTT".getBytes(StandardCharsets.US_ASCII);
        assertEquals(5, NolintDirectives.indexOf(b, 0, b.length));
    }

    @Test
    void coversOnlyItsLines() {
        Suppression s = scan("/* NOLINTBEGIN(KV004) */\n\n/* NOLINTEND(KV004) */\n").suppressions().getFirst();
        assertTrue(s.covers(1) && s.covers(2) && s.covers(3));
        assertTrue(!s.covers(4) && !s.covers(0));
    }
}
