package org.kvlint.facts;

import java.util.Optional;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * A call whose result is stored somewhere: {@code place = call(...)} or {@code T *place = call(...)}.
 *
 * @param call the allocator call
 * @param target the lvalue node (identifier, field, subscript, ...), or the declared identifier
 * @param place canonical text of the target, the identity used to match uses of the same memory
 * @param store the assignment_expression or init_declarator that stores it
 */
public record Assignment(CallSite call, SyntaxNode target, String place, SyntaxNode store) {

    /** If the call's value is stored (through parentheses and casts), where. */
    public static Optional<Assignment> of(CallSite call) {
        SyntaxNode n = call.call();
        SyntaxNode p = n.parentOrNull();
        while (p != null && (p.is("parenthesized_expression") || p.is("cast_expression"))) {
            n = p;
            p = p.parentOrNull();
        }
        if (p == null) {
            return Optional.empty();
        }
        if (p.is("assignment_expression") && isRight(p, n)
                && p.children().stream().anyMatch(c -> c.text().equals("=") && !c.isNamed())) {
            SyntaxNode left = p.child("left").orElse(null);
            if (left == null) {
                return Optional.empty();
            }
            return Optional.of(new Assignment(call, left, CSyntax.canonical(left), p));
        }
        SyntaxNode stored = n;
        SyntaxNode declarator = p;
        if (p.is("init_declarator") && p.child("value").filter(v -> v == stored).isPresent()) {
            return CSyntax.declaredName(p).map(id -> new Assignment(call, id, id.text(), declarator));
        }
        return Optional.empty();
    }

    private static boolean isRight(SyntaxNode assignment, SyntaxNode value) {
        return assignment.child("right").map(r -> r.startByte() == value.startByte() && r.endByte() == value.endByte())
                .orElse(false);
    }

    /** The statement that contains the store (expression statement, declaration, if condition...). */
    public SyntaxNode statement() {
        SyntaxNode n = store;
        while (n.parent().isPresent()) {
            SyntaxNode p = n.parent().get();
            if (p.is("compound_statement") || CSyntax.isPreprocBlock(p) || p.is("translation_unit")
                    || p.is("if_statement") || p.is("else_clause") || p.is("for_statement")
                    || p.is("while_statement") || p.is("do_statement") || p.is("ERROR")) {
                return n;
            }
            n = p;
        }
        return n;
    }
}
