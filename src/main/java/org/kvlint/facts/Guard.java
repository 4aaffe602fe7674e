package org.kvlint.facts;

import java.util.Optional;
import java.util.Set;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * One branch condition on the way to a statement (an {@link Atom} of a path {@link Cond}): the
 * condition's canonical text and which way it went. {@code if (size > PAGE_SIZE) a; else b;} gives {@code a} the guard
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
 * @param kind what sort of test it is (decides which choices a rule may call deliberate)
 * @param written the condition as written, whitespace collapsed, for messages ("" when unknown)
 * @param loc where the condition is (the parenthesized condition of its statement), or null
 * @param comparison for an ordering, its operands' names (to tell a size threshold), else null
 * @param construct the statement or expression the condition decides (the {@code if}, the
 *     {@code ?:}, the loop, the {@code #if}), or null
 * @param operands for a flag test or a predicate call, the variables and fields it reads
 *     ({@link SizeNames}: to tell a test of the allocation's size behind a helper), else empty
 *
 * <p>Only {@code text} and {@code positive} make a guard's identity.
 */
public record Guard(String text, boolean positive, boolean stable, String vmallocTest, Kind kind, String written,
                    Loc loc, Comparison comparison, Loc construct, Set<String> operands) implements Atom {
    private static final Set<String> TRANSPARENT = Set.of("likely", "unlikely", "!!");
    /** Longer conditions are identified by position, not text: comparing them would cost more than it finds. */
    private static final int MAX_TEXT = 400;

    /** What a condition tests. */
    public enum Kind {
        /** {@code a < b}, {@code size > PAGE_SIZE}, {@code get_order(n) > 1}: an ordering. */
        COMPARISON,
        /** {@code flags & X}, {@code (flags & X) == X}: a bit test. */
        FLAG,
        /** {@code uses_vmalloc(c)}, {@code IS_ENABLED(X)}: a call of a function or macro of any name. */
        PREDICATE,
        /** {@code #ifdef X}, {@code #if X}: a configuration side. */
        PREPROCESSOR,
        /** {@code p}, {@code p == NULL}, {@code force_vmalloc}: the truth of a value. */
        VALUE,
        /** {@code a && b}, {@code a == b} and anything else. */
        OTHER
    }

    /**
     * An ordering {@code left op right} (op normalised as written: {@code <}, {@code <=},
     * {@code >}, {@code >=}).
     *
     * @param op the operator as written
     * @param left the names the left operand is computed from ({@link SizeNames})
     * @param right likewise for the right operand
     * @param aboveIfLeftIsSize when the left operand is the size: is the threshold provably above PAGE_SIZE
     * @param aboveIfRightIsSize likewise when the right operand is the size
     */
    public record Comparison(String op, Set<String> left, Set<String> right, boolean aboveIfLeftIsSize,
                             boolean aboveIfRightIsSize) implements java.io.Serializable {
        public Comparison {
            left = Set.copyOf(left);
            right = Set.copyOf(right);
        }
    }

    /** A guard without kind and position (tests, summaries). */
    public Guard(String text, boolean positive, boolean stable, String vmallocTest) {
        this(text, positive, stable, vmallocTest, Kind.OTHER, text, null, null, null, Set.of());
    }

    /** The same condition, the other way. */
    @Override
    public Guard negate() {
        return new Guard(text, !positive, stable, vmallocTest, kind, written, loc, comparison, construct, operands);
    }

    /** A configuration side in words: "with X defined", "with X not defined", "where '#if X' holds". */
    public String configurationWords() {
        if (text.startsWith("defined(") && text.endsWith(")")) {
            return "with " + text.substring(8, text.length() - 1) + (positive ? " defined" : " not defined");
        }
        return positive ? "where '#if " + text + "' holds" : "where '#if " + text + "' does not hold";
    }

    /** Can no path satisfy both? Only for stable conditions. */
    @Override
    public boolean contradicts(Atom other) {
        return other instanceof Guard g && contradicts(g);
    }

    /** Can no path satisfy both guards? Only for stable conditions. */
    public boolean contradicts(Guard other) {
        return stable && other.stable && positive != other.positive && text.equals(other.text);
    }

    /** The same test the other way (same text, opposite polarity), whether or not it is stable. */
    public boolean opposes(Guard other) {
        return positive != other.positive && text.equals(other.text);
    }

    /** Identity: the text and the polarity (two tests of the same condition are the same guard). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Guard g && g.positive == positive && g.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode() * 2 + (positive ? 1 : 0);
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
        Loc loc = Loc.of(Statements.stripCondition(condition));
        Loc construct = construct(condition);
        if (c.endByte() - c.startByte() > MAX_TEXT) {
            return new Guard("@" + c.startByte(), pos, false, null, Kind.OTHER, "", loc, null, construct, Set.of());
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
        Kind kind = kindOf(c);
        return new Guard(text, pos, isStable(c, unstable), vmalloc, kind, written(condition), loc,
                kind == Kind.COMPARISON ? comparison(c) : null, construct,
                kind == Kind.FLAG || kind == Kind.PREDICATE ? Set.copyOf(SizeNames.of(c)) : Set.of());
    }

    /** The statement or expression a condition (or a part of one) decides. */
    private static Loc construct(SyntaxNode condition) {
        SyntaxNode n = condition;
        for (int i = 0; i < 64; i++) {
            SyntaxNode p = n.parentOrNull();
            if (p == null) {
                return null;
            }
            if (p.is("parenthesized_expression") || p.is("binary_expression") || p.is("unary_expression")
                    || p.is("argument_list") || p.is("call_expression")) {
                n = p;
                continue;
            }
            return Loc.of(p);
        }
        return null;
    }

    /** The condition's text on one line. */
    private static String written(SyntaxNode condition) {
        return collapseBlanks(Statements.stripCondition(condition).text()).strip();
    }

    /** {@code replaceAll("\\s+", " ")} without a regex: each run of the regex's blanks becomes one space. */
    static String collapseBlanks(String t) {
        StringBuilder out = new StringBuilder(t.length());
        boolean inRun = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean blank = c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
            if (!blank) {
                out.append(c);
            } else if (!inRun) {
                out.append(' ');
            }
            inRun = blank;
        }
        return out.toString();
    }

    private static Comparison comparison(SyntaxNode c) {
        String op = op(c);
        SyntaxNode l = c.child("left").orElse(c);
        SyntaxNode r = c.child("right").orElse(c);
        return new Comparison(op, SizeNames.of(l), SizeNames.of(r), thresholdAbovePage(l, r, op, true),
                thresholdAbovePage(r, l, op, false));
    }

    /** Is {@code threshold} above PAGE_SIZE when {@code sizeSide} is the size (on the left when {@code sizeLeft})? */
    private static boolean thresholdAbovePage(SyntaxNode sizeSide, SyntaxNode threshold, String op, boolean sizeLeft) {
        SyntaxNode s = CSyntax.unwrap(sizeSide);
        if (s.is("call_expression") && CSyntax.calleeName(s).filter("get_order"::equals).isPresent()) {
            java.util.OptionalLong n = ConstantSize.onX86(threshold);
            boolean strict = sizeLeft ? op.equals(">") : op.equals("<");
            return n.isPresent() && (strict ? n.getAsLong() >= 1 : n.getAsLong() >= 2);
        }
        String t = CSyntax.canonical(threshold);
        return ConstantSize.abovePageSize(threshold) || t.equals("KMALLOC_MAX_CACHE_SIZE") || t.equals("KMALLOC_MAX_SIZE");
    }

    /** A guard for a preprocessor branch: {@code #ifdef X} → (defined(X), true). */
    static Guard preprocessor(String text, boolean positive, Loc loc) {
        return new Guard(text, positive, true, null, Kind.PREPROCESSOR, text, loc, null, loc, Set.of());
    }

    private static Kind kindOf(SyntaxNode c) {
        if (c.is("binary_expression")) {
            String op = op(c);
            switch (op) {
                case "<", "<=", ">", ">=" -> {
                    return Kind.COMPARISON;
                }
                case "&" -> {
                    return Kind.FLAG;
                }
                case "==", "!=" -> {
                    SyntaxNode l = c.child("left").map(Guard::strip).orElse(c);
                    SyntaxNode r = c.child("right").map(Guard::strip).orElse(c);
                    if (isBitTest(l) || isBitTest(r)) {
                        return Kind.FLAG;
                    }
                    if (isNullConstant(l) || isNullConstant(r)) {
                        return Kind.VALUE;
                    }
                    return Kind.OTHER;
                }
                default -> {
                    return Kind.OTHER;
                }
            }
        }
        if (c.is("call_expression")) {
            return Kind.PREDICATE;
        }
        if (c.is("identifier") || c.is("field_expression") || c.is("subscript_expression")
                || c.is("pointer_expression") || c.is("assignment_expression")) {
            return Kind.VALUE;
        }
        return Kind.OTHER;
    }

    private static boolean isBitTest(SyntaxNode n) {
        return n.is("binary_expression") && op(n).equals("&");
    }

    private static boolean isNullConstant(SyntaxNode n) {
        String t = n.text();
        return t.equals("NULL") || t.equals("0") || n.is("null");
    }

    /**
     * Nothing the condition reads is written in the function: no assignment or increment inside
     * it, no call other than pure helpers, and none of its names, fields or elements is a place
     * the function writes. One walk of the condition with a hash lookup per lvalue.
     */
    private static boolean isStable(SyntaxNode c, Set<String> unstable) {
        boolean[] ok = {true};
        c.walk(n -> {
            if (!ok[0]) {
                return;
            }
            if (n.is("assignment_expression") || n.is("update_expression")) {
                ok[0] = false;
            } else if (n.is("call_expression")) {
                Optional<String> name = CSyntax.calleeName(n);
                if (name.isEmpty() || !PURE.contains(name.get())) {
                    ok[0] = false;
                }
            } else if (!unstable.isEmpty() && (n.is("identifier") && !isFieldName(n) || n.is("field_expression")
                    || n.is("subscript_expression") || n.is("pointer_expression"))
                    && unstable.contains(CSyntax.canonical(n))) {
                ok[0] = false;
            }
        });
        return ok[0];
    }

    /** The member name of {@code s->name} is not a variable. */
    private static boolean isFieldName(SyntaxNode id) {
        return "field".equals(id.field());
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
