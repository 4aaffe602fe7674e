package org.kvlint.facts;

import java.util.Optional;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * The identity of a pointer's storage, comparable across the functions of one file.
 *
 * <p>A local (or parameter) is only the same place inside its own function; a file-scope name
 * is the same everywhere in the file; a struct field ({@code priv->buf}, {@code dev->tbl[i]},
 * {@code ctx->a.b}) is the same place in every function when the field chain matches and the
 * base's struct type matches (or is unknown on one side but the base is spelt the same).
 */
public sealed interface Place {
    /** Canonical text as written, for messages. */
    String text();

    /** A local variable or parameter of the function starting at {@code functionStart}. */
    record Local(String text, int functionStart) implements Place {}

    /** A name not declared in the function: a file-scope variable. */
    record Global(String text) implements Place {}

    /**
     * A struct member reached from a base expression.
     *
     * @param text canonical text, e.g. {@code priv->tbl[i]}
     * @param baseText the base as written, e.g. {@code priv}
     * @param structType the base's struct tag when declared in view ({@code struct foo_priv *priv}), else ""
     * @param chain the member chain with array elements collapsed, e.g. {@code ->tbl[]}
     */
    record Field(String text, String baseText, String structType, String chain) implements Place {}

    /** Could {@code a} and {@code b} denote the same storage? */
    static boolean same(Place a, Place b) {
        return switch (a) {
            case Local l when b instanceof Local m -> l.text().equals(m.text()) && l.functionStart() == m.functionStart();
            case Global g when b instanceof Global h -> g.text().equals(h.text());
            case Field f when b instanceof Field g -> f.chain().equals(g.chain())
                    && (!f.structType().isEmpty() && f.structType().equals(g.structType())
                        || (f.structType().isEmpty() || g.structType().isEmpty()) && f.baseText().equals(g.baseText()));
            default -> false;
        };
    }

    /** The place an lvalue expression denotes, seen from inside its function. */
    static Optional<Place> of(SyntaxNode lvalue, Scope scope) {
        SyntaxNode n = lvalue;
        while (n.is("parenthesized_expression") && n.namedChildren().size() == 1) {
            n = n.namedChildren().getFirst();
        }
        String text = CSyntax.canonical(n);
        if (n.is("identifier")) {
            return Optional.of(scope.declaresLocally(text) ? new Local(text, scope.functionStart()) : new Global(text));
        }
        if (n.is("field_expression") || n.is("subscript_expression")) {
            StringBuilder chain = new StringBuilder();
            SyntaxNode base = n;
            java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
            while (base.is("field_expression") || base.is("subscript_expression")
                    || base.is("parenthesized_expression") && base.namedChildren().size() == 1) {
                if (base.is("field_expression")) {
                    String op = base.children().stream().filter(c -> !c.isNamed()).map(SyntaxNode::text)
                            .filter(t -> t.equals("->") || t.equals(".")).findFirst().orElse("->");
                    parts.push(op + base.child("field").map(SyntaxNode::text).orElse("?"));
                    base = base.child("argument").orElse(base);
                } else if (base.is("subscript_expression")) {
                    parts.push("[]");
                    base = base.child("argument").orElse(base);
                } else {
                    base = base.namedChildren().getFirst();
                }
                if (base == null) {
                    break;
                }
            }
            parts.forEach(chain::append);
            if (n.is("subscript_expression") && !chain.toString().contains("->") && !chain.toString().contains(".")
                    && base.is("identifier")) {
                // arr[i]: an element of a plain array variable
                String arr = base.text();
                return Optional.of(scope.declaresLocally(arr) ? new Local(arr + "[]", scope.functionStart())
                        : new Global(arr + "[]"));
            }
            String baseText = CSyntax.canonical(base);
            String type = base.is("identifier") ? scope.structTypeOf(baseText).orElse("") : "";
            return Optional.of(new Field(text, baseText, type, chain.toString()));
        }
        if (n.is("pointer_expression")) {
            return Optional.of(new Global(text)); // *pp: storage reached through a pointer; compared by text
        }
        return Optional.empty();
    }
}
