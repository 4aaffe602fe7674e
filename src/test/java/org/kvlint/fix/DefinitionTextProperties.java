package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
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

/** {@link DefinitionText} answers exactly as the regular expression it replaced, on any text. */
class DefinitionTextProperties {
    private static final String NAME = "foo_bar";
    private static final Pattern REGEX = Pattern.compile("(?m)^[A-Za-z_][^;{}()]*\\b" + Pattern.quote(NAME)
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
                pieces(List.of(" ", "\t", "*", "int ", " *", "\n", "\r", "\u0085", "\u00e9", ";", "x"), 3),
                Arbitraries.of(NAME, NAME, NAME, "foo", "x" + NAME),
                pieces(List.of(" ", "\t", "\n", "\r", "x"), 2),
                Arbitraries.of("(", "(", "(", ""),
                pieces(List.of("int x", ",", " ", "(", ")", "\n", "*", ";", "{"), 3),
                Arbitraries.of(")", ")", ")", ""),
                Combinators.combine(pieces(List.of(" ", "\t", "\n", "\r\n", ")", "x"), 2),
                        Arbitraries.of("{", "{", "{", ";", "x{")).as((a, b) -> a + b))
                .as((a, b, c, d, e, f, g, h) -> a + b + c + d + e + f + g + h);
        return Arbitraries.frequencyOf(Tuple.of(1, random), Tuple.of(4, shaped));
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
