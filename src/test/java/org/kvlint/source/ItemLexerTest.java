package org.kvlint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cheap cut of a file into top-level items, against the shapes kernel files have. */
class ItemLexerTest {
    /** Each item as "KIND:first line of its text". */
    private static List<String> cut(String c) {
        byte[] b = c.getBytes(StandardCharsets.UTF_8);
        return ItemLexer.items(b).stream().map(i -> i.kind() + ":" + new String(b, i.start(), i.end() - i.start(),
                StandardCharsets.UTF_8).lines().findFirst().orElse("")).toList();
    }

    @Test
    void functionsDeclarationsAndDirectives() {
        assertEquals(List.of("DIRECTIVE:#include <linux/slab.h>", "DECLARATION:static int x;",
                "FUNCTION:static int f(void)", "DECLARATION:struct s {", "MACRO:#define A(x) \\",
                "FUNCTION:int g(int a) __acquires(l)"), cut("""
                #include <linux/slab.h>
                static int x;
                /* a comment } with a brace */
                static int f(void)
                {
                \tchar *s = "}{";
                \tchar c = '}';
                \treturn 0;
                }
                struct s {
                \tint (*op)(void);
                } __packed;
                #define A(x) \\
                \tdo { kfree(x); } while (0)
                int g(int a) __acquires(l)
                {
                \treturn a;
                }
                """));
    }

    @Test
    void anAttributeAfterTheParametersStillOpensABody() {
        assertEquals(List.of("FUNCTION:static int f(void) __must_check", "FUNCTION:static int h(void)"), cut("""
                static int f(void) __must_check
                {
                \treturn 0;
                }
                static int h(void)
                {
                \treturn 1;
                }
                """));
    }

    @Test
    void initialisersEndAtTheirSemicolon() {
        assertEquals(List.of("DECLARATION:static const struct file_operations fops = {", "FUNCTION:void k(void) { }"),
                cut("""
                static const struct file_operations fops = {
                \t.open = f,
                };
                void k(void) { }
                """));
    }

    @Test
    void conditionalHeadersOpenOneBody() {
        // two spellings of the header under #ifdef/#else: one function item holding both, as
        // tree-sitter reads it; the depth after #endif is the first branch's
        assertEquals(List.of("DIRECTIVE:#ifdef X", "FUNCTION:int f(int a) {", "FUNCTION:void after(void) { }"), cut("""
                #ifdef X
                int f(int a) {
                #else
                int f(void) {
                #endif
                \treturn 0;
                }
                void after(void) { }
                """));
    }

    @Test
    void unbalancedCodeNeverHidesWhatFollowsForever() {
        List<String> items = cut("""
                void broken(void)
                {
                \tif (x) {
                }
                }
                }
                void next(void) { }
                """);
        assertEquals("FUNCTION:void next(void) { }", items.getLast());
    }

    @Test
    void aLineCommentContinuedByABackslashAndAStringWithAnEscapedQuote() {
        assertEquals(List.of("FUNCTION:void f(void)"), cut("""
                // a comment \\
                that goes on { here
                void f(void)
                {
                \tputs("\\" } {");
                }
                """));
    }
}
