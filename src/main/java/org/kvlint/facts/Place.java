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
public sealed interface Place extends java.io.Serializable {
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
     * @param chain the member chain with computed array indexes collapsed, e.g. {@code ->tbl[]}
     *     ({@code ->tbl[0]} for a constant index)
     */
    record Field(String text, String baseText, String structType, String chain) implements Place {
        /** The last member of the chain, without indexes: {@code ->a.tbl[]} gives {@code tbl}. */
        public String member() {
            return Place.member(chain);
        }
    }

    /** The last member of a member chain, without indexes: {@code ->a.tbl[0]} gives {@code tbl}. */
    static String member(String chain) {
        String c = chain.replaceAll("\\[[^\\]]*\\]", "");
        int at = Math.max(c.lastIndexOf("->"), c.lastIndexOf('.'));
        return at < 0 ? c : c.substring(at + (c.startsWith("->", at) ? 2 : 1));
    }

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

    /**
     * The place a store writes: {@link #of} of its target, except for a store that tree-sitter
     * glued to a statement macro without a semicolon ({@code FOO(x)} newline {@code priv->buf = v;}
     * parses as a declaration of {@code priv} with an ERROR node {@code ->buf}): that one is
     * rebuilt from the text.
     *
     * @param store the assignment_expression or init_declarator
     * @param target the assigned lvalue, or the declared identifier
     */
    static Optional<Place> ofStore(SyntaxNode store, SyntaxNode target, Scope scope) {
        if (store.is("init_declarator")) {
            Optional<SyntaxNode> error = store.children().stream().filter(SyntaxNode::isError).findFirst();
            boolean macroType = store.parent().flatMap(d -> d.child("type")).filter(t -> t.is("macro_type_specifier"))
                    .isPresent();
            if (error.isPresent() && macroType && store.child("declarator").filter(d -> d.is("identifier")).isPresent()) {
                String base = target.text();
                String tail = error.get().text().replaceAll("\\s+", "");
                if (tail.matches("((->|\\.)[A-Za-z_][A-Za-z0-9_]*|\\[[^\\]]*\\])+")) {
                    String chain = tail.replaceAll("\\[[^\\]]*\\]", "[]");
                    if (!chain.contains("->") && !chain.contains(".")) {
                        return Optional.of(scope.declaresLocally(base)
                                ? new Local(base + "[]", scope.functionStart()) : new Global(base + "[]"));
                    }
                    return Optional.of(new Field(base + tail, base, scope.structTypeOf(base).orElse(""), chain));
                }
            }
        }
        return of(target, scope);
    }

    /** The {@code ->} or {@code .} of a member access (a loop: asked of every store and free's place). */
    private static String memberOperator(SyntaxNode fieldExpression) {
        for (SyntaxNode c : fieldExpression.children()) {
            if (!c.isNamed()) {
                String t = c.text();
                if (t.equals("->") || t.equals(".")) {
                    return t;
                }
            }
        }
        return "->";
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
            // every step goes one node down; half-written code ("b->" at the end of a file, an
            // ERROR in place of the base) has a member access without a base: no place
            while (base.is("field_expression") || base.is("subscript_expression")
                    || base.is("parenthesized_expression") && base.namedChildren().size() == 1) {
                if (base.is("field_expression")) {
                    String op = memberOperator(base);
                    parts.push(op + base.child("field").map(SyntaxNode::text).orElse("?"));
                } else if (base.is("subscript_expression")) {
                    parts.push(indexPart(base));
                }
                SyntaxNode down = base.is("parenthesized_expression") ? base.namedChildren().getFirst()
                        : base.child("argument").orElse(null);
                if (down == null) {
                    return Optional.empty();
                }
                base = down;
            }
            parts.forEach(chain::append);
            if (n.is("subscript_expression") && !chain.toString().contains("->") && !chain.toString().contains(".")
                    && base.is("identifier")) {
                // arr[i]: an element of a plain array variable
                String arr = base.text();
                return Optional.of(scope.declaresLocally(arr) ? new Local(arr + chain, scope.functionStart())
                        : new Global(arr + chain));
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

    /**
     * {@code [4]} or {@code [FOO_IDX]} for a constant index (distinct elements stay distinct:
     * {@code bufs[4] = kmalloc(...)} next to {@code bufs[n] = vmalloc(...)}), {@code []} for a
     * computed one (any element).
     */
    private static String indexPart(SyntaxNode subscript) {
        Optional<SyntaxNode> index = subscript.child("index");
        if (index.isPresent()) {
            SyntaxNode i = index.get();
            if (i.is("number_literal") || i.is("identifier") && i.text().matches("[A-Z][A-Z0-9_]*")) {
                return "[" + i.text() + "]";
            }
        }
        return "[]";
    }
}
