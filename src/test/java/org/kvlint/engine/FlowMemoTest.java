package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FlowMemo;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Rule;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.InputFile;
import org.kvlint.source.ItemLexer;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.MacroBodies;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/**
 * An analysis that parses more of a file's items extracts the facts again over all of them, and
 * takes the value flows of the functions that cannot have changed from the extraction before
 * ({@link FlowMemo}): what it gets must be what one extraction over the same items gives.
 */
class FlowMemoTest {
    private static final RuleContext CONTEXT = RuleContext.standard();

    /** What the rules see of one extraction: the table calls, every function's facts, the summaries, every finding. */
    private record Seen(String calls, String functions, String summaries, String problems, List<Finding> findings) {}

    /** One file analysed the way the scan does: rounds over more and more of its items, on the same nodes. */
    private static final class Rounds {
        final SourceText source;
        final List<ItemLexer.Item> items;
        final boolean[] parsed;
        final List<SyntaxNode> nodes = new ArrayList<>();
        final SyntaxNode[] placeholders;
        final FlowMemo memo = new FlowMemo();
        final Path file;

        Rounds(Path file, byte[] content) {
            this.file = file;
            this.source = new SourceText(content);
            this.items = ItemLexer.items(content);
            this.parsed = new boolean[items.size()];
            this.placeholders = new SyntaxNode[items.size()];
        }

        Seen extract(CParser parser, boolean[] more, Set<String> callees, FlowMemo flows) {
            boolean[] missing = new boolean[more.length];
            for (int i = 0; i < more.length; i++) {
                missing[i] = more[i] && !parsed[i];
            }
            List<List<SyntaxNode>> fresh = parser.parseEach(source, items, missing);
            for (int i = 0; i < missing.length; i++) {
                if (missing[i]) {
                    nodes.addAll(fresh.get(i));
                    parsed[i] = true;
                }
            }
            SyntaxNode root = CParser.assemble(source, items, parsed, nodes, placeholders);
            MacroBodies.expand(parser, source, root);
            FileFacts facts = FileFacts.extract(new InputFile(file, file.toString()), source, root,
                    KernelVersion.DEFAULT, CONTEXT.api(), callees, flows);
            return seen(facts);
        }
    }

    private static Seen seen(FileFacts facts) {
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : CONTEXT.catalog().rules()) {
            findings.addAll(rule.check(facts, CONTEXT));
        }
        findings.sort(Finding.ORDER);
        String calls = facts.calls().stream().map(c -> c.api().name() + "@" + c.call().startByte() + "-"
                + c.call().endByte() + "/" + c.args().size()).toList().toString();
        return new Seen(calls, facts.functions().toString(), facts.pointers().summaries().toString(),
                facts.pointers().problems().stream().map(p -> p.message()).toList().toString(), findings);
    }

    @Test
    void aSecondExtractionOverMoreItemsGivesWhatOneExtractionGives() throws IOException {
        int files = 0;
        int reused = 0;
        try (CParser parser = new CParser()) {
            for (Path file : org.kvlint.TestSources.fixtures()) {
                byte[] content = Files.readAllBytes(file);
                Rounds rounds = new Rounds(file, content);
                if (rounds.items.size() < 2) {
                    continue;
                }
                boolean[] half = new boolean[rounds.items.size()];
                boolean[] all = new boolean[rounds.items.size()];
                for (int i = 0; i < half.length; i++) {
                    half[i] = i % 2 == 0;
                    all[i] = true;
                }
                // as the scan's rounds: the same callees each time (the file's own functions join them)
                Set<String> callees = Set.of("foo_free", "helper_alloc");
                rounds.extract(parser, half, callees, rounds.memo);
                Seen again = rounds.extract(parser, all, callees, rounds.memo);
                Seen once = new Rounds(file, content).extract(parser, all, callees, null);
                assertEquals(once, again, file + ": flows kept from the extraction before");
                files++;
                reused += rounds.memo.reused();
            }
        }
        assertTrue(files >= 50, "fixtures read: " + files);
        assertTrue(reused > 100, "flows used again: " + reused);
    }

    @Test
    void aFunctionCallingAFunctionParsedOnlyLaterIsWalkedAgain() {
        // caller() is parsed first; release() (which frees its argument) only in the second round:
        // caller()'s call of release() is worth recording only once release() is one of the file's units
        String code = """
                static void caller(struct foo *f)
                {
                \trelease(f->buf);
                }
                static void other(struct foo *f)
                {
                \tf->n = 0;
                }
                static void release(void *p)
                {
                \tkvfree(p);
                }
                """;
        try (CParser parser = new CParser()) {
            Rounds rounds = new Rounds(Path.of("t.c"), code.getBytes(StandardCharsets.UTF_8));
            assertEquals(3, rounds.items.size());
            Seen first = rounds.extract(parser, new boolean[] {true, true, false}, Set.of(), rounds.memo);
            Seen second = rounds.extract(parser, new boolean[] {true, true, true}, Set.of(), rounds.memo);
            Seen once = new Rounds(Path.of("t.c"), code.getBytes(StandardCharsets.UTF_8))
                    .extract(parser, new boolean[] {true, true, true}, Set.of(), null);
            assertEquals(once, second);
            assertTrue(first.functions().contains("caller") && !first.functions().contains("kvfree"));
            assertEquals(1, rounds.memo.reused(), "other() is kept, caller() is walked again");
        }
    }
}
