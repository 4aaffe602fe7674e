package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Example;
import net.jqwik.api.statistics.Statistics;
import org.kvlint.source.CallScan;
import org.kvlint.syntax.NativeScan;

/**
 * {@link DefinitionText} answers exactly as the regular expression of its shape, on any text
 * (the one it replaced, with the definition's type required right before its name).
 */
class DefinitionTextProperties {
    private static final String NAME = "foo_bar";
    private static final Pattern REGEX = Pattern.compile("(?m)^[A-Za-z_](?:[^;{}()]*[A-Za-z0-9_])?[\\s*]*\\b"
            + Pattern.quote(NAME)
            + "\\s*\\([^;{]*\\)\\s*\\{");

    @Property(tries = 5000)
    void answersAsTheRegex(@ForAll("texts") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        boolean want = REGEX.matcher(text).find();
        assertEquals(want, DefinitionText.defines(bytes, NAME), text);
        Statistics.collect(want);
        // not vacuous: definitions are found in a fair share of the texts, and missed in most
        Statistics.coverage(c -> {
            c.check(true).percentage(p -> p > 2);
            c.check(false).percentage(p -> p > 50);
        });
    }

    /** The same shape with NAME in call position as the scan finds names: blanks only before the parenthesis. */
    private static final Pattern CALL_POSITION_REGEX = Pattern.compile("(?m)^[A-Za-z_](?:[^;{}()]*[A-Za-z0-9_])?[\\s*]*\\b"
            + Pattern.quote(NAME) + "[ \\t]*\\([^;{]*\\)\\s*\\{");

    /**
     * The scan's index of definitions ({@link CallScan.Result#definedHashes}, the shape checked
     * at every name in call position, by the Java finder and the natives alike) holds NAME exactly
     * when the regular expression finds it so written; {@link DefinitionText} confirms every file
     * the index names.
     */
    @Property(tries = 3000)
    void theScanIndexesWhatTheRegexFinds(@ForAll("texts") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        boolean want = CALL_POSITION_REGEX.matcher(text).find();
        int name = CallScan.hash(NAME);
        for (CallScan.NameFinder finder : List.of(CallScan.JAVA, NativeScan.FINDER)) {
            int[] defined = new CallScan(List.of("kfree"), List.of(), List.of(), finder).scan(bytes).definedHashes();
            assertEquals(want, Arrays.binarySearch(defined, name) >= 0, text);
        }
        if (want) {
            assertEquals(true, DefinitionText.defines(bytes, NAME), text);
        }
        Statistics.collect(want);
        Statistics.coverage(c -> {
            c.check(true).percentage(p -> p > 2);
            c.check(false).percentage(p -> p > 50);
        });
    }

    @Provide
    Arbitrary<String> texts() {
        List<String> any = List.of(NAME, "foo", "_bar", "static int ", "int", "x", "_", "1", " ", "\t", "\n", "\r",
                "\r\n", "\u0085", "\u00e9", "(", ")", "{", "}", ";", "*", ",", "void *p", "/* c */", "\u000b");
        Arbitrary<String> random = pieces(any, 14);
        // near-definitions: each part of the shape, varied, so both answers come up often
        Arbitrary<String> lineStart = Combinators.combine(pieces(any, 4),
                Arbitraries.of("\n", "\n", "\r", "\u0085", ""),
                Arbitraries.of("static int ", "int ", "x", "_", "1", " ", "\u00e9", "("))
                .as((a, b, c) -> a + b + c);
        Arbitrary<String> shaped = Combinators.combine(
                lineStart,
                // the type before the name: most often one, sometimes not
                Combinators.combine(pieces(List.of(" ", "\t", "*", "int ", " *", "\n", "\r", "\u0085", "\u00e9", ";",
                        "x"), 2), Arbitraries.of(" int ", "x *", "long\n", "\u00e9 ", "", "= ", "int*"))
                        .as((a, b) -> a + b),
                Arbitraries.of(NAME, NAME, NAME, "foo", "x" + NAME),
                pieces(List.of(" ", "\t", "\n", "\r", "x"), 2),
                Arbitraries.of("(", "(", "(", ""),
                pieces(List.of("int x", ",", " ", "(", ")", "\n", "*", ";", "{"), 3),
                Arbitraries.of(")", ")", ")", ""),
                Combinators.combine(pieces(List.of(" ", "\t", "\n", "\r\n", ")", "x"), 2),
                        Arbitraries.of("{", "{", "{", ";", "x{")).as((a, b) -> a + b))
                .as((a, b, c, d, e, f, g, h) -> a + b + c + d + e + f + g + h);
        // written as kernel code writes definitions, prototypes and calls
        Arbitrary<String> kernel = Combinators.combine(pieces(any, 3),
                Arbitraries.of("\nstatic int ", "\nvoid *", "\nint\n", "\nstruct x *\n", "\n\tx = ", "\n\tif (x) ",
                        "\n\treturn ", "\n"),
                Arbitraries.of(NAME, NAME, "x" + NAME),
                Arbitraries.of("(void)", "(int a,\n\tint b)", "(x)", " (x, y)", "(void);"),
                Arbitraries.of("\n{", " {", ";", "", "\n\t{"))
                .as((a, b, c, d, e) -> a + b + c + d + e);
        return Arbitraries.frequencyOf(Tuple.of(1, random), Tuple.of(4, shaped), Tuple.of(2, kernel));
    }

    private static Arbitrary<String> pieces(List<String> from, int max) {
        return Arbitraries.of(from).list().ofMaxSize(max).map(l -> String.join("", l));
    }

    @Example
    void kernelShapes() {
        String[] defining = {"static int\nfoo_bar(struct x *p)\n{\n", "void *foo_bar(size_t n) {", "int __init foo_bar (void)\n\t{"};
        String[] not = {"\tfoo_bar(p);\n", "int foo_bar(void);\n", "x = foo_bar(n) {", "#define foo_bar(x) { }",
                "static int\nmy_foo_bar(void)\n{", "}\nfoo_bar(void)\n{"};
        for (String s : defining) {
            assertEquals(true, DefinitionText.defines(s.getBytes(StandardCharsets.ISO_8859_1), NAME), s);
            assertEquals(true, REGEX.matcher(s).find(), s);
        }
        for (String s : not) {
            assertEquals(REGEX.matcher(s).find(), DefinitionText.defines(s.getBytes(StandardCharsets.ISO_8859_1), NAME), s);
        }
    }
}
