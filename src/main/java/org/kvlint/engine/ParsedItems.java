package org.kvlint.engine;

import java.util.List;
import org.kvlint.source.ItemLexer;

/**
 * The top-level items of a file with findings as the scan parsed them (kept compactly, see
 * {@link ItemTrees}), handed on to the proof of its fixes: the proof's analysis of the whole file
 * ({@link FileAnalysis}) takes these items as they are and parses only the others, so no item of
 * the file is parsed twice in the run. Immutable: each analysis works on a copy.
 */
public final class ParsedItems {
    private final List<ItemLexer.Item> items;
    private final ItemTrees trees;

    ParsedItems(List<ItemLexer.Item> items, ItemTrees trees) {
        this.items = List.copyOf(items);
        this.trees = trees;
    }

    /** The text the items index: the file as the scan read it. */
    public byte[] bytes() {
        return trees.source().bytes();
    }

    /** How many of the file's items the scan parsed. */
    public int itemsParsed() {
        return trees.itemsParsed();
    }

    List<ItemLexer.Item> items() {
        return items;
    }

    /** The parsed items, to be parsed further by one analysis. */
    ItemTrees trees() {
        return trees.copy();
    }
}
