package org.kvlint.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.KernelVersion;
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
 * Runs the pipeline: walk → read → prefilter → parse → facts → rules, on {@code jobs} threads,
 * one parser per thread, results in deterministic order.
 */
public final class Scanner {
    /** Deeply nested expressions in generated code recurse deep in the tree copy and the rules. */
    private static final long WORKER_STACK_BYTES = 256L << 20;

    private final RuleContext context;
    private final List<Rule> rules;
    private final Prefilter prefilter;

    public Scanner(RuleContext context) {
        this.context = context;
        this.rules = context.catalog().rules();
        this.prefilter = new Prefilter(context.api().prefilterTokens());
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
        FileResult[] results = new FileResult[files.size()];
        AtomicInteger next = new AtomicInteger();
        int threads = Math.max(1, Math.min(options.jobs(), files.size()));
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(null, () -> {
                try (CParser parser = new CParser()) {
                    for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                        results[i] = analyse(files.get(i), parser, kernel);
                    }
                }
            }, "kvlint-worker-" + t, WORKER_STACK_BYTES);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("scan interrupted", e);
            }
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
        return new ScanResult(List.copyOf(findings), List.copyOf(diagnostics), stats, kernel, kernelSource);
    }

    /** One file's share of the result. */
    private record FileResult(List<Finding> findings, List<Diagnostic> diagnostics, boolean parsed,
                              int erroneousItems, long bytes) {}

    private FileResult analyse(InputFile file, CParser parser, KernelVersion kernel) {
        SourceReader.Read read = SourceReader.read(file);
        List<Diagnostic> diags = new ArrayList<>(read.diagnostics());
        if (read.content().isEmpty()) {
            return new FileResult(List.of(), diags, false, 0, 0);
        }
        byte[] content = read.content().get();
        int[] hits = prefilter.hits(content);
        if (hits.length == 0) {
            return new FileResult(List.of(), diags, false, 0, content.length);
        }
        try {
            SourceText source = new SourceText(content);
            SyntaxNode root = parser.parse(source, (s, e) -> Prefilter.covers(hits, s, e));
            int erroneous = 0;
            for (SyntaxNode item : root.children()) {
                if (item.hasError() && Prefilter.covers(hits, item.startByte(), item.endByte())) {
                    erroneous++;
                }
            }
            FileFacts facts = FileFacts.extract(file, source, root, kernel, context.api());
            List<Finding> findings = new ArrayList<>();
            for (Rule rule : rules) {
                findings.addAll(rule.check(facts, context));
            }
            return new FileResult(findings, diags, true, erroneous, content.length);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            diags.add(new Diagnostic(file.displayPath(), Diagnostic.Severity.WARNING,
                    "internal error, file skipped: " + e));
            return new FileResult(List.of(), diags, true, 0, content.length);
        }
    }
}
