package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link WordMatcher#hits} (the natives' pass, hits compared here) finds exactly what the plain
 * Java search {@link WordMatcher#hitsInJava} finds: every whole identifier of the set, not one
 * that only starts or ends like a word, nor one starting with a digit.
 */
class WordMatcherProperties {
    private static final List<String> VOCABULARY = List.of("foo_free", "foo_free2", "foo", "x", "_a1", "kvfree",
            "free", "a", "A", "z9", "foo_free_all", "\u00e9t\u00e9");

    @Property(tries = 3000)
    void findsWhatThePlainSearchFinds(@ForAll("texts") byte[] text, @ForAll("words") Set<String> words) {
        WordMatcher m = new WordMatcher(words);
        int[] want = m.hitsInJava(text);
        assertArrayEquals(want, m.hits(text), () -> words + " in " + new String(text, StandardCharsets.ISO_8859_1));
        Statistics.label("hits").collect(want.length == 0 ? "none" : want.length == 1 ? "one" : "several");
        Statistics.label("hits").coverage(c -> {
            c.check("none").percentage(p -> p > 5);
            c.check("several").percentage(p -> p > 8);
        });
    }

    @Provide
    Arbitrary<byte[]> texts() {
        List<String> pieces = List.of("foo_free", "foo", "_free", "free", "x", "_a1", "9", "1foo", "foo_free2",
                " ", "\t", "\n", "(", ")", ",", "->", ".", "kvfree", "akvfree", "a", "A", "z9", "\u00e9", "t",
                "\u0000", "/*", "*/", "\"", "#define ");
        return Arbitraries.of(pieces).list().ofMaxSize(60)
                .map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Provide
    Arbitrary<Set<String>> words() {
        return Arbitraries.of(VOCABULARY).set().ofMaxSize(6);
    }

    @Example
    void anIdentifierWithTheHashOfAWordIsNotAHit() {
        // two names with one hash (found by a search): the native pass finds both, the bytes tell them apart
        assertEquals(org.kvlint.source.CallScan.hash("woqaxxkfwh"), org.kvlint.source.CallScan.hash("wobexiwnle"));
        byte[] text = "woqaxxkfwh(x); wobexiwnle(y);".getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(new int[] {15}, new WordMatcher(List.of("wobexiwnle")).hits(text));
        assertArrayEquals(new int[] {0}, new WordMatcher(List.of("woqaxxkfwh")).hits(text));
        assertArrayEquals(new int[] {0, 15}, new WordMatcher(List.of("woqaxxkfwh", "wobexiwnle")).hits(text));
    }

    @Example
    void moreHitsThanOneCallHolds() {
        String text = "foo_free(p);\n".repeat(1000) + "x";
        WordMatcher m = new WordMatcher(List.of("foo_free", "p", "x"));
        int[] hits = m.hits(text.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(2001, hits.length);
        assertArrayEquals(m.hitsInJava(text.getBytes(StandardCharsets.ISO_8859_1)), hits);
    }

    @Example
    void sameOnEveryFixtureAndExample() throws IOException {
        List<Path> files = org.kvlint.TestSources.fixturesAndExamples();
        WordMatcher m = new WordMatcher(List.of("kfree", "vfree", "kvfree", "vmalloc", "kmalloc", "kvmalloc", "priv",
                "size", "buf", "p", "i", "NULL", "GFP_KERNEL"));
        int withHits = 0;
        for (Path p : files) {
            byte[] b = Files.readAllBytes(p);
            int[] want = m.hitsInJava(b);
            assertArrayEquals(want, m.hits(b), p.toString());
            withHits += want.length > 0 ? 1 : 0;
        }
        assertTrue(withHits > 100, "files with hits: " + withHits);
    }
}
