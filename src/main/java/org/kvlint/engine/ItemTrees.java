package org.kvlint.engine;

import java.util.ArrayList;
import java.util.List;
import org.kvlint.source.ItemLexer;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.FrozenNodes;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/**
 * The parsed top-level items of one file: an item is parsed the first time an analysis chooses
 * it. When the file may be analysed again (a member of a cycle of files, see
 * {@link AnalysisOrder.Level#cycles}) its items are kept, item by item and compactly
 * ({@link FrozenNodes}, about a tenth of the node objects' memory), and a later analysis gets
 * new nodes of the items kept and parses only the items it newly chooses. Each item is parsed on
 * its own ({@link CParser#parseEach}), so an analysis assembled from kept items sees exactly what
 * one from a fresh parse would; and each analysis gets nodes of its own, which it may change
 * (macro bodies are grafted into them).
 *
 * <p>Not thread-safe: one analysis at a time uses it.
 */
final class ItemTrees {
    private final SourceText source;
    /** Per item, its top-level nodes once parsed, when kept; else null. */
    private final List<FrozenNodes> byItem;
    /** Which items were parsed. */
    private final boolean[] parsed;
    private final boolean keep;
    private int itemsParsed;
    private long bytesParsed;
    private long bytesKept;

    /**
     * @param keep whether the file may be analysed again: then its parsed items are kept
     */
    ItemTrees(byte[] content, int items, boolean keep) {
        this(new SourceText(content), items, keep);
    }

    private ItemTrees(SourceText source, int items, boolean keep) {
        this.source = source;
        this.keep = keep;
        this.parsed = new boolean[items];
        this.byItem = keep ? new ArrayList<>(java.util.Collections.nCopies(items, null)) : List.of();
    }

    /**
     * The same items, to be parsed further apart from these: the kept items are shared (frozen
     * nodes are never changed, each analysis thaws nodes of its own), what was parsed is copied.
     *
     * @throws IllegalStateException when the items are not kept
     */
    ItemTrees copy() {
        if (!keep) {
            throw new IllegalStateException("items not kept cannot be copied");
        }
        ItemTrees t = new ItemTrees(source, parsed.length, true);
        for (int i = 0; i < byItem.size(); i++) {
            t.byItem.set(i, byItem.get(i));
        }
        System.arraycopy(parsed, 0, t.parsed, 0, parsed.length);
        t.itemsParsed = itemsParsed;
        t.bytesParsed = bytesParsed;
        t.bytesKept = bytesKept;
        return t;
    }

    /** The file's text, as every node kept refers to it. */
    SourceText source() {
        return source;
    }

    /**
     * New top-level nodes of the chosen items, in item order: the items not parsed before are
     * parsed now (with {@code parser}), the others are made from what was kept.
     *
     * @throws IllegalStateException when an item chosen again was not kept
     */
    List<SyntaxNode> nodes(CParser parser, List<ItemLexer.Item> items, boolean[] chosen) {
        boolean[] missing = new boolean[chosen.length];
        boolean any = false;
        for (int i = 0; i < chosen.length; i++) {
            missing[i] = chosen[i] && !parsed[i];
            any |= missing[i];
        }
        List<FrozenNodes> frozenNow = new ArrayList<>();
        List<List<SyntaxNode>> fresh = !any ? List.of()
                : keep ? parser.parseEach(source, items, missing, frozenNow) : parser.parseEach(source, items, missing);
        List<SyntaxNode> out = new ArrayList<>();
        for (int i = 0; i < chosen.length; i++) {
            if (missing[i]) {
                parsed[i] = true;
                itemsParsed++;
                bytesParsed += items.get(i).end() - items.get(i).start();
                if (keep) {
                    FrozenNodes frozen = frozenNow.get(i);
                    byItem.set(i, frozen);
                    bytesKept += frozen.size();
                }
                out.addAll(fresh.get(i));
            } else if (chosen[i]) {
                if (!keep) {
                    throw new IllegalStateException("item " + i + " chosen again, but not kept");
                }
                out.addAll(byItem.get(i).thaw(source));
            }
        }
        return out;
    }

    /** Was item {@code i} parsed (here or before this copy was made)? */
    boolean wasParsed(int i) {
        return parsed[i];
    }

    /** Items tree-sitter parsed for this file so far: each at most once. */
    int itemsParsed() {
        return itemsParsed;
    }

    /** Their bytes. */
    long bytesParsed() {
        return bytesParsed;
    }

    /** The bytes of the items kept. */
    long bytesKept() {
        return bytesKept;
    }

    /**
     * A file's kept items with their bytes, and the file's text, in a {@link Spill}: what an
     * analysis again needs, without holding it in memory meanwhile.
     */
    record Parked(Spill.Stored content, List<FrozenNodes.Parked<Spill.Stored>> byItem, boolean[] parsed,
                  int itemsParsed, long bytesParsed, long bytesKept) {}

    /**
     * These items parked in {@code spill}; this object is not to be used afterwards.
     *
     * @param content where the file's text is kept already (its bytes are {@link #source()}'s)
     * @throws IllegalStateException when the items are not kept
     */
    Parked park(Spill spill, Spill.Stored content) {
        if (!keep) {
            throw new IllegalStateException("items not kept cannot be parked");
        }
        List<FrozenNodes.Parked<Spill.Stored>> parked = new ArrayList<>(byItem.size());
        for (FrozenNodes f : byItem) {
            parked.add(f == null ? null : f.park(spill::put));
        }
        return new Parked(content, parked, parsed.clone(), itemsParsed, bytesParsed, bytesKept);
    }

    /** The items of a {@link #park}ed file, as they were. */
    static ItemTrees unpark(Parked p, Spill spill) {
        ItemTrees t = new ItemTrees(spill.get(p.content()), p.parsed().length, true);
        for (int i = 0; i < p.byItem().size(); i++) {
            FrozenNodes.Parked<Spill.Stored> f = p.byItem().get(i);
            if (f != null) {
                t.byItem.set(i, f.unpark(spill::get));
            }
        }
        System.arraycopy(p.parsed(), 0, t.parsed, 0, t.parsed.length);
        t.itemsParsed = p.itemsParsed();
        t.bytesParsed = p.bytesParsed();
        t.bytesKept = p.bytesKept();
        return t;
    }
}
