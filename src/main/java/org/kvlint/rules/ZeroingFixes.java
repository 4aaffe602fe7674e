package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionFacts.AllocFact;
import org.kvlint.facts.Loc;
import org.kvlint.facts.Statements;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * The KV009 fix, from the file's syntax: the nodes are found by the allocation's and the
 * memset's positions (so the fix stage may call this on a fresh parse of the file).
 */
final class ZeroingFixes {
    private ZeroingFixes() {}

    /** The text at {@code loc}, whitespace collapsed (for messages). */
    static String text(FileFacts facts, Loc loc) {
        return facts.source().text(loc.startByte(), loc.endByte()).replaceAll("\\s+", " ");
    }

    /**
     * The memset goes (with its {@code if (p)} guard when it is the guard's only statement) and
     * the call zeroes: renamed to {@code twin}, or __GFP_ZERO added to its mask when
     * {@code zeroing} and no twin; neither when the call zeroes already.
     */
    static Optional<Fix> fix(FileFacts facts, AllocFact a, ApiFunction f, String twin, boolean zeroing,
                             String description) {
        Optional<SyntaxNode> call = facts.pointers().callNode(a.id());
        if (call.isEmpty()) {
            return Optional.empty();
        }
        SyntaxNode scope = Statements.functionScope(call.get());
        Optional<SyntaxNode> memset = FallbackFixes.nodeAt(scope, a.memset());
        if (memset.isEmpty()) {
            return Optional.empty();
        }
        SyntaxNode statement = Statements.statementOf(memset.get());
        SyntaxNode removed = statement;
        if (a.memsetGuard() != null) {
            Optional<SyntaxNode> guard = FallbackFixes.nodeAt(scope, a.memsetGuard());
            if (guard.isPresent() && guard.get().child("consequence").map(b -> CSyntax.statements(b).size() == 1)
                    .orElse(false)) {
                removed = guard.get();
            }
        }
        Optional<Fix.TextEdit> delete = FixEdits.deleteLines(facts.source(), removed);
        if (delete.isEmpty()) {
            return Optional.empty();
        }
        List<Fix.TextEdit> edits = new ArrayList<>();
        if (twin != null) {
            edits.add(new Fix.TextEdit(a.nameLoc().startByte(), a.nameLoc().endByte(), twin));
        } else if (zeroing) {
            List<SyntaxNode> args = CSyntax.arguments(call.get());
            if (f.gfpArg() < 0 || f.gfpArg() >= args.size()) {
                return Optional.empty();
            }
            SyntaxNode g = args.get(f.gfpArg());
            boolean loose = g.is("conditional_expression") || g.is("assignment_expression") || g.is("comma_expression");
            edits.add(loose ? new Fix.TextEdit(g.startByte(), g.endByte(), "(" + g.text() + ") | __GFP_ZERO")
                    : new Fix.TextEdit(g.endByte(), g.endByte(), " | __GFP_ZERO"));
        }
        edits.add(delete.get());
        return Optional.of(new Fix(description, edits, Fix.Applicability.SAFE, ""));
    }
}
