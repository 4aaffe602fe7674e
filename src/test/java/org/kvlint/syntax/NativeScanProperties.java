package org.kvlint.syntax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.kvlint.source.CallScan;

/**
 * The natives' byte loop ({@link NativeScan}) answers exactly as {@link CallScan#JAVA}, the
 * reference: the same names, hashes and offsets, the same place to go on from when the output
 * array is full, the same sorted hashes; and so {@link CallScan#scan} gives the same result with
 * either.
 */
class NativeScanProperties {
    private static final List<String> TABLE = List.of("kmalloc", "vmalloc", "kfree", "vfree", "kvfree");
    private static final List<String> TOKENS = List.of("vmalloc", "vfree", "kvfree");
    private static final List<String> FREES = List.of("kfree", "vfree", "kvfree");

    @Property(tries = 3000)
    void findsWhatTheReferenceFinds(@ForAll("texts") byte[] text, @ForAll @IntRange(min = 1, max = 3) int room) {
        int[] want = new int[1 + 3 * room];
        int[] got = new int[1 + 3 * room];
        int names = 0;
        // in pieces of at most `room` names, going on from where each call stopped
        for (int from = 0; ; ) {
            int wantNext = CallScan.JAVA.names(text, from, text.length, want);
            int gotNext = NativeScan.FINDER.names(text, from, text.length, got);
            assertEquals(wantNext, gotNext, () -> new String(text, StandardCharsets.ISO_8859_1));
            assertArrayEquals(Arrays.copyOf(want, 1 + 3 * want[0]), Arrays.copyOf(got, 1 + 3 * got[0]));
            names += want[0];
            if (wantNext >= text.length || from == wantNext && want[0] == 0) {
                break;
            }
            from = wantNext;
        }
        int[] hashes = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            hashes[i] = text[i] * 0x3b9aca07 ^ (i % 5 == 0 ? Integer.MIN_VALUE : 0); // repeats, both signs
        }
        int n = text.length - (text.length > 0 ? Math.min(text.length, Math.floorMod(text[0], 3)) : 0);
        int[] a = hashes.clone();
        int[] b = hashes.clone();
        int m = CallScan.JAVA.distinctSorted(a, Math.max(0, n));
        assertEquals(m, NativeScan.FINDER.distinctSorted(b, Math.max(0, n)));
        assertArrayEquals(Arrays.copyOf(a, m), Arrays.copyOf(b, m));
        CallScan.Result java = new CallScan(TABLE, TOKENS, FREES).scan(text);
        CallScan.Result nat = new CallScan(TABLE, TOKENS, FREES, NativeScan.FINDER).scan(text);
        assertEquals(describe(java), describe(nat));
        // the bytes in a longer buffer (the scan lends one per thread): nothing past their end is read
        byte[] buffer = Arrays.copyOf(text, text.length + PAST_THE_END.length);
        System.arraycopy(PAST_THE_END, 0, buffer, text.length, PAST_THE_END.length);
        assertEquals(describe(java), describe(new CallScan(TABLE, TOKENS, FREES, NativeScan.FINDER).scan(buffer,
                text.length)));
        assertEquals(describe(java), describe(new CallScan(TABLE, TOKENS, FREES).scan(buffer, text.length)));
        // what the scan skips a file's directives for holds none: no directive, no problem
        if (!java.mentionsNolint()) {
            assertEquals(true, org.kvlint.source.NolintDirectives.scan(text).isEmpty(),
                    () -> new String(text, StandardCharsets.ISO_8859_1));
        } else {
            Statistics.label("directives").collect(org.kvlint.source.NolintDirectives.scan(text).isEmpty() ? "none" : "some");
        }
        Statistics.label("pieces").collect(names == 0 ? "no name" : names <= room ? "one piece" : "several pieces");
        Statistics.label("pieces").coverage(c -> {
            c.check("several pieces").percentage(p -> p > 5);
            c.check("no name").percentage(p -> p > 1);
        });
    }

    /** What a lent buffer may hold past a file's bytes: the rest of a longer file read before. */
    private static final byte[] PAST_THE_END = "->buf) vfree(p); kvfree(x->data, NOLINT(KV001) kmalloc(".getBytes(
            StandardCharsets.ISO_8859_1);

    @Property(tries = 300)
    void sortsAsTheReference(@ForAll("hashes") int[] values) {
        int[] a = values.clone();
        int[] b = values.clone();
        int m = CallScan.JAVA.distinctSorted(a, a.length);
        assertEquals(m, NativeScan.FINDER.distinctSorted(b, b.length));
        assertArrayEquals(Arrays.copyOf(a, m), Arrays.copyOf(b, m));
    }

    @Provide
    Arbitrary<int[]> hashes() {
        // any ints, and few distinct ones repeated (a file calls the same names again and again)
        return Arbitraries.oneOf(Arbitraries.integers().array(int[].class).ofMaxSize(5000),
                Arbitraries.of(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, 0x7ff, 0x800, -0x800)
                        .array(int[].class).ofMaxSize(3000));
    }

    /** {@link NativeScan#indexOf} (memmem) finds what {@link Bytes#indexOf} finds, in every range of the text. */
    @Property(tries = 500)
    void findsAWordWhereTheJavaSearchFindsIt(@ForAll("texts") byte[] text, @ForAll("words") byte[] word) {
        int found = 0;
        for (int from = -1; from <= text.length + 1; from++) {
            for (int to = from - 1; to <= text.length + 1; to++) {
                int want = Bytes.indexOf(text, word, from, to);
                assertEquals(want, NativeScan.indexOf(text, word, from, to),
                        () -> new String(word, StandardCharsets.ISO_8859_1) + " in "
                                + new String(text, StandardCharsets.ISO_8859_1));
                found += want >= 0 ? 1 : 0;
            }
        }
        Statistics.label("found").collect(found > 0);
        Statistics.label("found").coverage(c -> c.check(true).percentage(p -> p > 20));
    }

    /** The same on real code: "inline" in every top-level item of every fixture and example. */
    @Example
    void findsInlineInEveryItemOfEveryFixture() throws IOException {
        byte[] word = "inline".getBytes(StandardCharsets.ISO_8859_1);
        int found = 0;
        for (Path file : org.kvlint.TestSources.fixturesAndExamples()) {
            byte[] b = Files.readAllBytes(file);
            for (org.kvlint.source.ItemLexer.Item item : org.kvlint.source.ItemLexer.items(b)) {
                int want = Bytes.indexOf(b, word, item.start(), item.end());
                assertEquals(want, NativeScan.indexOf(b, word, item.start(), item.end()), file + " " + item);
                found += want >= 0 ? 1 : 0;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(found > 20, "items with inline: " + found);
    }

    /** {@link NativeScan#lineStarts} gives the table the Java loop gives, on random texts and every fixture. */
    @Property(tries = 1000)
    void findsTheLineStartsTheJavaLoopFinds(@ForAll("texts") byte[] text) {
        assertArrayEquals(SourceText.lineStartsInJava(text), NativeScan.lineStarts(text));
    }

    @Example
    void findsTheLineStartsOfEveryFixture() throws IOException {
        int lines = 0;
        for (Path file : org.kvlint.TestSources.fixturesAndExamples()) {
            byte[] b = Files.readAllBytes(file);
            int[] want = SourceText.lineStartsInJava(b);
            assertArrayEquals(want, NativeScan.lineStarts(b), file.toString());
            lines += want.length;
        }
        assertArrayEquals(new int[] {0}, NativeScan.lineStarts(new byte[0]));
        assertArrayEquals(new int[] {0, 1, 2}, NativeScan.lineStarts("\n\n".getBytes(StandardCharsets.ISO_8859_1)));
        org.junit.jupiter.api.Assertions.assertTrue(lines > 10_000, "lines: " + lines);
    }

    @Provide
    Arbitrary<byte[]> words() {
        return Arbitraries.of("inline", "in", "kfree", "(", "x", "\u0000", "", "NOLINT", "vfree(", "\u00e9")
                .map(w -> w.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Provide
    Arbitrary<byte[]> texts() {
        List<String> pieces = List.of("kmalloc", "vfree", "kfree", "x", "_a1", "9", "1x", " ", "\t", "\n", "(", "(",
                ")", ",", "->buf", ".field", "p->", "NOLINT", "NOLIN", "NOLINTEND", "XNOLINT", "/* NOLINT(KV004) */", "// NOLINTBEGIN(", "KV001)", "/*", "*/",
                "//", "NOLINTNEXTLINE", "NOLINTEND(*)", "/* */", "\"s(\"", "\u00e9", "\u0000", "[", "]", "{", "}", ";",
                "int ", "\nstatic int ");
        return Arbitraries.of(pieces).list().ofMaxSize(40)
                .map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Example
    void sameOnEveryFixtureAndExample() throws IOException {
        List<Path> files = org.kvlint.TestSources.fixturesAndExamples();
        int withNames = 0;
        for (Path p : files) {
            byte[] b = Files.readAllBytes(p);
            CallScan.Result java = new CallScan(TABLE, TOKENS, FREES).scan(b);
            CallScan.Result nat = new CallScan(TABLE, TOKENS, FREES, NativeScan.FINDER).scan(b);
            assertEquals(describe(java), describe(nat), p.toString());
            withNames += java.tableCalls().length > 0 ? 1 : 0;
        }
        // not vacuous: the files hold table calls
        assertEquals(true, withNames > 50, "files with table calls: " + withNames);
    }

    private static String describe(CallScan.Result r) {
        return Arrays.toString(r.tableCalls()) + " " + r.callsToken() + " " + Arrays.toString(r.callHashes()) + " "
                + r.mentionsNolint() + " " + Arrays.toString(r.freedFieldHashes()) + " "
                + Arrays.toString(r.definedHashes());
    }
}
