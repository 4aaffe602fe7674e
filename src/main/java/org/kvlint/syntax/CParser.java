package org.kvlint.syntax;

import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_end_byte;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_end_point;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_has_error;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_is_missing;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_is_named;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_start_byte;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_start_point;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_symbol;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_type;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_parser_delete;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_parser_new;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_parser_parse_string;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_parser_set_language;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_current_field_name;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_current_node;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_delete;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_goto_first_child;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_goto_next_sibling;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_goto_parent;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_new;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_delete;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_root_node;

import io.github.treesitter.jtreesitter.internal.TSNode;
import io.github.treesitter.jtreesitter.internal.TSPoint;
import io.github.treesitter.jtreesitter.internal.TSTreeCursor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * One tree-sitter C parser. Not thread-safe: each worker thread owns one and closes it.
 *
 * <p>{@link #parse} copies into {@link SyntaxNode}s only the top-level items (functions,
 * declarations, ERROR regions) that the caller's filter selects, then deletes the native tree;
 * other top-level items are kept as childless nodes, enough to count parse errors. Statement-like
 * macro bodies among the kept items are parsed as code too ({@link MacroBodies}).
 *
 * <p>It calls tree-sitter's C API directly (jtreesitter's generated bindings) rather than through
 * jtreesitter's {@code Parser}/{@code Node} objects: those copy the source three more times per
 * parse (String, UTF-8 bytes, the tree's own copy) and give every node its own GC-managed arena,
 * which made copying a kernel's candidate items cost more than parsing them. Here the source is
 * copied once into a buffer the parser keeps, and every node is read through the same few
 * preallocated native structs.
 */
public final class CParser implements AutoCloseable {
    /**
     * First field on purpose: loading the natives must happen before any class of the bindings is
     * initialised, because the bindings' initialiser asks {@link TreeSitterNatives} for the library.
     */
    private final MemorySegment language = TreeSitterNatives.cPointer();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment parser;
    /** The current node ({@code TSNode}), rewritten by every cursor move's read. */
    private final MemorySegment node = arena.allocate(TSNode.layout());
    private final MemorySegment point = arena.allocate(TSPoint.layout());
    private final MemorySegment cursor = arena.allocate(TSTreeCursor.layout());
    private final SegmentAllocator intoNode = (size, align) -> node;
    private final SegmentAllocator intoPoint = (size, align) -> point;
    private final SegmentAllocator intoCursor = (size, align) -> cursor;
    /** The source handed to tree-sitter; grows to the largest file parsed, reused in between. */
    private MemorySegment text = MemorySegment.NULL;
    private final Map<Short, String> typeNames = new HashMap<>();
    /** Field names by the address of tree-sitter's static name string. */
    private final Map<Long, String> fieldNames = new HashMap<>();

    public CParser() {
        this.parser = ts_parser_new();
        if (!ts_parser_set_language(parser, language)) {
            ts_parser_delete(parser);
            arena.close();
            throw new IllegalStateException("tree-sitter rejected the C grammar (ABI mismatch)");
        }
    }

    /**
     * Parses a whole file.
     *
     * @param keep decides, from a top-level item's byte range [start, end), whether to copy its subtree
     */
    public SyntaxNode parse(SourceText source, BiPredicate<Integer, Integer> keep) {
        SyntaxNode root = parseUnexpanded(source, keep);
        MacroBodies.expand(this, source, root);
        return root;
    }

    /** {@link #parse} without analysing macro bodies as code (see {@link MacroBodies}). */
    SyntaxNode parseUnexpanded(SourceText source, BiPredicate<Integer, Integer> keep) {
        // what tree-sitter reads; the nodes keep the source's own bytes (same offsets)
        byte[] bytes = MacroBodies.withoutCommentsInMacros(source.bytes());
        if (text.byteSize() < bytes.length) {
            text = arena.allocate(Math.max(bytes.length, 2 * text.byteSize()));
        }
        MemorySegment.copy(bytes, 0, text, ValueLayout.JAVA_BYTE, 0, bytes.length);
        MemorySegment tree = ts_parser_parse_string(parser, MemorySegment.NULL, text, bytes.length);
        if (tree.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("parse halted");
        }
        try {
            ts_tree_cursor_new(intoCursor, ts_tree_root_node(intoNode, tree));
            try {
                SyntaxNode root = copyShallow(source);
                List<SyntaxNode> top = new ArrayList<>();
                if (ts_tree_cursor_goto_first_child(cursor)) {
                    do {
                        SyntaxNode item = copyShallow(source);
                        if (keep.test(item.startByte(), item.endByte())) {
                            copyChildren(item, source);
                        }
                        top.add(item);
                    } while (ts_tree_cursor_goto_next_sibling(cursor));
                }
                root.setChildren(top);
                return root;
            } finally {
                ts_tree_cursor_delete(cursor);
            }
        } finally {
            ts_tree_delete(tree);
        }
    }

    /** Parses a whole file and copies every node (tests, fix re-parse checks). */
    public SyntaxNode parseFully(SourceText source) {
        return parse(source, (s, e) -> true);
    }

    /** Copies the subtree under the cursor's current node into {@code into}; leaves the cursor where it was. */
    private void copyChildren(SyntaxNode into, SourceText source) {
        if (!ts_tree_cursor_goto_first_child(cursor)) {
            return;
        }
        List<SyntaxNode> kids = new ArrayList<>();
        do {
            SyntaxNode kid = copyShallow(source);
            copyChildren(kid, source);
            kids.add(kid);
        } while (ts_tree_cursor_goto_next_sibling(cursor));
        ts_tree_cursor_goto_parent(cursor);
        into.setChildren(kids);
    }

    /** The cursor's current node, without children. */
    private SyntaxNode copyShallow(SourceText source) {
        ts_tree_cursor_current_node(intoNode, cursor);
        String type = typeNames.computeIfAbsent(ts_node_symbol(node), s -> ts_node_type(node).getString(0));
        MemorySegment fieldName = ts_tree_cursor_current_field_name(cursor);
        String field = fieldName.equals(MemorySegment.NULL) ? null
                : fieldNames.computeIfAbsent(fieldName.address(), a -> fieldName.getString(0));
        ts_node_start_point(intoPoint, node);
        int startRow = TSPoint.row(point);
        int startColumn = TSPoint.column(point);
        ts_node_end_point(intoPoint, node);
        return new SyntaxNode(type, field, ts_node_is_named(node), ts_node_is_missing(node), ts_node_has_error(node),
                ts_node_start_byte(node), ts_node_end_byte(node), startRow, startColumn,
                TSPoint.row(point), TSPoint.column(point), source);
    }

    @Override
    public void close() {
        ts_parser_delete(parser);
        arena.close();
    }
}
