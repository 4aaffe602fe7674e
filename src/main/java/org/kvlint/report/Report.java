package org.kvlint.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.kvlint.engine.ScanResult;
import org.kvlint.fix.ProvenFixes;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.validate.ValidationResult;

/**
 * What the reporters render: a scan result plus, for each finding, its source-root-relative
 * location, UTF-16 regions and fingerprints (computed here once, from the bytes the scan read of
 * each file with findings: no file is read again), and what a baseline suppressed.
 *
 * @param scan the scan, its findings being exactly those of {@code findings}
 * @param root the directory paths are relative to
 * @param findings in the scan's order
 * @param suppressed findings a baseline removed; -1 when no baseline was used
 * @param silenced findings a suppression comment or the baseline silenced, in finding order: kept
 *     for the reports that show them as suppressed (SARIF {@code suppressions}, JSON), never counted
 */
public record Report(ScanResult scan, SourceRoot root, List<ReportedFinding> findings, int suppressed,
                     List<Silenced> silenced) {
    public Report {
        findings = List.copyOf(findings);
        silenced = List.copyOf(silenced);
    }

    /**
     * A finding that is not reported as a problem, and why.
     *
     * @param kind {@link Kind#IN_SOURCE} for a NOLINT comment, {@link Kind#BASELINE} for the baseline
     * @param justification what silenced it, e.g. "NOLINTNEXTLINE(KV004) at line 699"
     * @param line the directive's line; 0 for the baseline
     */
    public record Silenced(ReportedFinding finding, Kind kind, String justification, int line) {
        public enum Kind { IN_SOURCE, BASELINE }
    }

    /** A report whose fixes carry no proof (the scan's applicability as the rules claimed it). */
    public static Report of(ScanResult scan, SourceRoot root) {
        return of(scan, root, f -> List.of(), Map.of());
    }

    /** The report {@code kvlint check} writes when it proved the fixes: each fix with its proof. */
    public static Report of(ProvenFixes.Result proven, SourceRoot root) {
        Map<String, byte[]> others = new HashMap<>();
        for (ProvenFixes.Proof p : proven.all()) {
            others.putAll(p.otherTexts());
        }
        return of(proven.scan(), root, f -> proven.of(f).stream().map(ProvenFixes.Proof::result).toList(), others);
    }

    /**
     * @param proofs a finding's fixes' proofs on the allocator model, in the fixes' order (empty: not
     *     proven); the reports show them next to each fix
     */
    public static Report of(ScanResult scan, SourceRoot root, Function<Finding, List<ValidationResult>> proofs) {
        return of(scan, root, proofs, Map.of());
    }

    /** @param otherTexts the bytes of the other files the fixes edit, as their proofs read them, by path */
    private static Report of(ScanResult scan, SourceRoot root, Function<Finding, List<ValidationResult>> proofs,
                             Map<String, byte[]> otherTexts) {
        Map<String, byte[]> texts = new HashMap<>(otherTexts);
        texts.putAll(scan.texts());
        List<ReportedFinding> out = new ArrayList<>(scan.findings().size());
        List<Silenced> silenced = new ArrayList<>();
        // in the scan's order: findings that tie in Finding.ORDER keep it through the sort below, and a
        // HashMap would list them in the order of their hashes, which a Level (an enum) salts per JVM
        Map<Finding, ScanResult.SuppressedFinding> bySuppression = new LinkedHashMap<>();
        scan.suppressed().forEach(s -> bySuppression.put(s.finding(), s));
        // located together, in one order, so a finding keeps its fingerprint whether it is silenced or not
        List<Finding> all = new ArrayList<>(scan.findings());
        all.addAll(bySuppression.keySet());
        all.sort(Finding.ORDER);
        String path = null;
        Optional<FileText> text = Optional.empty();
        SourceRoot.Artifact artifact = null;
        Map<String, Integer> occurrences = new HashMap<>();
        for (Finding f : all) {
            if (!f.path().equals(path)) {
                path = f.path();
                text = FileText.of(texts, path);
                artifact = root.locate(path);
                occurrences.clear();
            }
            ScanResult.SuppressedFinding s = bySuppression.get(f);
            // a silenced finding's fixes are not proven (nobody asked for them): not shown
            ReportedFinding r = located(s == null ? f : f.withFixes(List.of()), artifact, text, occurrences,
                    s == null ? proofs.apply(f) : List.of(), root, texts);
            if (s == null) {
                out.add(r);
            } else {
                silenced.add(new Silenced(r, Silenced.Kind.IN_SOURCE, s.by().spelling() + " at line " + s.by().line(),
                        s.by().line()));
            }
        }
        return new Report(scan, root, out, -1, silenced);
    }

    public boolean baselineUsed() {
        return suppressed >= 0;
    }

    /**
     * Moves the findings whose kvlint fingerprint is in {@code known} to {@link #silenced} (as
     * {@link Silenced.Kind#BASELINE}), counting them.
     *
     * @param source what recorded them, for the justification (e.g. the baseline file's name)
     */
    public Report without(Set<String> known, String source) {
        List<ReportedFinding> kept = new ArrayList<>();
        List<Silenced> now = new ArrayList<>(silenced);
        for (ReportedFinding f : findings) {
            if (known.contains(f.fingerprint())) {
                now.add(new Silenced(f, Silenced.Kind.BASELINE, "recorded in " + source, 0));
            } else {
                kept.add(f);
            }
        }
        now.sort(java.util.Comparator.comparing(x -> x.finding().finding(), Finding.ORDER));
        ScanResult s = scan.with(kept.stream().map(ReportedFinding::finding).toList(), scan.diagnostics());
        return new Report(s, root, kept, Math.max(0, suppressed) + findings.size() - kept.size(), now);
    }

    private static ReportedFinding located(Finding f, SourceRoot.Artifact artifact, Optional<FileText> text,
                                           Map<String, Integer> occurrences, List<ValidationResult> proofs,
                                           SourceRoot root, Map<String, byte[]> texts) {
        SortedMap<String, String> prints = new TreeMap<>();
        String hash;
        if (text.isPresent()) {
            FileText t = text.get();
            t.lineHash(f.span().startLine()).ifPresent(h -> prints.put(Fingerprint.LINE_HASH, h));
            hash = Fingerprint.hash(f.ruleId(), artifact.path(), t.text(f.span().startByte(), f.span().endByte()),
                    f.related().stream().map(r -> t.text(r.span().startByte(), r.span().endByte())).toList());
        } else {
            // the file vanished since the scan: the message is the best stand-in for its code
            hash = Fingerprint.hash(f.ruleId(), artifact.path(), f.message(), List.of());
        }
        prints.put(Fingerprint.KVLINT, hash + ":" + occurrences.merge(hash, 1, Integer::sum));
        Region region = text.map(t -> t.region(f.span())).orElseGet(() -> Region.ofBytes(f.span()));
        List<Region> related = f.related().stream()
                .map(r -> text.map(t -> t.region(r.span())).orElseGet(() -> Region.ofBytes(r.span()))).toList();
        List<ReportedFinding.ReportedFix> fixes = new ArrayList<>();
        for (int i = 0; text.isPresent() && i < f.fixes().size(); i++) {
            Optional<ValidationResult> proof = i < proofs.size() ? Optional.of(proofs.get(i)) : Optional.empty();
            fixes.add(fix(f.fixes().get(i), proof, text.get(), root, texts));
        }
        return new ReportedFinding(f, artifact, region, related, fixes, prints);
    }

    private static ReportedFinding.ReportedFix fix(Fix fix, Optional<ValidationResult> proof, FileText t,
                                                   SourceRoot root, Map<String, byte[]> texts) {
        List<ReportedFinding.FileChange> others = new ArrayList<>();
        for (Fix.FileEdits fe : fix.otherFiles()) {
            // regions need the other file's text: as the proof read it
            Optional<FileText> other = FileText.of(texts, fe.path());
            other.ifPresent(o -> others.add(new ReportedFinding.FileChange(root.locate(fe.path()), fe.edits().stream()
                    .map(e -> new ReportedFinding.Edit(o.region(e.startByte(), e.endByte()), e.replacement())).toList())));
        }
        return new ReportedFinding.ReportedFix(fix, fix.edits().stream()
                .map(e -> new ReportedFinding.Edit(t.region(e.startByte(), e.endByte()), e.replacement())).toList(),
                proof, others);
    }
}
