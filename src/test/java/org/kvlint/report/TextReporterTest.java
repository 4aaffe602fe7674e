package org.kvlint.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.engine.FindingPolicy;
import org.kvlint.engine.RuleSelection;
import org.kvlint.engine.ScanResult;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Level;
import org.kvlint.rules.Span;
import org.kvlint.source.NolintDirectives;

/** --show-source, colours and --statistics, as golden text. */
class TextReporterTest {
    private static final String SOURCE = """
            static void f(void *p)
            {
            \tif (p)
            \t\tkfree(p); /* gone */
            \tx = kmalloc(n, GFP_KERNEL); // NOLINT(KV001)
            }
            """;

    private static ScanResult scan(Path file) throws IOException {
        Files.writeString(file, SOURCE);
        String path = file.toString();
        // kfree(p) on line 4 at byte column 3 (two tabs), 8 bytes long; kmalloc(...) on line 5
        Finding kfree = new Finding("KV004", Level.ERROR, path, new Span(4, 3, 4, 11, 40, 48), "freed wrong", List.of());
        Finding multi = new Finding("KV001", Level.WARNING, path, new Span(5, 6, 6, 2, 70, 110), "fallback", List.of());
        Finding note = new Finding("KV009", Level.NOTE, path, new Span(3, 2, 3, 4, 27, 29), "zeroing", List.of());
        ScanResult raw = new ScanResult(List.of(note, kfree, multi), List.of(), new ScanResult.Stats(1, 1, 0, 0, 0, 0, 0),
                KernelVersion.DEFAULT, "x", org.kvlint.facts.WrapperSummaries.EMPTY,
                Map.of(path, NolintDirectives.scan(Files.readAllBytes(file))), List.of());
        return new FindingPolicy(RuleSelection.ALL, List.of(), Map.of(), false).apply(raw);
    }

    private static String render(ScanResult s, TextReporter.Style style) {
        return Scans.render(new TextReporter(style), Report.of(s, new SourceRoot(Path.of("/"))));
    }

    @Test
    void showSourceLikeGcc(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.c");
        String out = render(scan(file), new TextReporter.Style(false, true));
        String p = file.toString();
        assertEquals(p + ":3:2: note: zeroing [KV009]\n"
                + "    3 |         if (p)\n"
                + "      |         ^~\n"
                + p + ":4:3: error: freed wrong [KV004]\n"
                + "    4 |                 kfree(p); /* gone */\n"
                + "      |                 ^~~~~~~~\n", out, "tabs expanded to 8 columns; the NOLINT'd KV001 is not shown");
    }

    @Test
    void plainLinesHaveNoEscapesAndColourHasGccs(@TempDir Path dir) throws IOException {
        ScanResult s = scan(dir.resolve("f.c"));
        String plain = render(s, TextReporter.Style.PLAIN);
        assertFalse(plain.contains("\033"), plain);
        assertEquals(2, plain.lines().count());
        String colour = render(s, new TextReporter.Style(true, true));
        String p = dir.resolve("f.c").toString();
        assertTrue(colour.contains("\033[1m" + p + ":4:3:\033[m \033[1;31merror:\033[m freed wrong [\033[1;31mKV004\033[m]\n"),
                colour);
        assertTrue(colour.contains("\033[1;36mnote:\033[m"), colour);
        assertTrue(colour.contains("      |                 \033[1;32m^~~~~~~~\033[m\n"), colour);
        assertEquals(plain, colour.replaceAll("\033\\[[0-9;]*m", "").lines().filter(l -> !l.contains(" | "))
                .map(l -> l + "\n").reduce("", String::concat), "colour changes nothing but the escapes");
    }

    @Test
    void caretUnderBytesOfMultiByteAndTabbedLines() {
        assertArrayEquals(new String[] {"        x = é + y;", "              ^"},
                TextReporter.expand("\tx = é + y;", 9, 10), "byte column 9 is '+', after the two-byte é");
        assertArrayEquals(new String[] {"ab", "  ^"}, TextReporter.expand("ab", 3, 4), "a span at the end of the line");
        assertArrayEquals(new String[] {"abcdef", " ^~~~~"}, TextReporter.expand("abcdef", 2, Integer.MAX_VALUE));
    }

    @Test
    void statisticsPerRuleInIdOrder(@TempDir Path dir) throws IOException {
        assertEquals("""
                    0  KV001  open-coded-fallback (1 suppressed)
                    1  KV004  kfree-of-vmalloc-memory
                    1  KV009  open-coded-zeroing
                """, Statistics.render(scan(dir.resolve("f.c"))));
    }
}
