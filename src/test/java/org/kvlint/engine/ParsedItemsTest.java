package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kvlint.TestPaths;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.InputFile;
import org.kvlint.source.SourceReader;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.SyntaxNode;

/**
 * The items the scan parsed of a file with findings go on to the proof of its fixes
 * ({@link ScanResult#parsed}), whose whole-file analysis takes them instead of parsing them again:
 * the same tree, facts and findings, fewer items through tree-sitter, and none taken for bytes
 * other than those they index.
 */
class ParsedItemsTest {
    @Test
    void theWholeFileAnalysisOfAProofTakesTheItemsTheScanParsed() throws IOException {
        int files = 0;
        for (String fixture : List.of("KV001/basic.c", "KV004/basic.c", "KV005/basic.c", "KV001/macros.c")) {
            Path file = TestPaths.testdata().resolve(fixture);
            ScanResult scan = Scanner.standard().scan(new ScanOptions(List.of(file.toString()), 1, Optional.empty())
                    .forProofs(true));
            assertEquals(java.util.Map.of(), Scanner.standard().scan(new ScanOptions(List.of(file.toString()), 1,
                    Optional.empty())).parsed(), "kept only when the fixes will be proven");
            assertTrue(!scan.findings().isEmpty(), fixture);
            ParsedItems parsed = scan.parsed().get(file.toString());
            assertTrue(parsed != null && parsed.itemsParsed() > 0, fixture + ": " + scan.parsed().keySet());
            InputFile input = InputFile.reported(file.toString());
            try (CParser parser = new CParser()) {
                FileAnalysis.Result taken = FileAnalysis.analyse(SourceReader.of(input, parsed.bytes()),
                        Optional.of(parsed), parser, scan.kernel(), RuleContext.standard());
                FileAnalysis.Result fresh = FileAnalysis.analyse(SourceReader.of(input, parsed.bytes().clone()),
                        Optional.of(parsed), parser, scan.kernel(), RuleContext.standard());
                assertEquals(fresh.findings(), taken.findings(), fixture);
                assertEquals(dump(fresh.facts().orElseThrow().root()), dump(taken.facts().orElseThrow().root()), fixture);
                // the other array is parsed whole; the scan's own bytes take the items it parsed
                assertEquals(fresh.itemsParsed() - scannedAmongChosen(parsed, fresh), taken.itemsParsed(), fixture);
                assertTrue(taken.itemsParsed() < fresh.itemsParsed(), fixture);
                // and the scan's items are not changed by an analysis that parsed more of them
                assertEquals(taken.itemsParsed(), FileAnalysis.analyse(SourceReader.of(input, parsed.bytes()),
                        Optional.of(parsed), parser, scan.kernel(), RuleContext.standard()).itemsParsed(), fixture);
            }
            files++;
        }
        assertEquals(4, files);
    }

    /** Of the items a fix analysis parses, how many the scan had parsed. */
    private static int scannedAmongChosen(ParsedItems parsed, FileAnalysis.Result fresh) {
        ItemTrees t = parsed.trees();
        int n = 0;
        for (SyntaxNode top : fresh.facts().orElseThrow().root().children()) {
            for (int i = 0; i < parsed.items().size(); i++) {
                if (parsed.items().get(i).start() == top.startByte() && !top.children().isEmpty() && t.wasParsed(i)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String dump(SyntaxNode root) {
        List<String> out = new ArrayList<>();
        root.walk(n -> out.add(n.type() + " " + n.field() + " " + n.startByte() + "-" + n.endByte() + " "
                + n.children().size()));
        return String.join("\n", out);
    }
}
