package org.kvlint.facts;

import java.util.Set;
import java.util.TreeSet;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * The variables and fields an expression is computed from, as compared between a size
 * threshold and an allocation's size: identifiers that are not callees and not macros in
 * capitals, and whole field expressions, outside {@code sizeof} (an element size, not a count).
 */
final class SizeNames {
    private SizeNames() {}

    static Set<String> of(SyntaxNode expr) {
        Set<String> out = new TreeSet<>();
        if (expr.endByte() - expr.startByte() > 2000) {
            return out; // nobody compares a size with a page of code
        }
        expr.walk(n -> {
            if (insideSizeof(n, expr)) {
                return;
            }
            if (n.is("identifier") && !n.text().equals(n.text().toUpperCase()) && !isCallee(n)) {
                out.add(n.text());
            } else if (n.is("field_expression")) {
                out.add(CSyntax.canonical(n));
            }
        });
        return out;
    }

    private static boolean insideSizeof(SyntaxNode n, SyntaxNode top) {
        SyntaxNode stop = top.parentOrNull();
        for (SyntaxNode p = n; p != null && p != stop; p = p.parentOrNull()) {
            if (p.is("sizeof_expression")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCallee(SyntaxNode id) {
        return id.parent().map(p -> p.is("call_expression") && p.child("function").filter(f -> f == id).isPresent())
                .orElse(false);
    }
}
