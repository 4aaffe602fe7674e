package org.kvlint.syntax;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Small, rule-free helpers over C syntax nodes. */
public final class CSyntax {
    private CSyntax() {}

    /** Statement kinds that can appear in a block (plus preprocessor blocks wrapping statements). */
    private static final Set<String> PREPROC_BLOCKS = Set.of("preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif", "preproc_elifdef");

    public static boolean isPreprocBlock(SyntaxNode n) {
        return PREPROC_BLOCKS.contains(n.type());
    }

    /** The called function's name when the callee is a plain identifier. */
    public static Optional<String> calleeName(SyntaxNode call) {
        if (!call.is("call_expression")) {
            return Optional.empty();
        }
        SyntaxNode f = call.childOrNull("function");
        return f != null && f.is("identifier") ? Optional.of(f.text()) : Optional.empty();
    }

    /** The argument expressions of a call, in order (commas and parentheses dropped). */
    public static List<SyntaxNode> arguments(SyntaxNode call) {
        // a loop, not a stream: asked of every call many times a scan, where C1 compiles no stream well
        SyntaxNode list = call.childOrNull("arguments");
        if (list == null) {
            return List.of();
        }
        List<SyntaxNode> named = list.namedChildren();
        for (int i = 0, n = named.size(); i < n; i++) {
            if (named.get(i).is("comment")) {
                List<SyntaxNode> out = new java.util.ArrayList<>(n);
                for (SyntaxNode c : named) {
                    if (!c.is("comment")) {
                        out.add(c);
                    }
                }
                return List.copyOf(out);
            }
        }
        return named; // unmodifiable, as the list above
    }

    /** Strips parentheses and casts: {@code ((void *)kmalloc(...))} → the call. */
    public static SyntaxNode unwrap(SyntaxNode expr) {
        SyntaxNode n = expr;
        while (true) {
            if (n.is("parenthesized_expression") && n.namedChildren().size() == 1) {
                n = n.namedChildren().getFirst();
            } else if (n.is("cast_expression") && n.child("value").isPresent()) {
                n = n.child("value").get();
            } else {
                return n;
            }
        }
    }

    /**
     * The canonical text of an lvalue, for comparing "the same place": whitespace and redundant
     * parentheses removed ({@code ( s -> buf )} and {@code s->buf} are equal).
     */
    public static String canonical(SyntaxNode lvalue) {
        String known = lvalue.canonical;
        if (known != null) {
            return known;
        }
        SyntaxNode n = unwrapParens(lvalue);
        StringBuilder out = new StringBuilder();
        appendCanonical(n, out);
        String c = out.toString();
        lvalue.canonical = c;
        return c;
    }

    private static SyntaxNode unwrapParens(SyntaxNode n) {
        while (n.is("parenthesized_expression") && n.namedChildren().size() == 1) {
            n = n.namedChildren().getFirst();
        }
        return n;
    }

    private static void appendCanonical(SyntaxNode n, StringBuilder out) {
        if (n.is("comment")) {
            return;
        }
        if (n.children().isEmpty()) {
            n.appendText(out);
            return;
        }
        if (n.is("parenthesized_expression") && n.namedChildren().size() == 1) {
            SyntaxNode inner = n.namedChildren().getFirst();
            if (isSimplePath(inner)) {
                appendCanonical(inner, out);
                return;
            }
        }
        List<SyntaxNode> kids = n.children();
        for (int i = 0, k = kids.size(); i < k; i++) {
            appendCanonical(kids.get(i), out);
        }
    }

    private static boolean isSimplePath(SyntaxNode n) {
        return n.is("identifier") || n.is("field_expression") || n.is("subscript_expression")
                || n.is("pointer_expression") || n.is("parenthesized_expression");
    }

    /** The declared name of a declarator ({@code *buf}, {@code buf[4]}, {@code buf = x} → {@code buf}). */
    public static Optional<SyntaxNode> declaredName(SyntaxNode declarator) {
        SyntaxNode n = declarator;
        while (n != null) {
            if (n.is("identifier")) {
                return Optional.of(n);
            }
            n = n.child("declarator").orElse(null);
        }
        return Optional.empty();
    }

    /** The statements directly inside a block-like node (compound statement or a lone statement). */
    public static List<SyntaxNode> statements(SyntaxNode body) {
        if (body.is("compound_statement")) {
            return body.namedChildren().stream().filter(c -> !c.is("comment")).toList();
        }
        return List.of(body);
    }

    /** The nearest enclosing function definition, if the function parsed as one. */
    public static Optional<SyntaxNode> enclosingFunction(SyntaxNode n) {
        return n.ancestor("function_definition");
    }

    /** The function's name, when its declarator parsed cleanly. */
    public static Optional<String> functionName(SyntaxNode function) {
        Optional<SyntaxNode> decl = function.child("declarator");
        while (decl.isPresent()) {
            SyntaxNode d = decl.get();
            if (d.is("function_declarator")) {
                return d.child("declarator").filter(x -> x.is("identifier")).map(SyntaxNode::text);
            }
            decl = d.child("declarator");
        }
        return Optional.empty();
    }

    /** The name of parameter {@code position} (0-based) of a function definition, if it has one. */
    public static Optional<SyntaxNode> parameterName(SyntaxNode function, int position) {
        if (position < 0) {
            return Optional.empty();
        }
        Optional<SyntaxNode> decl = function.child("declarator");
        while (decl.isPresent() && !decl.get().is("function_declarator")) {
            decl = decl.get().child("declarator");
        }
        List<SyntaxNode> params = decl.flatMap(d -> d.child("parameters"))
                .map(ps -> ps.namedChildren().stream().filter(x -> x.is("parameter_declaration")).toList())
                .orElse(List.of());
        return position < params.size() ? params.get(position).child("declarator").flatMap(CSyntax::declaredName)
                : Optional.empty();
    }
}
