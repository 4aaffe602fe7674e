package org.kvlint.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.kvlint.TestPaths;
import org.kvlint.engine.FindingPolicy;
import org.kvlint.engine.RuleSelection;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.fix.ProvenFixes;
import org.kvlint.rules.RuleContext;

/** Scans and renders for the report tests: one thread, kernel version from the tree (else 6.1). */
final class Scans {
    private static final Scanner SCANNER = Scanner.standard();
    /** The project's own trees (examples/, testdata/) are scanned once per test run: scans are immutable. */
    private static final java.util.Map<Path, ProvenFixes.Result> PROJECT_SCANS = new java.util.concurrent.ConcurrentHashMap<>();

    private Scans() {}

    /** As {@code kvlint check --report-unused-suppressions} scans: suppression comments applied. */
    static ScanResult scan(Path... targets) {
        return new FindingPolicy(RuleSelection.ALL, List.of(), java.util.Map.of(), true).apply(
                SCANNER.scan(new ScanOptions(Arrays.stream(targets).map(Path::toString).toList(), 1, Optional.empty())));
    }

    static Report report(Path srcRoot, Path... targets) {
        return Report.of(scan(targets), new SourceRoot(srcRoot));
    }

    /**
     * The report {@code kvlint check --format json|sarif} writes on a tree of the project
     * (examples/, testdata/KVnnn, testdata/suppressions): fixes proven, paths relative to the project.
     */
    static Report projectReport(Path tree) {
        return Report.of(PROJECT_SCANS.computeIfAbsent(tree, t -> ProvenFixes.prove(scan(t), 2,
                RuleContext.standard())), new SourceRoot(TestPaths.projectDir()));
    }

    static String render(Format format, Report report) {
        return render(format.reporter(), report);
    }

    static String render(Reporter reporter, Report report) {
        StringWriter w = new StringWriter();
        try {
            reporter.write(report, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** A scan with other findings (e.g. with fixes added), everything else kept. */
    static ScanResult withFindings(ScanResult s, List<org.kvlint.rules.Finding> findings) {
        return s.with(findings, s.diagnostics());
    }
}
