package org.kvlint.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/** Statement-level navigation that copes with kernel reality (#ifdef blocks, mangled functions). */
public final class Statements {
    private Statements() {}

    /**
     * The body of the function that contains {@code n}; when the function did not parse as one
     * (attributes, #ifdef-split braces), the top-level item (often an ERROR node) around it.
     */
    public static SyntaxNode functionScope(SyntaxNode n) {
        // the outermost definition: a nested one is a macro block such as "scoped_guard(rcu) { ... }"
        SyntaxNode fn = null;
        for (SyntaxNode p = n.parentOrNull(); p != null; p = p.parentOrNull()) {
            if (p.is("function_definition") && p.child("body").isPresent()) {
                fn = p;
            }
        }
        if (fn != null) {
            return fn.child("body").get();
        }
        SyntaxNode top = n;
        while (top.parent().isPresent() && !top.parent().get().is("translation_unit")) {
            top = top.parent().get();
        }
        return top;
    }

    /** The block that holds {@code stmt}, looking through preprocessor blocks. */
    public static Optional<SyntaxNode> block(SyntaxNode stmt) {
        SyntaxNode p = stmt.parentOrNull();
        while (p != null && CSyntax.isPreprocBlock(p)) {
            p = p.parentOrNull();
        }
        return Optional.ofNullable(p);
    }

    /**
     * The statements after {@code stmt} in its block (or preprocessor branch), nearest first,
     * without comments. The walk does not leave the branch of an {@code #ifdef}: what follows
     * the {@code #endif} may belong to a configuration where {@code stmt} does not exist.
     */
    public static List<SyntaxNode> following(SyntaxNode stmt) {
        return following(stmt, Integer.MAX_VALUE);
    }

    /** At most {@code limit} of {@link #following(SyntaxNode)}: what a bounded look ahead needs. */
    public static List<SyntaxNode> following(SyntaxNode stmt, int limit) {
        List<SyntaxNode> out = new ArrayList<>();
        Optional<SyntaxNode> next = stmt.nextNamedSibling();
        while (next.isPresent() && out.size() < limit) {
            SyntaxNode s = next.get();
            if (s.field() != null) {
                break; // an #else/#elif alternative, or the closing part of a control statement
            }
            if (!s.is("comment")) {
                out.add(s);
            }
            next = s.nextNamedSibling();
        }
        return out;
    }

    /** return, goto, break, continue. */
    public static boolean isJump(SyntaxNode stmt) {
        return stmt.is("return_statement") || stmt.is("goto_statement") || stmt.is("break_statement")
                || stmt.is("continue_statement");
    }

    /** A statement that always leaves: a jump, or a block whose last statement is one. */
    /**
     * The {@code if} an {@code #if} block ends with when the block cuts an if/else in two after
     * its {@code else}: {@code #ifndef X / if (c) a; else / #endif / b;} -- an {@code if} without
     * else followed by a lone {@code else} (an ERROR node). The statement after the block is
     * that if's else half in the configuration the block is compiled in.
     */
    public static Optional<SyntaxNode> splitElse(SyntaxNode block) {
        if (!CSyntax.isPreprocBlock(block)) {
            return Optional.empty();
        }
        List<SyntaxNode> body = blockBody(block);
        if (body.size() < 2) {
            return Optional.empty();
        }
        SyntaxNode last = body.getLast();
        SyntaxNode ifs = body.get(body.size() - 2);
        return last.is("ERROR") && last.text().strip().equals("else") && ifs.is("if_statement")
                && ifs.child("alternative").isEmpty() ? Optional.of(ifs) : Optional.empty();
    }

    /** What an {@code #if} branch holds: its statements, not its condition nor its comments. */
    public static List<SyntaxNode> blockBody(SyntaxNode block) {
        List<SyntaxNode> body = new ArrayList<>();
        for (SyntaxNode c : block.children()) {
            if (c.isNamed() && c.field() == null && !c.is("comment")) {
                body.add(c);
            }
        }
        return body;
    }

    /** The next named sibling that is not a comment. */
    public static Optional<SyntaxNode> nextStatement(SyntaxNode n) {
        Optional<SyntaxNode> next = n.nextNamedSibling();
        while (next.isPresent() && next.get().is("comment")) {
            next = next.get().nextNamedSibling();
        }
        return next;
    }

    /** The previous named sibling that is not a comment. */
    public static Optional<SyntaxNode> prevStatement(SyntaxNode n) {
        Optional<SyntaxNode> prev = n.prevNamedSibling();
        while (prev.isPresent() && prev.get().is("comment")) {
            prev = prev.get().prevNamedSibling();
        }
        return prev;
    }

    public static boolean endsInJump(SyntaxNode stmt) {
        if (isJump(stmt)) {
            return true;
        }
        if (stmt.is("compound_statement")) {
            List<SyntaxNode> body = CSyntax.statements(stmt);
            return !body.isEmpty() && endsInJump(body.getLast());
        }
        return false;
    }

    /** The statement directly inside a block (or control statement) that contains {@code n}. */
    public static SyntaxNode statementOf(SyntaxNode n) {
        SyntaxNode cur = n;
        while (cur.parent().isPresent()) {
            SyntaxNode p = cur.parent().get();
            if (p.is("compound_statement") || CSyntax.isPreprocBlock(p) || p.is("translation_unit")
                    || p.is("if_statement") || p.is("else_clause") || p.is("for_statement")
                    || p.is("while_statement") || p.is("do_statement") || p.is("ERROR")
                    || p.is("case_statement") || p.is("labeled_statement")) {
                return cur;
            }
            cur = p;
        }
        return cur;
    }

    /** Strips parentheses and {@code likely()}/{@code unlikely()} from a condition. */
    public static SyntaxNode stripCondition(SyntaxNode condition) {
        SyntaxNode c = condition;
        while (true) {
            if (c.is("parenthesized_expression") && c.namedChildren().size() == 1) {
                c = c.namedChildren().getFirst();
            } else if (c.is("call_expression") && CSyntax.calleeName(c).filter(n -> n.equals("likely")
                    || n.equals("unlikely")).isPresent() && CSyntax.arguments(c).size() == 1) {
                c = CSyntax.arguments(c).getFirst();
            } else {
                return c;
            }
        }
    }

    /** Is {@code n} inside one of the branches (not the condition) of the if statement? */
    public static boolean inBranchOf(SyntaxNode n, SyntaxNode ifStmt) {
        return ifStmt.child("consequence").map(c -> c.contains(n)).orElse(false)
                || ifStmt.child("alternative").map(c -> c.contains(n)).orElse(false);
    }
}
