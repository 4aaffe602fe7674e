package org.kvlint.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * Resolves a GFP mask held in a local variable ({@code gfp_t flags = GFP_KERNEL;
 * flags &= ~__GFP_DIRECT_RECLAIM; flags |= __GFP_NORETRY;}) from the stores that precede the
 * call in the same function, so rules see the mask the call really gets. Parameters and
 * anything not written plainly stay unresolved.
 */
final class GfpResolver {
    /** Statements looked at before the call. */
    private static final int MAX_LOOKBACK = 128;

    private GfpResolver() {}

    static Optional<Gfp> resolve(SyntaxNode call, String variable) {
        // the nearest statements first, at most MAX_LOOKBACK of them: a mask is set up near its use,
        // and N calls with masks in one function must not cost O(N * function size)
        List<SyntaxNode> before = new ArrayList<>();
        SyntaxNode stmt = enclosingStatement(call);
        while (stmt != null && before.size() < MAX_LOOKBACK) {
            for (SyntaxNode p : Stores.precedingStatements(stmt, MAX_LOOKBACK - before.size())) {
                before.add(p);
            }
            stmt = stmt.parent().map(GfpResolver::enclosingStatement).orElse(null);
        }
        // nearest first: gather |= and &= ~ until a plain assignment or the declaration
        Set<String> added = new TreeSet<>();
        Set<String> removed = new TreeSet<>();
        List<String> parts = new ArrayList<>();
        for (SyntaxNode s : before) {
            List<SyntaxNode> stores = Stores.storesTo(s, variable);
            for (int i = stores.size() - 1; i >= 0; i--) {
                SyntaxNode store = stores.get(i);
                Optional<SyntaxNode> value = store.is("init_declarator") ? store.child("value") : store.child("right");
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                String op = store.is("init_declarator") ? "=" : store.child("operator").map(SyntaxNode::text).orElse("=");
                Gfp v = Gfp.parse(value.get().text());
                switch (op) {
                    case "=" -> {
                        if (!v.known()) {
                            return Optional.empty();
                        }
                        Set<String> names = new TreeSet<>(v.names());
                        names.addAll(added);
                        Set<String> rem = new TreeSet<>(v.removed());
                        rem.addAll(removed);
                        rem.removeAll(added);
                        parts.addFirst(CSyntax.canonical(value.get()));
                        return Optional.of(new Gfp(String.join(" ", parts), names, rem));
                    }
                    case "|=" -> {
                        added.addAll(v.names());
                        parts.addFirst("| " + value.get().text());
                    }
                    case "&=" -> {
                        if (!v.names().isEmpty() || v.removed().isEmpty()) {
                            return Optional.empty(); // a mask, not a clear: not plainly known
                        }
                        removed.addAll(v.removed());
                        parts.addFirst("& " + value.get().text());
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The statement (child of a block or of a control statement) that contains {@code n}. */
    private static SyntaxNode enclosingStatement(SyntaxNode n) {
        SyntaxNode cur = n;
        while (cur.parent().isPresent()) {
            SyntaxNode p = cur.parent().get();
            if (p.is("compound_statement") || CSyntax.isPreprocBlock(p)) {
                return cur;
            }
            if (p.is("function_definition") || p.is("translation_unit")) {
                return null;
            }
            cur = p;
        }
        return null;
    }
}
