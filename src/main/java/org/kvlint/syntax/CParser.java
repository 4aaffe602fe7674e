package org.kvlint.syntax;

import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_language_field_name_for_id;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_language_symbol_name;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_end_byte;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_end_point;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_has_error;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_is_missing;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_is_named;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_start_byte;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_start_point;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_node_symbol;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_parser_delete;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_parser_new;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_parser_parse_string;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_parser_set_included_ranges;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_parser_set_language;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_current_field_id;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_current_node;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_delete;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_goto_first_child;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_goto_next_sibling;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_cursor_new;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_delete;
import static io.github.treesitter.jtreesitter.internal.TreeSitter.ts_tree_root_node;

import io.github.treesitter.jtreesitter.internal.TSNode;
import io.github.treesitter.jtreesitter.internal.TSPoint;
import io.github.treesitter.jtreesitter.internal.TSRange;
import io.github.treesitter.jtreesitter.internal.TSTreeCursor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.kvlint.source.ItemLexer;

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
    /** Whose bytes {@link #text} holds now: a file's later rounds parse more of the same text. */
    private SourceText prepared;
    /** The TSRange array for {@link #parseItems}, reused. */
    private MemorySegment ranges = MemorySegment.NULL;

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
        int length = prepare(source);
        MemorySegment tree = ts_parser_parse_string(parser, MemorySegment.NULL, text, length);
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
                        top.add(keep.test(item.startByte(), item.endByte()) ? copySubtree(source, null) : item);
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

    /**
     * Parses only the chosen top-level items of a file (the scan's one parse of them): tree-sitter
     * reads just their byte ranges (its included ranges, so positions stay those of the whole
     * file), and every node of them is copied. Returns the top-level nodes tree-sitter made of them;
     * {@link #assemble} puts them into a translation unit with the file's other items.
     *
     * @param items every top-level item of the file, in order
     * @param chosen which of them to parse (same size as {@code items})
     */
    public List<SyntaxNode> parseItems(SourceText source, List<ItemLexer.Item> items, boolean[] chosen) {
        List<SyntaxNode> top = new ArrayList<>();
        for (List<SyntaxNode> nodes : parseEach(source, items, chosen)) {
            if (nodes != null) {
                top.addAll(nodes);
            }
        }
        return top;
    }

    /**
     * {@link #parseItems}, with the nodes of each item apart: element {@code i} holds the top-level
     * nodes tree-sitter made of item {@code i} when it was chosen, else null. Each item is parsed
     * on its own, so a caller may keep an item's nodes and assemble them again with other items'.
     */
    public List<List<SyntaxNode>> parseEach(SourceText source, List<ItemLexer.Item> items, boolean[] chosen) {
        List<List<SyntaxNode>> out = new ArrayList<>(java.util.Collections.nCopies(items.size(), null));
        parseEach(source, items, chosen, out, null);
        return out;
    }

    /**
     * {@link #parseEach}, each chosen item's nodes also frozen ({@link FrozenNodes}) as they are
     * copied: element {@code i} of {@code frozen} for item {@code i} when it was chosen, else null.
     */
    public List<List<SyntaxNode>> parseEach(SourceText source, List<ItemLexer.Item> items, boolean[] chosen,
                                            List<FrozenNodes> frozen) {
        List<List<SyntaxNode>> out = new ArrayList<>(java.util.Collections.nCopies(items.size(), null));
        frozen.clear();
        frozen.addAll(java.util.Collections.nCopies(items.size(), null));
        parseEach(source, items, chosen, out, frozen);
        return out;
    }

    private void parseEach(SourceText source, List<ItemLexer.Item> items, boolean[] chosen,
                           List<List<SyntaxNode>> out, List<FrozenNodes> frozen) {
        int count = 0;
        for (boolean c : chosen) {
            count += c ? 1 : 0;
        }
        if (count == 0) {
            return;
        }
        int length = prepare(source);
        // one parse per item: with several included ranges tree-sitter reads them as one text, and
        // an item its error recovery does not close (a macro call without a semicolon) spoils the next
        MemorySegment range = rangeBuffer(1);
        for (int i = 0; i < items.size(); i++) {
            if (!chosen[i]) {
                continue;
            }
            ItemLexer.Item item = items.get(i);
            TSRange.start_byte(range, item.start());
            TSRange.end_byte(range, item.end());
            point(TSRange.start_point(range), source, item.start());
            point(TSRange.end_point(range), source, item.end());
            if (!ts_parser_set_included_ranges(parser, range, 1)) {
                throw new IllegalStateException("tree-sitter rejected an item range");
            }
            MemorySegment tree;
            try {
                tree = ts_parser_parse_string(parser, MemorySegment.NULL, text, length);
            } finally {
                ts_parser_set_included_ranges(parser, MemorySegment.NULL, 0);
            }
            if (tree.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("parse halted");
            }
            try {
                ts_tree_cursor_new(intoCursor, ts_tree_root_node(intoNode, tree));
                List<SyntaxNode> top = new ArrayList<>();
                FrozenNodes.Builder freezer = frozen == null ? null
                        : new FrozenNodes.Builder(this::symbolName, this::fieldName);
                try {
                    if (ts_tree_cursor_goto_first_child(cursor)) {
                        do {
                            top.add(copySubtree(source, freezer));
                        } while (ts_tree_cursor_goto_next_sibling(cursor));
                    }
                } finally {
                    ts_tree_cursor_delete(cursor);
                }
                out.set(i, top);
                if (freezer != null) {
                    frozen.set(i, freezer.build());
                }
            } finally {
                ts_tree_delete(tree);
            }
        }
    }

    /**
     * A translation unit of parsed top-level nodes and, for the items not parsed, childless
     * placeholders ({@code function_definition}, {@code declaration}, {@code preproc_def},
     * {@code preproc_call}) whose text can still be read (a struct definition, a static
     * declaration): what rules and fixes see of a file the scan parsed only in part.
     *
     * @param parsedItems which items the nodes came from
     */
    public static SyntaxNode assemble(SourceText source, List<ItemLexer.Item> items, boolean[] parsedItems,
                                      List<SyntaxNode> parsed) {
        return assemble(source, items, parsedItems, parsed, new SyntaxNode[items.size()]);
    }

    /**
     * As above, again over more items of the same file: an item still not parsed keeps the
     * placeholder it got before ({@code placeholders[i]}; a new one is put there), so whatever an
     * earlier analysis of the tree kept about it still names the same node.
     */
    public static SyntaxNode assemble(SourceText source, List<ItemLexer.Item> items, boolean[] parsedItems,
                                      List<SyntaxNode> parsed, SyntaxNode[] placeholders) {
        List<SyntaxNode> top = new ArrayList<>(parsed);
        boolean error = false;
        for (SyntaxNode n : parsed) {
            error |= n.hasError();
        }
        for (int i = 0; i < items.size(); i++) {
            if (!parsedItems[i]) {
                if (placeholders[i] == null) {
                    placeholders[i] = placeholder(source, items.get(i));
                }
                top.add(placeholders[i]);
            }
        }
        top.sort(java.util.Comparator.comparingInt(SyntaxNode::startByte));
        int length = source.length();
        int lastRow = source.rowOf(length);
        SyntaxNode root = new SyntaxNode("translation_unit", null, true, false, error, 0, length, 0, 0,
                lastRow, length - source.lineStart(lastRow), source);
        root.setChildren(top);
        return root;
    }

    /**
     * Puts what tree-sitter reads of {@code source} into {@link #text} (the same bytes, comments
     * inside multi-line macros blanked: the nodes keep the source's own bytes, at the same
     * offsets), unless it is there already; returns its length.
     */
    private int prepare(SourceText source) {
        if (prepared != source) {
            byte[] bytes = MacroBodies.withoutCommentsInMacros(source.bytes());
            if (text.byteSize() < bytes.length) {
                text = arena.allocate(Math.max(bytes.length, 2 * text.byteSize()));
            }
            MemorySegment.copy(bytes, 0, text, ValueLayout.JAVA_BYTE, 0, bytes.length);
            prepared = source;
        }
        return source.length();
    }

    private MemorySegment rangeBuffer(int count) {
        long need = TSRange.sizeof() * count;
        if (ranges.byteSize() < need) {
            ranges = arena.allocate(TSRange.layout(), Math.max(count, 2 * ranges.byteSize() / TSRange.sizeof()));
        }
        return ranges;
    }

    private static void point(MemorySegment into, SourceText source, int offset) {
        int row = source.rowOf(offset);
        TSPoint.row(into, row);
        TSPoint.column(into, offset - source.lineStart(row));
    }

    /** {@code #define NAME(}: a parameter list right after the name, as the preprocessor reads it. */
    private static boolean functionLike(byte[] b, int at) {
        int i = at + 1;
        while (i < b.length && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        i += "define".length();
        while (i < b.length && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        while (i < b.length && (Character.isLetterOrDigit(b[i]) || b[i] == '_')) {
            i++;
        }
        return i < b.length && b[i] == '(';
    }

    /** A lexer item tree-sitter did not read: its extent and a type saying what it looks like. */
    private static SyntaxNode placeholder(SourceText source, ItemLexer.Item item) {
        String type = switch (item.kind()) {
            case FUNCTION -> "function_definition";
            case DECLARATION -> "declaration";
            case MACRO -> functionLike(source.bytes(), item.start()) ? "preproc_function_def" : "preproc_def";
            case DIRECTIVE -> "preproc_call";
        };
        int startRow = source.rowOf(item.start());
        int endRow = source.rowOf(item.end());
        return new SyntaxNode(type, null, true, false, false, item.start(), item.end(), startRow,
                item.start() - source.lineStart(startRow), endRow, item.end() - source.lineStart(endRow), source);
    }

    /** Declarations larger than this (generated tables) are parsed for a fix only when they allocate. */
    private static final int MAX_FIX_DECLARATION = 4 << 20;

    /**
     * Parses what a fix or its proof may need of a file: every function and declaration up to
     * 4 MiB, and of
     * the {@code #define}s and other preprocessor lines only those with an allocator-table call or
     * a statement body (what {@link MacroBodies} analyses as code) — a generated register header
     * is megabytes of constants no fix needs. Each item on its own, as the scan parses it; the
     * others are placeholders ({@link #assemble}).
     *
     * @param tableCalls sorted offsets of the file's allocator-table calls
     */
    public SyntaxNode parseForFix(SourceText source, int[] tableCalls) {
        return parseForFix(source, tableCalls, null);
    }

    /**
     * As {@link #parseForFix(SourceText, int[])}, of those items only the ones that mention one
     * of {@code words} (whole identifiers; null: every item): a proof's fixed text, of which only
     * the functions the fix touched are run, each item parsed as the whole-file parse has it.
     */
    public SyntaxNode parseForFix(SourceText source, int[] tableCalls, java.util.Collection<String> words) {
        List<ItemLexer.Item> items = ItemLexer.items(source.bytes());
        boolean[] chosen = chosenForFix(source.bytes(), items, tableCalls, words);
        SyntaxNode root = assemble(source, items, chosen, parseItems(source, items, chosen));
        MacroBodies.expand(this, source, root); // statement-like #define bodies as code
        return root;
    }

    /**
     * Which of a file's {@code items} {@link #parseForFix(SourceText, int[], java.util.Collection)}
     * parses: every function, every declaration up to 4 MiB, the {@code #define}s and other
     * preprocessor lines with a table call or a statement body; of those only the items naming one
     * of {@code words} (null: all).
     */
    public static boolean[] chosenForFix(byte[] content, List<ItemLexer.Item> items, int[] tableCalls,
                                         java.util.Collection<String> words) {
        int[] hits = words == null ? null : wordOffsets(content, words);
        boolean[] chosen = new boolean[items.size()];
        for (int i = 0; i < items.size(); i++) {
            ItemLexer.Item item = items.get(i);
            chosen[i] = switch (item.kind()) {
                case FUNCTION -> true;
                // a struct, a static, a prototype; not a generated table of megabytes
                case DECLARATION -> item.end() - item.start() <= MAX_FIX_DECLARATION
                        || org.kvlint.source.Prefilter.covers(tableCalls, item.start(), item.end());
                case MACRO, DIRECTIVE -> org.kvlint.source.Prefilter.covers(tableCalls, item.start(), item.end())
                        || indexOf(content, (byte) '{', item.start(), item.end()) >= 0;
            } && (hits == null || org.kvlint.source.Prefilter.covers(hits, item.start(), item.end()));
        }
        return chosen;
    }

    /** Where any of {@code words} stands as a whole identifier, ascending. */
    private static int[] wordOffsets(byte[] content, java.util.Collection<String> words) {
        int[] all = new int[0];
        for (String w : words) {
            int[] at = Bytes.wordOffsets(content, w.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            int[] merged = java.util.Arrays.copyOf(all, all.length + at.length);
            System.arraycopy(at, 0, merged, all.length, at.length);
            all = merged;
        }
        java.util.Arrays.sort(all);
        return all;
    }

    /**
     * Only the top-level items that mention {@code word} (a whole identifier, anywhere in the
     * item) parsed, each on its own as the scan parses items, the others placeholders
     * ({@link #assemble}), statement-like macro bodies as code: what a question about one name (a
     * struct member, a function, its callers) needs of a file, at the cost of the items that name it.
     */
    public SyntaxNode parseMentioning(SourceText source, String word) {
        byte[] content = source.bytes();
        List<ItemLexer.Item> items = ItemLexer.items(content);
        int[] hits = Bytes.wordOffsets(content, word.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        boolean[] chosen = new boolean[items.size()];
        for (int i = 0; i < items.size(); i++) {
            chosen[i] = org.kvlint.source.Prefilter.covers(hits, items.get(i).start(), items.get(i).end());
        }
        SyntaxNode root = assemble(source, items, chosen, parseItems(source, items, chosen));
        MacroBodies.expand(this, source, root);
        return root;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Parses a whole file and copies every node (tests, fix re-parse checks). */
    public SyntaxNode parseFully(SourceText source) {
        return parse(source, (s, e) -> true);
    }

    /**
     * Words per node written by {@code kvlint_flatten} (native/kvlint_flatten.c), and their places
     * (start byte to end column consecutive: {@link FrozenNodes.Builder} reads them so).
     */
    private static final int FLAT_WORDS = 9;
    private static final int FLAT_FLAGS = 1;
    private static final int FLAT_START_BYTE = 2;
    private static final int FLAT_END_BYTE = 3;
    private static final int FLAT_START_ROW = 4;
    private static final int FLAT_START_COLUMN = 5;
    private static final int FLAT_END_ROW = 6;
    private static final int FLAT_END_COLUMN = 7;
    private static final int FLAT_SIZE = 8;
    /** The nodes of the last subtree flattened; grows to the largest item, reused in between. */
    private int[] flat = new int[FLAT_WORDS * 4096];
    private final Names symbolNames = new Names(id -> ts_language_symbol_name(language, (short) id));
    private final Names fieldNames = new Names(id -> ts_language_field_name_for_id(language, (short) id));

    /**
     * The subtree under the cursor's current node, every node copied: one native call writes it
     * into {@link #flat}, and the nodes are made from that array without going back to native code
     * (and frozen from it too, when {@code freezer} is not null).
     */
    private SyntaxNode copySubtree(SourceText source, FrozenNodes.Builder freezer) {
        int count = flatten();
        if (count > flat.length / FLAT_WORDS) {
            flat = new int[FLAT_WORDS * Math.max(count, 2 * (flat.length / FLAT_WORDS))];
            count = flatten();
        }
        if (count <= 0 || flat[FLAT_SIZE] != count) {
            throw new IllegalStateException("tree-sitter's node count and its tree walk disagree");
        }
        SyntaxNode node = nodeAt(0, source);
        if (freezer != null) {
            freezer.add(flat, count, FLAT_WORDS, FLAT_FLAGS, FLAT_START_BYTE, FLAT_SIZE);
        }
        if (flat.length > FLAT_KEPT) {
            flat = new int[FLAT_WORDS * 4096]; // a generated table's room is not kept for the next item
        }
        return node;
    }

    /** The most room for flattened nodes a parser keeps between items (about 1.5 MB). */
    private static final int FLAT_KEPT = FLAT_WORDS * 40_000;

    private int flatten() {
        try {
            return (int) TreeSitterNatives.flatten().invokeExact(cursor, MemorySegment.ofArray(flat),
                    flat.length / FLAT_WORDS);
        } catch (Throwable e) {
            throw new IllegalStateException("kvlint_flatten failed", e);
        }
    }

    /** The node at record {@code i} of {@link #flat}, with its subtree. */
    private SyntaxNode nodeAt(int i, SourceText source) {
        int[] r = flat;
        int at = i * FLAT_WORDS;
        int symbolAndField = r[at];
        int flags = r[at + FLAT_FLAGS];
        SyntaxNode node = new SyntaxNode(symbolName(symbolAndField & 0xffff), fieldName(symbolAndField >>> 16),
                (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, r[at + FLAT_START_BYTE], r[at + FLAT_END_BYTE],
                r[at + FLAT_START_ROW], r[at + FLAT_START_COLUMN], r[at + FLAT_END_ROW], r[at + FLAT_END_COLUMN], source);
        int end = i + r[at + FLAT_SIZE];
        if (end > i + 1) {
            int count = 0;
            for (int child = i + 1; child < end; count++) {
                int size = r[child * FLAT_WORDS + FLAT_SIZE];
                if (size <= 0 || child + size > end) {
                    throw new IllegalStateException("a flattened subtree does not nest");
                }
                child += size;
            }
            SyntaxNode[] kids = new SyntaxNode[count];
            for (int child = i + 1, k = 0; k < count; k++) {
                kids[k] = nodeAt(child, source);
                child += r[child * FLAT_WORDS + FLAT_SIZE];
            }
            node.adoptChildren(kids);
        }
        return node;
    }

    private String symbolName(int symbol) {
        return symbolNames.of(symbol);
    }

    /** A field's name, or null for id 0 (no field). */
    private String fieldName(int id) {
        return id == 0 ? null : fieldNames.of(id);
    }

    /**
     * Names by the grammar's id (symbols, fields), each read from the grammar once, interned like
     * the literals rules compare them with.
     */
    private static final class Names {
        private final java.util.function.IntFunction<MemorySegment> lookup;
        private String[] byId = new String[0];

        Names(java.util.function.IntFunction<MemorySegment> lookup) {
            this.lookup = lookup;
        }

        String of(int id) {
            if (id >= byId.length) {
                byId = java.util.Arrays.copyOf(byId, Math.max(id + 1, 2 * byId.length));
            }
            String name = byId[id];
            if (name == null) {
                name = lookup.apply(id).getString(0).intern();
                byId[id] = name;
            }
            return name;
        }
    }

    /** The cursor's current node, without children. */
    private SyntaxNode copyShallow(SourceText source) {
        ts_tree_cursor_current_node(intoNode, cursor);
        String type = symbolName(ts_node_symbol(node) & 0xffff);
        String field = fieldName(ts_tree_cursor_current_field_id(cursor) & 0xffff);
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
