package org.kvlint.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/** Finding writes to a place: assignments and initialised declarations. */
public final class Stores {
    private Stores() {}

    /** Every store to {@code place} inside {@code scope}, in source order. */
    public static List<SyntaxNode> storesTo(SyntaxNode scope, String place) {
        List<SyntaxNode> out = new ArrayList<>();
        scope.walk(n -> {
            if (n.is("assignment_expression")) {
                n.child("left").filter(l -> CSyntax.canonical(l).equals(place)).ifPresent(l -> out.add(n));
            } else if (n.is("init_declarator")) {
                CSyntax.declaredName(n).filter(id -> id.text().equals(place)).ifPresent(id -> out.add(n));
            } else if (n.is("update_expression")) {
                n.child("argument").filter(a -> CSyntax.canonical(a).equals(place)).ifPresent(a -> out.add(n));
            }
        });
        return out;
    }

    public static Optional<SyntaxNode> lastStoreTo(SyntaxNode scope, String place) {
        List<SyntaxNode> all = storesTo(scope, place);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /**
     * The statements before {@code stmt} in its block, nearest first. Preprocessor blocks are
     * transparent: from the first statement of an {@code #ifdef} branch the walk continues before
     * the {@code #ifdef}; an {@code #else} branch does not see its {@code #if} branch.
     */
    public static List<SyntaxNode> precedingStatements(SyntaxNode stmt) {
        return precedingStatements(stmt, Integer.MAX_VALUE);
    }

    /** At most {@code limit} of {@link #precedingStatements(SyntaxNode)}, nearest first. */
    public static List<SyntaxNode> precedingStatements(SyntaxNode stmt, int limit) {
        List<SyntaxNode> out = new ArrayList<>();
        SyntaxNode cur = stmt;
        while (out.size() < limit) {
            Optional<SyntaxNode> prev = cur.prevNamedSibling();
            if (prev.isPresent()) {
                SyntaxNode p = prev.get();
                cur = p;
                if (!p.is("comment") && p.field() == null) {
                    out.add(p);
                }
                continue;
            }
            SyntaxNode parent = cur.parentOrNull();
            if (parent == null) {
                return out;
            }
            if (parent.is("preproc_else") || parent.is("preproc_elif") || parent.is("preproc_elifdef")) {
                // skip the sibling branches: climb to the #if itself
                SyntaxNode p = parent;
                while (p.parent().isPresent() && !(p.is("preproc_if") || p.is("preproc_ifdef"))) {
                    p = p.parent().get();
                }
                cur = p;
                continue;
            }
            if (CSyntax.isPreprocBlock(parent)) {
                cur = parent;
                continue;
            }
            return out;
        }
        return out;
    }
}
