package org.kvlint.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.MacroLayout;
import org.kvlint.rules.Rule;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.CallScan;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.InputFile;
import org.kvlint.source.ItemLexer;
import org.kvlint.source.SourceReader;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.MacroBodies;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/**
 * One file through read → parse → facts → rules, keeping what a fixer needs and a scan throws
 * away: the bytes exactly as read (the fixes' offsets index them) and the facts.
 *
 * <p>Unlike {@link Scanner}, which parses only the top-level items that call what matters, this
 * parses every function and declaration ({@link CParser#parseForFix}): a fix must see every free
 * of the memory it converts, including a {@code kfree()} in a function that mentions no
 * vmalloc-family name, and every use of a place. Used by {@code kvlint fix} and the proofs of
 * {@code --format json|sarif} on the files a scan found something in.
 */
public final class FileAnalysis {
    private FileAnalysis() {}

    /**
     * @param read the bytes as read ({@code raw}) and as parsed ({@code content})
     * @param facts empty when the file could not be read or analysed
     * @param findings every rule's findings, in {@link Finding#ORDER}
     * @param itemsParsed the items tree-sitter parsed for this analysis (not those taken as the
     *     scan parsed them)
     */
    public record Result(InputFile file, SourceReader.Read read, Optional<FileFacts> facts, List<Finding> findings,
                         List<Diagnostic> diagnostics, int itemsParsed) {
        public Result {
            findings = List.copyOf(findings);
            diagnostics = List.copyOf(diagnostics);
        }

        /** Another analysis of the same parse (its findings proven or filtered). */
        public Result(InputFile file, SourceReader.Read read, Optional<FileFacts> facts, List<Finding> findings,
                      List<Diagnostic> diagnostics) {
            this(file, read, facts, findings, diagnostics, 0);
        }
    }

    /**
     * The file's items a fix may need ({@link CParser#parseForFix}): those parsed already in
     * {@code trees} (the scan's, over the same text) taken as they are, the others parsed there.
     */
    private static SyntaxNode parseForFix(ItemTrees trees, List<ItemLexer.Item> items, CParser parser,
                                          RuleContext context) {
        SourceText source = trees.source();
        boolean[] chosen = CParser.chosenForFix(source.bytes(), items, tableCalls(source, context), null);
        SyntaxNode root = CParser.assemble(source, items, chosen, trees.nodes(parser, items, chosen));
        MacroBodies.expand(parser, source, root); // statement-like #define bodies as code
        return root;
    }

    private static int[] tableCalls(SourceText source, RuleContext context) {
        List<String> table = context.api().all().stream().map(ApiFunction::name).toList();
        return new CallScan(table, context.api().tokenNames(), List.of(), org.kvlint.syntax.NativeScan.FINDER)
                .scan(source.bytes()).tableCalls();
    }

    /** Analyses {@code file} as it is on disk now. */
    public static Result analyse(InputFile file, CParser parser, KernelVersion kernel, RuleContext context) {
        return analyse(SourceReader.read(file), parser, kernel, context);
    }

    /** Analyses bytes already read (e.g. to check that a fixed file needs no further fix). */
    public static Result analyse(SourceReader.Read read, CParser parser, KernelVersion kernel, RuleContext context) {
        return analyse(read, Optional.empty(), parser, kernel, context);
    }

    /**
     * As above, with the items the scan parsed of the file ({@link ScanResult#parsed}): taken as
     * they are when they index the very bytes read (the same array), else the file is parsed here.
     */
    public static Result analyse(SourceReader.Read read, Optional<ParsedItems> scanned, CParser parser,
                                 KernelVersion kernel, RuleContext context) {
        InputFile file = read.file();
        List<Diagnostic> diags = new ArrayList<>(read.diagnostics());
        if (read.content().isEmpty()) {
            return new Result(file, read, Optional.empty(), List.of(), diags);
        }
        try {
            byte[] content = read.content().get();
            Optional<ParsedItems> same = scanned.filter(p -> p.bytes() == content);
            List<ItemLexer.Item> items = same.isPresent() ? same.get().items() : ItemLexer.items(content);
            ItemTrees trees = same.isPresent() ? same.get().trees() : new ItemTrees(content, items.size(), false);
            int parsedBefore = trees.itemsParsed();
            SourceText source = trees.source();
            SyntaxNode root = parseForFix(trees, items, parser, context);
            FileFacts facts = FileFacts.extract(file, source, root, kernel, context.api());
            List<Finding> findings = new ArrayList<>();
            for (Rule rule : context.catalog().rules()) {
                for (Finding f : rule.check(facts, context)) {
                    findings.add(MacroLayout.adapt(source, f)); // fixes inside macro bodies
                }
            }
            findings.sort(Finding.ORDER);
            for (var p : facts.problems()) {
                diags.add(new Diagnostic(file.displayPath(), Diagnostic.Severity.WARNING, p.message()));
            }
            return new Result(file, read, Optional.of(facts), findings, diags, trees.itemsParsed() - parsedBefore);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            diags.add(Diagnostic.internal(file.displayPath(), "internal error, file skipped: " + e));
            return new Result(file, read, Optional.empty(), List.of(), diags);
        }
    }
}
