package org.kvlint.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kvlint.engine.ScanResult;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;

/**
 * What the reporters render: a scan result plus, for each finding, its source-root-relative
 * location, UTF-16 regions and fingerprints (computed here once, reading each file with findings
 * once more), and what a baseline suppressed.
 *
 * @param scan the scan, its findings being exactly those of {@code findings}
 * @param root the directory paths are relative to
 * @param findings in the scan's order
 * @param suppressed findings a baseline removed; -1 when no baseline was used
 */
public record Report(ScanResult scan, SourceRoot root, List<ReportedFinding> findings, int suppressed) {
    public Report {
        findings = List.copyOf(findings);
    }

    public static Report of(ScanResult scan, SourceRoot root) {
        List<ReportedFinding> out = new ArrayList<>(scan.findings().size());
        // findings come sorted by path: keep one file at a time
        String path = null;
        Optional<FileText> text = Optional.empty();
        SourceRoot.Artifact artifact = null;
        Map<String, Integer> occurrences = new HashMap<>();
        for (Finding f : scan.findings()) {
            if (!f.path().equals(path)) {
                path = f.path();
                text = FileText.read(path);
                artifact = root.locate(path);
                occurrences.clear();
            }
            out.add(located(f, artifact, text, occurrences));
        }
        return new Report(scan, root, out, -1);
    }

    public boolean baselineUsed() {
        return suppressed >= 0;
    }

    /** Drops the findings whose kvlint fingerprint is in {@code known}, counting them. */
    public Report without(Set<String> known) {
        List<ReportedFinding> kept = findings.stream().filter(f -> !known.contains(f.fingerprint())).toList();
        ScanResult s = new ScanResult(kept.stream().map(ReportedFinding::finding).toList(), scan.diagnostics(),
                scan.stats(), scan.kernel(), scan.kernelSource());
        return new Report(s, root, kept, Math.max(0, suppressed) + findings.size() - kept.size());
    }

    private static ReportedFinding located(Finding f, SourceRoot.Artifact artifact, Optional<FileText> text,
                                           Map<String, Integer> occurrences) {
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
        List<ReportedFinding.ReportedFix> fixes = text.map(t -> f.fixes().stream().map(x -> fix(x, t)).toList())
                .orElse(List.of());
        return new ReportedFinding(f, artifact, region, related, fixes, prints);
    }

    private static ReportedFinding.ReportedFix fix(Fix fix, FileText t) {
        return new ReportedFinding.ReportedFix(fix, fix.edits().stream()
                .map(e -> new ReportedFinding.Edit(t.region(e.startByte(), e.endByte()), e.replacement())).toList());
    }
}
