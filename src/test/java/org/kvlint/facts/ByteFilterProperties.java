package org.kvlint.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The byte tests that spare the facts a decoded copy and a regex never change an answer: where
 * one says no, the regex it stands before finds nothing either.
 */
class ByteFilterProperties {
    @Property(tries = 3000)
    void noComparisonByteMeansNoComparingMacro(@ForAll("macros") String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        Matcher m = FileFacts.MACRO.matcher(text.strip());
        boolean compares = m.matches() && FileFacts.COMPARISON.matcher(m.group(3)).find();
        filterHolds(compares, FileFacts.mayCompare(b, 0, b.length), text);
    }

    /**
     * Where the regex finds something the byte test said it might; and the texts tried are not
     * vacuous: some match, some are ruled out by the bytes alone.
     */
    private static void filterHolds(boolean found, boolean may, String text) {
        if (found) {
            assertTrue(may, text);
        }
        Statistics.collect(found ? "found" : may ? "may, does not" : "cannot");
        Statistics.coverage(c -> {
            c.check("found").percentage(p -> p > 5);
            c.check("cannot").percentage(p -> p > 5);
        });
    }

    @Provide
    Arbitrary<String> macros() {
        Arbitrary<String> body = Arbitraries.of("a", "b", "<", ">", "-", "->", "<<", ">>", "<=", " ", "\t", "\n",
                "\\\n", "(", ")", "x->y", "\u00e9", "1").list().ofMaxSize(12).map(l -> String.join("", l));
        Arbitrary<String> params = Arbitraries.of("a", "b", ",", " ", "<", ">").list().ofMaxSize(4)
                .map(l -> String.join("", l));
        return net.jqwik.api.Combinators.combine(Arbitraries.of("#define ", "# define ", "#define\t", "  #define "),
                Arbitraries.of("MIN", "cmp", "x"), params, body, Arbitraries.of("", " ", "\n"))
                .as((d, name, p, b, tail) -> d + name + "(" + p + ")" + b + tail);
    }

    @Property(tries = 3000)
    void noBraceReturnMeansNoComparingInlineFunction(@ForAll("functions") String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        filterHolds(FileFacts.INLINE_COMPARE.matcher(text).find(), FileFacts.mayReturnAtOnce(b, 0, b.length), text);
    }

    @Provide
    Arbitrary<String> functions() {
        Arbitrary<String> noise = Arbitraries.of("return", "return ", "returned", "xreturn", "a", "<", ">", "->", ";",
                " ", "\t", "\n", "\u000b", "\f", "\r", "{", "}", "(", ")", "\u00e9", "_").list().ofMaxSize(8)
                .map(l -> String.join("", l));
        // a comparison returned at once, varied, so that the regex finds one in a fair share
        Arbitrary<String> compare = net.jqwik.api.Combinators.combine(Arbitraries.of(" ", "\n\t", "", "\u000b"),
                Arbitraries.of("return ", "return\t", "return(", "returns ", "return"),
                Arbitraries.of("a < b", "a->b > c", "a<<b", "x >= 1", "a - b"), Arbitraries.of(";", "; ", ";\n", ""))
                .as((blank, ret, expr, semi) -> blank + ret + expr + semi);
        Arbitrary<String> body = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, noise),
                net.jqwik.api.Tuple.of(3, compare));
        return net.jqwik.api.Combinators.combine(Arbitraries.of("static inline int ", "inline bool ", ""),
                Arbitraries.of("cmp", "x", "9"),
                Arbitraries.of("(int a, int b)", "(void)", "(int a, int b)", "(void)", "(a(b))", "("),
                Arbitraries.of("{", " {", "\n{\n\t", "{", " {", "\n{\n\t", "", "{{"), body,
                Arbitraries.of("}", " }", "\n}", "}", " }", "\n}", ";}", ""))
                .as((head, name, params, open, b, close) -> head + name + params + open + b + close);
    }

    @Property(tries = 3000)
    void aCommentThatCannotExplainDoesNot(@ForAll("comments") String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        filterHolds(SyntaxFacts.whyNotKv(text) || SyntaxFacts.whyThisSide(text), SyntaxFacts.mayExplain(b, 0, b.length),
                text);
    }

    @Provide
    Arbitrary<String> comments() {
        List<String> words = List.of("kvmalloc", "KVFREE", "kVzalloc", "vmalloc", "VZALLOC", "kmalloc", "slab",
                "not", "can't", "because", "instead", "reduce", "pressure", "in default", "fall back", "kv", "v",
                "malloc", "alloc", "\u00e9", "\u00ff", " ", "\n", "(", ")", ".");
        return Arbitraries.of(words).list().ofMaxSize(10).map(l -> "/* " + String.join(" ", l) + " */");
    }

    @Property(tries = 2000)
    void blanksCollapseAsTheRegexDid(@ForAll("spaced") String text) {
        assertEquals(text.replaceAll("\\s+", " "), Guard.collapseBlanks(text));
    }

    @Provide
    Arbitrary<String> spaced() {
        return Arbitraries.of("a", "x > 0", " ", "\t", "\n", "\r", "\u000b", "\f", "\u00a0", "\u2003", "\u001c", "\u0085")
                .list().ofMaxSize(12).map(l -> String.join("", l));
    }
}
