package org.kvlint.fix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kvlint.engine.FileAnalysis;
import org.kvlint.engine.FindingPolicy;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.engine.Workers;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.InputFile;
import org.kvlint.source.NolintDirectives;
import org.kvlint.syntax.CParser;
import org.kvlint.validate.ValidationResult;

/**
 * A whole {@code kvlint fix} run, before anything is written: the scan finds the files with
 * findings of the selected rules; each of those is read again, parsed in full and fixed
 * ({@link FileFixer}), on {@code jobs} threads with one parser each; results in path order.
 */
public final class FixRun {
    private FixRun() {}

    /**
     * @param policy which findings count (rule selection, config, suppression comments): a finding
     *     {@code kvlint check} would not report is not fixed either
     */
    public record Request(ScanOptions scan, FixOptions options, FindingPolicy policy) {
        public Request(List<String> paths, int jobs, Optional<KernelVersion> kernel, FixOptions options,
                       FindingPolicy policy) {
            this(new ScanOptions(paths, jobs, kernel), options, policy);
        }

        public Request(List<String> paths, int jobs, Optional<KernelVersion> kernel, FixOptions options) {
            this(paths, jobs, kernel, options, FindingPolicy.DEFAULT);
        }

        public List<String> paths() {
            return scan.paths();
        }

        public int jobs() {
            return scan.jobs();
        }
    }

    /**
     * @param files the files that had findings of the selected rules, in path order
     * @param findings how many findings of the selected rules there are, fixed or not
     * @param diagnostics the scan's and the re-analysis' diagnostics, sorted, without repeats
     * @param facts by finding, for every applied fix and every fix made by another one: what a
     *     commit message says about it (the calls it changes, its proof)
     */
    public record Result(ScanResult scan, List<FileOutcome> files, int findings, List<Diagnostic> diagnostics,
                         PatchPaths paths, Map<Finding, ChangeFacts> facts) {
        public Result {
            facts = Map.copyOf(facts);
        }

        public List<Decision> decisions() {
            return files.stream().flatMap(f -> f.decisions().stream()).toList();
        }

        /** What a commit message says about a decision's fix ({@link ChangeFacts#NONE} when nothing is known). */
        public ChangeFacts factsOf(Decision d) {
            return facts.getOrDefault(d.finding(), ChangeFacts.NONE);
        }
    }

    /** One file fixed, with what a commit message says about each fix made. */
    public record Fixed(FileOutcome outcome, Map<Finding, ChangeFacts> facts) {}

    public static Result run(Request request, RuleContext context) {
        ScanResult scan = request.policy().apply(
                new Scanner(context).scan(request.scan()));
        Set<String> withFindings = new TreeSet<>();
        for (Finding f : scan.findings()) {
            if (request.options().selects(f.ruleId())) {
                withFindings.add(f.path());
            }
        }
        List<InputFile> todo = withFindings.stream().map(InputFile::reported).toList();
        // the re-analysis must know the scan's tree-wide wrappers to find the same cross-file findings
        RuleContext ctx = context.withSummaries(scan.summaries());
        EscapeResolver resolver = EscapeResolver.of(scan, context);
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        request.scan().progress().proving(0, todo.size()); // the first proofs may take seconds
        List<Fixed> fixed = Workers.map(todo, request.jobs(), "kvlint-fix", (file, parser) -> {
            Fixed f = fixAndExplain(file, parser, scan.kernel(), ctx, request.options(), request.policy(), resolver);
            request.scan().progress().proving(done.incrementAndGet(), todo.size());
            return f;
        });
        request.scan().progress().finish();
        // a fix's edits of other files join those files' outcomes: every file of a fix or none
        List<FileOutcome> files = CrossFile.apply(fixed.stream().map(Fixed::outcome).toList());
        Map<Finding, ChangeFacts> facts = new HashMap<>();
        fixed.forEach(f -> facts.putAll(f.facts()));
        TreeSet<Diagnostic> diags = new TreeSet<>(scan.diagnostics());
        files.forEach(f -> diags.addAll(f.diagnostics()));
        int findings = (int) files.stream().flatMap(f -> f.decisions().stream()).count();
        return new Result(scan, files, findings, List.copyOf(diags), PatchPaths.of(request.paths()), facts);
    }

    /** A file's analysis with every fix proven, and the proofs by (proven) finding. */
    record Proven(FileAnalysis.Result analysis, Map<Finding, List<ProvenFixes.Proof>> proofs) {}

    /**
     * Runs every fix on the reference allocator model before and after ({@link ProvenFixes}): a
     * fix stays SAFE only when proven equal or better in every scenario; unproven fixes become
     * UNSAFE with the proof's reason, so only --unsafe-fixes applies them.
     */
    static Proven prove(FileAnalysis.Result analysis, KernelVersion kernel, CParser parser, EscapeResolver resolver,
                        RuleContext context) {
        if (analysis.read().content().isEmpty() || analysis.findings().isEmpty()) {
            return new Proven(analysis, Map.of());
        }
        Map<Finding, List<ProvenFixes.Proof>> proofs = new HashMap<>();
        List<Finding> proven = new ArrayList<>();
        ProvenFixes.Budget budget = new ProvenFixes.Budget();
        Optional<org.kvlint.syntax.SyntaxNode> parsed = ProvenFixes.parsedFor(analysis, context);
        for (Finding f : analysis.findings()) {
            List<ProvenFixes.Proof> p = ProvenFixes.proofs(analysis.read().content(), parsed, f, kernel, parser, resolver,
                    analysis.file(), budget);
            Finding g = f.withFixes(p.stream().map(ProvenFixes.Proof::proven).toList());
            proofs.put(g, p);
            proven.add(g);
        }
        return new Proven(new FileAnalysis.Result(analysis.file(), analysis.read(), analysis.facts(), proven,
                analysis.diagnostics()), proofs);
    }

    /** One file with the default policy (suppression comments still apply). */
    public static FileOutcome fixOne(InputFile file, CParser parser, KernelVersion kernel, RuleContext context,
                                     FixOptions options) {
        return fixOne(file, parser, kernel, context, options, FindingPolicy.DEFAULT);
    }

    /**
     * One file: analysed in full from the bytes on disk now, its findings filtered by the policy
     * and the file's suppression comments (read from the same bytes), proven on the model, then fixed.
     */
    public static FileOutcome fixOne(InputFile file, CParser parser, KernelVersion kernel, RuleContext context,
                                     FixOptions options, FindingPolicy policy) {
        return fixAndExplain(file, parser, kernel, context, options, policy, EscapeResolver.NO_TREE).outcome();
    }

    /** As {@link #fixOne}, with the facts a commit message needs about each fix made. */
    static Fixed fixAndExplain(InputFile file, CParser parser, KernelVersion kernel, RuleContext context,
                               FixOptions options, FindingPolicy policy, EscapeResolver resolver) {
        try {
            FileAnalysis.Result full = FileAnalysis.analyse(file, parser, kernel, context);
            FileAnalysis.Result wanted = new FileAnalysis.Result(full.file(), full.read(), full.facts(),
                    policy.active(full.findings(), NolintDirectives.scan(full.read().raw())), full.diagnostics());
            Proven proven = prove(wanted, kernel, parser, resolver, context);
            FileOutcome outcome = FileFixer.fix(proven.analysis(), options, parser);
            return new Fixed(outcome, explain(outcome, proven));
        } catch (RuntimeException | StackOverflowError e) {
            Diagnostic d = Diagnostic.internal(file.displayPath(), "internal error while fixing, file left alone: " + e);
            return new Fixed(new FileOutcome(file, new byte[0], new byte[0], List.of(), List.of(d)), Map.of());
        }
    }

    /** The facts of every fix that is in the output: applied, or made by an applied one (a duplicate). */
    private static Map<Finding, ChangeFacts> explain(FileOutcome outcome, Proven proven) {
        if (proven.analysis().facts().isEmpty()) {
            return Map.of();
        }
        Map<Finding, ChangeFacts> out = new HashMap<>();
        for (Decision d : outcome.decisions()) {
            Fix fix = switch (d) {
                case Decision.Applied a -> a.fix();
                case Decision.Skipped s when s.why() == Decision.Why.DUPLICATE -> s.fix();
                case Decision.Skipped s -> null;
            };
            if (fix == null) {
                continue;
            }
            Optional<ValidationResult> proof = proven.proofs().getOrDefault(d.finding(), List.of()).stream()
                    .filter(p -> p.proven().equals(fix)).map(ProvenFixes.Proof::result).findFirst();
            out.put(d.finding(), ChangeFacts.of(proven.analysis().facts().get(), d.finding(), fix, proof));
        }
        return out;
    }
}
