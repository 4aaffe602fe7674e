package org.kvlint.validate;

import java.util.Optional;
import java.util.OptionalLong;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/** Small readers of C text shared by the size solver and the interpreter. */
final class CText {
    private CText() {}

    // compiled once: the proof reads these on every run of its function
    private static final java.util.regex.Pattern INTEGER_SUFFIX = java.util.regex.Pattern.compile("[uUlL]+$");
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");
    private static final java.util.regex.Pattern ELEMENT = java.util.regex.Pattern.compile("[A-Za-z_]\\w*\\[[^\\[\\]]*\\]");
    private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[A-Za-z_]\\w*");

    /** An integer literal ({@code 0x10UL}, {@code 077}, {@code 4096}); empty for floats and odd spellings. */
    static OptionalLong number(String literal) {
        String t = literal.strip().replace("'", "");
        t = INTEGER_SUFFIX.matcher(t).replaceAll("");
        if (t.startsWith("-") || t.startsWith("+")) {
            OptionalLong v = number(t.substring(1));
            return v.isPresent() && t.startsWith("-") ? OptionalLong.of(-v.getAsLong()) : v;
        }
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return OptionalLong.of(Long.parseUnsignedLong(t.substring(2), 16));
            }
            if (t.startsWith("0b") || t.startsWith("0B")) {
                return OptionalLong.of(Long.parseUnsignedLong(t.substring(2), 2));
            }
            if (t.length() > 1 && t.startsWith("0")) {
                return OptionalLong.of(Long.parseUnsignedLong(t.substring(1), 8));
            }
            return OptionalLong.of(Long.parseUnsignedLong(t));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A character literal's value: {@code '\0'} → 0, {@code 'a'} → 97. */
    static OptionalLong character(String literal) {
        String t = literal.strip();
        if (t.length() < 3 || t.charAt(0) != '\'' || t.charAt(t.length() - 1) != '\'') {
            return OptionalLong.empty();
        }
        String in = t.substring(1, t.length() - 1);
        if (in.length() == 1) {
            return OptionalLong.of(in.charAt(0));
        }
        if (in.startsWith("\\")) {
            String e = in.substring(1);
            switch (e) {
                case "n": return OptionalLong.of('\n');
                case "t": return OptionalLong.of('\t');
                case "r": return OptionalLong.of('\r');
                case "\\": return OptionalLong.of('\\');
                case "'": return OptionalLong.of('\'');
                case "\"": return OptionalLong.of('"');
                default:
                    if (e.startsWith("x")) {
                        return number("0" + e);
                    }
                    if (e.matches("[0-7]{1,3}")) {
                        return OptionalLong.of(Long.parseLong(e, 8));
                    }
            }
        }
        return OptionalLong.empty();
    }

    /** The canonical text of an expression: no whitespace, no comments, redundant parentheses gone. */
    static String canonical(SyntaxNode n) {
        return withoutWhitespace(CSyntax.canonical(n));
    }

    /** {@code s} without any whitespace: the proof asks for this text millions of times, so no regex. */
    static String withoutWhitespace(String s) {
        int i = 0;
        while (i < s.length() && !isRegexSpace(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length()).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isRegexSpace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Exactly the characters of the regex {@code \s}: space, tab, newline, vertical tab, form feed, CR. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** The operand of a {@code sizeof} as canonical text: {@code *p}, {@code struct foo}, {@code u64}. */
    static String sizeofOperand(SyntaxNode sizeofExpr) {
        Optional<SyntaxNode> type = sizeofExpr.child("type");
        if (type.isPresent()) {
            return SPACES.matcher(type.get().text()).replaceAll(" ").strip();
        }
        SyntaxNode v = sizeofExpr.child("value").orElse(sizeofExpr);
        while (v.is("parenthesized_expression") && v.namedChildren().size() == 1) {
            v = v.namedChildren().getFirst();
        }
        return canonical(v);
    }

    /** The key under which an unknown {@code sizeof} is bound: {@code sizeof(*p)}. */
    static String sizeofKey(String operand) {
        return "sizeof(" + operand + ")";
    }

    /**
     * {@code sizeof(operand)} when the interpreter knows it: declared scalars and pointers,
     * {@code *p} / {@code p[i]} of a declared pointer to a scalar, type names of scalars and pointers.
     */
    static OptionalLong knownSizeof(CFunction fn, String operand) {
        String o = operand.strip();
        while (o.startsWith("(") && o.endsWith(")") && balanced(o.substring(1, o.length() - 1))) {
            o = o.substring(1, o.length() - 1).strip();
        }
        if (o.startsWith("\"") && o.endsWith("\"")) {
            return OptionalLong.of(o.length() - 1); // "abc" → 4 (quotes replaced by the NUL), escapes aside
        }
        int derefs = 0;
        String base = o;
        while (base.startsWith("*")) {
            derefs++;
            base = base.substring(1).strip();
        }
        if (ELEMENT.matcher(base).matches()) {
            derefs++;
            base = base.substring(0, base.indexOf('['));
        }
        if (IDENTIFIER.matcher(base).matches()) {
            Optional<String> type = fn == null ? Optional.empty() : fn.typeOf(base);
            if (type.isPresent()) {
                String t = type.get();
                for (int i = 0; i < derefs; i++) {
                    Optional<String> in = CTypes.pointee(t);
                    if (in.isEmpty()) {
                        return OptionalLong.empty();
                    }
                    t = in.get();
                }
                return CTypes.sizeOf(t);
            }
            return derefs == 0 ? CTypes.sizeOf(base) : OptionalLong.empty();
        }
        if (derefs == 0 && !o.contains("->") && !o.contains(".") && !o.contains("[")) {
            return CTypes.sizeOf(o);
        }
        return OptionalLong.empty();
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
