package org.kvlint.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionSummary;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.WrapperSummaries;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Rule;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.InputFile;
import org.kvlint.source.Prefilter;
import org.kvlint.source.SourceReader;
import org.kvlint.source.SourceWalker;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/**
 * Runs the pipeline on {@code jobs} threads, one parser per thread, results in deterministic
 * order, in two passes over the walked files:
 * <ol>
 *   <li><b>summaries</b>: read → prefilter (allocator-table tokens) → parse the top-level items
 *   that mention a table function → facts → one {@link FunctionSummary} per function (what it
 *   returns, which parameters it frees). Merged tree-wide into {@link WrapperSummaries}
 *   (static functions only within their file).</li>
 *   <li><b>rules</b>: read → prefilter, now also by whole-word match on the names of functions
 *   that may return vmalloc memory (a file that only calls such a wrapper and kfree()s the result
 *   has no allocator token) → parse → facts → every rule, with the summaries in the
 *   {@link RuleContext}.</li>
 * </ol>
 * Pass 2 parses again instead of keeping pass 1's trees: the kept trees of a whole kernel's
 * candidate files would hold about a gigabyte. On a kernel, parsing is most of the scan's CPU
 * time (pass 1 about 70 MB, pass 2 about 100 MB, at roughly 7 MB/s per thread); pass 1 also reads
 * and prefilters every byte of the tree, pass 2 re-reads the files without tokens only to look
 * for wrapper names. {@code -Dkvlint.timing=true} prints the split.
 *
 * <p>That re-read is not replaced by a per-file summary of identifiers kept from pass 1 (e.g. a
 * Bloom filter): measured on a kernel, the word search costs about 2.5 times the read (2.6 s
 * against 1.0 s of CPU for the 53,000 token-less files), and building such a summary in pass 1
 * needs the same identifier scan plus hashing, while one small enough to keep (tens of MB for
 * 21 million distinct identifiers) would still let a quarter or more of the files through for
 * some of the hundred-odd wrapper names. A faster word search is the lever there.
 */
public final class Scanner {

    private final RuleContext context;
    private final List<Rule> rules;
    private final Prefilter prefilter;
    /** Every table name, for choosing which top-level items of a kept file to copy and analyse. */
    private final WordMatcher tableNames;
    /** Parses done, for {@code -Dkvlint.timing=true}. */
    private final AtomicInteger parses = new AtomicInteger();

    public Scanner(RuleContext context) {
        this.context = context;
        this.rules = context.catalog().rules();
        this.prefilter = new Prefilter(context.api().prefilterTokens());
        this.tableNames = new WordMatcher(context.api().all().stream().map(ApiFunction::name).toList());
    }

    public static Scanner standard() {
        return new Scanner(RuleContext.standard());
    }

    public ScanResult scan(ScanOptions options) {
        long start = System.nanoTime();
        SourceWalker.Result walked = SourceWalker.walk(options.paths());
        KernelVersion kernel;
        String kernelSource;
        if (options.kernel().isPresent()) {
            kernel = options.kernel().get();
            kernelSource = "--kernel-version";
        } else {
            Optional<KernelVersion.Detected> detected = options.paths().isEmpty() ? Optional.empty()
                    : KernelVersion.detect(Path.of(options.paths().getFirst()));
            kernel = detected.map(KernelVersion.Detected::version).orElse(KernelVersion.DEFAULT);
            kernelSource = detected.map(d -> d.root().resolve("Makefile").toString()).orElse("default");
        }
        List<InputFile> files = walked.files();
        long walkedAt = System.nanoTime();
        parses.set(0);

        // pass 1: function summaries (and each file's prefilter hits, so pass 2 need not search them again)
        int[][] tokenHits = new int[files.size()][];
        // what pass 1 read: the content of files with tokens (about 6 % of a kernel's bytes), and
        // every file's diagnostics and size, so pass 2 reads only files that may call a wrapper
        Pass1File[] reads = new Pass1File[files.size()];
        java.util.Map<InputFile, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            index.put(files.get(i), i);
        }
        List<List<FunctionSummary>> perFile = Workers.map(files, options.jobs(), "kvlint-pass1",
                (file, parser) -> summarise(file, parser, kernel, tokenHits, reads, index.get(file)));
        List<FunctionSummary> all = new ArrayList<>();
        for (List<FunctionSummary> s : perFile) {
            all.addAll(s);
        }
        WrapperSummaries summaries = WrapperSummaries.build(all, context.api(), kernel);
        WordMatcher wrappers = new WordMatcher(summaries.taintingNames());
        WordMatcher interesting = new WordMatcher(summaries.interestingNames());
        RuleContext ctx = context.withSummaries(summaries);
        long pass1 = System.nanoTime();
        int pass1Parses = parses.getAndSet(0);

        // pass 2: rules
        List<FileResult> results = Workers.map(files, options.jobs(), "kvlint-pass2",
                (file, parser) -> analyse(file, parser, kernel, ctx, wrappers, interesting, tokenHits[index.get(file)],
                        reads[index.get(file)]));
        if (Boolean.getBoolean("kvlint.timing")) {
            System.err.printf("kvlint: walk %.2f s; pass 1 %.2f s (%d parses, %d function summaries, %d tainting"
                    + " wrappers, %d interesting names); pass 2 %.2f s (%d parses)%n", (walkedAt - start) / 1e9,
                    (pass1 - walkedAt) / 1e9, pass1Parses, all.size(), summaries.taintingNames().size(),
                    summaries.interestingNames().size(), (System.nanoTime() - pass1) / 1e9, parses.get());
        }

        List<Finding> findings = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>(walked.diagnostics());
        int parsed = 0;
        int filesWithErrors = 0;
        int functionsWithErrors = 0;
        long bytes = 0;
        long bytesParsed = 0;
        for (FileResult r : results) {
            findings.addAll(r.findings());
            diagnostics.addAll(r.diagnostics());
            bytes += r.bytes();
            if (r.parsed()) {
                parsed++;
                bytesParsed += r.bytes();
            }
            if (r.erroneousItems() > 0) {
                filesWithErrors++;
                functionsWithErrors += r.erroneousItems();
            }
        }
        findings.sort(Finding.ORDER);
        diagnostics.sort(null);
        var stats = new ScanResult.Stats(files.size(), parsed, filesWithErrors, functionsWithErrors, bytes,
                bytesParsed, System.nanoTime() - start);
        return new ScanResult(List.copyOf(findings), List.copyOf(diagnostics), stats, kernel, kernelSource, summaries);
    }

    /** Pass 1: the summaries of one file's functions; nothing for files without allocator tokens. */
    private List<FunctionSummary> summarise(InputFile file, CParser parser, KernelVersion kernel, int[][] tokenHits,
                                            Pass1File[] reads, int at) {
        SourceReader.Read read = SourceReader.read(file);
        if (read.content().isEmpty()) {
            reads[at] = new Pass1File(read, read.diagnostics(), 0);
            return List.of();
        }
        byte[] content = read.content().get();
        int[] hits = prefilter.hits(content);
        tokenHits[at] = hits;
        if (hits.length == 0) {
            reads[at] = new Pass1File(null, read.diagnostics(), content.length); // drop the bytes
            return List.of();
        }
        reads[at] = new Pass1File(read, read.diagnostics(), content.length);
        try {
            int[] items = WordMatcher.union(hits, tableNames.hits(content));
            return extract(file, content, parser, kernel, items, Set.of(), false).pointers().summaries();
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return List.of(); // pass 2 reports the file
        }
    }

    /**
     * Parses the top-level items covering {@code items} and extracts the facts. When a function
     * found there turns out to matter to callers (it returns allocator memory, or in pass 2 also
     * frees its argument, possibly through another such function) and an item left out calls it,
     * the file is parsed again with that item (at most twice more): wrappers of wrappers inside
     * one file.
     */
    private FileFacts extract(InputFile file, byte[] content, CParser parser, KernelVersion kernel, int[] items,
                              Set<String> known, boolean pass2) {
        SourceText source = new SourceText(content);
        int[] keep = items;
        Set<String> seen = new HashSet<>(known);
        for (int round = 0; ; round++) {
            int[] current = keep;
            SyntaxNode root = parser.parse(source, (s, e) -> Prefilter.covers(current, s, e));
            parses.incrementAndGet();
            FileFacts facts = FileFacts.extract(file, source, root, kernel, context.api(), known);
            if (round == 2) {
                return facts;
            }
            Set<String> fresh = new HashSet<>(WrapperSummaries.interesting(facts.pointers().summaries(), seen,
                    pass2));
            fresh.removeAll(seen);
            if (fresh.isEmpty()) {
                return facts;
            }
            seen.addAll(fresh);
            int[] more = WordMatcher.union(current, new WordMatcher(fresh).hits(content));
            boolean grows = false;
            for (SyntaxNode item : root.children()) {
                if (!Prefilter.covers(current, item.startByte(), item.endByte())
                        && Prefilter.covers(more, item.startByte(), item.endByte())) {
                    grows = true;
                    break;
                }
            }
            if (!grows) {
                return facts;
            }
            keep = more;
        }
    }

    /**
     * What pass 1 keeps of a file: the read itself (content included) only when the file has
     * allocator tokens or could not be read; else its diagnostics and size.
     */
    private record Pass1File(SourceReader.Read read, List<Diagnostic> diagnostics, long size) {}

    /** One file's share of the result. */
    private record FileResult(List<Finding> findings, List<Diagnostic> diagnostics, boolean parsed,
                              int erroneousItems, long bytes) {}

    /** Pass 2: every rule on one file. */
    private FileResult analyse(InputFile file, CParser parser, KernelVersion kernel, RuleContext ctx,
                               WordMatcher wrappers, WordMatcher interesting, int[] pass1Hits,
                               Pass1File pass1) {
        SourceReader.Read read;
        if (pass1 == null) {
            read = SourceReader.read(file);
        } else if (pass1.read() != null) {
            read = pass1.read();
        } else {
            // pass 1 found no token: only a call of a wrapper can make this file matter
            if (wrappers.isEmpty()) {
                return new FileResult(List.of(), pass1.diagnostics(), false, 0, pass1.size());
            }
            byte[] raw;
            try {
                raw = java.nio.file.Files.readAllBytes(file.path());
            } catch (java.io.IOException e) {
                return new FileResult(List.of(), pass1.diagnostics(), false, 0, pass1.size());
            }
            if (wrappers.hits(raw).length == 0) {
                return new FileResult(List.of(), pass1.diagnostics(), false, 0, raw.length);
            }
            read = SourceReader.of(file, raw);
        }
        List<Diagnostic> diags = new ArrayList<>(read.diagnostics());
        if (read.content().isEmpty()) {
            return new FileResult(List.of(), diags, false, 0, 0);
        }
        byte[] content = read.content().get();
        int[] tokens = pass1Hits != null && pass1Hits.length <= content.length ? pass1Hits : prefilter.hits(content);
        int[] hits = WordMatcher.union(tokens, wrappers.hits(content));
        if (hits.length == 0) {
            return new FileResult(List.of(), diags, false, 0, content.length);
        }
        try {
            int[] items = WordMatcher.union(WordMatcher.union(hits, tableNames.hits(content)), interesting.hits(content));
            FileFacts facts = extract(file, content, parser, kernel, items, ctx.summaries().interestingNames(), true);
            SyntaxNode root = facts.root();
            int erroneous = 0;
            for (SyntaxNode item : root.children()) {
                if (item.hasError() && Prefilter.covers(hits, item.startByte(), item.endByte())) {
                    erroneous++;
                }
            }
            List<Finding> findings = new ArrayList<>();
            for (Rule rule : rules) {
                findings.addAll(rule.check(facts, ctx));
            }
            return new FileResult(findings, diags, true, erroneous, content.length);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            diags.add(Diagnostic.internal(file.displayPath(), "internal error, file skipped: " + e));
            return new FileResult(List.of(), diags, true, 0, content.length);
        }
    }
}
