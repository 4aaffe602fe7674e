package org.kvlint.fix;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kvlint.engine.FileAnalysis;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.engine.Workers;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.InputFile;
import org.kvlint.syntax.CParser;

/**
 * A whole {@code kvlint fix} run, before anything is written: the scan finds the files with
 * findings of the selected rules; each of those is read again, parsed in full and fixed
 * ({@link FileFixer}), on {@code jobs} threads with one parser each; results in path order.
 */
public final class FixRun {
    private FixRun() {}

    public record Request(List<String> paths, int jobs, Optional<KernelVersion> kernel, FixOptions options) {
        public Request {
            paths = List.copyOf(paths);
        }
    }

    /**
     * @param files the files that had findings of the selected rules, in path order
     * @param findings how many findings of the selected rules there are, fixed or not
     * @param diagnostics the scan's and the re-analysis' diagnostics, sorted, without repeats
     */
    public record Result(ScanResult scan, List<FileOutcome> files, int findings, List<Diagnostic> diagnostics,
                         PatchPaths paths) {
        public List<Decision> decisions() {
            return files.stream().flatMap(f -> f.decisions().stream()).toList();
        }
    }

    public static Result run(Request request, RuleContext context) {
        ScanResult scan = new Scanner(context).scan(new ScanOptions(request.paths(), request.jobs(), request.kernel()));
        Set<String> withFindings = new TreeSet<>();
        for (Finding f : scan.findings()) {
            if (request.options().selects(f.ruleId())) {
                withFindings.add(f.path());
            }
        }
        List<InputFile> todo = withFindings.stream().map(InputFile::reported).toList();
        // the re-analysis must know the scan's tree-wide wrappers to find the same cross-file findings
        RuleContext ctx = context.withSummaries(scan.summaries());
        List<FileOutcome> files = Workers.map(todo, request.jobs(), "kvlint-fix",
                (file, parser) -> fixOne(file, parser, scan.kernel(), ctx, request.options()));
        TreeSet<Diagnostic> diags = new TreeSet<>(scan.diagnostics());
        files.forEach(f -> diags.addAll(f.diagnostics()));
        int findings = (int) files.stream().flatMap(f -> f.decisions().stream()).count();
        return new Result(scan, files, findings, List.copyOf(diags), PatchPaths.of(request.paths()));
    }

    /**
     * Runs every fix on the reference allocator model before and after ({@link ProvenFixes}): a
     * fix stays SAFE only when proven equal or better in every scenario; unproven fixes become
     * UNSAFE with the proof's reason, so only --unsafe-fixes applies them.
     */
    static FileAnalysis.Result prove(FileAnalysis.Result analysis, KernelVersion kernel, CParser parser) {
        if (analysis.read().content().isEmpty() || analysis.findings().isEmpty()) {
            return analysis;
        }
        List<Finding> proven = analysis.findings().stream()
                .map(f -> f.withFixes(ProvenFixes.proofs(analysis.read().content(), f, kernel, parser).stream()
                        .map(ProvenFixes.Proof::proven).toList()))
                .toList();
        return new FileAnalysis.Result(analysis.file(), analysis.read(), analysis.facts(), proven,
                analysis.diagnostics());
    }

    /** One file: analysed in full from the bytes on disk now, proven on the model, then fixed. */
    public static FileOutcome fixOne(InputFile file, CParser parser, KernelVersion kernel, RuleContext context,
                                     FixOptions options) {
        try {
            FileAnalysis.Result analysis = prove(FileAnalysis.analyse(file, parser, kernel, context), kernel, parser);
            return FileFixer.fix(analysis, options, parser);
        } catch (RuntimeException | StackOverflowError e) {
            Diagnostic d = Diagnostic.internal(file.displayPath(), "internal error while fixing, file left alone: " + e);
            return new FileOutcome(file, new byte[0], new byte[0], List.of(), List.of(d));
        }
    }
}
