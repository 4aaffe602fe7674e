package org.kvlint.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical text of a place, kept per node once asked, and forgotten when the tree below changes. */
class CanonicalTest {
    private static SyntaxNode parse(String code) {
        try (CParser p = new CParser()) {
            return p.parseFully(new SourceText(code.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void keptOnceAskedAndForgottenWhenASubtreeBelowChanges() {
        SyntaxNode root = parse("void f(struct s *p, struct s *q) { ( p -> buf ) = 0; q->len = 1; }");
        List<SyntaxNode> lefts = new ArrayList<>();
        root.walk(n -> {
            if (n.is("assignment_expression")) {
                lefts.add(n.child("left").orElseThrow());
            }
        });
        SyntaxNode first = lefts.get(0);
        SyntaxNode second = lefts.get(1);
        String a = CSyntax.canonical(first);
        assertEquals("p->buf", a);
        assertSame(a, CSyntax.canonical(first), "asked again: the kept answer");
        assertEquals("q->len", CSyntax.canonical(second));
        // graft the second place's field expression under the first's parentheses, as macro bodies are grafted
        SyntaxNode inner = first.namedChildren().getFirst();
        first.setChildren(List.of(first.children().getFirst(), second, first.children().getLast()));
        assertEquals("q->len", CSyntax.canonical(first), "the subtree changed: asked afresh");
        // a change deeper down reaches every ancestor's kept answer
        assertEquals("q->len", CSyntax.canonical(second));
        second.setChildren(inner.children());
        assertEquals("p->buf", CSyntax.canonical(second));
        assertEquals("p->buf", CSyntax.canonical(first));
    }
}
