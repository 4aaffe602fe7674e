package org.kvlint.facts;

import java.util.Optional;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * Recognises conditions that are true when a place holds NULL: {@code !p}, {@code p == NULL},
 * {@code NULL == p}, {@code p == 0}, {@code unlikely(!p)}, {@code !(p = kmalloc(...))}, and a
 * conjunction with one of those ({@code !p && size > PAGE_SIZE}).
 *
 * @param tested the lvalue node that is tested
 * @param place its canonical text
 * @param embeddedStore the assignment inside the test, for {@code !(p = f())}; else null
 */
public record NullTest(SyntaxNode tested, String place, SyntaxNode embeddedStore) {

    public static Optional<NullTest> of(SyntaxNode condition) {
        SyntaxNode c = stripParens(condition);
        if (c.is("call_expression")) {
            Optional<String> name = CSyntax.calleeName(c);
            if (name.isPresent() && (name.get().equals("unlikely") || name.get().equals("likely"))
                    && CSyntax.arguments(c).size() == 1) {
                return of(CSyntax.arguments(c).getFirst());
            }
            return Optional.empty();
        }
        if (c.is("unary_expression") && operator(c).equals("!")) {
            return c.child("argument").flatMap(NullTest::value);
        }
        if (c.is("binary_expression")) {
            String op = operator(c);
            SyntaxNode left = c.child("left").orElse(null);
            SyntaxNode right = c.child("right").orElse(null);
            if (left == null || right == null) {
                return Optional.empty();
            }
            if (op.equals("==")) {
                if (isNull(right)) {
                    return value(left);
                }
                if (isNull(left)) {
                    return value(right);
                }
            }
            if (op.equals("&&")) {
                Optional<NullTest> l = of(left);
                return l.isPresent() ? l : of(right);
            }
        }
        return Optional.empty();
    }

    private static Optional<NullTest> value(SyntaxNode expr) {
        SyntaxNode v = stripParens(expr);
        if (v.is("assignment_expression")) {
            return v.child("left").map(l -> new NullTest(l, CSyntax.canonical(l), v));
        }
        if (v.is("identifier") || v.is("field_expression") || v.is("subscript_expression")
                || v.is("pointer_expression")) {
            return Optional.of(new NullTest(v, CSyntax.canonical(v), null));
        }
        return Optional.empty();
    }

    private static boolean isNull(SyntaxNode n) {
        SyntaxNode v = stripParens(n);
        String t = v.text();
        return t.equals("NULL") || t.equals("0") || (v.is("null"));
    }

    private static SyntaxNode stripParens(SyntaxNode n) {
        SyntaxNode v = n;
        while (v.is("parenthesized_expression") && v.namedChildren().size() == 1) {
            v = v.namedChildren().getFirst();
        }
        return v;
    }

    private static String operator(SyntaxNode n) {
        return n.child("operator").map(SyntaxNode::text).orElse("");
    }
}
