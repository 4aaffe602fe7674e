package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Rule;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.InputFile;
import org.kvlint.source.ItemLexer;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.MacroBodies;
import org.kvlint.syntax.SyntaxNode;

/**
 * A cycle of files is analysed again on the nodes its first analysis parsed (see
 * {@link ItemTrees}): assembling those kept nodes again, expanding macro bodies again and
 * extracting facts again must give what the first time gave, and what a fresh parse gives.
 */
class ItemTreesTest {
    private static final RuleContext CONTEXT = RuleContext.standard();

    /** What the rules see of one analysis: the tree's shape, the summaries, every finding. */
    private record Seen(String tree, String summaries, List<Finding> findings, int macroUnits) {}

    private static Seen analyse(Path file, byte[] content, ItemTrees trees, List<ItemLexer.Item> items,
                                boolean[] chosen, CParser parser) {
        List<SyntaxNode> nodes = trees.nodes(parser, items, chosen);
        SyntaxNode root = CParser.assemble(trees.source(), items, chosen, nodes);
        int units = MacroBodies.expand(parser, trees.source(), root);
        FileFacts facts = FileFacts.extract(new InputFile(file, file.toString()), trees.source(), root,
                KernelVersion.DEFAULT, CONTEXT.api(), new java.util.HashSet<>());
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : CONTEXT.catalog().rules()) {
            findings.addAll(rule.check(facts, CONTEXT));
        }
        findings.sort(Finding.ORDER);
        StringBuilder tree = new StringBuilder();
        dump(root, tree);
        return new Seen(tree.toString(), facts.pointers().summaries().toString(), findings, units);
    }

    private static void dump(SyntaxNode n, StringBuilder out) {
        out.append('(').append(n.type()).append(' ').append(n.field()).append(' ').append(n.isNamed() ? "n" : "")
                .append(n.isMissing() ? "m" : "").append(n.hasError() ? "e" : "").append(n.startByte()).append('-')
                .append(n.endByte()).append(' ').append(n.startRow()).append(':').append(n.startColumn()).append('-')
                .append(n.endRow()).append(':').append(n.endColumn());
        for (SyntaxNode c : n.children()) {
            dump(c, out);
        }
        out.append(')');
    }

    @Test
    void itemsFrozenAsTheyAreCopiedThawAsTheNodesWere() throws IOException {
        int files = 0;
        int nodes = 0;
        try (CParser parser = new CParser()) {
            for (Path file : org.kvlint.TestSources.fixtures()) {
                byte[] content = Files.readAllBytes(file);
                org.kvlint.syntax.SourceText source = new org.kvlint.syntax.SourceText(content);
                List<ItemLexer.Item> items = ItemLexer.items(content);
                boolean[] all = new boolean[items.size()];
                java.util.Arrays.fill(all, true);
                List<org.kvlint.syntax.FrozenNodes> frozen = new ArrayList<>();
                List<List<SyntaxNode>> parsed = parser.parseEach(source, items, all, frozen);
                for (int i = 0; i < items.size(); i++) {
                    StringBuilder want = new StringBuilder();
                    parsed.get(i).forEach(n -> dump(n, want));
                    StringBuilder thawed = new StringBuilder();
                    frozen.get(i).thaw(source).forEach(n -> dump(n, thawed));
                    assertEquals(want.toString(), thawed.toString(), file + " item " + i);
                    // and as the reference freezes the node objects
                    StringBuilder reference = new StringBuilder();
                    org.kvlint.syntax.FrozenNodes.freeze(parsed.get(i)).thaw(source).forEach(n -> dump(n, reference));
                    assertEquals(want.toString(), reference.toString(), file + " item " + i);
                    nodes += want.length();
                }
                files++;
            }
        }
        assertTrue(files >= 50 && nodes > 100_000, files + " files, " + nodes + " chars of trees");
    }

    @Test
    void keptNodesAssembledAgainGiveTheSameFactsAsAFreshParse(@org.junit.jupiter.api.io.TempDir Path scratch)
            throws IOException {
        int files = 0;
        int withMacroUnits = 0;
        int withFindings = 0;
        try (CParser parser = new CParser(); Spill spill = Spill.open(scratch)) {
            for (Path file : org.kvlint.TestSources.fixtures()) {
                byte[] content = Files.readAllBytes(file);
                List<ItemLexer.Item> items = ItemLexer.items(content);
                if (items.isEmpty()) {
                    continue;
                }
                // first a part of the file (every other item), then all of it on top of the kept part
                boolean[] half = new boolean[items.size()];
                boolean[] all = new boolean[items.size()];
                for (int i = 0; i < items.size(); i++) {
                    half[i] = i % 2 == 0;
                    all[i] = true;
                }
                ItemTrees kept = new ItemTrees(content, items.size(), true);
                Seen firstHalf = analyse(file, content, kept, items, half, parser);
                Seen againHalf = analyse(file, content, kept, items, half, parser);
                assertEquals(firstHalf, againHalf, file + ": the same items assembled and extracted twice");
                // parked in the scratch file between analyses, as the scan keeps them for the solve rounds
                int parsedBefore = kept.itemsParsed();
                kept = ItemTrees.unpark(kept.park(spill, spill.put(content)), spill);
                assertEquals(parsedBefore, kept.itemsParsed(), file + ": what was parsed, parked");
                assertEquals(firstHalf, analyse(file, content, kept, items, half, parser), file + ": unparked");
                assertEquals(parsedBefore, kept.itemsParsed(), file + ": unparked items are not parsed again");
                Seen keptAll = analyse(file, content, kept, items, all, parser);
                assertEquals(items.size(), kept.itemsParsed(), file + ": each item parsed once");
                assertTrue(parsedBefore < items.size() || items.size() == 1, file.toString());
                Seen freshAll = analyse(file, content, new ItemTrees(content, items.size(), false), items, all,
                        parser);
                assertEquals(freshAll, keptAll, file + ": kept and new nodes together, as a fresh parse");
                assertEquals(freshAll, analyse(file, content, kept, items, all, parser), file + ": and once more");
                files++;
                withMacroUnits += freshAll.macroUnits() > 0 ? 1 : 0;
                withFindings += freshAll.findings().isEmpty() ? 0 : 1;
            }
        }
        // the comparison covers what can differ: grafted macro bodies and findings
        assertTrue(files >= 50, "fixtures read: " + files);
        assertTrue(withMacroUnits > 3, "files with macro bodies as code: " + withMacroUnits);
        assertTrue(withFindings > 50, "files with findings: " + withFindings);
    }

    @Test
    void anItemIsParsedOnlyWhenFirstChosenAndEveryAnalysisGetsNodesOfItsOwn() {
        byte[] content = """
                void *a(void) { return vmalloc(1); }
                void b(void *p) { kfree(p); }
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<ItemLexer.Item> items = ItemLexer.items(content);
        assertEquals(2, items.size());
        ItemTrees trees = new ItemTrees(content, items.size(), true);
        try (CParser parser = new CParser()) {
            List<SyntaxNode> first = trees.nodes(parser, items, new boolean[] {true, false});
            assertEquals(1, trees.itemsParsed());
            List<SyntaxNode> both = trees.nodes(parser, items, new boolean[] {true, true});
            assertEquals(2, trees.itemsParsed());
            assertEquals(items.get(0).end() - items.get(0).start() + items.get(1).end() - items.get(1).start(),
                    trees.bytesParsed());
            int[] nodes = {0};
            both.forEach(n -> n.walk(x -> nodes[0]++));
            // a node object with its list of children takes well over 100 bytes
            assertTrue(trees.bytesKept() > 0 && trees.bytesKept() <= 12L * nodes[0],
                    trees.bytesKept() + " bytes kept for " + nodes[0] + " nodes");
            assertTrue(first.getFirst() != both.getFirst(), "a kept item is made into new nodes");
            StringBuilder a = new StringBuilder();
            StringBuilder b = new StringBuilder();
            dump(first.getFirst(), a);
            dump(both.getFirst(), b);
            assertEquals(a.toString(), b.toString());
            assertTrue(a.toString().contains(
                    "(call_expression null n23-33 0:23-0:33(identifier function n23-30 0:23-0:30)"), a.toString());
            assertEquals(2, trees.nodes(parser, items, new boolean[] {false, true}).size() + 1);
            assertEquals(2, trees.itemsParsed());
        }
        ItemTrees once = new ItemTrees(content, items.size(), false);
        try (CParser parser = new CParser()) {
            once.nodes(parser, items, new boolean[] {true, false});
            assertThrows(IllegalStateException.class, () -> once.nodes(parser, items, new boolean[] {true, false}),
                    "an item not kept is never parsed twice in silence");
        }
    }
}
