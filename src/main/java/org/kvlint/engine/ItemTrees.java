package org.kvlint.engine;

import java.util.ArrayList;
import java.util.List;
import org.kvlint.source.ItemLexer;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/**
 * The parsed top-level items of one file, kept item by item: an item is parsed the first time an
 * analysis chooses it, and an analysis of the same file again (a member of a cycle of files, see
 * {@link AnalysisOrder.Level#cycles}) takes the nodes kept and parses only the items it newly
 * chooses. Each item is parsed on its own ({@link CParser#parseEach}), so an analysis assembled
 * from kept nodes sees exactly what one from a fresh parse would.
 *
 * <p>Not thread-safe: one analysis at a time uses it. The nodes it holds are plain Java copies,
 * independent of the parser that made them.
 */
final class ItemTrees {
    private final SourceText source;
    /** Per item, its top-level nodes once parsed; null while not parsed. */
    private final List<List<SyntaxNode>> byItem;
    private int itemsParsed;
    private long bytesParsed;

    ItemTrees(byte[] content, int items) {
        this.source = new SourceText(content);
        this.byItem = new ArrayList<>(java.util.Collections.nCopies(items, null));
    }

    /** The file's text, as every node kept refers to it. */
    SourceText source() {
        return source;
    }

    /**
     * The top-level nodes of the chosen items, in item order; the items not parsed before are
     * parsed now (with {@code parser}), the others are taken as kept.
     */
    List<SyntaxNode> nodes(CParser parser, List<ItemLexer.Item> items, boolean[] chosen) {
        boolean[] missing = new boolean[chosen.length];
        boolean any = false;
        for (int i = 0; i < chosen.length; i++) {
            missing[i] = chosen[i] && byItem.get(i) == null;
            any |= missing[i];
        }
        if (any) {
            List<List<SyntaxNode>> fresh = parser.parseEach(source, items, missing);
            for (int i = 0; i < missing.length; i++) {
                if (missing[i]) {
                    byItem.set(i, List.copyOf(fresh.get(i)));
                    itemsParsed++;
                    bytesParsed += items.get(i).end() - items.get(i).start();
                }
            }
        }
        List<SyntaxNode> out = new ArrayList<>();
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i]) {
                out.addAll(byItem.get(i));
            }
        }
        return out;
    }

    /** Items tree-sitter parsed for this file so far: each at most once. */
    int itemsParsed() {
        return itemsParsed;
    }

    /** Their bytes. */
    long bytesParsed() {
        return bytesParsed;
    }
}
