package org.kvlint.syntax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CParser#parseMentioning}: the escape resolver asks a file about one name (a member, a
 * function) and parses only the items that name it; those items must come out as the whole-file
 * parse makes them, and every other item stays an unparsed placeholder.
 */
class ParseMentioningTest {
    @Test
    void wordOffsetsFindWholeIdentifiersOnly() {
        byte[] b = "buf bufs _buf buf_ xbuf p->buf;buf".getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(new int[] {0, 27, 31}, Bytes.wordOffsets(b, "buf".getBytes(StandardCharsets.ISO_8859_1)));
        assertArrayEquals(new int[0], Bytes.wordOffsets(b, "len".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void onlyTheItemsNamingTheWordAreParsed() {
        String c = """
                struct acme { void *buf; int n; };

                static int acme_count(struct acme *a)
                {
                	return a->n;
                }

                static void acme_free(struct acme *a)
                {
                	kfree(a->buf);
                }

                #define ACME_DROP(a) do { vfree((a)->buf); } while (0)
                """;
        try (CParser parser = new CParser()) {
            SyntaxNode root = parser.parseMentioning(new SourceText(c.getBytes(StandardCharsets.UTF_8)), "buf");
            List<SyntaxNode> functions = root.descendants("function_definition");
            // acme_free, and the macro body analysed as a function; acme_count is a childless placeholder
            List<String> parsed = functions.stream().filter(f -> !f.children().isEmpty())
                    .map(f -> CSyntax.functionName(f).orElse("?")).toList();
            assertEquals(List.of("acme_free", "ACME_DROP"), parsed);
            assertTrue(functions.stream().anyMatch(f -> f.children().isEmpty() && f.text().contains("acme_count")));
        }
    }

    /** Every function of every fixture that names a word of its own comes out as the whole-file parse has it. */
    @Test
    void theItemsParsedAreThoseOfTheWholeFileParse() throws IOException {
        List<Path> files = cFiles();
        int compared = 0;
        try (CParser parser = new CParser()) {
            for (Path f : files) {
                SourceText source = new SourceText(Files.readAllBytes(f));
                SyntaxNode whole = parser.parseFully(source);
                if (whole.hasError()) {
                    continue; // error recovery may reach across items: the scan's own parse differs there too
                }
                for (SyntaxNode fn : whole.children()) {
                    if (!fn.is("function_definition") || CSyntax.functionName(fn).isEmpty()) {
                        continue;
                    }
                    String name = CSyntax.functionName(fn).get();
                    SyntaxNode part = parser.parseMentioning(source, name);
                    SyntaxNode same = part.children().stream().filter(n -> n.startByte() == fn.startByte())
                            .findFirst().orElseThrow();
                    assertEquals(dump(fn), dump(same), f + ": " + name);
                    compared++;
                }
            }
        }
        assertTrue(compared > 100, "functions compared: " + compared);
    }

    /**
     * A proof's fixed text is parsed for the functions the fix touched only
     * ({@link CParser#parseForFix(SourceText, int[], java.util.Collection)}): every function of
     * every fixture comes out as the whole-file parse for a fix has it, with its macro bodies,
     * and of the other items only those that name it are parsed.
     */
    @Test
    void aFixedTextIsParsedForTheFunctionsItNames() throws IOException {
        List<Path> files = cFiles();
        int compared = 0;
        List<String> strays = new java.util.ArrayList<>();
        try (CParser parser = new CParser()) {
            for (Path f : files) {
                SourceText source = new SourceText(Files.readAllBytes(f));
                SyntaxNode whole = parser.parseForFix(source, new int[0]);
                List<org.kvlint.source.ItemLexer.Item> items = org.kvlint.source.ItemLexer.items(source.bytes());
                for (SyntaxNode fn : whole.descendants("function_definition")) {
                    if (fn.children().isEmpty() || CSyntax.functionName(fn).isEmpty()) {
                        continue;
                    }
                    String name = CSyntax.functionName(fn).get();
                    SyntaxNode part = parser.parseForFix(source, new int[0], List.of(name));
                    List<SyntaxNode> same = part.descendants("function_definition").stream()
                            .filter(n -> n.startByte() == fn.startByte() && n.endByte() == fn.endByte()).toList();
                    assertEquals(1, same.size(), f + ": " + name);
                    assertEquals(dump(fn), dump(same.getFirst()), f + ": " + name);
                    // every item parsed names the function (an item may hold more than one function)
                    for (SyntaxNode top : part.children()) {
                        if (top.children().isEmpty()) {
                            continue;
                        }
                        org.kvlint.source.ItemLexer.Item item = items.stream()
                                .filter(i -> i.start() <= top.startByte() && top.startByte() < i.end()).findFirst()
                                .orElseThrow();
                        if (Bytes.wordOffsets(java.util.Arrays.copyOfRange(source.bytes(), item.start(), item.end()),
                                name.getBytes(StandardCharsets.ISO_8859_1)).length == 0) {
                            strays.add(f + ": " + top.type() + " at " + (top.startRow() + 1) + " parsed for " + name);
                        }
                    }
                    compared++;
                }
            }
        }
        assertTrue(compared > 100, "functions compared: " + compared);
        assertEquals(List.of(), strays, "only the items naming the function are parsed");
    }

    /** The C files of the fixtures and examples, in order. */
    private static List<Path> cFiles() throws IOException {
        return org.kvlint.TestSources.fixturesAndExamples().stream().filter(p -> p.toString().endsWith(".c")).sorted()
                .toList();
    }

    private static String dump(SyntaxNode n) {
        StringBuilder out = new StringBuilder();
        dump(n, 0, out);
        return out.toString();
    }

    private static void dump(SyntaxNode n, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(n.type()).append(' ').append(n.field()).append(' ')
                .append(n.startByte()).append('-').append(n.endByte()).append(' ').append(n.startRow()).append(':')
                .append(n.startColumn()).append('\n');
        for (SyntaxNode c : n.children()) {
            dump(c, depth + 1, out);
        }
    }
}
