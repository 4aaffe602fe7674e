package org.kvlint.engine;

import java.util.Optional;
import org.kvlint.syntax.SyntaxNode;

/** What to call a top-level item in messages about it. */
final class ItemNames {
    private ItemNames() {}

    /**
     * The name a function definition declares ({@code foo} of {@code static int *foo(void) {...}}),
     * following the declarator through pointers, parentheses and attributes; empty for anything
     * else, or when the syntax error sits where the name would be.
     */
    static String function(SyntaxNode item) {
        if (!item.is("function_definition")) {
            return "";
        }
        Optional<SyntaxNode> d = item.child("declarator");
        for (int depth = 0; d.isPresent() && depth < 32; depth++) {
            SyntaxNode n = d.get();
            if (n.is("identifier") || n.is("field_identifier")) {
                return n.text();
            }
            Optional<SyntaxNode> next = n.child("declarator");
            if (next.isEmpty()) {
                // parenthesized_declarator and attributed_declarator hold theirs without a field name
                next = n.namedChildren().stream().filter(c -> c.type().endsWith("declarator") || c.is("identifier"))
                        .findFirst();
            }
            d = next;
        }
        return "";
    }
}
