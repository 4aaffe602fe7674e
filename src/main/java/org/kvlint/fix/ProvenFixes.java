package org.kvlint.fix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kvlint.engine.FileAnalysis;
import org.kvlint.engine.ParsedItems;
import org.kvlint.engine.Progress;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Workers;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.KernelVersion;
import org.kvlint.index.Cache;
import org.kvlint.index.TreeIndex;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.RuleContext;
import org.kvlint.rules.Span;
import org.kvlint.source.InputFile;
import org.kvlint.source.SourceReader;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.SyntaxNode;
import org.kvlint.validate.ValidationResult;
import org.kvlint.validate.Validator;

/**
 * The fixes of a scan's findings exactly as {@code kvlint fix} would make them, each proven on the
 * reference allocator model: what {@code kvlint check --format json|sarif} and
 * {@code kvlint simulate --all} report, so that a fix a report calls safe is the fix
 * {@code kvlint fix} applies.
 *
 * <p>The scan copies only the top-level items its prefilter selects; a fix must see every free of
 * the memory it converts. So each file with findings is analysed again in full
 * ({@link FileAnalysis}, with the scan's wrapper summaries), and a scan finding takes the fixes of
 * the full analysis' finding of the same rule at the same span; then every fix is run before and
 * after on the model ({@link Validator}). A fix stays SAFE only when proven equal or better in
 * every scenario; otherwise it becomes UNSAFE with the proof's reason.
 */
public final class ProvenFixes {
    private ProvenFixes() {}

    /** The standard scenario matrix; stateless and safe to share between threads. */
    private static final Validator STANDARD = new Validator();

    /**
     * One fix and its proof.
     *
     * @param claimed the fix as the rule proposed it, with the rule's applicability
     * @param result the proof on the allocator model
     * @param nanos how long the proof took
     * @param otherTexts the bytes of the other files the fix edits, as the proof read them, by the
     *     path the fix names (a report's regions of those edits come from them)
     */
    public record Proof(Fix claimed, ValidationResult result, long nanos, SortedMap<String, byte[]> otherTexts) {
        /** The fix with the applicability the proof allows (never better than the rule's claim). */
        public Fix proven() {
            return result.applyTo(claimed);
        }
    }

    /**
     * @param scan the scan, every finding's fixes replaced by the proven ones
     * @param proofs by finding of {@code scan}: one proof per fix, in the fixes' order
     */
    public record Result(ScanResult scan, Map<Finding, List<Proof>> proofs) {
        public Result {
            proofs = Map.copyOf(proofs);
        }

        /** The proofs of a finding's fixes; empty for a finding without fixes or not of this result. */
        public List<Proof> of(Finding finding) {
            return proofs.getOrDefault(finding, List.of());
        }

        /** Every proof, in finding order. */
        public List<Proof> all() {
            return scan.findings().stream().flatMap(f -> of(f).stream()).toList();
        }
    }

    /**
     * Proves every fix of {@code scan}, file by file on {@code jobs} threads. With a cache, the
     * proofs of a file are kept beside the tree's pack and used again while the whole tree is
     * unchanged (every file's identity, {@link TreeIndex.Kept#fingerprint}) and the file's findings
     * are the same: a proof reads the file and its callers' files, and answers from the whole index.
     *
     * @param context the rules, as the scan used them (its wrapper summaries are added here)
     */
    public static Result prove(ScanResult scan, int jobs, RuleContext context) {
        return prove(scan, jobs, context, Progress.none());
    }

    /** As {@link #prove(ScanResult, int, RuleContext)}, telling {@code progress} of every file proven. */
    public static Result prove(ScanResult scan, int jobs, RuleContext context, Progress progress) {
        return prove(scan, jobs, context, STANDARD, scan.index().kept(), progress);
    }

    /** As {@link #prove(ScanResult, int, RuleContext)}, on {@code validator}'s matrix (never kept). */
    public static Result prove(ScanResult scan, int jobs, RuleContext context, Validator validator) {
        return prove(scan, jobs, context, validator, Progress.none());
    }

    /** As {@link #prove(ScanResult, int, RuleContext, Validator)}, telling {@code progress} of every file proven. */
    public static Result prove(ScanResult scan, int jobs, RuleContext context, Validator validator, Progress progress) {
        return prove(scan, jobs, context, validator, Optional.empty(), progress);
    }

    /** A file's kept proofs, when they were made for exactly these findings; else null. */
    private static KeptFile keptFile(byte[] blob, List<Finding> scanned) {
        if (blob == null) {
            return null;
        }
        try {
            return Cache.decodeValue(blob) instanceof KeptFile k && k.scanned().equals(scanned) ? k : null;
        } catch (RuntimeException e) {
            return null; // the file checksum held, so only another build's records: proved again
        }
    }

    /** Adds a file's proofs to what is kept; a proof that cannot be encoded is simply not kept. */
    private static void keep(Map<String, byte[]> kept, String path, KeptFile file) {
        try {
            kept.put(path, Cache.encodeValue(file));
        } catch (RuntimeException e) {
            kept.remove(path);
        }
    }

    /** What {@link #prove} keeps beside a tree's pack. */
    static final String KEPT_KIND = "proofs";

    /**
     * The proofs of one file, as kept between runs.
     *
     * @param scanned the file's findings as the scan gave them to prove, in order
     * @param proven the indexes of those that got proofs (a finding without fixes gets none)
     * @param proofs their proofs, in the same order
     */
    public record KeptFile(List<Finding> scanned, List<Integer> proven, List<List<Proof>> proofs) {
        static KeptFile of(List<Finding> scanned, Map<Finding, List<Proof>> proofs) {
            List<Integer> idx = new ArrayList<>();
            List<List<Proof>> p = new ArrayList<>();
            for (int i = 0; i < scanned.size(); i++) {
                List<Proof> x = proofs.get(scanned.get(i));
                if (x != null) {
                    idx.add(i);
                    p.add(x);
                }
            }
            return new KeptFile(scanned, idx, p);
        }

        Map<Finding, List<Proof>> proofs(List<Finding> now) {
            Map<Finding, List<Proof>> out = new LinkedHashMap<>();
            for (int i = 0; i < proven.size(); i++) {
                out.put(now.get(proven.get(i)), proofs.get(i));
            }
            return out;
        }
    }

    /**
     * Every kept file's proofs (by the path the findings name), for the tree of one fingerprint;
     * each file's {@link KeptFile} encoded on its own, so that a run decodes only its files'.
     */
    public record KeptProofs(String fingerprint, Map<String, byte[]> files) {}

    private static Result prove(ScanResult scan, int jobs, RuleContext context, Validator validator,
                                Optional<TreeIndex.Kept> kept, Progress progress) {
        Map<String, List<Finding>> byFile = new TreeMap<>();
        for (Finding f : scan.findings()) {
            byFile.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f);
        }
        if (byFile.isEmpty()) {
            return new Result(scan, Map.of());
        }
        Map<String, byte[]> before = kept.flatMap(k -> k.load(KEPT_KIND)
                        .filter(v -> v instanceof KeptProofs p && p.fingerprint().equals(k.fingerprint()))
                        .map(v -> ((KeptProofs) v).files()))
                .orElse(Map.of());
        List<String> files = new ArrayList<>(byFile.keySet());
        Map<String, KeptFile> keptNow = new HashMap<>();
        for (String path : files) {
            KeptFile k = keptFile(before.get(path), byFile.get(path));
            if (k != null) {
                keptNow.put(path, k);
            }
        }
        boolean anyToProve = keptNow.size() < files.size();
        // the tree-wide summaries are merged only when a proof needs them
        RuleContext ctx = anyToProve ? context.withSummaries(scan.summaries()) : context;
        EscapeResolver resolver = anyToProve ? EscapeResolver.of(scan, context) : EscapeResolver.NO_TREE;
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        progress.proving(0, files.size()); // the first proofs may take seconds: say what is going on
        List<Map<Finding, List<Proof>>> perFile = Workers.map(files, jobs, "kvlint-prove", (path, parser) -> {
            KeptFile k = keptNow.get(path);
            Map<Finding, List<Proof>> proven = k != null ? k.proofs(byFile.get(path))
                    : proveFile(read(path, scan), Optional.ofNullable(scan.parsed().get(path)), byFile.get(path),
                            scan.kernel(), ctx, parser, validator, resolver);
            progress.proving(done.incrementAndGet(), files.size());
            return proven;
        });
        progress.finish();
        Map<Finding, Finding> replaced = new HashMap<>();
        Map<Finding, List<Proof>> proofs = new HashMap<>();
        Map<String, byte[]> now = new TreeMap<>(before);
        for (int i = 0; i < files.size(); i++) {
            if (!keptNow.containsKey(files.get(i)) && kept.isPresent()) {
                keep(now, files.get(i), KeptFile.of(byFile.get(files.get(i)), perFile.get(i)));
            }
            perFile.get(i).forEach((scanned, p) -> {
                Finding proven = scanned.withFixes(p.stream().map(Proof::proven).toList());
                replaced.put(scanned, proven);
                proofs.put(proven, p);
            });
        }
        if (kept.isPresent() && anyToProve) {
            kept.get().save(KEPT_KIND, new KeptProofs(kept.get().fingerprint(), now));
        }
        List<Finding> findings = scan.findings().stream().map(f -> replaced.getOrDefault(f, f)).toList();
        return new Result(scan.with(findings, scan.diagnostics()), proofs);
    }

    /**
     * A file with findings: the bytes the scan read of it (those its parsed items index, when it
     * kept them; or its cache kept), else read now.
     */
    private static SourceReader.Read read(String path, ScanResult scan) {
        InputFile file = InputFile.reported(path);
        ParsedItems items = scan.parsed().get(path);
        byte[] scanned = items != null ? items.bytes() : scan.texts().get(path);
        return scanned != null ? SourceReader.of(file, scanned) : SourceReader.read(file);
    }

    /**
     * The proofs of one file's findings, keyed by the scan's finding; a finding without fixes in
     * either analysis has none. A file that can no longer be read gets its scan's fixes, each
     * "not validated (file unreadable)".
     *
     * @param read the file as the scan read it
     * @param parsedItems the items the scan parsed of it, taken rather than parsed again
     */
    static Map<Finding, List<Proof>> proveFile(SourceReader.Read read, Optional<ParsedItems> parsedItems,
                                               List<Finding> scanned, KernelVersion kernel, RuleContext context,
                                               CParser parser, Validator validator, EscapeResolver resolver) {
        InputFile file = read.file();
        FileAnalysis.Result analysis = FileAnalysis.analyse(read, parsedItems, parser, kernel, context);
        Optional<byte[]> content = analysis.read().content();
        Optional<SyntaxNode> parsed = parsedFor(validator, analysis, context);
        Map<Key, Finding> full = new HashMap<>();
        analysis.findings().forEach(f -> full.putIfAbsent(Key.of(f), f));
        Map<Finding, List<Proof>> out = new LinkedHashMap<>();
        Budget budget = new Budget();
        for (Finding f : scanned) {
            Finding best = full.getOrDefault(Key.of(f), f);
            // a fix only the partial analysis proposed is dropped, as kvlint fix would not make it
            if (!best.fixes().isEmpty() || !f.fixes().isEmpty()) {
                out.put(f, proofs(validator, content, parsed, best, kernel, parser, resolver, file, budget));
            }
        }
        return out;
    }

    /** How many fixes of one file are proven, in source order. */
    public static final int MAX_PROOFS_PER_FILE = 32;

    /**
     * The proofs left for one file. Each proof runs its function in every scenario of the matrix,
     * so a file of thousands of fallbacks would cost the square of its size; kernel files have a
     * handful of fixes.
     */
    public static final class Budget {
        private int left = MAX_PROOFS_PER_FILE;

        boolean take() {
            return left-- > 0;
        }
    }

    /**
     * The proofs of a finding's fixes on {@code content} (the bytes their offsets index), in order,
     * each fix's escapes answered first by {@code resolver}.
     */
    public static List<Proof> proofs(Optional<byte[]> content, Optional<SyntaxNode> parsed, Finding finding,
                                     KernelVersion kernel, CParser parser, EscapeResolver resolver, InputFile file,
                                     Budget budget) {
        return proofs(STANDARD, content, parsed, finding, kernel, parser, resolver, file, budget);
    }

    /**
     * The tree of a file's analysis, when the proofs' validator parses a file as it does: then
     * each proof of the file's fixes runs on it instead of parsing the file again.
     */
    public static Optional<SyntaxNode> parsedFor(FileAnalysis.Result analysis, RuleContext context) {
        return parsedFor(STANDARD, analysis, context);
    }

    private static Optional<SyntaxNode> parsedFor(Validator validator, FileAnalysis.Result analysis,
                                                  RuleContext context) {
        return validator.parsesAs(context.api()) ? analysis.facts().map(FileFacts::root) : Optional.empty();
    }

    private static List<Proof> proofs(Validator validator, Optional<byte[]> content, Optional<SyntaxNode> parsed,
                                      Finding finding, KernelVersion kernel, CParser parser, EscapeResolver resolver,
                                      InputFile file, Budget budget) {
        List<Proof> out = new ArrayList<>(finding.fixes().size());
        for (Fix claimed : finding.fixes()) {
            long start = System.nanoTime();
            EscapeResolver.Resolved resolved = resolver.resolved(claimed, file.path(), file.displayPath(), parser);
            Fix fix = resolved.fix();
            ValidationResult r;
            if (content.isEmpty()) {
                r = notValidated("file unreadable", kernel);
            } else if (!budget.take()) {
                r = notValidated("more than " + MAX_PROOFS_PER_FILE + " fixes in this file: kvlint proves the first "
                        + MAX_PROOFS_PER_FILE, kernel);
            } else {
                try {
                    r = validator.validate(content.get(), parsed.orElse(null), finding, fix, kernel, parser);
                } catch (RuntimeException | StackOverflowError e) {
                    r = notValidated("internal error: " + e, kernel);
                }
            }
            out.add(new Proof(fix, r, System.nanoTime() - start, resolved.otherTexts()));
        }
        return out;
    }

    private static ValidationResult notValidated(String why, KernelVersion kernel) {
        return new ValidationResult(ValidationResult.Status.NOT_VALIDATED, "not validated (" + why + ")", List.of(),
                kernel, "", List.of(), why, 0, "");
    }

    /** What identifies a finding across the scan and the full analysis of its file. */
    private record Key(String ruleId, Span span) {
        static Key of(Finding f) {
            return new Key(f.ruleId(), Objects.requireNonNull(f.span()));
        }
    }
}
