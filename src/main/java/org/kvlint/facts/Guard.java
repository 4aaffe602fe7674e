package org.kvlint.facts;

import java.util.Optional;
import java.util.Set;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * One branch condition on the way to a statement: the condition's canonical text and which way
 * it went. {@code if (size > PAGE_SIZE) a; else b;} gives {@code a} the guard
 * ({@code size>PAGE_SIZE}, true) and {@code b} (..., false). Negations, {@code likely()} /
 * {@code unlikely()}, and the comparisons {@code <=}, {@code <}, {@code !=} are normalised so that
 * {@code size <= PAGE_SIZE} and {@code !(size > PAGE_SIZE)} are the same guard.
 *
 * @param text canonical condition text, e.g. {@code size>PAGE_SIZE}, {@code is_vmalloc_addr(p)},
 *     {@code defined(CONFIG_FOO)}
 * @param positive true on the branch where the condition holds
 * @param stable true when nothing the condition reads is written in its function (so two tests
 *     of the same text agree): no assignment to a name or place it mentions, no call other than
 *     pure helpers
 * @param vmallocTest for {@code is_vmalloc_addr(x)}: the canonical text of {@code x} (casts
 *     removed), else null
 */
public record Guard(String text, boolean positive, boolean stable, String vmallocTest) {
    private static final Set<String> TRANSPARENT = Set.of("likely", "unlikely", "!!");

    /** The same condition, the other way. */
    public Guard negate() {
        return new Guard(text, !positive, stable, vmallocTest);
    }

    /** Can no path satisfy both guards? Only for stable conditions. */
    public boolean contradicts(Guard other) {
        return stable && other.stable && positive != other.positive && text.equals(other.text);
    }

    /** True for the branch on which {@code is_vmalloc_addr(x)} holds ({@code positive}) for this pointer text. */
    public boolean testsVmalloc(String pointer, boolean wantPositive) {
        return vmallocTest != null && vmallocTest.equals(pointer) && positive == wantPositive;
    }

    /** The guard a branch condition puts on its then-branch, ignoring what the function writes. */
    public static Guard of(SyntaxNode condition) {
        return of(condition, true, Set.of());
    }

    /**
     * The guard a branch condition puts on its then-branch.
     *
     * @param condition the condition as parsed (parentheses allowed)
     * @param unstable canonical texts of every place written in the function
     */
    static Guard of(SyntaxNode condition, boolean positive, Set<String> unstable) {
        SyntaxNode c = strip(condition);
        boolean pos = positive;
        while (true) {
            if (c.is("unary_expression") && op(c).equals("!") && c.child("argument").isPresent()) {
                c = strip(c.child("argument").get());
                pos = !pos;
                continue;
            }
            if (c.is("call_expression") && CSyntax.calleeName(c).filter(TRANSPARENT::contains).isPresent()
                    && CSyntax.arguments(c).size() == 1) {
                c = strip(CSyntax.arguments(c).getFirst());
                continue;
            }
            break;
        }
        String text;
        if (c.is("binary_expression") && c.child("left").isPresent() && c.child("right").isPresent()) {
            String l = CSyntax.canonical(c.child("left").get());
            String r = CSyntax.canonical(c.child("right").get());
            switch (op(c)) {
                case "<=" -> { text = l + ">" + r; pos = !pos; }
                case "<" -> { text = l + ">=" + r; pos = !pos; }
                case "!=" -> { text = l + "==" + r; pos = !pos; }
                default -> text = CSyntax.canonical(c);
            }
        } else {
            text = CSyntax.canonical(c);
        }
        String vmalloc = null;
        if (c.is("call_expression") && CSyntax.calleeName(c).filter("is_vmalloc_addr"::equals).isPresent()
                && CSyntax.arguments(c).size() == 1) {
            vmalloc = CSyntax.canonical(CSyntax.unwrap(CSyntax.arguments(c).getFirst()));
        }
        return new Guard(text, pos, isStable(c, unstable), vmalloc);
    }

    /** A guard for a preprocessor branch: {@code #ifdef X} → (defined(X), true). */
    static Guard preprocessor(String text, boolean positive) {
        return new Guard(text, positive, true, null);
    }

    private static boolean isStable(SyntaxNode c, Set<String> unstable) {
        boolean[] ok = {true};
        c.walk(n -> {
            if (n.is("assignment_expression") || n.is("update_expression")) {
                ok[0] = false;
            } else if (n.is("call_expression")) {
                Optional<String> name = CSyntax.calleeName(n);
                if (name.isEmpty() || !PURE.contains(name.get())) {
                    ok[0] = false;
                }
            }
        });
        if (!ok[0]) {
            return false;
        }
        String text = CSyntax.canonical(c);
        for (String u : unstable) {
            if (mentions(text, u)) {
                return false;
            }
        }
        return true;
    }

    /** Calls whose value depends only on their arguments. */
    private static final Set<String> PURE = Set.of("likely", "unlikely", "get_order", "array_size", "struct_size",
            "size_mul", "size_add", "PAGE_ALIGN", "ALIGN", "BITS_TO_LONGS", "DIV_ROUND_UP", "roundup_pow_of_two",
            "is_power_of_2", "sizeof", "defined", "IS_ENABLED", "ilog2", "order_base_2", "min", "max", "min_t", "max_t");

    /** Does {@code text} contain {@code name} as a whole token path (not as a prefix of a longer name)? */
    public static boolean mentions(String text, String name) {
        if (name.isEmpty()) {
            // nothing names it; and indexOf("", i) past the end returns the end again, for ever
            return false;
        }
        for (int i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
            boolean startOk = i == 0 || !identChar(text.charAt(i - 1)) && text.charAt(i - 1) != '>' && text.charAt(i - 1) != '.';
            int end = i + name.length();
            boolean endOk = end >= text.length() || !identChar(text.charAt(end));
            if (startOk && endOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean identChar(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_';
    }

    private static SyntaxNode strip(SyntaxNode n) {
        SyntaxNode v = n;
        while (v.is("parenthesized_expression") && v.namedChildren().size() == 1) {
            v = v.namedChildren().getFirst();
        }
        return v;
    }

    private static String op(SyntaxNode n) {
        return n.child("operator").map(SyntaxNode::text).orElse("");
    }
}
