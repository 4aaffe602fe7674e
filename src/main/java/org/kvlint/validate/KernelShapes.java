package org.kvlint.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * The shapes of C the interpreter reads: small syntax helpers, and how tree-sitter renders kernel
 * idioms it does not know (iteration macros, annotations, printk with KERN_* prefixes), so the
 * interpreter can tell a harmless parse error from code it must refuse.
 */
final class KernelShapes {
    private KernelShapes() {}

    /**
     * A parse error the interpreter can step over: an annotation tree-sitter does not know in a
     * declaration ({@code const void __user *p}), or anything inside a logging call
     * ({@code printk(KERN_ERR PFX "...")}).
     */
    static boolean harmlessError(SyntaxNode err) {
        Optional<SyntaxNode> parent = err.parent();
        if (parent.isPresent() && parent.get().is("declaration") && !err.namedChildren().isEmpty()
                && err.namedChildren().stream().allMatch(c -> c.is("identifier") && c.text().startsWith("__"))) {
            return true;
        }
        for (SyntaxNode p = err; p != null; p = p.parentOrNull()) {
            if (p.is("expression_statement")) {
                return loggingStatement(p);
            }
            if (p.is("compound_statement")) {
                return false;
            }
        }
        return false;
    }

    /** A statement that is a call of a logging function, whatever tree-sitter made of its arguments. */
    static boolean loggingStatement(SyntaxNode stmt) {
        Matcher m = LOGGING_CALL.matcher(stmt.text());
        return m.lookingAt() && Builtins.isLogging(m.group(1));
    }

    private static final Pattern LOGGING_CALL = Pattern.compile("\\s*([A-Za-z_]\\w*)\\s*\\(");

    /**
     * {@code list_for_each_entry(pos, head, member) { ... }}: tree-sitter reads the macro as a
     * call statement missing its ';', followed by the body. The call, when the statement has that shape.
     */
    static Optional<SyntaxNode> loopMacroHead(SyntaxNode s) {
        if (!s.is("expression_statement") || s.children().stream().noneMatch(SyntaxNode::isMissing)) {
            return Optional.empty();
        }
        List<SyntaxNode> named = s.namedChildren();
        if (named.size() == 1 && named.getFirst().is("call_expression") && CSyntax.calleeName(named.getFirst()).isPresent()
                && named.getFirst().children().stream().noneMatch(c -> c.hasError())) {
            return Optional.of(named.getFirst());
        }
        return Optional.empty();
    }

    /** The statements directly inside a block or a preprocessor branch. */
    static List<SyntaxNode> statementsOf(SyntaxNode block) {
        if (block.is("compound_statement")) {
            return CSyntax.statements(block);
        }
        List<SyntaxNode> out = new ArrayList<>();
        for (SyntaxNode c : block.namedChildren()) {
            if (c.field() == null && !c.is("comment") && !c.is("preproc_arg")) {
                out.add(c);
            }
        }
        return out;
    }

    static List<SyntaxNode> caseBody(SyntaxNode c) {
        List<SyntaxNode> out = new ArrayList<>();
        for (SyntaxNode x : c.namedChildren()) {
            if (!"value".equals(x.field()) && !x.is("comment")) {
                out.add(x);
            }
        }
        return out;
    }

    static SyntaxNode stripParens(SyntaxNode n) {
        SyntaxNode p = n;
        while (true) {
            if (p.is("parenthesized_expression") && p.namedChildren().size() == 1) {
                p = p.namedChildren().getFirst();
            } else if (p.is("cast_expression") && p.child("value").isPresent()) {
                p = p.child("value").get();
            } else {
                return p;
            }
        }
    }

    static boolean isAddressOf(SyntaxNode n) {
        return n.is("pointer_expression") && n.child("operator").map(o -> o.text().equals("&")).orElse(false);
    }

    static String operator(SyntaxNode n) {
        return n.child("operator").map(SyntaxNode::text).orElse("");
    }

    static boolean isNullLiteral(SyntaxNode n) {
        return n.is("null") || n.is("identifier") && n.text().equals("NULL")
                || n.is("number_literal") && n.text().equals("0");
    }

    static SyntaxNode stripParensOnly(SyntaxNode n) {
        SyntaxNode p = n;
        while (p.is("parenthesized_expression") && p.namedChildren().size() == 1
                && !p.namedChildren().getFirst().is("compound_statement")) {
            p = p.namedChildren().getFirst();
        }
        return p;
    }

    /**
     * The factors of a size expression as canonical texts: {@code array_size(n, sizeof(*p))},
     * {@code n * sizeof(*p)} and {@code (size_t)n * sizeof(*p)} give the same factors.
     */
    static List<String> sizeFactors(SyntaxNode e) {
        SyntaxNode n = stripParens(e);
        if (n.is("binary_expression") && operator(n).equals("*")) {
            List<String> out = new ArrayList<>(sizeFactors(n.child("left").orElseThrow()));
            out.addAll(sizeFactors(n.child("right").orElseThrow()));
            return out;
        }
        if (n.is("call_expression")) {
            String name = CSyntax.calleeName(n).orElse("");
            if (name.equals("array_size") || name.equals("array3_size") || name.equals("size_mul")) {
                List<String> out = new ArrayList<>();
                CSyntax.arguments(n).forEach(a -> out.addAll(sizeFactors(a)));
                return out;
            }
        }
        return List.of(CText.canonical(n));
    }
}
