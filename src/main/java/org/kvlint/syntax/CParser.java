package org.kvlint.syntax;

import io.github.treesitter.jtreesitter.Language;
import io.github.treesitter.jtreesitter.Node;
import io.github.treesitter.jtreesitter.Parser;
import io.github.treesitter.jtreesitter.Tree;
import io.github.treesitter.jtreesitter.TreeCursor;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * One tree-sitter C parser. Not thread-safe: each worker thread owns one and closes it.
 *
 * <p>{@link #parse} copies into {@link SyntaxNode}s only the top-level items (functions,
 * declarations, ERROR regions) that the caller's filter selects, then closes the native tree;
 * other top-level items are kept as childless nodes, enough to count parse errors.
 */
public final class CParser implements AutoCloseable {
    private final Language language;
    private final Parser parser;
    private final Map<Short, String> typeNames = new HashMap<>();

    public CParser() {
        this.language = TreeSitterNatives.c();
        this.parser = new Parser(language);
    }

    /**
     * Parses a whole file.
     *
     * @param keep decides, from a top-level item's byte range [start, end), whether to copy its subtree
     */
    public SyntaxNode parse(SourceText source, BiPredicate<Integer, Integer> keep) {
        String text = source.asString();
        try (Tree tree = parser.parse(text).orElseThrow(() -> new IllegalStateException("parse halted"));
             Arena arena = Arena.ofConfined();
             TreeCursor cursor = tree.walk()) {
            Node rootNode = cursor.getCurrentNode(arena);
            SyntaxNode root = copyShallow(rootNode, null, source);
            List<SyntaxNode> top = new ArrayList<>();
            if (cursor.gotoFirstChild()) {
                do {
                    Node n = cursor.getCurrentNode(arena);
                    SyntaxNode item = copyShallow(n, cursor.getCurrentFieldName(), source);
                    if (keep.test(item.startByte(), item.endByte())) {
                        copyChildren(cursor, item, arena, source);
                    }
                    top.add(item);
                } while (cursor.gotoNextSibling());
            }
            root.setChildren(top);
            return root;
        }
    }

    /** Parses a whole file and copies every node (tests, fix re-parse checks). */
    public SyntaxNode parseFully(SourceText source) {
        return parse(source, (s, e) -> true);
    }

    /** Copies the subtree under the cursor's current node into {@code into}; leaves the cursor where it was. */
    private void copyChildren(TreeCursor cursor, SyntaxNode into, Arena arena, SourceText source) {
        if (!cursor.gotoFirstChild()) {
            return;
        }
        List<SyntaxNode> kids = new ArrayList<>();
        do {
            Node n = cursor.getCurrentNode(arena);
            SyntaxNode kid = copyShallow(n, cursor.getCurrentFieldName(), source);
            copyChildren(cursor, kid, arena, source);
            kids.add(kid);
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
        into.setChildren(kids);
    }

    private SyntaxNode copyShallow(Node n, String field, SourceText source) {
        String type = typeNames.computeIfAbsent(n.getSymbol(), s -> n.getType());
        var start = n.getStartPoint();
        var end = n.getEndPoint();
        return new SyntaxNode(type, field, n.isNamed(), n.isMissing(), n.hasError(),
                n.getStartByte(), n.getEndByte(), start.row(), start.column(), end.row(), end.column(), source);
    }

    @Override
    public void close() {
        parser.close();
    }
}
