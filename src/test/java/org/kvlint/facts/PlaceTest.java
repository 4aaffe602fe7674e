package org.kvlint.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/** The place an lvalue denotes, and that looking it up always ends. */
class PlaceTest {

    /** Issue 15's reproducer: half-written code whose last top-level item is {@code b->y =}. */
    static final String HALF_WRITTEN = "\tp = kzalloc(n, GFP_NOIO | __GFP_NOWARN);\n\tif (!p) {\n"
            + "\t\tp = __vmalloc(n, GFP_NOIO | __GFP_ZERO);\n\t}\n\tif (a) {\n\t\t\tp[i] = q[i];\n"
            + "\t\tfor (; i < w; i++) {\n\t\t\tpg = alloc_page(GFP_NOIO);\n\t\t\tif (!pg) {\n"
            + "\t\tb->x = NULL;\n\t\tb->y =";

    @Test
    void aMemberAccessWithoutItsBaseHasNoPlace() {
        SourceText text = new SourceText(HALF_WRITTEN.getBytes(StandardCharsets.UTF_8));
        SyntaxNode root;
        try (CParser p = new CParser()) {
            // as the scanner does: items without an allocator name are kept without children
            root = p.parse(text, (s, e) -> text.text(s, e).contains("alloc"));
        }
        List<SyntaxNode> shallow = root.children().stream()
                .filter(n -> n.is("field_expression") && n.children().isEmpty()).toList();
        assertEquals(1, shallow.size(), "the reproducer must still give a field_expression without children");
        Scope scope = Scope.of(root);
        Optional<Place> place = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Place.of(shallow.getFirst(), scope));
        assertTrue(place.isEmpty(), place.toString());
    }

    @Test
    void placesOfWholeExpressions() {
        FileFacts f = PointerFactsTest.facts("""
                struct s { void *buf[4]; struct s *next; };
                static void f(struct s *priv, void **out, int i)
                {
                \tkfree(priv->next->buf[i]);
                \tkfree((priv)->buf[2]);
                \tkfree(*out);
                }
                """);
        assertEquals(List.of("Field[text=priv->next->buf[i], baseText=priv, structType=s, chain=->next->buf[]]",
                        "Field[text=priv->buf[2], baseText=priv, structType=s, chain=->buf[2]]",
                        "Global[text=*out]"),
                f.pointers().frees().stream().map(x -> x.place().orElseThrow().toString()).toList());
    }
}
